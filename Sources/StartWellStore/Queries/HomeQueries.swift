import Foundation
import GRDB
import StartWellCore

/// One piece of work with a due date on someone's home screen.
public struct DueItem: Hashable, Sendable {
  public enum Kind: String, Hashable, Sendable { case followUp = "follow-up", action }

  public var kind: Kind
  public var familyID: String
  public var familyReference: String
  public var familyName: String
  public var text: String
  public var due: LocalDate
}

/// What the home screen shows a user: their caseload, their work that is due,
/// what they have raised and, for supervisors, how long the queue is.
public struct HomeSummary: Hashable, Sendable {
  public var caseload: [FamilyRow]
  public var caseloadCount: Int
  /// Follow-ups and actions due within `dueWithinDays`, overdue first.
  public var due: [DueItem]
  public var escalations: [EscalationRow]
  public var referrals: [ReferralRow]
  /// Escalations raised or acknowledged awaiting a decision; nil for users who cannot decide them.
  public var queueCount: Int?
}

extension Store {
  /// True when the store holds neither users nor families: a first run.
  public func isEmpty() throws -> Bool {
    try read { db in
      let users =
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users WHERE deleted = 0 AND id <> 'system'") ?? 0
      let families = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM family WHERE deleted = 0") ?? 0
      return users == 0 && families == 0
    }
  }

  /// The user's home screen. The caseload and the user's own work (due
  /// items, escalations raised, referrals written) show only families the
  /// families list would show them (the `.list` scope); the queue count,
  /// like the queue, counts only the user's own hubs (`.ownHubs`).
  public func homeSummary(for user: User, caseloadLimit: Int = 200, dueWithinDays: Int = 7) throws
    -> HomeSummary
  {
    let caseloadQuery = FamilyQuery(lead: user.username, sort: .risk, descending: true, limit: caseloadLimit)
    let caseload = try families(caseloadQuery, for: user)
    let caseloadCount = try familyCount(caseloadQuery, for: user)
    let today = self.today
    let horizon = today.adding(days: dueWithinDays).description
    let listed = VisibilityScope.list(for: user).sql(family: "f")
    let due = try read { db -> [DueItem] in
      let followUps = try Row.fetchAll(
        db,
        sql: """
          SELECT c.family_id, f.reference, f.name, c.summary, c.follow_up FROM contact c JOIN family f ON f.id = c.family_id
          WHERE c.practitioner_id = ? AND c.follow_up IS NOT NULL AND c.follow_up_done = 0 AND c.deleted = 0 AND c.in_error = 0
            AND f.deleted = 0 AND c.follow_up <= ? AND \(listed.sql)
          ORDER BY c.follow_up LIMIT 100
          """, arguments: [user.id, horizon] + listed.arguments
      ).map { row in
        DueItem(
          kind: .followUp, familyID: row[0], familyReference: row[1], familyName: row[2],
          text: "Follow up: \(row[3] as String)", due: LocalDate(row[4] as String) ?? today)
      }
      let actions = try Row.fetchAll(
        db,
        sql: """
          SELECT a.family_id, f.reference, f.name, a.description, a.due FROM action a JOIN family f ON f.id = a.family_id
          WHERE a.owner_id = ? AND a.status = 'open' AND a.deleted = 0 AND f.deleted = 0 AND a.due <= ?
            AND \(listed.sql)
          ORDER BY a.due LIMIT 100
          """, arguments: [user.id, horizon] + listed.arguments
      ).map { row in
        DueItem(
          kind: .action, familyID: row[0], familyReference: row[1], familyName: row[2], text: row[3],
          due: LocalDate(row[4] as String) ?? today)
      }
      return (followUps + actions).sorted {
        ($0.due, $0.familyReference, $0.text) < ($1.due, $1.familyReference, $1.text)
      }
    }
    let mine = try read { db -> [EscalationRow] in
      try Row.fetchAll(
        db,
        sql: """
          SELECT e.*, f.reference AS family_reference, f.name AS family_name, f.hub_id AS hub_id, u.username AS raised_by_name
          FROM escalation e JOIN family f ON f.id = e.family_id LEFT JOIN users u ON u.id = e.raised_by
          WHERE e.deleted = 0 AND e.raised_by = ? AND e.status IN ('raised', 'acknowledged') AND \(listed.sql)
          ORDER BY e.raised_at DESC LIMIT 100
          """, arguments: [user.id] + listed.arguments
      ).map {
        EscalationRow(
          escalation: Escalation(row: $0), familyReference: $0["family_reference"],
          familyName: $0["family_name"],
          hub: $0["hub_id"], raisedBy: $0["raised_by_name"] ?? "")
      }
    }
    let referrals = try read { db -> [ReferralRow] in
      try Row.fetchAll(
        db,
        sql: """
          SELECT r.*, f.reference AS family_reference, p.given_name || ' ' || p.family_name AS person_name
          FROM referral r JOIN family f ON f.id = r.family_id LEFT JOIN person p ON p.id = r.person_id
          WHERE r.deleted = 0 AND r.author_id = ? AND r.status NOT IN ('closed', 'declined') AND \(listed.sql)
          ORDER BY r.created_at DESC LIMIT 100
          """, arguments: [user.id] + listed.arguments
      ).map { row in
        let referral = Referral(row: row)
        return ReferralRow(
          referral: referral, familyReference: row["family_reference"], personName: row["person_name"] ?? "",
          daysWaiting: referral.daysWaiting(today: today, zone: zone))
      }
    }
    var queueCount: Int?
    if Permissions.allows(user.role, .viewEscalationQueue) {
      let queued = VisibilityScope.ownHubs(for: user).sql(family: "f")
      queueCount = try read { db in
        try Int.fetchOne(
          db,
          sql: """
            SELECT COUNT(*) FROM escalation e JOIN family f ON f.id = e.family_id
            WHERE e.deleted = 0 AND e.status IN ('raised', 'acknowledged') AND \(queued.sql)
            """, arguments: queued.arguments) ?? 0
      }
    }
    return HomeSummary(
      caseload: caseload, caseloadCount: caseloadCount, due: due, escalations: mine, referrals: referrals,
      queueCount: queueCount)
  }

  /// Reloads a family the user already opened, without a second "viewed"
  /// audit event: after a save the screen refreshes, the user did not open it again.
  public func reloadFamily(id: String, as user: User, access: FamilyAccess) throws -> FamilyDetail {
    try read { db in
      guard let row = try Row.fetchOne(db, sql: "SELECT * FROM family WHERE id = ?", arguments: [id]) else {
        throw DomainError.notFound("family \(id)")
      }
      let family = Family(row: row)
      let reason: String? = if case .breakGlass(let why) = access { why } else { nil }
      let checked = try Permissions.openAccess(user, familyHub: family.hubID, breakGlassReason: reason)
      return try loadDetail(db, family: family, access: checked, role: user.role)
    }
  }
}
