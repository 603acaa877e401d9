import Foundation
import GRDB
import StartWellCore

/// Every operation this terminal holds, local or pulled, with the gate's
/// verdict on it: accepted, refused (with its reason) or parked (from a
/// newer StartWell).
///
/// Keeping refused operations as well as accepted ones is what makes the
/// gate deterministic when operations arrive out of order: the verdict on
/// an operation depends only on operations with lower clocks, so when one
/// arrives late the operations after it that could depend on it are judged
/// again, and every terminal that holds the same operations ends with the
/// same verdicts and the same values.
enum OperationLog {
  enum Status: String {
    case accepted, refused, parked
  }

  static func contains(_ db: Database, opID: String) throws -> Bool {
    try Bool.fetchOne(
      db.cachedStatement(
        sql:
          "SELECT EXISTS(SELECT 1 FROM op_log WHERE op_id = ?) OR EXISTS(SELECT 1 FROM applied_op WHERE op_id = ?)"
      ), arguments: [opID, opID]) ?? false
  }

  static func insert(_ db: Database, _ op: ChangeOperation, status: Status, reason: String?, at: Date) throws
  {
    try db.cachedStatement(
      sql: """
        INSERT INTO op_log(op_id, clock, device, user_id, entity, record_id, field, value, replaces,
          also_replaces, status, reason, seen_at, signer, batch_seq)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    ).execute(arguments: [
      op.opID, op.clock.description, op.device, op.user, op.entity, op.recordID, op.field, op.value.json,
      op.replaces?.description, op.alsoReplaces.map { FieldValue.json($0.map(\.description)).description },
      status.rawValue, reason, Timestamp.format(at), op.signer, op.batch,
    ])
  }

  static func row(_ db: Database, opID: String) throws -> Row? {
    try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM op_log WHERE op_id = ?"), arguments: [opID])
  }

  static func setStatus(_ db: Database, opID: String, _ status: Status, reason: String?) throws {
    try db.cachedStatement(sql: "UPDATE op_log SET status = ?, reason = ? WHERE op_id = ?")
      .execute(arguments: [status.rawValue, reason, opID])
  }

  /// An `op_log` row as an operation: its columns are the outbox's, read the same way.
  static func operation(_ row: Row) throws -> ChangeOperation { try Outbox.operation(row) }

  /// The status of the operation that wrote `clock` on this field, if held.
  static func status(_ db: Database, _ op: ChangeOperation, clock: HLC) throws -> (Status, String?)? {
    try Row.fetchOne(
      db.cachedStatement(
        sql:
          "SELECT status, reason FROM op_log WHERE entity = ? AND record_id = ? AND field = ? AND clock = ?"),
      arguments: [op.entity, op.recordID, op.field, clock.description]
    ).flatMap { row in Status(rawValue: row["status"]).map { ($0, row["reason"]) } }
  }

  /// The newest accepted value of a field written before `clock`.
  static func acceptedValue(
    _ db: Database, entity: String, recordID: String, field: String, before clock: String
  ) throws -> FieldValue? {
    try String.fetchOne(
      db.cachedStatement(
        sql: """
          SELECT value FROM op_log INDEXED BY op_log_field
          WHERE entity = ? AND record_id = ? AND field = ? AND clock < ? AND status = 'accepted'
          ORDER BY clock DESC LIMIT 1
          """), arguments: [entity, recordID, field, clock]
    ).map(FieldValue.init(json:))
  }

  /// The value of the accepted write of a field at exactly `clock`.
  static func acceptedValue(
    _ db: Database, entity: String, recordID: String, field: String, at clock: String
  ) throws -> FieldValue? {
    try String.fetchOne(
      db.cachedStatement(
        sql: """
          SELECT value FROM op_log INDEXED BY op_log_field
          WHERE entity = ? AND record_id = ? AND field = ? AND clock = ? AND status = 'accepted'
          ORDER BY op_id LIMIT 1
          """), arguments: [entity, recordID, field, clock]
    ).map(FieldValue.init(json:))
  }

  static func hasAcceptedBefore(_ db: Database, _ op: ChangeOperation) throws -> Bool {
    try Bool.fetchOne(
      db.cachedStatement(
        sql: """
          SELECT EXISTS(SELECT 1 FROM op_log INDEXED BY op_log_field
            WHERE entity = ? AND record_id = ? AND field = ? AND clock < ? AND status = 'accepted')
          """), arguments: [op.entity, op.recordID, op.field, op.clock.description]) ?? false
  }

  /// Whether any operation, whatever its verdict, wrote this field of this record.
  static func knows(_ db: Database, entity: String, recordID: String, field: String) throws -> Bool {
    try Bool.fetchOne(
      db.cachedStatement(
        sql: """
          SELECT EXISTS(SELECT 1 FROM op_log INDEXED BY op_log_field
            WHERE entity = ? AND record_id = ? AND field = ?)
          """), arguments: [entity, recordID, field]) ?? false
  }

  /// Operations after `clock` that may depend on `op`: later ones on the
  /// same record, and, when it changes a user, later ones by that user.
  static func dependents(_ db: Database, of op: ChangeOperation) throws -> [Row] {
    // Who made a record decides the verdict on every operation of it, whatever its clock
    // (a record's `author_id` is written just before its `created_at`).
    var rows = try Row.fetchAll(
      db.cachedStatement(
        sql: """
          SELECT op_id, clock FROM op_log INDEXED BY op_log_field
          WHERE entity = ? AND record_id = ? AND (clock > ? OR ?) AND op_id <> ? AND status <> 'parked'
          """),
      arguments: [op.entity, op.recordID, op.clock.description, op.field == "created_at", op.opID])
    // A family moving hub changes who may decide on its cases and escalations.
    if op.entity == Entity.family.rawValue && op.field == "hub_id" {
      rows += try Row.fetchAll(
        db.cachedStatement(
          sql: """
            SELECT op_id, clock FROM op_log INDEXED BY op_log_field
            WHERE entity = ? AND record_id IN (SELECT id FROM escalation WHERE family_id = ?) AND clock > ?
              AND status <> 'parked'
            UNION ALL
            SELECT op_id, clock FROM op_log INDEXED BY op_log_field
            WHERE entity = ? AND record_id IN (SELECT id FROM cases WHERE family_id = ?) AND clock > ?
              AND status <> 'parked'
            """),
        arguments: [
          "escalation", op.recordID, op.clock.description, "case", op.recordID, op.clock.description,
        ])
    }
    // A terminal's revocation decides on its batches after the one it names.
    if op.entity == Entity.device.rawValue {
      rows += try Row.fetchAll(
        db.cachedStatement(
          sql: """
            SELECT op_id, clock FROM op_log INDEXED BY op_log_device_batch
            WHERE device = ? AND batch_seq IS NOT NULL AND status <> 'parked'
            """), arguments: [op.recordID])
      // On the revoked terminal itself, its own operations (which came in no batch).
      rows += try Row.fetchAll(
        db.cachedStatement(
          sql: """
            SELECT op_id, clock FROM op_log
            WHERE device = ? AND batch_seq IS NULL AND status <> 'parked'
              AND EXISTS(SELECT 1 FROM store_meta WHERE key = 'device_id' AND value = ?)
            """), arguments: [op.recordID, op.recordID])
    }
    if op.entity == Entity.user.rawValue {
      rows += try Row.fetchAll(
        db.cachedStatement(
          sql:
            "SELECT op_id, clock FROM op_log INDEXED BY op_log_author WHERE user_id = ? AND clock > ? AND status <> 'parked'"
        ), arguments: [op.recordID, op.clock.description])
    }
    return rows
  }

  /// After a snapshot load: for each field whose history the snapshot did
  /// not carry (records older than the operation log on the terminal that
  /// wrote it), one accepted entry with the field's winning clock and
  /// value, so the gate finds each author's role and the value to fall back
  /// to when a later change is withdrawn.
  static func seed(fromMergeState db: Database, registry: RecordRegistry) throws {
    for spec in registry.entities {
      let cases = spec.fields.map { "WHEN '\($0.name)' THEN json_quote(t.\($0.name))" }.joined(separator: " ")
      try db.execute(
        sql: """
          INSERT OR IGNORE INTO op_log(op_id, clock, device, user_id, entity, record_id, field, value, status, seen_at)
          SELECT 'snapshot:' || fc.entity || ':' || fc.record_id || ':' || fc.field, fc.clock,
            substr(fc.clock, 24), '', fc.entity, fc.record_id, fc.field,
            CASE fc.field \(cases) ELSE 'null' END, 'accepted', ''
          FROM field_clock fc JOIN \(spec.table) t ON t.id = fc.record_id
          WHERE fc.entity = ? AND NOT EXISTS (
            SELECT 1 FROM op_log o WHERE o.entity = fc.entity AND o.record_id = fc.record_id AND o.field = fc.field)
          """, arguments: [spec.entity])
    }
  }
}
