import Foundation
import GRDB
import StartWellCore

/// A supervisor's decision on an escalation.
public enum EscalationDecision: String, Sendable, CaseIterable {
  case acknowledge = "ack"
  case accept
  case decline
  case stepDown = "step-down"

  public var status: EscalationStatus {
    switch self {
    case .acknowledge: .acknowledged
    case .accept: .accepted
    case .decline: .declined
    case .stepDown: .steppedDown
    }
  }
}

extension Store {
  @discardableResult
  public func escalate(familyID: String, _ draft: EscalationDraft, as user: User) throws -> Escalation {
    try write(as: user) { tx in
      let family = try tx.family(familyID)
      try Permissions.requireWrite(user, .raiseEscalation, familyHub: family.hubID)
      let openCase = try tx.openCase(familyID: familyID)
      try draft.validate(currentLevel: openCase.level)
      // One concern, one decision: a second escalation for the same step
      // while the first waits would split the supervisor's decision in two.
      if let open = try tx.undecidedEscalation(caseID: openCase.meta.id, to: draft.toLevel) {
        throw DomainError.conflict(
          "escalation \(open) to \(draft.toLevel.rawValue) is already awaiting a decision on this case; "
            + "add to it by logging a contact, or ask a supervisor to decide it")
      }
      let id = UUID().uuidString.lowercased()
      let reference = try tx.newReference(prefix: "E", table: "escalation")
      try tx.insert(
        .escalation, id: id,
        [
          "reference": .text(reference), "family_id": .text(familyID), "case_id": .text(openCase.meta.id),
          "from_level": .of(openCase.level), "to_level": .of(draft.toLevel),
          "reason": .text(draft.reason.trimmed),
          "urgency": .of(draft.urgency), "raised_by": .text(user.id), "raised_at": .of(tx.at),
          "status": .of(EscalationStatus.raised), "acknowledged_by": .null, "acknowledged_at": .null,
          "acknowledged_note": .null,
          "decided_by": .null, "decided_at": .null, "decision_note": .null,
        ])
      try tx.audit(
        "escalate", entity: .escalation, recordID: id, familyID: familyID,
        detail:
          "\(reference) raised \(openCase.level.rawValue) → \(draft.toLevel.rawValue) (\(draft.urgency.rawValue))"
      )
      return Escalation(row: try tx.row(.escalation, id))
    }
  }

  public func escalate(familyReference: String, _ draft: EscalationDraft, as user: User) throws -> Escalation
  {
    try escalate(familyID: try familyID(reference: familyReference), draft, as: user)
  }

  /// Moves an escalation on; an acceptance steps the case up and a step-down steps it back.
  @discardableResult
  public func decide(
    escalation reference: String, _ decision: EscalationDecision, note: String?, as user: User
  ) throws -> Escalation {
    try Permissions.require(user, .decideEscalation)
    var v = Validator()
    v.text("note", note ?? "", max: Limits.note, multiline: true)
    if EscalationWorkflow.noteRequired(for: decision.status), (note ?? "").trimmed.isEmpty {
      v.add("note", "required", "a \(decision.rawValue) needs a note saying why (--note)")
    }
    try v.check()
    return try write(as: user) { tx in
      let id = try tx.id(of: .escalation, reference: reference)
      let esc = Escalation(row: try tx.row(.escalation, id))
      let family = try tx.family(esc.familyID)
      try Permissions.requireWrite(user, .decideEscalation, familyHub: family.hubID)
      try requireNoRivalSteps(.escalation, id: id, reference: esc.reference, in: tx.db)
      try EscalationWorkflow.check(from: esc.status, to: decision.status)
      var fields: [String: FieldValue] = ["status": .of(decision.status)]
      if decision == .acknowledge {
        fields["acknowledged_by"] = .text(user.id)
        fields["acknowledged_at"] = .of(tx.at)
        fields["acknowledged_note"] = .of(note?.trimmed.ifEmpty(nil))
      } else {
        fields["decided_by"] = .text(user.id)
        fields["decided_at"] = .of(tx.at)
        fields["decision_note"] = .of(note?.trimmed)
      }
      try tx.update(.escalation, id: id, fields)
      var detail = "\(esc.reference) \(decision.status.rawValue)"
      // Only an accepted step-up moved the case, so only stepping that one
      // down moves it back; stepping down an escalation that was never
      // accepted records the decision and leaves the level alone.
      let current = Case(row: try tx.row(.caseRecord, esc.caseID))
      var newLevel: CaseLevel?
      if decision == .accept, esc.toLevel > current.level {
        // The case may have moved since the escalation was raised; never step it down by accepting.
        newLevel = esc.toLevel
      } else if decision == .stepDown, esc.status == .accepted {
        try CaseLevelWorkflow.checkStepDown(from: current.level, to: esc.fromLevel)
        newLevel = esc.fromLevel
      }
      if let newLevel {
        // Written as the decision's effect: it stands only while the decision does.
        try tx.update(.caseRecord, id: current.meta.id, ["level": .of(newLevel)], clock: tx.stepClock)
        detail += "; case level \(current.level.rawValue) → \(newLevel.rawValue)"
      }
      if let note, !note.trimmed.isEmpty { detail += "; note: \(note.trimmed)" }
      try tx.audit(
        "escalation-\(decision.rawValue)", entity: .escalation, recordID: id, familyID: esc.familyID,
        detail: detail)
      return Escalation(row: try tx.row(.escalation, id))
    }
  }

