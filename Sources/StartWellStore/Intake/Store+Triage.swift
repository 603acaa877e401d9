import Foundation
import GRDB
import StartWellCore

/// What a person triaging a notification decides.
public enum TriageRequest: Hashable, Sendable {
  /// It is about this existing person (P-…).
  case attach(personReference: String)
  /// It is about someone new to this family (F-…): for an antenatal
  /// notification, the unborn child.
  case newMember(familyReference: String)
  /// It starts a new family, in an SDF of the notification's hub if given.
  case newFamily(sdfID: String?)
  /// Not for the hubs, and why.
  case notOurs(reason: String)
  /// It repeats an earlier notification (N-…).
  case duplicate(of: String)
}

extension Store {
  /// Records a triage decision. A new family over a possible or closer match needs
  /// `confirmNewFamily`: no notification silently becomes a new family when
  /// the person may already be known.
  @discardableResult
  public func triage(
    _ key: String, _ request: TriageRequest, note: String = "", confirmNewFamily: Bool = false, as user: User
  ) throws -> Notification {
    try Permissions.require(user, .triageNotifications)
    let n = try notification(key, as: user)
    var v = Validator()
    v.text("note", note, max: Limits.note, multiline: true)
    if case .notOurs(let reason) = request { v.line("reason", reason, max: Limits.note) }
    try v.check()
    if let decision = n.triage {
      throw DomainError.invalid([
        FieldIssue(
          field: "notification", rule: "untriaged",
          message:
            "\(n.reference) was already triaged (\(decision.outcome.title))\(n.triagedAt.map { " on \(zone.day($0))" } ?? ""); it is not triaged twice"
        )
      ])
    }
    // The earlier notification is found (and its visibility checked) before
    // the write: a store read inside the write would wait on itself.
    var request = request
    if case .duplicate(let key) = request { request = .duplicate(of: try notification(key, as: user).id) }
    return try write(as: user) { tx in
      let decision = try tx.decide(n, request, confirmNewFamily: confirmNewFamily)
      let noteText =
        if case .notOurs(let reason) = request {
          [reason.trimmed, note.trimmed].filter { !$0.isEmpty }.joined(separator: ": ")
        } else { note.trimmed }
      try tx.update(
        .notification, id: n.id,
        [
          "triage": .text(decision.text), "triage_note": .text(noteText), "triaged_by": .text(user.id),
          "triaged_at": .of(tx.at),
        ])
      let family = try NotificationFamily.of(tx.db, notificationID: n.id)
      if let family { tx.touch(family: family) }
      try tx.auditAccess(
        "notification-triage", entity: .notification, recordID: n.id, familyID: family, hub: n.hubID,
        detail: "\(n.kind.rawValue) notification \(n.reference) triaged: \(decision.outcome.title)")
      try tx.applyTwoYearOffer(n, family: family)
      return try tx.notificationRow(n.id)
    }
  }
}

extension ChangeRecorder {
  func notificationRow(_ id: String) throws -> Notification {
    let row = try Row.fetchOne(
      db, sql: "SELECT \(Notification.columns) FROM notification n WHERE n.id = ?", arguments: [id])
    guard let row else { throw DomainError.notFound("notification \(id)") }
    return Notification(row: row)
  }

  /// Turns a request into a decision, making what it needs (a person, a family).
  fileprivate func decide(_ n: Notification, _ request: TriageRequest, confirmNewFamily: Bool) throws
    -> TriageDecision
  {
    switch request {
    case .attach(let reference):
      let person = try livePerson(reference)
      try Permissions.requireWrite(user, .editFamily, familyHub: try family(person.familyID).hubID)
      return TriageDecision(.attached, target: person.id)
    case .newMember(let reference):
      let familyID = try id(of: .family, reference: reference)
      let family = try family(familyID)
      try Permissions.requireWrite(user, .editFamily, familyHub: family.hubID)
      return TriageDecision(.newMember, target: try addMember(n, to: familyID))
    case .newFamily(let sdf):
      try refuseOverLikelyMatch(n, confirmed: confirmNewFamily)
      return TriageDecision(.newFamily, target: try startFamily(n, sdfID: sdf))
    case .notOurs:
      return TriageDecision(.notOurs, target: nil)
    case .duplicate(let otherID):
      guard otherID != n.id else {
        throw DomainError.invalid([
          FieldIssue(
            field: "duplicate-of", rule: "other", message: "a notification is not a duplicate of itself")
        ])
      }
      return TriageDecision(.duplicate, target: otherID)
    }
  }

  private func livePerson(_ reference: String) throws -> (id: String, familyID: String) {
    let row = try Row.fetchOne(
      db, sql: "SELECT id, family_id FROM person WHERE (reference = ? OR id = ?) AND deleted = 0",
      arguments: [reference.trimmed.uppercased(), reference.trimmed.lowercased()])
    guard let row else { throw DomainError.notFound("no person \(reference.trimmed)") }
    return (row["id"], row["family_id"])
  }

