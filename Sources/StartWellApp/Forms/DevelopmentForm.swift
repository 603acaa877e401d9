import StartWellCore
import StartWellStore
import TerminalUI

/// The termly development check of a child of the family: the WellComm
/// band, the three prime areas, literacy and mathematics in reception, the
/// setting and notes. Choosing a child and term already recorded fills the
/// form with that record, and saving edits it: there is one record per
/// child and term (`Store.recordDevelopment`).
enum DevelopmentForm {
  /// Children the check is for: born, and aged two to five today.
  static func children(_ d: FamilyDetail, today: LocalDate) -> [Person] {
    d.members.filter {
      !$0.relationship.isAdult && !$0.expected && (2...5).contains($0.dateOfBirth.years(until: today))
    }
  }

  /// Terms a check can be about: every configured term up to the one
  /// today falls in (or, in a holiday, the one just ended), oldest first.
  static func terms(_ config: Configuration, today: LocalDate) -> [SchoolTerm] {
    guard let current = config.terms.latestTerm(onOrBefore: today) else { return [] }
    return config.terms.all.filter { $0 <= current }
  }

  /// Why the family has no one to record for, or nil.
  static func unavailable(_ d: FamilyDetail, config: Configuration, today: LocalDate) -> String? {
    if terms(config, today: today).isEmpty {
      return "No school terms are configured up to today (terms.json)."
    }
    if children(d, today: today).isEmpty { return "\(d.family.reference) has no child aged 2 to 5." }
    return nil
  }

  static func request(_ d: FamilyDetail) -> ScreenRequest {
    ScreenRequest(
      route: .family,
      filter: ["form": "development", "family": d.family.meta.id, "familyReference": d.family.reference])
  }

  /// The form for `child` (or the first child) in `term` (or the term of
  /// today), filled from the record for that child and term if there is one.
  static func form(
    _ d: FamilyDetail, child reference: String?, term name: String?, config: Configuration, today: LocalDate
  ) -> FormState {
    let kids = children(d, today: today)
    let terms = terms(config, today: today)
    let child = kids.first { $0.reference == reference } ?? kids.first
    let term =
      terms.first { $0.name == name } ?? config.terms.term(containing: today) ?? terms.last
    let record = child.flatMap { c in
      d.development.first { $0.personID == c.meta.id && $0.term == term?.name }
    }
    let reception = child.map { c in term.map { SchoolTerms.isReception(dateOfBirth: c.dateOfBirth, in: $0) }
    }
    let receptionYear = child.map {
      SchoolTerms.yearName(SchoolTerms.receptionYear(dateOfBirth: $0.dateOfBirth))
    }

    var fields = [
      FormField(
        "person", "Child",
        .choice(
          kids.map { Choice(id: $0.reference, name: "\($0.fullName) (\(Format.age(of: $0, today: today)))") },
          selected: 0)),
      FormField(
        "term", "Term",
        .choice(terms.map { Choice(id: $0.name, name: $0.name) }, selected: 0),
        hint: record.map { "recorded \($0.recordedOn): saving edits it" } ?? "not recorded yet"),
      FormField(
        "wellcomm", "WellComm",
        .choice(choices(WellCommBand.allCases.map { ($0.rawValue, $0.rawValue) }), selected: 0),
        hint: "band"),
    ]
    for (id, label, hint) in [
      ("communication", "Communication", "and language"), ("physical", "Physical", ""),
      ("psed", "PSED", "personal, social, emotional"),
    ] {
      fields.append(FormField(id, label, .choice(ratings(), selected: 0), hint: hint.isEmpty ? nil : hint))
    }
    for (id, label) in [("literacy", "Literacy"), ("maths", "Maths")] {
      if reception == true {
        fields.append(
          FormField(id, label, .choice(ratings(blank: "not rated"), selected: 0), hint: "reception year"))
      } else {
        // Offered only in reception; the hint says when that is.
        fields.append(
          FormField(
            id, label, .choice([Choice(id: "", name: "not rated")], selected: 0),
            hint: "rated in reception only (\(receptionYear ?? "?"))"))
      }
    }
    fields += [
      FormField(
        "setting", "Setting", .text(TextField(text: record?.setting ?? "", maxLength: Limits.name)),
        hint: "optional"),
      FormField(
        "notes", "Notes",
        .multiline(TextField(text: record?.notes ?? "", maxLength: Limits.notes, isMultiline: true), rows: 3)),
    ]
    var form = FormState(
      kind: .screen(request(d)), title: "Development check in \(d.family.name)", fields: fields)
    if let child { form.setChoice("person", to: child.reference) }
    if let term { form.setChoice("term", to: term.name) }
    if let record {
      form.setChoice("wellcomm", to: record.wellComm.rawValue)
      for area in DevelopmentArea.allCases {
        if let rating = record.rating(area) { form.setChoice(fieldID(area), to: rating.rawValue) }
      }
    }
    form.settle()
    return form
  }

