import Foundation
import GRDB
import StartWellCore

/// What `editPerson` changes; nil leaves a field as it is.
public struct PersonChanges: Sendable, Equatable {
  public var givenName: String?
  public var familyName: String?
  public var dateOfBirth: String?
  public var sex: Sex?
  public var nhsNumber: String?
  public var firstLanguage: String?
  public var interpreterNeeded: Bool?
  public var sendStatus: Bool?
  public var ehcp: Bool?

  public init(
    givenName: String? = nil, familyName: String? = nil, dateOfBirth: String? = nil, sex: Sex? = nil,
    nhsNumber: String? = nil, firstLanguage: String? = nil, interpreterNeeded: Bool? = nil,
    sendStatus: Bool? = nil, ehcp: Bool? = nil
  ) {
    self.givenName = givenName
    self.familyName = familyName
    self.dateOfBirth = dateOfBirth
    self.sex = sex
    self.nhsNumber = nhsNumber
    self.firstLanguage = firstLanguage
    self.interpreterNeeded = interpreterNeeded
    self.sendStatus = sendStatus
    self.ehcp = ehcp
  }

  public var isEmpty: Bool { self == PersonChanges() }
}

/// Editing a family's and a person's details. Each edit is checked by the
/// same rules as the record's creation (`FamilyDraft`, `PersonDraft`),
/// applied to the record as it would be after the edit.
extension Store {
  /// Changes a family's address, postcode or SDF (within its hub).
  @discardableResult
  public func editFamily(
    familyReference: String, address: String? = nil, postcode: String? = nil, sdf: String? = nil,
    as user: User
  ) throws -> Family {
    guard address != nil || postcode != nil || sdf != nil else {
      throw DomainError.invalid([
        FieldIssue(field: "family", rule: "nothing", message: "name at least one thing to change")
      ])
    }
    let familyID = try familyID(reference: familyReference)
    return try write(as: user) { tx in
      let family = try tx.family(familyID)
      try Permissions.requireWrite(user, .editFamily, familyHub: family.hubID)
      let clean = try FamilyDraft(
        name: family.name, address: address ?? family.address, postcode: postcode ?? family.postcode,
        hubID: family.hubID, sdfID: sdf.map { $0.trimmed.isEmpty ? nil : $0.trimmed } ?? family.sdfID
      ).validated(config: config)
      let changed = try tx.update(
        .family, id: familyID,
        ["address": .text(clean.address), "postcode": .text(clean.postcode), "sdf_id": .of(clean.sdfID)])
      if !changed.isEmpty {
        try tx.audit(
          "family-edit", entity: .family, recordID: familyID, familyID: familyID,
          detail: "\(family.reference): \(changed.sorted().joined(separator: ", ")) changed")
      }
      tx.touch(family: familyID)
      return try tx.family(familyID)
    }
  }

  /// Moves a family to another hub (and SDF), with the reason. The lead
  /// stays only if they work in the new hub; the open case is flagged for
  /// the receiving hub's next huddle, and a signed audit event tells that
  /// hub's supervisors on every terminal.
  @discardableResult
  public func moveFamily(
    familyReference: String, toHub hub: String, sdf: String? = nil, reason: String, as user: User
  ) throws -> Family {
    try CaseworkRules.requireReason(reason)
    let familyID = try familyID(reference: familyReference)
    return try write(as: user) { tx in
      let family = try tx.family(familyID)
      try Permissions.requireWrite(user, .editFamily, familyHub: family.hubID)
      guard hub.trimmed != family.hubID else {
        throw DomainError.conflict("\(family.reference) is already in hub \(family.hubID)")
      }
      let clean = try FamilyDraft(
        name: family.name, address: family.address, postcode: family.postcode, hubID: hub.trimmed,
        sdfID: sdf?.trimmed
      ).validated(config: config)
      try tx.update(.family, id: familyID, ["hub_id": .text(clean.hubID), "sdf_id": .of(clean.sdfID)])
      if let leadID = family.leadUserID, let lead = try tx.userRow(id: leadID),
        !lead.hubs.contains(clean.hubID)
      {
        try tx.update(.family, id: familyID, ["lead_user_id": .null])
      }
      if let openCase = try? tx.openCase(familyID: familyID) {
        var fields: [String: FieldValue] = ["flagged_for_huddle": .of(true)]
        if let leadID = openCase.leadUserID, let lead = try tx.userRow(id: leadID),
          !lead.hubs.contains(clean.hubID)
        {
          fields["lead_user_id"] = .null
        }
        try tx.update(.caseRecord, id: openCase.meta.id, fields)
      }
      try tx.auditAccess(
        "family-move", entity: .family, recordID: familyID, familyID: familyID, hub: clean.hubID,
        detail: "\(family.reference) moved from \(family.hubID) to \(clean.hubID): \(reason.trimmed)")
      tx.touch(family: familyID)
      return try tx.family(familyID)
    }
  }

