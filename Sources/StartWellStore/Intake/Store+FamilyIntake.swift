import Foundation
import GRDB
import StartWellCore

extension Store {
  /// The triages that landed a notification on a member of the family, of
  /// the kinds `role` sees, for its chronology. A disputed triage is shown,
  /// and says so: the chronology is what people decided.
  func triageEvents(_ db: Database, familyID: String, visibleTo role: Role) throws -> [TriageEvent] {
    let kinds = config.intake.kinds(visibleTo: role).map(\.rawValue)
    guard !kinds.isEmpty else { return [] }
    let marks = kinds.map { _ in "?" }.joined(separator: ", ")
    return try Row.fetchAll(
      db,
      sql: """
        SELECT \(Notification.columns), \(StandingTriage.disputed) AS disputed
        FROM notification n JOIN person p ON p.id = n.person_id
        WHERE p.family_id = ? AND n.deleted = 0 AND n.triaged_at IS NOT NULL AND n.kind IN (\(marks))
        ORDER BY n.triaged_at, n.id
        """, arguments: StatementArguments([familyID] + kinds)
    ).compactMap { row in
      let n = Notification(row: row)
      guard let decision = n.triage, let at = n.triagedAt else { return nil }
      return TriageEvent(
        notificationID: n.id, reference: n.reference, kind: n.kind, outcome: decision.outcome,
        personID: n.personID, source: n.source(config), receivedAt: n.receivedAt, triagedAt: at,
        triagedBy: n.triagedBy, note: n.triageNote, disputed: row["disputed"])
    }
  }
}

extension RiskAssessment {
  /// The reasons as `role` may read them. A notification of a kind the role
  /// does not see (`intake.json`) counts all the same, so the score and band
  /// are unchanged; its reason names the member and the kind only, not the
  /// notification, its source or its dates.
  func withholdingNotifications(from role: Role, config: StartWellCore.Configuration) -> RiskAssessment {
    var copy = self
    for i in copy.reasons.indices {
      guard let kind = IntakeRisk.kind(ofFactor: copy.reasons[i].factorID),
        !config.intake.visible(kind, to: role)
      else { continue }
      copy.reasons[i].evidence = copy.reasons[i].evidence.map { e in
        RiskEvidence(
          member: e.member, personID: e.personID, recordKind: e.recordKind,
          detail: "\(e.member ?? "a member"): \(config.intake.withheld(kind))")
      }
    }
    return copy
  }
}

extension IntakeConfiguration {
  /// A notification named by its kind alone, for a role that does not see
  /// that kind: "a domestic abuse notification (its details are seen by
  /// huddle leads and supervisors only)". The risk reasons and the net say
  /// it the same way.
  func withheld(_ kind: NotificationKind) -> String {
    let name = self.kind(kind)?.name.lowercased() ?? kind.rawValue
    let roles = (self.kind(kind)?.visibleTo ?? []).sorted { $0.rawValue < $1.rawValue }
      .map { $0.title.lowercased() + "s" }.joined(separator: " and ")
    return "a \(name) (its details are seen by \(roles.isEmpty ? "no role" : roles) only)"
  }
}
