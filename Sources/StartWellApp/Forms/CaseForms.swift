import StartWellCore
import StartWellStore
import TerminalUI

/// Forms that steer a family's case: closing and reopening it, its lead
/// practitioner and its next review. The store checks each again on save;
/// the form checks the same rules first so it can answer at once.
enum CaseForms {
  /// Submits any of the `CaseworkForm`s.
  static func submit(
    _ form: FormState, _ which: CaseworkForm, familyID: String, reference: String, _ s: AppState
  ) -> FormOutcome {
    do throws(DomainError) {
      guard let change = try change(form, which, s) else { return .invalid([], nothingToSave(which)) }
      return .request(.casework(familyID: familyID, familyReference: reference, change))
    } catch {
      return .invalid(error.issues, error.issues.isEmpty ? error.description : nil)
    }
  }

  /// The change the form asks for; nil when it asks for none.
  static func change(_ form: FormState, _ which: CaseworkForm, _ s: AppState) throws(DomainError)
    -> CaseworkChange?
  {
    switch which {
    case .closeCase: return .closeCase(reason: try reason(form))
    case .reopenCase: return .reopenCase(reason: try reason(form))
    case .lead: return form.choice("lead").map { .lead(username: $0) }
    case .review:
      return .review(on: try CaseworkRules.reviewDate(form.text("review"), today: s.today).description)
    case .editFamily: return try HouseholdForms.editChange(form, detail: s.family?.detail, config: s.config)
    case .moveFamily:
      return .move(hub: form.choice("hub") ?? "", sdf: HouseholdForms.sdf(form), reason: try reason(form))
    case .editPerson: return try PersonForms.editChange(form, detail: s.family?.detail, today: s.today)
    case .birth:
      return form.choice("person").map {
        .birth(
          reference: $0, dateOfBirth: form.text("date of birth").trimmed,
          sex: form.choice("sex").flatMap(Sex.init))
      }
    }
  }

  /// Why a form with nothing to save was not saved.
  static func nothingToSave(_ which: CaseworkForm) -> String {
    switch which {
    case .lead: "There is nobody else who may lead this case."
    case .birth: "This family has no expected child."
    default: "Nothing has changed."
    }
  }

  /// The reason field, checked by the one rule for a casework reason.
  static func reason(_ form: FormState) throws(DomainError) -> String {
    let text = form.text("reason")
    try CaseworkRules.requireReason(text)
    return text.trimmed
  }

  static func reasonField(_ purpose: String) -> FormField {
    FormField("reason", "Reason", .text(TextField(maxLength: Limits.reason)), hint: purpose)
  }

  static func closeCase(detail d: FamilyDetail) -> FormState {
    form(
      .closeCase, d, title: "Close \(d.family.name)'s case", [reasonField("a few words; kept in the audit")])
  }

  static func reopenCase(detail d: FamilyDetail) -> FormState {
    let closed = d.openCase.map { c in
      "closed \(c.closedOn?.description ?? "")\(c.closureReason.map { ": \($0)" } ?? "")"
    }
    return form(
      .reopenCase, d, title: "Reopen \(d.family.name)'s case (\(closed ?? "closed"))",
      [reasonField("a few words; kept in the audit")])
  }

  /// Colleagues who may lead the family's case: the same rule as the store's.
  static func possibleLeads(_ users: [User], hub: String) -> [User] {
    users.filter { user in
      var v = Validator()
      CaseworkRules.checkWorker(user.username, user, familyHub: hub, field: "lead", into: &v)
      return v.issues.isEmpty
    }
  }

  static func lead(detail d: FamilyDetail, users: [User]) -> FormState {
    let options = possibleLeads(users, hub: d.family.hubID).map {
      Choice(id: $0.username, name: "\($0.displayName) (\($0.username), \($0.role.rawValue))")
    }
    let now = d.userName(d.openCase?.leadUserID) ?? "nobody"
    var f = form(
      .lead, d, title: "Change the lead of \(d.family.name)'s case (now \(now))",
      [FormField("lead", "Lead", .choice(options, selected: 0), hint: "works in \(d.family.hubID)")])
    if let current = users.first(where: { $0.id == d.openCase?.leadUserID }) {
      f.setChoice("lead", to: current.username)
      f.settle()
    }
    if options.isEmpty { f.error = nothingToSave(.lead) }
    return f
  }

  static func review(detail d: FamilyDetail) -> FormState {
    let current = d.openCase?.nextReview?.description ?? ""
    return form(
      .review, d, title: "Next review of \(d.family.name)'s case (now \(current.isEmpty ? "none" : current))",
      [
        FormField(
          "review", "Review on", .text(TextField(text: current, maxLength: 10)),
          hint: "YYYY-MM-DD, today or later")
      ])
  }

  static func form(_ which: CaseworkForm, _ d: FamilyDetail, title: String, _ fields: [FormField])
    -> FormState
  {
    FormState(
      kind: .casework(which, familyID: d.family.meta.id, familyReference: d.family.reference), title: title,
      fields: fields)
  }
}
