import GRDB
import StartWellCore

/// A follow-up or action whose due date has passed while it is still open.
public struct OverdueItem: Hashable, Sendable {
  public var kind: DueItem.Kind
  /// The contact's id for a follow-up, the action's id for an action.
  public var recordID: String
  public var familyID: String
  public var familyReference: String
  public var familyName: String
  public var text: String
  public var due: LocalDate
  public var daysOverdue: Int
}

/// One person's overdue work: follow-ups of contacts they logged and actions they own.
public struct OverdueWork: Hashable, Sendable {
  public var owner: String
  public var items: [OverdueItem]
  public var followUps: Int { items.filter { $0.kind == .followUp }.count }
  public var actions: Int { items.filter { $0.kind == .action }.count }
}

extension Store {
  /// Open follow-ups and actions due before today on families of the
  /// user's hubs (or one of them), by owner: most overdue work first, each
  /// owner's oldest first. `owner` narrows to one person (a username).
  public func overdueWork(for user: User, hub: String? = nil, owner: String? = nil) throws -> [OverdueWork] {
    let scope = try SupervisionScope.of(user, hub: hub, config: config)
    let today = self.today
    return try read { db in
      var ownerFilter = ("", "", StatementArguments())
      if let owner {
        let id = try Store.ownerID(db, named: owner)
        ownerFilter = (" AND c.practitioner_id = ?", " AND a.owner_id = ?", [id])
      }
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT 'follow-up' AS kind, c.id AS id, f.id AS family_id, f.reference AS reference, f.name, c.summary AS text,
            c.follow_up AS due, u.username AS owner
          FROM contact c JOIN family f ON f.id = c.family_id LEFT JOIN users u ON u.id = c.practitioner_id
          WHERE c.follow_up IS NOT NULL AND c.follow_up <> '' AND c.follow_up < ? AND c.follow_up_done = 0
            AND c.in_error = 0 AND c.deleted = 0 AND \(scope.sql)\(ownerFilter.0)
          UNION ALL
          SELECT 'action', a.id, f.id, f.reference, f.name, a.description, a.due, u.username
          FROM action a JOIN family f ON f.id = a.family_id LEFT JOIN users u ON u.id = a.owner_id
          WHERE a.status = 'open' AND a.deleted = 0 AND a.due <> '' AND a.due < ? AND \(scope.sql)\(ownerFilter.1)
          ORDER BY due, reference, id
          """,
        arguments: [today.description] + scope.arguments + ownerFilter.2 + [today.description]
          + scope.arguments + ownerFilter.2)
      var byOwner: [String: [OverdueItem]] = [:]
      for row in rows {
        guard let due = LocalDate(row["due"] as String) else { continue }
        let kind = DueItem.Kind(rawValue: row["kind"]) ?? .action
        byOwner[row["owner"] ?? "", default: []].append(
          OverdueItem(
            kind: kind, recordID: row["id"], familyID: row["family_id"], familyReference: row["reference"],
            familyName: row["name"], text: row["text"], due: due, daysOverdue: due.days(until: today)))
      }
      return byOwner.map { OverdueWork(owner: $0.key, items: $0.value) }.sorted {
        $0.items.count != $1.items.count ? $0.items.count > $1.items.count : $0.owner < $1.owner
      }
    }
  }
}
