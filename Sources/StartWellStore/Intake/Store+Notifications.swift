import Foundation
import GRDB
import StartWellCore

/// Which notifications a list shows.
public enum NotificationFilter: String, Sendable, CaseIterable {
  /// Waiting for triage, oldest first.
  case untriaged
  /// Every one, newest first.
  case all
}

/// A notification in the queue, with how long it has waited against its target.
public struct QueuedNotification: Hashable, Sendable {
  public var notification: Notification
  /// The day it should be triaged by (its kind's target in working days).
  public var due: LocalDate
  /// Working days since it arrived.
  public var waitingWorkingDays: Int
  public var overdue: Bool
}

extension Store {
  /// The notifications `user` sees: kinds their role sees (`intake.json`),
  /// taken in by one of their hubs.
  public func notifications(_ filter: NotificationFilter = .untriaged, as user: User, limit: Int = 1000)
    throws
    -> [QueuedNotification]
  {
    let (scope, args) = notificationScope(user)
    let condition = filter == .untriaged ? "AND n.triage IS NULL" : ""
    let order = filter == .untriaged ? "n.received_at ASC" : "n.received_at DESC"
    let rows = try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT \(Notification.columns) FROM notification n
          WHERE \(scope) \(condition) ORDER BY \(order), n.reference LIMIT ?
          """, arguments: args + [limit])
    }
    return rows.map { queued(Notification(row: $0)) }
  }

  func queued(_ n: Notification) -> QueuedNotification {
    let due = n.triageDue(config, zone: zone)
    let today = self.today
    return QueuedNotification(
      notification: n, due: due, waitingWorkingDays: WorkingDays.between(zone.day(n.receivedAt), today),
      overdue: !n.isTriaged && today > due)
  }

  /// SQL and arguments limiting `notification n` to what `user` sees.
  func notificationScope(_ user: User) -> (String, StatementArguments) {
    let kinds = config.intake.kinds(visibleTo: user.role).map(\.rawValue)
    guard !kinds.isEmpty, !user.hubs.isEmpty else { return ("0", []) }
    let marks = { (n: Int) in Array(repeating: "?", count: n).joined(separator: ", ") }
    return (
      "n.deleted = 0 AND n.hub_id IN (\(marks(user.hubs.count))) AND n.kind IN (\(marks(kinds.count)))",
      StatementArguments(user.hubs + kinds)
    )
  }

  /// One notification by its reference (N-…) or id, if `user` sees it.
  public func notification(_ key: String, as user: User) throws -> Notification {
    let trimmed = key.trimmed
    let row = try read { db in
      try Row.fetchOne(
        db,
        sql: """
          SELECT \(Notification.columns) FROM notification n
          WHERE (n.reference = ? OR n.id = ?) AND n.deleted = 0
          """, arguments: [trimmed.uppercased(), trimmed.lowercased()])
    }
    guard let row else { throw DomainError.notFound("no notification \(trimmed)") }
    let n = Notification(row: row)
    try requireSees(n.kind, user)
    guard user.hubs.contains(n.hubID) else {
      throw DomainError.forbidden(
        "notification \(n.reference) was taken in by hub \(n.hubID), outside \(user.username)'s hubs")
    }
    return n
  }

  /// How many notifications wait for triage in `user`'s view, by how long:
  /// within target, due today, and past their target.
  public func untriagedAges(as user: User) throws -> (withinTarget: Int, dueToday: Int, overdue: Int) {
    var result = (withinTarget: 0, dueToday: 0, overdue: 0)
    for q in try notifications(.untriaged, as: user, limit: 100_000) {
      if q.overdue {
        result.overdue += 1
      } else if q.due == today {
        result.dueToday += 1
      } else {
        result.withinTarget += 1
      }
    }
    return result
  }
}
