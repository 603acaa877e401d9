import Foundation
import GRDB
import StartWellCore

/// The casework a person does, as the store carries it out. Each function
/// checks the permission, validates, and writes in one transaction; the
/// command line and the interactive client both call these and nothing else.
extension Store {
  @discardableResult
  public func addFamily(_ draft: FamilyDraft, as user: User) throws -> Family {
    let clean = try draft.validated(config: config)
    try Permissions.requireWrite(user, .editFamily, familyHub: clean.hubID)
    return try write(as: user) { tx in try tx.family(tx.makeFamily(clean)) }
  }

  @discardableResult
  public func addPerson(familyReference: String, _ draft: PersonDraft, as user: User) throws -> Person {
    let familyID = try familyID(reference: familyReference)
    let (dob, nhs) = try draft.validated(today: today)
    return try write(as: user) { tx in
      let family = try tx.family(familyID)
      try Permissions.requireWrite(user, .editFamily, familyHub: family.hubID)
      let id = UUID().uuidString.lowercased()
      let reference = try tx.newReference(prefix: "P", table: "person")
      try tx.insert(
        .person, id: id,
        [
          "reference": .text(reference), "family_id": .text(familyID),
          "given_name": .text(draft.givenName.trimmed),
          "family_name": .text(draft.familyName.trimmed), "date_of_birth": .of(dob),
          "expected": .of(draft.expected),
          "sex": .of(draft.sex), "relationship": .of(draft.relationship), "nhs_number": .of(nhs),
          "first_language": .of(draft.firstLanguage?.trimmed),
          "interpreter_needed": .of(draft.interpreterNeeded),
          "send_status": .of(draft.sendStatus), "ehcp": .of(draft.ehcp), "flags": .json([String]()),
        ])
      try tx.audit(
        "create", entity: .person, recordID: id, familyID: familyID,
        detail: "\(draft.relationship.rawValue) \(reference) added to \(family.reference)")
      return try Person(row: tx.row(.person, id))
    }
  }

  @discardableResult
  public func logContact(familyID: String, _ draft: ContactDraft, as user: User) throws -> Contact {
    try draft.validate(config: config, now: now(), zone: zone)
    return try write(as: user) { tx in
      let family = try tx.family(familyID)
      try Permissions.requireWrite(user, .logContact, familyHub: family.hubID)
      let members = try String.fetchSet(
        tx.db, sql: "SELECT id FROM person WHERE family_id = ? AND deleted = 0", arguments: [familyID])
      if let stranger = draft.presentPersonIDs.first(where: { !members.contains($0) }) {
        throw DomainError.invalid([
          FieldIssue(
            field: "present", rule: "member", message: "\(stranger) is not a member of \(family.reference)")
        ])
      }
      let id = UUID().uuidString.lowercased()
      var fields: [String: FieldValue] = [
        "family_id": .text(familyID), "practitioner_id": .text(user.id), "at": .of(draft.at),
        "type": .text(draft.type), "summary": .text(draft.summary.trimmed), "notes": .text(draft.notes),
        "significant": .of(draft.significant), "follow_up": .of(draft.followUp),
        "follow_up_done": .of(false),
        "present": .json(draft.presentPersonIDs),
      ]
      // Only a contact that belongs to an approach writes one: every other
      // contact keeps the column's empty value without an operation of its own.
      if let approach = draft.approach { fields["approach"] = .text(approach) }
      try tx.insert(.contact, id: id, fields)
      try tx.audit(
        "create", entity: .contact, recordID: id, familyID: familyID,
        detail:
          "\(draft.type) contact logged\(draft.approach.map { " (\($0))" } ?? "")\(draft.significant ? " (significant)" : "")"
      )
      return Contact(row: try tx.row(.contact, id))
    }
  }

  public func logContact(familyReference: String, _ draft: ContactDraft, as user: User) throws -> Contact {
    try logContact(familyID: try familyID(reference: familyReference), draft, as: user)
  }
}

extension ChangeRecorder {
  func row(_ entity: Entity, _ id: String) throws -> Row {
    guard let row = try Row.fetchOne(db, sql: "SELECT * FROM \(entity.table) WHERE id = ?", arguments: [id])
    else {
      throw DomainError.notFound("\(entity.rawValue) \(id)")
    }
    return row
  }

  func family(_ id: String) throws -> Family { Family(row: try row(.family, id)) }

  /// The id of the live `entity` record with this reference, as a person typed it.
  func id(of entity: Entity, reference: String) throws -> String {
    guard
      let id = try String.fetchOne(
        db, sql: "SELECT id FROM \(entity.table) WHERE reference = ? AND deleted = 0",
        arguments: [ReferenceCode.normalise(reference)])
    else { throw DomainError.notFound("no \(entity.rawValue) with reference \(reference)") }
    return id
  }

