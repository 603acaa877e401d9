import StartWellCore
import StartWellStore
import TerminalUI

extension KeyContext {
  /// The family screen's development tab.
  static let development = KeyContext("development")
}

extension Action {
  static let recordDevelopment = Action(
    "record-development", "Record a child's development check", needs: .editFamily)
  static let openJourney = Action("open-journey", "A child's journey, term by term")
}

/// The family screen's development keys: `d` opens the development form
/// (on any tab but actions, where `d` marks work done), and Enter on a
/// record of the development tab opens that child's journey.
enum FamilyDevelopment {
  static let bindings: [KeyBinding] = [
    KeyBinding([.enter], .development, .openJourney, hint: "journey"),
    // A second key for the journey, kept out of the status line and help,
    // which name the first binding of each action.
    KeyBinding([.character("J")], .development, .openJourney),
    KeyBinding([.character("d")], .development, .recordDevelopment, hint: "record"),
    KeyBinding([.character("d")], .family, .recordDevelopment),
  ]

  static func perform(_ action: Action, _ d: FamilyDetail, _ f: FamilyState, _ s: inout AppState) -> [Effect]
  {
    switch action {
    case .recordDevelopment: return openForm(d, child: selectedChild(d, f), &s)
    case .openJourney:
      guard let child = selectedChild(d, f) else {
        s.message = StatusMessage("Select a development record first (4).", isError: true)
        return []
      }
      return JourneyScreen.open(child: child, &s)
    default: return []
    }
  }

  /// The child of the development record selected on the development tab.
  static func selectedChild(_ d: FamilyDetail, _ f: FamilyState) -> String? {
    let i = f.list(.development).selected
    guard f.tab == .development, d.development.indices.contains(i) else { return nil }
    return d.members.first { $0.meta.id == d.development[i].personID }?.reference
  }

  /// Opens the form for `child` (or the family's first child of the age),
  /// when the user may change the family and it has a child to record.
  static func openForm(_ d: FamilyDetail, child: String?, term: String? = nil, _ s: inout AppState)
    -> [Effect]
  {
    if let refused = SafeguardingForms.refusal(
      s.user, .editFamily, hub: d.family.hubID,
      roleRefusal: "Only casework staff record a child's development.")
    {
      s.message = refused
      return []
    }
    if let why = DevelopmentForm.unavailable(d, config: s.config, today: s.today) {
      s.message = StatusMessage(why, isError: true)
      return []
    }
    s.form = DevelopmentForm.form(d, child: child, term: term, config: s.config, today: s.today)
    s.push(.form)
    return []
  }
}

/// The development form is the family screen's own: it saves through the
/// screen, and the saved record reloads the family (and the journey, if it
/// is open beneath).
extension FamilyScreen {
  static func submit(_ form: FormState, _ request: ScreenRequest, _ s: AppState) -> FormOutcome {
    guard request.filter["form"] == "development" else { return .invalid([], "This form has no save.") }
    return DevelopmentForm.submit(form, request, detail: s.family?.detail)
  }

  static func save(_ request: ScreenRequest, _ c: ScreenLoadContext) throws -> String {
    guard request.filter["form"] == "development" else { throw DomainError.notFound("the form's save") }
    return try DevelopmentForm.save(request.filter, c)
  }

  static func saved(_ request: ScreenRequest, _ s: inout AppState) -> [Effect] {
    reload(&s) + (s.routes.contains(.journey) ? JourneyScreen.reload(&s) : [])
  }
}
