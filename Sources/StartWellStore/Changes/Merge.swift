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
  /// Refused by the gate (kept, with the reason, in the list of refused changes).
  public var refused = 0
  /// From a newer StartWell: kept until this terminal is upgraded.
  public var parked = 0
  public init() {}
}

/// The history of safeguarding-critical fields, from which conflicts are derived.
enum FieldHistory {
  /// Forgets a withdrawn edit, and rebuilds what the field's remaining edits replaced.
  static func remove(_ db: Database, _ op: ChangeOperation) throws {
    guard RecordRegistry.current.conflictTracked(entity: op.entity, field: op.field) else { return }
    let key: StatementArguments = [op.entity, op.recordID, op.field]
    try db.execute(
      sql: "DELETE FROM field_history WHERE entity = ? AND record_id = ? AND field = ? AND clock = ?",
      arguments: key + [op.clock.description])
    try db.execute(
      sql: "DELETE FROM field_replaced WHERE entity = ? AND record_id = ? AND field = ?", arguments: key)
    let rows = try Row.fetchAll(
      db,
      sql:
        "SELECT replaces, also_replaces FROM field_history WHERE entity = ? AND record_id = ? AND field = ?",
      arguments: key)
    for row in rows {
      let also =
        (try? JSONDecoder().decode(
          [String].self, from: Data(((row["also_replaces"] as String?) ?? "[]").utf8))) ?? []
      for replaced in [row["replaces"] as String?].compactMap({ $0 }) + also {
        try db.execute(
          sql: "INSERT OR IGNORE INTO field_replaced(entity, record_id, field, clock) VALUES (?, ?, ?, ?)",
          arguments: key + [replaced])
      }
    }
  }

  /// The other unreplaced edits of a field that hold the same value as the
  /// edit at `clock`.
  static func agreeingHeads(
    _ db: Database, _ entity: String, _ recordID: String, _ field: String, with clock: HLC
  )
    throws -> [HLC]
  {
    let rows = try Row.fetchAll(
      db,
      sql: """
        SELECT h.clock FROM field_history h
        JOIN field_history mine ON mine.entity = h.entity AND mine.record_id = h.record_id
          AND mine.field = h.field AND mine.clock = ? AND mine.value = h.value
        WHERE h.entity = ? AND h.record_id = ? AND h.field = ? AND h.clock <> ?
          AND NOT EXISTS (
            SELECT 1 FROM field_replaced r
            WHERE r.entity = h.entity AND r.record_id = h.record_id AND r.field = h.field AND r.clock = h.clock)
        """,
      arguments: [clock.description, entity, recordID, field, clock.description])
    return rows.compactMap { ($0["clock"] as String?).flatMap(HLC.init) }
  }

  static func record(_ db: Database, _ op: ChangeOperation) throws {
    guard RecordRegistry.current.conflictTracked(entity: op.entity, field: op.field) else { return }
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
    let gate = OperationGate(db: db, store: self)
    for op in ops {
      if try OperationLog.contains(db, opID: op.opID) {
        gate.report.duplicates += 1
        continue
      }
      try gate.admit(op)
    }
    try gate.finish()
    // An edit made here next must sort after everything just received, or the
    // gate elsewhere would judge it against an author state older than ours.
    // (`receive` ignores a clock more than `ClockState.maxSkew` ahead.)
    if let latest = ops.map(\.clock).max() { _ = receive(clock: latest) }
    return gate.report
  }

  /// Judges outbox operations that never passed the gate on this terminal,
  /// so that it lists and applies them exactly as the terminals receiving
  /// them will.
  public func admitUnloggedOutbox() throws {
    let ops = try read { db in
      try Outbox.vouched(
        db,
        Row.fetchAll(
          db,
          sql: """
            SELECT o.* FROM outbox o
            WHERE o.batch IS NULL AND NOT EXISTS (SELECT 1 FROM op_log l WHERE l.op_id = o.op_id)
            ORDER BY o.seq
            """), deviceKey: deviceIdentity.publicKey)
    }
    guard !ops.isEmpty else { return }
    // A row claiming another terminal's device or clock would make every
    // reader set this terminal's batch aside, and with it every later one.
    // It is kept as refused here and never published.
    let foreign = ops.filter { $0.device != deviceID || $0.clock.device != deviceID }
    _ = try applyRemoteBatch { db in
      for op in foreign {
        if try !OperationLog.contains(db, opID: op.opID) {
          try OperationLog.insert(
            db, op, status: .refused,
            reason: "it was placed in this terminal's outbox claiming another terminal",
            at: now())
        }
        try db.execute(sql: "DELETE FROM outbox WHERE op_id = ? AND batch IS NULL", arguments: [op.opID])
      }
      return try applyRemote(ops.filter { $0.device == deviceID && $0.clock.device == deviceID }, in: db)
    }
  }

  /// After an upgrade: judges again, in clock order, the operations parked
  /// because an earlier version did not know their entity or field.
  @discardableResult
  public func applyParked() throws -> RemoteApplyReport {
    try applyRemoteBatch { db in
      let gate = OperationGate(db: db, store: self)
      let rows = try Row.fetchAll(db, sql: "SELECT * FROM op_log WHERE status = 'parked' ORDER BY clock")
      for row in rows {
        let op = try OperationLog.operation(row)
        guard registry.field(op.entity, op.field) != nil else { continue }
        let verdict = try gate.verdict(on: op)
        try OperationLog.setStatus(db, opID: op.opID, verdict.status, reason: verdict.reason)
        if verdict == .accept { try gate.adopt(op) } else { gate.report.refused += 1 }
        try gate.rejudge(after: op)
      }
      try gate.finish()
      try StoreMeta.set(db, .registryVersion, String(registry.version))
      return gate.report
    }
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
      for entity in registry.entities {
        let cols = ["id"] + entity.fieldNames
        let cursor = try Row.fetchCursor(
          db,
          sql: "SELECT \(cols.joined(separator: ", ")) FROM \(entity.table) WHERE id <> 'system' ORDER BY id")
        let byKey = Set(entity.fields.filter { $0.merge == .addWinsByKey }.map(\.name))
        while let row = try cursor.next() {
          var line = entity.entity
          for c in cols {
            let value = FieldValue(row[c] as DatabaseValue)
            // A merged map or set is the same state whatever order its keys were written in.
            line += "\u{1F}" + (byKey.contains(c) ? KeyedJSON.canonical(value).json : value.json)
          }
          hasher.update(data: Data((line + "\n").utf8))
        }
      }
      for conflict in try conflicts(db) {
        hasher.update(data: Data("conflict \(conflict.id) \(conflict.heads.map(\.clock.description))\n".utf8))
      }
      return Hex.string(hasher.finalize())
    }
  }
}
