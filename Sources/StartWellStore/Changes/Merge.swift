import Crypto
import Foundation
import GRDB
import StartWellCore

/// What applying a batch of remote operations did.
public struct RemoteApplyReport: Equatable, Sendable {
  public var applied = 0
  /// Already seen (redelivered); skipped.
  public var duplicates = 0
  /// Older than the field's current value; recorded but not winning.
  public var superseded = 0
  public init() {}
}

public enum RemoteApplyError: Error, Equatable, CustomStringConvertible {
  case unknownField(entity: String, field: String)

  public var description: String {
    switch self {
    case .unknownField(let entity, let field): "operation names an unknown field \(entity).\(field)"
    }
  }
}

/// The history of safeguarding-critical fields, from which conflicts are derived.
enum FieldHistory {
  static func record(_ db: Database, _ op: ChangeOperation) throws {
    guard MergePolicy.rule(entity: op.entity, field: op.field) == .conflictOnConcurrentEdit else { return }
    try db.execute(
      sql: """
        INSERT OR IGNORE INTO field_history(entity, record_id, field, clock, replaces, also_replaces, value, user_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        op.entity, op.recordID, op.field, op.clock.description, op.replaces?.description,
        FieldValue.json((op.alsoReplaces ?? []).map(\.description)).description, op.value.json, op.user,
      ])
    for replaced in [op.replaces].compactMap({ $0 }) + (op.alsoReplaces ?? []) {
      try db.execute(
        sql: "INSERT OR IGNORE INTO field_replaced(entity, record_id, field, clock) VALUES (?, ?, ?, ?)",
        arguments: [op.entity, op.recordID, op.field, replaced.description])
    }
  }
}

extension Store {
  /// Applies operations from other terminals inside the caller's transaction.
  ///
  /// Merge is field by field: an operation wins when its (clock, device) is
  /// higher than the field's current clock, so every terminal that has the
  /// same operations holds the same values whatever order they came in.
  /// Operation ids already applied are skipped, which makes redelivery
  /// harmless. Foreign keys are not checked here: another terminal's records
  /// may arrive before the family they belong to (see `applyRemoteBatch`).
  public func applyRemote(_ ops: [ChangeOperation], in db: Database) throws -> RemoteApplyReport {
    var report = RemoteApplyReport()
    var dirtyFamilies = Set<String>()
    var familyOf: [String: String] = [:]
    // A bootstrap replays hundreds of thousands of operations through these
    // few statements; cached statements skip re-preparing SQL for each one.
    let seenStatement = try db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM applied_op WHERE op_id = ?)")
    let markStatement = try db.cachedStatement(sql: "INSERT INTO applied_op(op_id) VALUES (?)")
    let clockStatement = try db.cachedStatement(
      sql: "SELECT clock FROM field_clock WHERE entity = ? AND record_id = ? AND field = ?")
    let setClockStatement = try db.cachedStatement(
      sql: """
        INSERT INTO field_clock(entity, record_id, field, clock) VALUES (?, ?, ?, ?)
        ON CONFLICT(entity, record_id, field) DO UPDATE SET clock = excluded.clock
        """)
    for op in ops {
      guard let entity = Entity(rawValue: op.entity), entity.fields.contains(op.field) else {
        throw RemoteApplyError.unknownField(entity: op.entity, field: op.field)
      }
      if try Bool.fetchOne(seenStatement, arguments: [op.opID]) ?? false {
        report.duplicates += 1
        continue
      }
      try markStatement.execute(arguments: [op.opID])
      try FieldHistory.record(db, op)
      let current = try String.fetchOne(clockStatement, arguments: [op.entity, op.recordID, op.field])
        .flatMap(HLC.init)
      if let current, current >= op.clock {
        report.superseded += 1
      } else {
        // Entity and field names come from the whitelist above, never from the file.
        try db.cachedStatement(
          sql: """
            INSERT INTO \(entity.table)(id, \(op.field)) VALUES (?, ?)
            ON CONFLICT(id) DO UPDATE SET \(op.field) = excluded.\(op.field)
            """
        ).execute(arguments: [op.recordID, op.value.databaseValue])
        try setClockStatement.execute(arguments: [op.entity, op.recordID, op.field, op.clock.description])
        report.applied += 1
      }
      if let column = entity.familyColumn {
        if column == "id" {
          dirtyFamilies.insert(op.recordID)
        } else if let fid = familyOf[op.recordID] {
          dirtyFamilies.insert(fid)
        } else if let fid = try String.fetchOne(
          db.cachedStatement(sql: "SELECT family_id FROM \(entity.table) WHERE id = ?"),
          arguments: [op.recordID]),
          !fid.isEmpty
        {
          familyOf[op.recordID] = fid
          dirtyFamilies.insert(fid)
        }
      }
    }
    for id in dirtyFamilies { try FamilyIndex.refresh(db, familyID: id, config: config, today: today) }
    return report
  }

  /// Runs `body` in one transaction with foreign-key checks off, for applying
  /// remote batches: records from several terminals can arrive in any order,
  /// and a contact may land before the family it belongs to does.
  public func applyRemoteBatch<T>(_ body: (Database) throws -> T) throws -> T {
    try writer.writeWithoutTransaction { db in
      try db.execute(sql: "PRAGMA foreign_keys = OFF")
      defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
      var result: T?
      try db.inTransaction {
        result = try body(db)
        return .commit
      }
      return result!
    }
  }

  /// Persists the local clock after remote clocks were folded in.
  public func saveClock(in db: Database) throws {
    try StoreMeta.set(db, .clock, currentClock().description)
  }

  /// A digest of every synced field of every record, plus open conflicts.
  /// Two terminals holding the same data give the same hash.
  public func canonicalStateHash() throws -> String {
    try read { db in
      var hasher = SHA256()
      for entity in Entity.allCases {
        let cols = ["id"] + entity.fields
        let cursor = try Row.fetchCursor(
          db,
          sql: "SELECT \(cols.joined(separator: ", ")) FROM \(entity.table) WHERE id <> 'system' ORDER BY id")
        while let row = try cursor.next() {
          var line = entity.rawValue
          for c in cols { line += "\u{1F}" + FieldValue(row[c] as DatabaseValue).json }
          hasher.update(data: Data((line + "\n").utf8))
        }
      }
      for conflict in try conflicts(db) {
        hasher.update(data: Data("conflict \(conflict.id) \(conflict.heads.map(\.clock.description))\n".utf8))
      }
      return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
  }
}
