import StartWellCore
import StartWellStore
import TerminalUI

/// Forms for the people of a family: editing a person's details, and
/// recording the birth of an expected child.
enum PersonForms {
  static func person(_ p: Person) -> Choice {
    Choice(id: p.reference, name: "\(p.fullName) (\(p.relationship.rawValue))")
  }

  static func sexChoice(_ sex: Sex) -> FormField {
    let options = Sex.allCases.map { Choice(id: $0.rawValue, name: $0.rawValue) }
    return FormField("sex", "Sex", .choice(options, selected: Sex.allCases.firstIndex(of: sex) ?? 0))
  }

  static func sendField(_ on: Bool) -> FormField {
    FormField("send", "SEND", .toggle(on), hint: "special educational needs")
  }

  static func ehcpField(_ on: Bool) -> FormField {
    FormField("ehcp", "EHCP", .toggle(on), hint: "education, health and care plan")
  }

  /// The edit form for one member, prefilled with their details; nil picks the first.
  static func edit(detail d: FamilyDetail, person reference: String?) -> FormState {
    let p = d.members.first { $0.reference == reference } ?? d.members.first
    var form = CaseForms.form(
      .editPerson, d, title: "Edit a person in \(d.family.name)",
      [
        FormField(
          "person", "Person", .choice(d.members.map(person), selected: 0), hint: "←/→ another member"),
        FormField(
          "given name", "Given name", .text(TextField(text: p?.givenName ?? "", maxLength: Limits.name))),
        FormField(
          "family name", "Family name", .text(TextField(text: p?.familyName ?? "", maxLength: Limits.name))),
        FormField(
          "date of birth", p?.expected == true ? "Due date" : "Date of birth",
          .text(TextField(text: p?.dateOfBirth.description ?? "", maxLength: 10)),
          hint: p?.expected == true ? "expected: b records the birth" : "YYYY-MM-DD"),
        sexChoice(p?.sex ?? .unknown),
        FormField(
          "nhs number", "NHS number", .text(TextField(text: p?.nhsNumber ?? "", maxLength: 12)),
          hint: "optional"),
        FormField(
          "first language", "First language", .text(TextField(text: p?.firstLanguage ?? "", maxLength: 40)),
          hint: "optional"),
        FormField("interpreter", "Interpreter", .toggle(p?.interpreterNeeded ?? false), hint: "needed"),
        sendField(p?.sendStatus ?? false), ehcpField(p?.ehcp ?? false),
      ])
    if let p { form.setChoice("person", to: p.reference) }
    if d.members.isEmpty { form.error = "Add a person to the family first (p)." }
    form.settle()
    return form
  }

  /// Choosing another member starts the edit form again with their
  /// details, and sets the birth form's sex to what was known of the child.
  static func follow(_ form: inout FormState, from before: String?, detail: FamilyDetail?) {
    guard let detail, let chosen = form.choice("person"), chosen != before,
      case .casework(let which, _, _) = form.kind
    else { return }
    switch which {
    case .editPerson: form = edit(detail: detail, person: chosen)
    case .birth:
      let sex = detail.members.first { $0.reference == chosen }?.sex ?? .unknown
      form.setChoice("sex", to: sex.rawValue)
    default: break
    }
  }

  /// Only what changed, checked by the rules a new person passes.
  static func editChange(_ form: FormState, detail: FamilyDetail?, today: LocalDate) throws(DomainError)
    -> CaseworkChange?
  {
    guard let reference = form.choice("person"),
      let p = detail?.members.first(where: { $0.reference == reference })
    else { return nil }
    func text(_ id: String) -> String? { form.changed(id) ? form.text(id) : nil }
    func flag(_ id: String) -> Bool? { form.changed(id) ? form.flag(id) : nil }
    let changes = PersonChanges(
      givenName: text("given name"), familyName: text("family name"), dateOfBirth: text("date of birth"),
      sex: form.changed("sex") ? form.choice("sex").flatMap(Sex.init) : nil, nhsNumber: text("nhs number"),
      firstLanguage: text("first language"), interpreterNeeded: flag("interpreter"), sendStatus: flag("send"),
      ehcp: flag("ehcp"))
    guard !changes.isEmpty else { return nil }
    _ = try PersonDraft(
      givenName: form.text("given name"), familyName: form.text("family name"),
      dateOfBirth: form.text("date of birth"), expected: p.expected,
      sex: form.choice("sex").flatMap(Sex.init) ?? p.sex,
      relationship: p.relationship, nhsNumber: form.text("nhs number"),
      firstLanguage: form.text("first language"),
      interpreterNeeded: form.flag("interpreter")
    ).validated(today: today)
    return .editPerson(reference: reference, changes)
  }

  /// The members still expected (unborn).
  static func expected(_ d: FamilyDetail) -> [Person] { d.members.filter(\.expected) }

  static func birth(detail d: FamilyDetail) -> FormState {
    let children = expected(d)
    var form = CaseForms.form(
      .birth, d, title: "Record a birth in \(d.family.name)",
      [
        FormField(
          "person", "Child",
          .choice(
            children.map { Choice(id: $0.reference, name: "\($0.fullName) (due \($0.dateOfBirth))") },
            selected: 0)),
        FormField(
          "date of birth", "Born on", .text(TextField(maxLength: 10)), hint: "YYYY-MM-DD, not after today"),
        sexChoice(children.first?.sex ?? .unknown),
      ])
    form.settle()
    return form
  }
}
