import Foundation
import GRDB
import StartWellCore

/// An access made on any terminal, as it travelled: who, where, when, and from which terminal.
public struct SharedAuditEvent: Hashable, Sendable {
  public var at: String
  public var username: String
  public var terminal: String
  public var action: String
  public var familyReference: String?
  public var hub: String?
  public var detail: String
}

extension Store {
  /// Views, break-the-glass events and exports from every terminal, newest
  /// last: a supervisor sees those about their hubs' families, an admin all.
  public func sharedAuditEvents(as user: User, hub: String? = nil, action: String? = nil, limit: Int = 500)
    throws -> [SharedAuditEvent]
  {
    try Permissions.require(user, .viewAudit)
    var conditions = ["e.deleted = 0"]
    var arguments: [DatabaseValueConvertible] = []
    if user.role != .admin {
      conditions.append("e.hub_id IN (\(user.hubs.map { _ in "?" }.joined(separator: ", ")))")
      arguments += user.hubs
      if user.hubs.isEmpty { return [] }
    }
    if let hub {
      conditions.append("e.hub_id = ?")
      arguments.append(hub)
    }
    if let action {
      conditions.append("e.action = ?")
      arguments.append(action)
    }
    arguments.append(limit)
    return try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT * FROM (
            SELECT e.created_at, COALESCE(u.username, e.author_id) AS username, e.action, f.reference,
              e.hub_id, e.detail,
              (SELECT device FROM op_log o INDEXED BY op_log_field
                WHERE o.entity = 'audit_event' AND o.record_id = e.id AND o.field = 'created_at' LIMIT 1) AS device
            FROM audit_event e
            LEFT JOIN users u ON u.id = e.author_id
            LEFT JOIN family f ON f.id = e.family_id
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY e.created_at DESC LIMIT ?)
          ORDER BY created_at
          """, arguments: StatementArguments(arguments)
      ).map { row in
        SharedAuditEvent(
          at: row["created_at"], username: row["username"], terminal: row["device"] ?? "",
          action: row["action"], familyReference: row["reference"], hub: row["hub_id"], detail: row["detail"])
      }
    }
  }
}