  /// The form's field for an area: the command line's short name.
  static func fieldID(_ area: DevelopmentArea) -> String { area.shortName }

  static func choices(_ options: [(String, String)], blank: String = "—") -> [Choice] {
    [Choice(id: "", name: blank)] + options.map { Choice(id: $0.0, name: $0.1) }
  }

  /// Words alone, so typing a letter picks the option ("a" amber, "b" below).
  static func ratings(blank: String = "—") -> [Choice] {
    choices(EYFSRating.allCases.map { ($0.rawValue, DevelopmentMarks.word($0)) }, blank: blank)
  }

  /// Choosing another child or term starts the form again, filled from
  /// that child's record for that term if there is one. The focus stays
  /// on the field that was changed.
  static func follow(
    _ form: inout FormState, child before: String?, term termBefore: String?, detail: FamilyDetail?,
    config: Configuration, today: LocalDate
  ) {
    guard let detail, case .screen(let r) = form.kind, r.filter["form"] == "development" else { return }
    let child = form.choice("person")
    let term = form.choice("term")
    guard child != before || term != termBefore else { return }
    let focus = form.focus
    form = Self.form(detail, child: child, term: term, config: config, today: today)
    form.focus = focus
  }

  /// The write: every value the form shows. The store writes only the
  /// fields whose value differs from the record's, so an edit on two
  /// terminals still merges field by field.
  static func submit(_ form: FormState, _ request: ScreenRequest, detail: FamilyDetail?) -> FormOutcome {
    guard let child = form.choice("person"), let term = form.choice("term") else {
      return .invalid([FieldIssue(field: "person", rule: "required", message: "choose a child")], nil)
    }
    var r = request
    r.filter["child"] = child
    r.filter["term"] = term
    r.filter["childName"] = detail?.members.first { $0.reference == child }?.fullName
    for id in ["wellcomm", "communication", "physical", "psed", "literacy", "maths"] {
      if let value = form.choice(id), !value.isEmpty { r.filter[id] = value }
    }
    for id in ["setting", "notes"] { r.filter[id] = form.text(id) }
    return .request(.screen(r))
  }

  /// Saves through the store, which checks every field again; it returns
  /// the sentence naming what was saved.
  static func save(_ f: [String: String], _ c: ScreenLoadContext) throws -> String {
    let draft = DevelopmentDraft(
      term: f["term"] ?? "", wellComm: f["wellcomm"].flatMap(WellCommBand.init),
      communication: f["communication"].flatMap(EYFSRating.init),
      physical: f["physical"].flatMap(EYFSRating.init),
      personalSocialEmotional: f["psed"].flatMap(EYFSRating.init),
      literacy: f["literacy"].flatMap(EYFSRating.init), maths: f["maths"].flatMap(EYFSRating.init),
      setting: f["setting"], notes: f["notes"])
    let child = f["child"] ?? ""
    let record = try c.store.recordDevelopment(personReference: child, draft, as: c.user)
    let who = f["childName"].map { "\($0), \(child)" } ?? child
    return Sanitizer.visible("Development \(record.term) saved for \(who): \(record.summary).")
  }
}
