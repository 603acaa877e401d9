import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// Builders for adding families and people, and for the families filter.
enum RecordForms {
  static func family(user: User, config: Configuration) -> FormState {
    let hubs = (user.hubs.isEmpty ? config.hubs : config.hubs.filter { user.hubs.contains($0.id) })
    let hubChoices = hubs.map { Choice(id: $0.id, name: $0.name) }
    var form = FormState(
      kind: .family, title: "Add a family",
      fields: [
        FormField(
          "name", "Name", .text(TextField(maxLength: Limits.name)), hint: "household, e.g. Smith / Khan"),
        FormField("address", "Address", .text(TextField(maxLength: Limits.address))),
        FormField("postcode", "Postcode", .text(TextField(maxLength: 10))),
        FormField("hub", "Hub", .choice(hubChoices, selected: 0)),
        FormField("sdf", "SDF", .choice([], selected: 0)),
        FormField(
          "consent", "Consent",
          .choice(
            [
              Choice(id: "", name: "not recorded"), Choice(id: "given", name: "given"),
              Choice(id: "refused", name: "refused"),
            ],
            selected: 0), hint: "to share across hubs"),
      ])
    syncSDFs(&form, config: config)
    return form
  }

  /// Keeps the SDF options in step with the chosen hub.
  static func syncSDFs(_ form: inout FormState, config: Configuration, anyLabel: String = "(none)") {
    let hub = form.choice("hub").flatMap { config.hub($0) }
    let sdfs = hub.map { $0.sdfs } ?? config.hubs.flatMap(\.sdfs)
    form.replaceOptions(
      "sdf", with: [Choice(id: "", name: anyLabel)] + sdfs.map { Choice(id: $0.id, name: $0.name) })
  }

  static func submitFamily(_ form: FormState, config: Configuration) -> FormOutcome {
    let sdf = form.choice("sdf") ?? ""
    let consent = form.choice("consent").flatMap(Consent.init(rawValue:))
    let draft = FamilyDraft(
      name: form.text("name"), address: form.text("address"), postcode: form.text("postcode"),
      hubID: form.choice("hub") ?? "", sdfID: sdf.isEmpty ? nil : sdf, consent: consent)
    do throws(DomainError) {
      _ = try draft.validated(config: config)
    } catch {
      return .invalid(error.issues, error.issues.isEmpty ? error.description : nil)
    }
    return .request(.family(draft))
  }

  static func person(familyID: String, familyReference: String, familyName: String) -> FormState {
    let surname = familyName.split(separator: "/").first.map { String($0).trimmed } ?? ""
    return FormState(
      kind: .person(familyID: familyID, familyReference: familyReference),
      title: "Add a person to \(familyName)",
      fields: [
        FormField("given name", "Given name", .text(TextField(maxLength: Limits.name))),
        FormField("family name", "Family name", .text(TextField(text: surname, maxLength: Limits.name))),
        FormField("date of birth", "Date of birth", .text(TextField(maxLength: 10)), hint: "YYYY-MM-DD"),
        FormField("expected", "Expected", .toggle(false), hint: "unborn: the date is the due date"),
        FormField(
          "sex", "Sex", .choice(Sex.allCases.map { Choice(id: $0.rawValue, name: $0.rawValue) }, selected: 2)),
        FormField(
          "relationship", "Relationship",
          .choice(Relationship.allCases.map { Choice(id: $0.rawValue, name: $0.rawValue) }, selected: 0)),
        FormField("nhs number", "NHS number", .text(TextField(maxLength: 12)), hint: "optional"),
        FormField("first language", "First language", .text(TextField(maxLength: 40)), hint: "optional"),
        FormField("interpreter", "Interpreter", .toggle(false), hint: "needed"),
        PersonForms.sendField(false), PersonForms.ehcpField(false),
      ])
  }

  static func submitPerson(_ form: FormState, familyID: String, familyReference: String, today: LocalDate)
    -> FormOutcome
  {
    let nhs = form.text("nhs number").trimmed
    let language = form.text("first language").trimmed
    let draft = PersonDraft(
      givenName: form.text("given name"), familyName: form.text("family name"),
      dateOfBirth: form.text("date of birth"), expected: form.flag("expected"),
      sex: form.choice("sex").flatMap(Sex.init) ?? .unknown,
      relationship: form.choice("relationship").flatMap(Relationship.init) ?? .child,
      nhsNumber: nhs.isEmpty ? nil : nhs, firstLanguage: language.isEmpty ? nil : language,
      interpreterNeeded: form.flag("interpreter"), sendStatus: form.flag("send"), ehcp: form.flag("ehcp"))
    do throws(DomainError) {
      _ = try draft.validated(today: today)
    } catch {
      return .invalid(error.issues, error.issues.isEmpty ? error.description : nil)
    }
    return .request(.person(familyID: familyID, familyReference: familyReference, draft))
  }

  static func filter(current: FamilyFilter, users: [User], config: Configuration) -> FormState {
    let any = Choice(id: "", name: "any")
    var form = FormState(
      kind: .filter, title: "Filter families",
      fields: [
        FormField(
          "hub", "Hub", .choice([any] + config.hubs.map { Choice(id: $0.id, name: $0.name) }, selected: 0)),
        FormField("sdf", "SDF", .choice([any], selected: 0)),
        FormField(
          "level", "Case level",
          .choice([any] + CaseLevel.allCases.map { Choice(id: $0.rawValue, name: $0.title) }, selected: 0)),
        FormField(
          "risk", "Risk band",
          .choice([any] + RiskBand.allCases.map { Choice(id: $0.rawValue, name: $0.rawValue) }, selected: 0)),
        FormField(
          "lead", "Lead",
          .choice(
            [any]
              + users.filter { $0.role != .admin }.map {
                Choice(id: $0.username, name: "\($0.displayName) (\($0.username))")
              }, selected: 0)),
      ])
    form.setChoice("hub", to: current.hub ?? "")
    syncSDFs(&form, config: config, anyLabel: "any")
    form.setChoice("sdf", to: current.sdf ?? "")
    form.setChoice("level", to: current.level?.rawValue ?? "")
    form.setChoice("risk", to: current.risk?.rawValue ?? "")
    form.setChoice("lead", to: current.lead ?? "")
    return form
  }

  static func submitFilter(_ form: FormState) -> FormOutcome {
    func value(_ id: String) -> String? {
      let v = form.choice(id) ?? ""
      return v.isEmpty ? nil : v
    }
    return .filter(
      FamilyFilter(
        hub: value("hub"), sdf: value("sdf"), level: value("level").flatMap(CaseLevel.init),
        risk: value("risk").flatMap(RiskBand.init), lead: value("lead")))
  }
}