  /// Reopens a decided escalation, back to acknowledged, so it can be decided
  /// again: a wrong decision can always be undone. Reopening an accepted
  /// step-up steps the case back to where the escalation found it.
  @discardableResult
  public func reopen(escalation reference: String, reason: String, as user: User) throws -> Escalation {
    try Permissions.require(user, .decideEscalation)
    var v = Validator()
    v.line("reason", reason, max: Limits.note, required: true)
    try v.check()
    return try write(as: user) { tx in
      let id = try tx.id(of: .escalation, reference: reference)
      let esc = Escalation(row: try tx.row(.escalation, id))
      let family = try tx.family(esc.familyID)
      try Permissions.requireWrite(user, .decideEscalation, familyHub: family.hubID)
      try requireNoRivalSteps(.escalation, id: id, reference: esc.reference, in: tx.db)
      try EscalationWorkflow.checkReopen(from: esc.status)
      try tx.update(
        .escalation, id: id,
        [
          "status": .of(EscalationStatus.acknowledged), "decided_by": .null, "decided_at": .null,
          "decision_note": .null,
        ])
      var detail = "\(esc.reference) reopened (was \(esc.status.rawValue)); reason: \(reason.trimmed)"
      let current = Case(row: try tx.row(.caseRecord, esc.caseID))
      if esc.status == .accepted, current.level == esc.toLevel, esc.fromLevel < current.level {
        try tx.update(.caseRecord, id: current.meta.id, ["level": .of(esc.fromLevel)], clock: tx.stepClock)
        detail += "; case level \(current.level.rawValue) → \(esc.fromLevel.rawValue)"
      }
      try tx.audit(
        "escalation-reopen", entity: .escalation, recordID: id, familyID: esc.familyID, detail: detail)
      return Escalation(row: try tx.row(.escalation, id))
    }
  }

  /// Refuses a new step on a workflow record whose last steps were made at
  /// once on two terminals: a person settles that conflict first.
  func requireNoRivalSteps(_ entity: Entity, id: String, reference: String, in db: Database) throws {
    let spec = registry.spec(entity)
    guard let state = spec.transition?.state,
      let open = try conflicts(db).first(where: {
        $0.entity == entity.rawValue && $0.recordID == id && $0.field == state
      })
    else { return }
    let values = Set(open.heads.map(\.value.description)).sorted().joined(separator: " and ")
    throw DomainError.conflict(
      "\(reference) was moved on two terminals at once (\(values)); settle that first with "
        + "`startwell conflict resolve \(open.id) --keep VALUE`")
  }

  /// Escalations on families of the user's own hubs (the `.ownHubs` scope),
  /// in the order a supervisor works them; the supervisors' queue when
  /// `status` is open work.
  public func escalations(status: [EscalationStatus]? = nil, for user: User, limit: Int = 500) throws
    -> [EscalationRow]
  {
    try read { db in
      let visible = VisibilityScope.ownHubs(for: user).sql(family: "f")
      var sql = """
        SELECT e.*, f.reference AS family_reference, f.name AS family_name, f.hub_id AS hub_id, u.username AS raised_by_name
        FROM escalation e JOIN family f ON f.id = e.family_id LEFT JOIN users u ON u.id = e.raised_by
        WHERE e.deleted = 0 AND \(visible.sql)
        """
      var args = visible.arguments
      if let status {
        sql += " AND e.status IN (\(status.map { _ in "?" }.joined(separator: ", ")))"
        args += StatementArguments(status.map(\.rawValue))
      }
      // Work waiting for a decision first, by urgency; within one urgency,
      // what nobody has acknowledged yet before what somebody has, each
      // longest-waiting first; decided step-ups (which may later be
      // stepped down) after all of it.
      sql += """
         ORDER BY CASE WHEN e.status IN ('raised', 'acknowledged') THEN 0 ELSE 1 END,
          CASE e.urgency WHEN 'immediate' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END,
          CASE e.status WHEN 'raised' THEN 0 ELSE 1 END, e.raised_at, e.reference LIMIT ?
        """
      args += [limit]
      return try Row.fetchAll(db, sql: sql, arguments: args).map {
        EscalationRow(
          escalation: Escalation(row: $0), familyReference: $0["family_reference"],
          familyName: $0["family_name"],
          hub: $0["hub_id"], raisedBy: $0["raised_by_name"] ?? "")
      }
    }
  }
}

public struct EscalationRow: Hashable, Sendable {
  public var escalation: Escalation
  public var familyReference: String
  public var familyName: String
  public var hub: String
  public var raisedBy: String

  /// Still waiting for a supervisor: raised or acknowledged, not yet decided.
  public var awaitsDecision: Bool { [.raised, .acknowledged].contains(escalation.status) }
}

extension String {
  func ifEmpty(_ other: String) -> String { isEmpty ? other : self }
  func ifEmpty(_ other: String?) -> String? { isEmpty ? other : self }
}
