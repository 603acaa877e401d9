import Foundation
import GRDB
import StartWellCore

/// An operation the gate did not accept, as admins and the sync screen list it.
public struct HeldChange: Hashable, Sendable, Codable {
  public var opID: String
  public var clock: String
  public var device: String
  public var userID: String
  /// The author's username, where this terminal knows it.
  public var username: String?
  public var entity: String
  public var recordID: String
  public var field: String
  public var value: String
  public var reason: String
}

extension Store {
  /// Changes refused by the gate, newest first. They changed nothing; they
  /// are kept so that every terminal can show the same list.
  public func refusedChanges(limit: Int = 200) throws -> [HeldChange] {
    try heldChanges(status: .refused, limit: limit)
  }

  /// Changes from a newer StartWell, oldest first, waiting for an upgrade.
  public func parkedChanges(limit: Int = 200) throws -> [HeldChange] {
    try heldChanges(status: .parked, limit: limit)
  }

  public func heldCounts() throws -> (refused: Int, parked: Int) {
    try read { db in
      let rows = try Row.fetchAll(
        db,
        sql:
          "SELECT status, COUNT(*) AS n FROM op_log INDEXED BY op_log_unaccepted WHERE status <> 'accepted' GROUP BY status"
      )
      var refused = 0
      var parked = 0
      for row in rows {
        if (row["status"] as String) == "refused" { refused = row["n"] } else { parked = row["n"] }
      }
      return (refused, parked)
    }
  }

  private func heldChanges(status: OperationLog.Status, limit: Int) throws -> [HeldChange] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT o.*, u.username FROM op_log o
          LEFT JOIN users u ON u.id = o.user_id
          WHERE o.status = ? ORDER BY o.clock \(status == .parked ? "" : "DESC") LIMIT ?
          """, arguments: [status.rawValue, limit]
      ).map { row in
        HeldChange(
          opID: row["op_id"], clock: row["clock"], device: row["device"], userID: row["user_id"],
          username: (row["username"] as DatabaseValue).asText, entity: row["entity"],
          recordID: row["record_id"], field: row["field"], value: row["value"],
          reason: row["reason"] ?? "")
      }
    }
  }
}
