import StartWellCore
import StartWellStore
import TerminalUI

/// Opens the forms and prompts that change an existing family's case,
/// household or people. Each is refused up front, with the reason, when
/// the user may not make the change or the record does not allow it; the
/// store checks both again when it is saved.
enum FamilyCasework {
  static func open(_ action: Action, _ d: FamilyDetail, _ f: FamilyState, _ s: inout AppState) {
    guard let permission = action.permission else { return }
    let role =
      action == .contactInError
      ? "Only casework staff mark a contact entered in error."
      : "Only casework staff change a family's record."
    if let refused = SafeguardingForms.refusal(s.user, permission, hub: d.family.hubID, roleRefusal: role) {
      s.message = refused
      return
    }
    if let why = unavailable(action, d, f, config: s.config) {
      s.message = StatusMessage(why, isError: true)
      return
    }
    switch action {
    case .contactInError:
      s.overlay = .prompt(inErrorPrompt(d, f, zone: s.zone))
      return
    case .closeCase: s.form = CaseForms.closeCase(detail: d)
    case .reopenCase: s.form = CaseForms.reopenCase(detail: d)
    case .changeLead: s.form = CaseForms.lead(detail: d, users: s.users)
    case .setReview: s.form = CaseForms.review(detail: d)
    case .editFamily: s.form = HouseholdForms.editFamily(detail: d, config: s.config)
    case .moveFamily: s.form = HouseholdForms.move(detail: d, config: s.config)
    case .editPerson: s.form = PersonForms.edit(detail: d, person: nil)
    case .recordBirth: s.form = PersonForms.birth(detail: d)
    default: return
    }
    s.push(.form)
  }

  /// Why the record does not allow the action just now, or nil if it does.
  static func unavailable(_ action: Action, _ d: FamilyDetail, _ f: FamilyState, config: Configuration)
    -> String?
  {
    let ref = d.family.reference
    let open = d.openCase?.status == .open
    switch action {
    case .closeCase, .changeLead, .setReview:
      return open ? nil : "\(ref) has no open case; O reopens a closed one."
    case .reopenCase:
      if open { return "\(ref)'s case is open already." }
      return d.openCase == nil ? "\(ref) has no closed case to reopen." : nil
    case .editPerson:
      return d.members.isEmpty ? "\(ref) has no members yet; p adds a person." : nil
    case .recordBirth:
      return PersonForms.expected(d).isEmpty
        ? "\(ref) has no expected child; P edits a person's date of birth." : nil
    case .moveFamily:
      return config.hubs.count < 2 ? "There is no other hub to move \(ref) to." : nil
    case .contactInError:
      guard let contact = selectedContact(d, f) else {
        return "Select a contact in the chronology (2) first."
      }
      return contact.inError ? "This contact is already marked as entered in error." : nil
    default: return nil
    }
  }

  /// The contact selected in the chronology, if the user is on it.
  static func selectedContact(_ d: FamilyDetail, _ f: FamilyState) -> Contact? {
    let i = f.list(.chronology).selected
    guard f.tab == .chronology, d.chronology.indices.contains(i), d.chronology[i].kind == .contact else {
      return nil
    }
    return d.contacts.first { $0.meta.id == d.chronology[i].recordID }
  }

  static func inErrorPrompt(_ d: FamilyDetail, _ f: FamilyState, zone: DisplayZone) -> PromptState {
    let entry = d.chronology[f.list(.chronology).selected]
    var p = PromptState(
      title: "Mark a contact entered in error",
      label: "Why? A few words; the contact stays in the chronology, marked.",
      purpose: .contactInError(
        familyID: d.family.meta.id, familyReference: d.family.reference, contactID: entry.recordID),
      required: true)
    p.context = ["\(zone.labelled(entry.at)): \(entry.title)"]
    return p
  }
}
