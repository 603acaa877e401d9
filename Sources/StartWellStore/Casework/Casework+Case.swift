import Foundation
import GRDB
import StartWellCore

/// Finishing and steering a family's case: closing and reopening it, its
/// lead practitioner and its next review. Each is an ordinary edit of the
/// case record, so it passes the gate and syncs like any other, and each is
/// audited with its reason.
extension Store {
  /// Closes the family's open case with a reason. A case with an escalation
  /// still awaiting a decision stays open: closing it would leave the
  /// supervisor's decision with nowhere to land.
  @discardableResult
  public func closeCase(familyReference: String, reason: String, as user: User) throws -> Case {
    try CaseworkRules.requireReason(reason)
    let familyID = try familyID(reference: familyReference)
    return try write(as: user) { tx in
      let family = try tx.family(familyID)
      try Permissions.requireWrite(user, .editFamily, familyHub: family.hubID)
      let openCase = try tx.openCase(familyID: familyID, purpose: "closing it")
      if let pending = try tx.undecidedEscalation(caseID: openCase.meta.id) {
        throw DomainError.conflict(
          "escalation \(pending) on this case is still awaiting a decision; a supervisor decides it first")
      }
      let today = tx.today
      try tx.update(
        .caseRecord, id: openCase.meta.id,
        [
          "status": .of(CaseStatus.closed), "closed_on": .of(today), "closure_reason": .text(reason.trimmed),
          "flagged_for_huddle": .of(false),
        ])
      try tx.audit(
        "case-close", entity: .caseRecord, recordID: openCase.meta.id, familyID: familyID,
        detail: "\(family.reference) case closed on \(today): \(reason.trimmed)")
      tx.touch(family: familyID)
      return Case(row: try tx.row(.caseRecord, openCase.meta.id))
    }
  }

  /// Reopens the family's most recently closed case, with a reason. A
  /// family has one open case at a time, so one with an open case is refused.
  @discardableResult
  public func reopenCase(familyReference: String, reason: String, as user: User) throws -> Case {
    try CaseworkRules.requireReason(reason)
    let familyID = try familyID(reference: familyReference)
    return try write(as: user) { tx in
      let family = try tx.family(familyID)
      try Permissions.requireWrite(user, .editFamily, familyHub: family.hubID)
      if (try? tx.openCase(familyID: familyID)) != nil {
        throw DomainError.conflict("\(family.reference) already has an open case")
      }
      guard
        let caseID = try String.fetchOne(
          tx.db,
          sql: """
            SELECT id FROM cases WHERE family_id = ? AND deleted = 0 AND status = 'closed'
            ORDER BY closed_on DESC, opened_on DESC, id LIMIT 1
            """, arguments: [familyID])
      else { throw DomainError.notFound("\(family.reference) has no closed case to reopen") }
      try tx.update(
        .caseRecord, id: caseID,
        ["status": .of(CaseStatus.open), "closed_on": .null, "closure_reason": .null])
      try tx.audit(
        "case-reopen", entity: .caseRecord, recordID: caseID, familyID: familyID,
        detail: "\(family.reference) case reopened: \(reason.trimmed)")
      tx.touch(family: familyID)
      return Case(row: try tx.row(.caseRecord, caseID))
    }
  }

  /// Hands the family's open case to another lead practitioner: an active
  /// colleague who works in the family's hub. Every change of lead is
  /// audited, and counted by supervision: each one asks a family to tell
  /// its story again.
  @discardableResult
  public func setCaseLead(familyReference: String, to username: String, as user: User) throws -> Case {
    let familyID = try familyID(reference: familyReference)
    return try write(as: user) { tx in
      let family = try tx.family(familyID)
      try Permissions.requireWrite(user, .editFamily, familyHub: family.hubID)
      let lead = try tx.user(named: username.trimmed)
      var v = Validator()
      CaseworkRules.checkWorker(username, lead, familyHub: family.hubID, field: "lead", into: &v)
      try v.check()
      let openCase = try tx.openCase(familyID: familyID, purpose: "choosing its lead")
      guard openCase.leadUserID != lead!.id else {
        throw DomainError.conflict("\(lead!.username) already leads \(family.reference)'s case")
      }
      let was = try openCase.leadUserID.flatMap { try tx.username(id: $0) } ?? "nobody"
      try tx.update(.caseRecord, id: openCase.meta.id, ["lead_user_id": .text(lead!.id)])
      try tx.update(.family, id: familyID, ["lead_user_id": .text(lead!.id)])
      try tx.audit(
        "case-lead", entity: .caseRecord, recordID: openCase.meta.id, familyID: familyID,
        detail: "\(family.reference) lead changed from \(was) to \(lead!.username)")
      tx.touch(family: familyID)
      return Case(row: try tx.row(.caseRecord, openCase.meta.id))
    }
  }

  /// Sets the next review date of the family's open case.
  @discardableResult
  public func setCaseReview(familyReference: String, on date: String, as user: User) throws -> Case {
    let day = try CaseworkRules.reviewDate(date, today: today)
    let familyID = try familyID(reference: familyReference)
    return try write(as: user) { tx in
      let family = try tx.family(familyID)
      try Permissions.requireWrite(user, .editFamily, familyHub: family.hubID)
      let openCase = try tx.openCase(familyID: familyID, purpose: "setting its review")
      try tx.update(.caseRecord, id: openCase.meta.id, ["next_review": .of(day)])
      try tx.audit(
        "case-review", entity: .caseRecord, recordID: openCase.meta.id, familyID: familyID,
        detail: "\(family.reference) next review set for \(day)")
      tx.touch(family: familyID)
      return Case(row: try tx.row(.caseRecord, openCase.meta.id))
    }
  }
}

extension ChangeRecorder {
  /// The reference of an escalation on the case still waiting for a
  /// decision (to `level`, when given).
  func undecidedEscalation(caseID: String, to level: CaseLevel? = nil) throws -> String? {
    try String.fetchOne(
      db,
      sql: """
        SELECT reference FROM escalation
        WHERE case_id = ? AND deleted = 0 AND status IN ('raised', 'acknowledged')
          AND (? IS NULL OR to_level = ?)
        ORDER BY raised_at LIMIT 1
        """, arguments: [caseID, level?.rawValue, level?.rawValue])
  }
}