  private func refuseOverLikelyMatch(_ n: Notification, confirmed: Bool) throws {
    guard !confirmed else { return }
    let likely = try store.matchCandidates(for: n.person, limit: 3, in: db).filter {
      $0.score.holdsBackNewFamily
    }
    guard let best = likely.first else { return }
    let fields = best.score.fields.map(\.rawValue).joined(separator: ", ")
    throw DomainError.invalid([
      FieldIssue(
        field: "confirm", rule: "likely-match",
        message:
          "\(best.personReference) in family \(best.familyReference) is a \(best.score.strength.rawValue) match (score \(best.score.score): \(fields)); attach the notification to them, or confirm that this is a new family"
      )
    ])
  }

  /// A new family from the notification, with its case and the person it is about.
  private func startFamily(_ n: Notification, sdfID: String?) throws -> String {
    guard let postcode = n.person.postcode else {
      throw DomainError.invalid([
        FieldIssue(
          field: "postcode", rule: "required",
          message:
            "\(n.reference) gives no postcode, and a family needs one; add the family first, then attach the notification as a new member"
        )
      ])
    }
    let draft = FamilyDraft(
      name: n.person.familyName, address: n.person.address ?? "", postcode: postcode, hubID: n.hubID,
      sdfID: sdfID, consent: nil)
    let clean = try draft.validated(config: store.config)
    let familyID = try makeFamily(clean)
    return try addMember(n, to: familyID)
  }

  /// The person a notification is about, added to a family: for an antenatal
  /// notification the unborn child (due on the expected date of delivery),
  /// whose mother is added too when the family is new and she is not in it.
  private func addMember(_ n: Notification, to familyID: String) throws -> String {
    let p = n.person
    if n.kind == .antenatal {
      let mothers =
        try Int.fetchOne(
          db, sql: "SELECT COUNT(*) FROM person WHERE family_id = ? AND deleted = 0", arguments: [familyID])
        ?? 0
      if mothers == 0 {
        _ = try makePerson(
          familyID: familyID, given: p.givenName, family: p.familyName, dob: p.dateOfBirth, nhs: p.nhsNumber,
          relationship: .mother, expected: false)
      }
      let edd = n.details["edd"]?.text.flatMap(LocalDate.init)
      return try makePerson(
        familyID: familyID, given: "Baby", family: p.familyName, dob: edd, nhs: nil, relationship: .child,
        expected: true)
    }
    let isChild = p.dateOfBirth.map { $0.adding(days: 16 * 365) > today } ?? true
    return try makePerson(
      familyID: familyID, given: p.givenName, family: p.familyName, dob: p.dateOfBirth, nhs: p.nhsNumber,
      relationship: isChild ? .child : .other, expected: false)
  }

  private func makePerson(
    familyID: String, given: String, family: String, dob: LocalDate?, nhs: String?,
    relationship: Relationship, expected: Bool
  ) throws -> String {
    let id = UUID().uuidString.lowercased()
    let reference = try newReference(prefix: "P", table: "person")
    try insert(
      .person, id: id,
      [
        "reference": .text(reference), "family_id": .text(familyID), "given_name": .text(given),
        "family_name": .text(family), "date_of_birth": .of(dob ?? today), "expected": .of(expected),
        "sex": .of(Sex.unknown), "relationship": .of(relationship), "nhs_number": .of(nhs),
        "first_language": .null, "interpreter_needed": .of(false), "send_status": .of(false),
        "ehcp": .of(false), "flags": .json([String]()),
      ])
    try audit(
      "create", entity: .person, recordID: id, familyID: familyID,
      detail: "\(relationship.rawValue) \(reference) added from a notification")
    return id
  }

  /// A two-year offer row, once matched to its child, fills the child's
  /// record for the term: eligible from the list, taken up from a roll.
  func applyTwoYearOffer(_ n: Notification, family: String?) throws {
    guard n.kind == .twoYearEligibility || n.kind == .twoYearPlace,
      let personID = try notificationRow(n.id).personID, let family,
      let term = n.details["term"]?.text
    else { return }
    let fields: [String: FieldValue] =
      n.kind == .twoYearEligibility
      ? ["eligible": .of(true), "code": .text(n.details["code"]?.text ?? ""), "listed_on": .of(today)]
      : ["taken_up": .of(true), "setting": .text(n.details["setting"]?.text ?? ""), "place_on": .of(today)]
    try recordTwoYearOffer(personID: personID, familyID: family, term: term, fields)
  }

  /// Writes a child's two-year offer record for a term, making it if new.
  func recordTwoYearOffer(personID: String, familyID: String, term: String, _ fields: [String: FieldValue])
    throws
  {
    let id = TwoYearOfferID.of(child: personID, term: term)
    let exists =
      try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM two_year_offer WHERE id = ?)", arguments: [id])
      ?? false
    if exists {
      try update(.twoYearOffer, id: id, fields)
    } else {
      var all: [String: FieldValue] = [
        "person_id": .text(personID), "family_id": .text(familyID), "term": .text(term),
        "eligible": .of(false), "code": .text(""), "listed_on": .null, "taken_up": .of(false),
        "setting": .text(""), "place_on": .null,
      ]
      all.merge(fields) { $1 }
      try insert(.twoYearOffer, id: id, all)
    }
  }
}