  /// Changes a person's details. The result must pass the rules a new
  /// person passes: an expected child is recorded born with `personBorn`.
  @discardableResult
  public func editPerson(reference: String, _ changes: PersonChanges, as user: User) throws -> Person {
    guard !changes.isEmpty else {
      throw DomainError.invalid([
        FieldIssue(field: "person", rule: "nothing", message: "name at least one thing to change")
      ])
    }
    return try write(as: user) { tx in
      let person = try Person(row: tx.row(.person, tx.id(of: .person, reference: reference)))
      let family = try tx.family(person.familyID)
      try Permissions.requireWrite(user, .editFamily, familyHub: family.hubID)
      let draft = PersonDraft(
        givenName: changes.givenName ?? person.givenName, familyName: changes.familyName ?? person.familyName,
        dateOfBirth: changes.dateOfBirth ?? person.dateOfBirth.description, expected: person.expected,
        sex: changes.sex ?? person.sex, relationship: person.relationship,
        nhsNumber: changes.nhsNumber ?? person.nhsNumber,
        firstLanguage: changes.firstLanguage ?? person.firstLanguage,
        interpreterNeeded: changes.interpreterNeeded ?? person.interpreterNeeded)
      let (dob, nhs) = try draft.validated(today: tx.today)
      let language = draft.firstLanguage?.trimmed ?? ""
      let changed = try tx.update(
        .person, id: person.meta.id,
        [
          "given_name": .text(draft.givenName.trimmed), "family_name": .text(draft.familyName.trimmed),
          "date_of_birth": .of(dob), "sex": .of(draft.sex), "nhs_number": .of(nhs),
          "first_language": language.isEmpty ? .null : .text(language),
          "interpreter_needed": .of(draft.interpreterNeeded),
          "send_status": .of(changes.sendStatus ?? person.sendStatus),
          "ehcp": .of(changes.ehcp ?? person.ehcp),
        ])
      if !changed.isEmpty {
        try tx.audit(
          "person-edit", entity: .person, recordID: person.meta.id, familyID: family.meta.id,
          detail: "\(person.reference): \(changed.sorted().joined(separator: ", ")) changed")
      }
      tx.touch(family: family.meta.id)
      return try Person(row: tx.row(.person, person.meta.id))
    }
  }

  /// Records that an expected child has been born, on `dateOfBirth`.
  @discardableResult
  public func personBorn(reference: String, dateOfBirth: String, sex: Sex? = nil, as user: User) throws
    -> Person
  {
    try write(as: user) { tx in
      let person = try Person(row: tx.row(.person, tx.id(of: .person, reference: reference)))
      let family = try tx.family(person.familyID)
      try Permissions.requireWrite(user, .editFamily, familyHub: family.hubID)
      guard person.expected else {
        throw DomainError.conflict(
          "\(person.reference) is not an expected child; edit the date of birth instead")
      }
      let draft = PersonDraft(
        givenName: person.givenName, familyName: person.familyName, dateOfBirth: dateOfBirth, expected: false,
        sex: sex ?? person.sex, relationship: person.relationship, nhsNumber: person.nhsNumber,
        firstLanguage: person.firstLanguage, interpreterNeeded: person.interpreterNeeded)
      let (dob, _) = try draft.validated(today: tx.today)
      try tx.update(
        .person, id: person.meta.id,
        ["expected": .of(false), "date_of_birth": .of(dob), "sex": .of(draft.sex)])
      try tx.audit(
        "person-born", entity: .person, recordID: person.meta.id, familyID: family.meta.id,
        detail: "\(person.reference) born on \(dob) (was expected \(person.dateOfBirth))")
      tx.touch(family: family.meta.id)
      return try Person(row: tx.row(.person, person.meta.id))
    }
  }
}

extension ChangeRecorder {
  func userRow(id: String) throws -> User? {
    try Row.fetchOne(db, sql: "SELECT * FROM users WHERE id = ?", arguments: [id]).map(User.init(row:))
  }
}
