import Foundation
import GRDB
import StartWellCore

public struct ReferralRow: Hashable, Sendable {
  public var referral: Referral
  public var familyReference: String
  public var personName: String
  public var daysWaiting: Int?
}

extension Store {
  /// Records a referral for a person (by their reference); it starts as a draft.
  @discardableResult
  public func addReferral(personReference: String, _ draft: ReferralDraft, as user: User) throws -> Referral {
    try draft.validate(config: config)
    return try write(as: user) { tx in
      let person = Person(row: try tx.row(.person, try tx.id(of: .person, reference: personReference)))
      let family = try tx.family(person.familyID)
      try Permissions.requireWrite(user, .addReferral, familyHub: family.hubID)
      let id = UUID().uuidString.lowercased()
      let reference = try tx.newReference(prefix: "R", table: "referral")
      try tx.insert(
        .referral, id: id,
        [
          "reference": .text(reference), "family_id": .text(family.meta.id),
          "person_id": .text(person.meta.id),
          "service": .text(draft.service), "reason": .text(draft.reason.trimmed),
          "consent_recorded": .of(draft.consentRecorded), "status": .of(ReferralStatus.draft),
          "status_dates": .json([ReferralStatus.draft.rawValue: Timestamp.format(tx.at)]), "outcome": .null,
          "unsuccessful_reason": .null,
        ])
      try tx.audit(
        "create", entity: .referral, recordID: id, familyID: family.meta.id,
        detail: "\(reference) to \(draft.service) for \(person.reference)")
      return Referral(row: try tx.row(.referral, id))
    }
  }

  /// Moves a referral to its next status, with an outcome when it closes.
  @discardableResult
  public func updateReferral(
    _ reference: String, to status: ReferralStatus, outcome: String? = nil,
    unsuccessfulReason: UnsuccessfulReason? = nil, as user: User
  ) throws -> Referral {
    var v = Validator()
    v.line("outcome", outcome ?? "", max: Limits.reason, required: false)
    if unsuccessfulReason != nil, ![.closed, .declined].contains(status) {
      v.add("unsuccessful reason", "status", "only a declined or closed referral has an unsuccessful reason")
    }
    try v.check()
    return try write(as: user) { tx in
      let id = try tx.id(of: .referral, reference: reference)
      let referral = Referral(row: try tx.row(.referral, id))
      let family = try tx.family(referral.familyID)
      try Permissions.requireWrite(user, .updateReferral, familyHub: family.hubID)
      try requireNoRivalSteps(.referral, id: id, reference: referral.reference, in: tx.db)
      if status == .sent, !referral.consentRecorded, referral.service != "csc" {
        // Safeguarding referrals to social care may go without consent; others may not.
        throw DomainError.invalid([
          FieldIssue(
            field: "consent", rule: "required",
            message: "record the family's consent before sending this referral")
        ])
      }
      try ReferralWorkflow.check(from: referral.status, to: status)
      var dates = referral.statusDates.mapValues(Timestamp.format)
      dates[status.rawValue] = Timestamp.format(tx.at)
      var fields: [String: FieldValue] = ["status": .of(status), "status_dates": .json(dates)]
      if let outcome { fields["outcome"] = .text(outcome.trimmed) }
      if let unsuccessfulReason { fields["unsuccessful_reason"] = .of(unsuccessfulReason) }
      try tx.update(.referral, id: id, fields)
      var detail = "\(referral.reference) \(referral.status.rawValue) → \(status.rawValue)"
      if let outcome { detail += "; outcome: \(outcome.trimmed)" }
      if let unsuccessfulReason { detail += "; unsuccessful: \(unsuccessfulReason.rawValue)" }
      try tx.audit(
        "referral-\(status.rawValue)", entity: .referral, recordID: id, familyID: referral.familyID,
        detail: detail)
      return Referral(row: try tx.row(.referral, id))
    }
  }

  /// Referrals on families of the user's own hubs (the `.ownHubs` scope); with
  /// `waitingOverWeeks`, only those still waiting longer than that.
  public func referrals(
    waitingOverWeeks: Int? = nil, familyID: String? = nil, for user: User, limit: Int = 500
  ) throws -> [ReferralRow] {
    try read { db in
      let visible = VisibilityScope.ownHubs(for: user).sql(family: "f")
      var sql = """
        SELECT r.*, f.reference AS family_reference, p.given_name || ' ' || p.family_name AS person_name
        FROM referral r JOIN family f ON f.id = r.family_id LEFT JOIN person p ON p.id = r.person_id
        WHERE r.deleted = 0 AND \(visible.sql)
        """
      var args = visible.arguments
      if let familyID {
        sql += " AND r.family_id = ?"
        args += [familyID]
      }
      if waitingOverWeeks != nil { sql += " AND r.status IN ('sent', 'accepted')" }
      sql += " ORDER BY r.created_at LIMIT ?"
      args += [limit]
      let today = self.today
      return try Row.fetchAll(db, sql: sql, arguments: args).compactMap { row in
        let referral = Referral(row: row)
        let waiting = referral.daysWaiting(today: today, zone: zone)
        // Weeks beyond a century mean "none"; the cap keeps the product from overflowing.
        if let weeks = waitingOverWeeks, (waiting ?? 0) <= min(weeks, 5_200) * 7 { return nil }
        return ReferralRow(
          referral: referral, familyReference: row["family_reference"], personName: row["person_name"] ?? "",
          daysWaiting: waiting)
      }
    }
  }
}
