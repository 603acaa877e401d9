import Foundation
import GRDB
import StartWellCore

extension Store {
  /// Records a child's development check for a term, or edits the child's
  /// record for that term when there is one: the record's id is made from
  /// the child and the term (`DevelopmentID`), so there is never a second.
  ///
  /// Everything is checked before anything is written, and each problem
  /// names its field: a term not in `terms.json`, a first record without
  /// its band and prime areas, literacy or mathematics for a child not in
  /// reception that term, a person who is an adult or not yet born, and a
  /// child outside the user's hubs.
  /// The child's record for the term, by its id from the key; or a live
  /// record for the same child and term made before ids came from the key
  /// (an older store, or one pulled from a terminal that had it), which is
  /// edited under its own id rather than joined by a second record.
  static func developmentRecord(_ db: Database, child: String, term: String) throws -> (String, Row?) {
    let id = DevelopmentID.of(child: child, term: term)
    if let keyed = try Row.fetchOne(db, sql: "SELECT * FROM development WHERE id = ?", arguments: [id]) {
      return (id, keyed)
    }
    let older = try Row.fetchOne(
      db,
      sql: """
        SELECT * FROM development WHERE person_id = ? AND term = ? AND deleted = 0
        ORDER BY created_at, id LIMIT 1
        """, arguments: [child, term])
    return (older?["id"] ?? id, older)
  }

  @discardableResult
  public func recordDevelopment(personReference: String, _ draft: DevelopmentDraft, as user: User) throws
    -> DevelopmentRecord
  {
    var v = Validator()
    let term = config.terms.term(named: draft.term)
    if draft.term.trimmed.isEmpty {
      v.add(
        "term", "required",
        "is required, e.g. \(config.terms.latestTerm(onOrBefore: today)?.name ?? "2026-autumn")")
    } else if term == nil {
      v.add("term", "known", "'\(draft.term.trimmed)' is not a term in terms.json; \(knownTerms)")
    }
    if let setting = draft.setting { v.line("setting", setting, max: Limits.name, required: false) }
    if let notes = draft.notes { v.text("notes", notes, max: Limits.notes, multiline: true) }
    if let day = draft.recordedOn, day > today {
      v.add("recorded on", "future", "\(day) is after today (\(today)); a check is recorded once it is made")
    }
    try v.check()
    guard let term else { throw DomainError.invalid(v.issues) }
    return try write(as: user) { tx in
      let person = Person(row: try tx.row(.person, try tx.id(of: .person, reference: personReference)))
      let family = try tx.family(person.familyID)
      try Permissions.requireWrite(user, .editFamily, familyHub: family.hubID)
      try Self.checkChild(person, draft: draft, term: term)
      let (id, existing) = try Self.developmentRecord(tx.db, child: person.meta.id, term: term.name)
      if let existing, existing["deleted"] as Int64? == 1 {
        throw DomainError.invalid([
          FieldIssue(
            field: "term", rule: "deleted",
            message: "\(person.reference)'s record for \(term.name) was deleted; it cannot be recorded again")
        ])
      }
      var fields = Self.fields(of: draft)
      if let recorded = draft.recordedOn {
        fields["recorded_on"] = .of(recorded)
      } else if existing == nil || !fields.isEmpty {
        // An edit is the day's check: it moves the record to today.
        fields["recorded_on"] = .of(tx.today)
      }
      if existing != nil {
        // Nothing new (the same entry again) writes nothing.
        guard !fields.isEmpty, !(try tx.update(.development, id: id, fields)).isEmpty else {
          return DevelopmentRecord(row: try tx.row(.development, id))
        }
      } else {
        try Self.requireFirstRecordFields(draft)
        fields["person_id"] = .text(person.meta.id)
        fields["family_id"] = .text(family.meta.id)
        fields["term"] = .text(term.name)
        for (name, empty) in [
          "literacy": FieldValue.null, "maths": .null, "setting": .text(""), "notes": .text(""),
        ]
        where fields[name] == nil {
          fields[name] = empty
        }
        try tx.insert(.development, id: id, fields)
      }
      try tx.audit(
        existing == nil ? "create" : "update", entity: .development, recordID: id, familyID: family.meta.id,
        detail:
          "development \(term.name) for \(person.reference)\(draft.wellComm.map { ": WellComm \($0.rawValue)" } ?? "")"
      )
      return DevelopmentRecord(row: try tx.row(.development, id))
    }
  }

  private var knownTerms: String { config.terms.knownNames }

  /// The draft's fields that were given, as the record's columns.
  private static func fields(of draft: DevelopmentDraft) -> [String: FieldValue] {
    var fields: [String: FieldValue] = [:]
    if let band = draft.wellComm { fields["wellcomm"] = .of(band) }
    for (area, rating) in [
      (DevelopmentArea.communication, draft.communication), (.physical, draft.physical),
      (.personalSocialEmotional, draft.personalSocialEmotional), (.literacy, draft.literacy),
      (.maths, draft.maths),
    ] {
      if let rating { fields[area.rawValue] = .of(rating) }
    }
    if let setting = draft.setting { fields["setting"] = .text(setting.trimmed) }
    if let notes = draft.notes { fields["notes"] = .text(notes.trimmed) }
    return fields
  }

  /// A development record is for a born child, and literacy and
  /// mathematics only for a child in reception in that term.
  private static func checkChild(_ person: Person, draft: DevelopmentDraft, term: SchoolTerm) throws {
    if person.relationship.isAdult {
      throw DomainError.invalid([
        FieldIssue(
          field: "person", rule: "child",
          message:
            "\(person.reference) is an adult (\(person.relationship.rawValue)); development is recorded for children"
        )
      ])
    }
    if person.expected {
      throw DomainError.invalid([
        FieldIssue(
          field: "person", rule: "born",
          message:
            "\(person.reference) is not born yet (expected \(person.dateOfBirth)); record development after the birth"
        )
      ])
    }
    let reception = SchoolTerms.receptionYear(dateOfBirth: person.dateOfBirth)
    guard reception != term.schoolYear else { return }
    var v = Validator()
    for (area, rating) in [(DevelopmentArea.literacy, draft.literacy), (.maths, draft.maths)]
    where rating != nil {
      v.add(
        area.shortName, "reception",
        "is rated only in the reception year; \(person.reference) is in reception in \(SchoolTerms.yearName(reception)), not \(term.schoolYearName)"
      )
    }
    try v.check()
  }

  private static func requireFirstRecordFields(_ draft: DevelopmentDraft) throws {
    var v = Validator()
    let first = "is required for the first record of a term"
    if draft.wellComm == nil { v.add("wellcomm", "required", first) }
    if draft.communication == nil { v.add("communication", "required", first) }
    if draft.physical == nil { v.add("physical", "required", first) }
    if draft.personalSocialEmotional == nil { v.add("psed", "required", first) }
    try v.check()
  }
}