  /// A new reference not yet used in `table`. Randomness makes clashes across
  /// terminals unlikely; the local check makes them impossible on this one.
  func newReference(prefix: String, table: String) throws -> String {
    var rng = SystemRandomNumberGenerator()
    while true {
      let code = ReferenceCode.make(prefix: prefix, using: &rng)
      let taken =
        try Bool.fetchOne(
          db, sql: "SELECT EXISTS(SELECT 1 FROM \(table) WHERE reference = ?)", arguments: [code]) ?? false
      if !taken { return code }
    }
  }

  /// The family's open case; `purpose` finishes the refusal when there is none ("before escalating").
  func openCase(familyID: String, purpose: String = "escalating") throws -> Case {
    guard
      let row = try Row.fetchOne(
        db,
        sql:
          "SELECT * FROM cases WHERE family_id = ? AND \(FamilyIndex.openCaseOrder) LIMIT 1",
        arguments: [familyID])
    else { throw DomainError.conflict("this family has no open case; open one before \(purpose)") }
    return Case(row: row)
  }
}

extension Store {
  /// Records the family's consent to share information, given or refused, on a date (today by default).
  @discardableResult
  public func setConsent(
    familyReference: String, _ consent: Consent, on date: LocalDate? = nil, as user: User
  )
    throws -> Family
  {
    let familyID = try familyID(reference: familyReference)
    let day = date ?? today
    if day > today {
      throw DomainError.invalid([
        FieldIssue(
          field: "date", rule: "not-future", message: "consent cannot be dated after today (\(today))")
      ])
    }
    return try write(as: user) { tx in
      let family = try tx.family(familyID)
      try Permissions.requireWrite(user, .editFamily, familyHub: family.hubID)
      try tx.update(.family, id: familyID, ["consent": .of(consent), "consent_date": .of(day)])
      try tx.audit(
        "consent", entity: .family, recordID: familyID, familyID: familyID,
        detail: "consent \(consent.rawValue) on \(day)")
      return try tx.family(familyID)
    }
  }

  /// Sets (or with `band` nil clears) a supervisor's override of a family's
  /// risk band, with the reason. The decision is a record of its own that
  /// syncs (`risk_override`), so every terminal shows who overrode, when and
  /// why, in the family's chronology as well as the audit.
  @discardableResult
  public func overrideRisk(familyReference: String, band: RiskBand?, reason: String, as user: User) throws
    -> Family
  {
    var v = Validator()
    v.line("reason", reason, max: Limits.note, required: true)
    try v.check()
    try Permissions.require(user, .superviseCaseloads)
    let familyID = try familyID(reference: familyReference)
    return try write(as: user) { tx in
      let family = try tx.family(familyID)
      try Permissions.requireWrite(user, .superviseCaseloads, familyHub: family.hubID)
      let was = try String.fetchOne(
        tx.db, sql: "SELECT risk_override FROM family WHERE id = ?", arguments: [familyID])
      if band == nil, was == nil {
        throw DomainError.invalid([
          FieldIssue(
            field: "override", rule: "present", message: "\(family.reference) has no risk override to clear")
        ])
      }
      try tx.update(.family, id: familyID, ["risk_override": .of(band)])
      try tx.insert(
        .riskOverride, id: UUID().uuidString.lowercased(),
        [
          "family_id": .text(familyID), "band": .of(band), "previous": .of(was),
          "reason": .text(reason.trimmed), "decided_by": .text(user.id), "decided_at": .of(tx.at),
        ])
      let change =
        band.map { "risk override \(was ?? "none") → \($0.rawValue)" }
        ?? "risk override \(was ?? "none") cleared"
      try tx.audit(
        band == nil ? "risk-override-clear" : "risk-override", entity: .family, recordID: familyID,
        familyID: familyID, detail: "\(change); reason: \(reason.trimmed)")
      return try tx.family(familyID)
    }
  }
}

extension ChangeRecorder {
  /// A new family of a checked draft, led by the user, with its case opened
  /// at universal: every way a family starts (by hand, from a notification).
  func makeFamily(_ clean: FamilyDraft) throws -> String {
    let reference = try newReference(prefix: "F", table: "family")
    let id = UUID().uuidString.lowercased()
    try insert(
      .family, id: id,
      [
        "reference": .text(reference), "name": .text(clean.name), "address": .text(clean.address),
        "postcode": .text(clean.postcode), "hub_id": .text(clean.hubID), "sdf_id": .of(clean.sdfID),
        "consent": .of(clean.consent), "consent_date": clean.consent == nil ? .null : .of(today),
        "lead_user_id": .text(user.id), "risk_override": .null,
      ])
    let caseID = UUID().uuidString.lowercased()
    try insert(
      .caseRecord, id: caseID,
      [
        "family_id": .text(id), "status": .text(CaseStatus.open.rawValue), "opened_on": .of(today),
        "closed_on": .null, "closure_reason": .null, "level": .text(CaseLevel.universal.rawValue),
        "lead_user_id": .text(user.id),
        "next_review": .of(today.adding(days: store.config.thresholds.reviewIntervalDays)),
        "flagged_for_huddle": .of(false),
      ])
    try audit(
      "create", entity: .family, recordID: id, familyID: id,
      detail: "family \(reference) created; case opened at universal")
    return id
  }
}
