import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore

/// The migrations and the record registry describe the same tables.
@Suite("Registry and schema")
struct RegistrySchemaTests {
  /// Tables that are bookkeeping, not records: they are never synced field by field.
  static let infrastructure: Set<String> = [
    "store_meta", "outbox", "field_clock", "applied_op", "audit", "field_history", "field_replaced", "op_log",
    "sync_share", "sync_batch", "sync_cursor", "sync_seen", "sync_quarantine", "grdb_migrations",
    "outbox_tx", "device_key", "login_failure",
  ]

  struct Column: Equatable {
    var name: String
    var notNull: Bool
    var defaultValue: String?
  }

  func columns(_ db: Database, _ table: String) throws -> [Column] {
    try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map {
      Column(name: $0["name"], notNull: $0["notnull"], defaultValue: $0["dflt_value"])
    }
  }

  @Test("every column of every record table has a registry entry, and every registry field a column")
  func columnsMatch() throws {
    let store = try Store.inMemory(config: StoreFixture.config)
    try store.read { db in
      let tables = try String.fetchAll(
        db,
        sql:
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'family_search%'"
      )
      let registered = Set(RecordRegistry.current.entities.map(\.table))
      for table in tables where !Self.infrastructure.contains(table) {
        #expect(registered.contains(table), "table \(table) has no registry entry")
      }
      for spec in RecordRegistry.current.entities {
        let stored = try columns(db, spec.table)
        let names = stored.map(\.name)
        let expected = ["id"] + spec.fieldNames + spec.localColumns
        #expect(
          Set(names) == Set(expected),
          "\(spec.table): columns without a field \(Set(names).subtracting(expected).sorted()), fields without a column \(Set(expected).subtracting(names).sorted())"
        )
        for field in spec.fields {
          guard let column = stored.first(where: { $0.name == field.name }) else { continue }
          #expect(
            column.notNull == !field.kind.nullable,
            "\(spec.table).\(field.name): NOT NULL is \(column.notNull), the registry says nullable \(field.kind.nullable)"
          )
          #expect(
            Self.sqlLiteral(field.empty) == (column.defaultValue ?? "NULL"),
            "\(spec.table).\(field.name): default \(column.defaultValue ?? "NULL"), registry's empty value \(field.empty)"
          )
        }
      }
    }
  }

  @Test("the demo writer fills only columns the registry defines")
  func demoColumns() throws {
    let lists: [(Entity, [String])] = [
      (.user, DemoWriter.userColumns), (.family, DemoWriter.familyColumns),
      (.person, DemoWriter.personColumns),
      (.caseRecord, DemoWriter.caseColumns), (.contact, DemoWriter.contactColumns),
      (.escalation, DemoWriter.escalationColumns), (.referral, DemoWriter.referralColumns),
      (.development, DemoWriter.developmentColumns), (.huddle, DemoWriter.huddleColumns),
      (.huddleItem, DemoWriter.huddleItemColumns), (.action, DemoWriter.actionColumns),
      (.notification, DemoWriter.notificationColumns), (.twoYearOffer, DemoWriter.twoYearOfferColumns),
    ]
    // Demo data holds no terminals' revocations, no access events, no
    // supervisors' marks on the net and no risk overrides (its bands come
    // from its records): those come only from use.
    #expect(
      Set(lists.map(\.0.rawValue)).union([
        Entity.device.rawValue, Entity.auditEvent.rawValue, Entity.netMark.rawValue,
        Entity.riskOverride.rawValue,
      ])
        == Set(Entity.allCases.map(\.rawValue)))
    for (entity, columns) in lists {
      let spec = RecordRegistry.current.spec(entity)
      let known = Set(["id"] + spec.fieldNames + spec.localColumns)
      #expect(
        Set(columns + DemoWriter.common).isSubset(of: known), "\(entity): \(Set(columns).subtracting(known))")
    }
  }

  static func sqlLiteral(_ value: FieldValue) -> String {
    switch value {
    case .null: "NULL"
    case .integer(let i): String(i)
    case .real(let d): String(d)
    case .text(let s): "'\(s)'"
    }
  }

  @Test("every safeguarding-critical field and write rule names a field the registry holds")
  func mergeAndRules() throws {
    let safeguarding = RecordRegistry.current.entities.flatMap { spec in
      spec.fields.filter { $0.merge == .conflictOnConcurrentEdit }.map { "\(spec.entity).\($0.name)" }
    }
    // A huddle's discussion and decision are kept whole when two leads write
    // them apart; two triages of one notification are one conflict.
    #expect(
      Set(safeguarding) == [
        "case.level", "family.consent", "family.risk_override", "huddle_item.discussion",
        "huddle_item.decision", "notification.triage",
      ])
    #expect(
      Entity.allCases.map(\.rawValue).sorted() == RecordRegistry.current.entities.map(\.entity).sorted())
  }

  @Test("a store made by the previous schema version migrates, keeping its records and its sync state")
  func migratesPreviousVersion() throws {
    let queue = try DatabaseQueue()
    // The shipped migrations up to the one before the operation log, as the previous version left a store.
    try Schema.migrator.migrate(queue, upTo: "v2-action-completion")
    try queue.write { db in
      try db.execute(
        sql: """
          INSERT INTO users(id, username, role, hubs, active, password_hash) VALUES ('u1', 'sam', 'supervisor', '["north"]', 1, 'x');
          INSERT INTO outbox(op_id, clock, device, user_id, entity, record_id, field, value)
            VALUES ('op1', '000000000000001-000000-d1', 'd1', 'system', 'user', 'u1', 'username', '"sam"');
          CREATE TABLE sync_share (id INTEGER PRIMARY KEY CHECK (id = 1), path TEXT NOT NULL, store_id TEXT NOT NULL,
            key_file TEXT, joined_at TEXT NOT NULL, last_sync TEXT, last_attempt TEXT, last_error TEXT,
            offline INTEGER NOT NULL DEFAULT 0, file_count INTEGER NOT NULL DEFAULT 0);
          INSERT INTO sync_share(id, path, store_id, joined_at) VALUES (1, '/share', 's1', '2026-01-01T00:00:00.000Z');
          """)
    }
    let store = try Store(queue, config: StoreFixture.config)
    let (users, logged, joined) = try store.read { db in
      (
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users WHERE username = 'sam'") ?? 0,
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM op_log WHERE op_id = 'op1' AND status = 'accepted'")
          ?? 0,
        try String.fetchOne(db, sql: "SELECT store_id FROM sync_share")
      )
    }
    #expect(users == 1)
    #expect(logged == 1, "the outbox is carried into the operation log")
    #expect(joined == "s1", "a ledger made by the earlier version is kept")
    #expect(try store.hasJoinedShare())
    // The username index no longer refuses a second account of the same name (two terminals offline).
    try store.writer.write { db in
      try db.execute(sql: "INSERT INTO users(id, username) VALUES ('u2', 'sam')")
    }
    #expect(try store.usernameClashes().map(\.username) == ["sam"])
  }
}
