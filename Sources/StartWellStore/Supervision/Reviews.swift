import GRDB
import StartWellCore

/// An open case whose review is due soon or has passed.
public struct ReviewDue: Hashable, Sendable {
  public var caseID: String
  public var familyID: String
  public var familyReference: String
  public var familyName: String
  public var lead: String?
  /// The case's review date, or, when it has none, its opening day plus
  /// the review period (the net's review rule reads it the same way).
  public var due: LocalDate
  public var hasReviewDate: Bool
  /// Days from today to the review: negative once it is overdue.
  public var daysUntil: Int
  public var overdue: Bool { daysUntil < 0 }
}

extension Store {
  /// Open cases on families of the user's hubs (or one of them) whose
  /// review falls within `dueWithin` days (`reviewDueWithinDays` in
  /// `thresholds.json` when nil) or has passed; most overdue first.
  public func reviewsDue(for user: User, hub: String? = nil, dueWithin: Int? = nil) throws -> [ReviewDue] {
    if let dueWithin, dueWithin < 0 || dueWithin > 3660 {
      throw DomainError.invalid([
        FieldIssue(
          field: "due-within", rule: "range",
          message: "must be a number of days from 0 to 3660, got \(dueWithin)")
      ])
    }
    let scope = try SupervisionScope.of(user, hub: hub, config: config)
    let today = self.today
    let horizon = today.adding(days: dueWithin ?? config.thresholds.reviewDueWithinDays)
    let period = config.thresholds.reviewIntervalDays
    return try read { db in
      let due = "COALESCE(NULLIF(c.next_review, ''), date(c.opened_on, '+\(period) days'))"
      return try Row.fetchAll(
        db,
        sql: """
          SELECT c.id, f.id AS family_id, f.reference, f.name, u.username AS lead, \(due) AS due,
            NULLIF(c.next_review, '') IS NOT NULL AS dated
          FROM cases c JOIN family f ON f.id = c.family_id LEFT JOIN users u ON u.id = c.lead_user_id
          WHERE c.status = 'open' AND c.deleted = 0 AND \(due) <= ? AND \(scope.sql)
          ORDER BY due, f.reference, c.id
          """, arguments: [horizon.description] + scope.arguments
      ).compactMap { row -> ReviewDue? in
        guard let day = LocalDate(row["due"] as String? ?? "") else { return nil }
        return ReviewDue(
          caseID: row["id"], familyID: row["family_id"], familyReference: row["reference"],
          familyName: row["name"], lead: row["lead"], due: day, hasReviewDate: row["dated"],
          daysUntil: today.days(until: day))
      }
    }
  }
}
