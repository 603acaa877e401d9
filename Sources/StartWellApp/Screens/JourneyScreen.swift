import StartWellCore
import StartWellStore
import TerminalUI

/// The child whose journey is shown, and how far it is scrolled.
struct JourneyState: ScreenState {
  /// The child's person reference.
  var child = ""
  var journey: DevelopmentJourney?
  var loaded = false
  /// The first term column shown; nil shows the newest terms that fit.
  var firstTerm: Int?
  /// The first line of the list of what happened shown.
  var offset = 0
}

extension Route {
  static let journey = Route("journey")
}

extension KeyContext {
  static let journey = KeyContext("journey")
}

extension Action {
  static let journeyEarlier = Action("journey-earlier", "Journey: show earlier terms")
  static let journeyLater = Action("journey-later", "Journey: show later terms")
}

/// One child's development term by term: the band and ratings as coloured
/// cells, with the family's contacts, referrals and escalations of each
/// term beneath, so a practitioner new to the family reads the story on
/// one screen. Everything shown comes from `Store.journey`.
enum JourneyScreen: Screen {
  static let route = Route.journey
  static let bindings: [KeyBinding] = [
    KeyBinding([.left, .character("h")], .journey, .journeyEarlier, hint: "earlier"),
    KeyBinding([.right, .character("l")], .journey, .journeyLater, hint: "later"),
    KeyBinding([.character("d")], .journey, .recordDevelopment, hint: "record"),
  ]

  static func keyContexts(_ s: AppState) -> [KeyContext] { [.journey, .list, .global] }

  static func open(child: String, _ s: inout AppState) -> [Effect] {
    var j = JourneyState()
    j.child = child
    s.setScreenState(j)
    return show(&s)
  }

  static func reload(_ s: inout AppState) -> [Effect] {
    let j = s.screenState(JourneyState.self)
    return j.child.isEmpty ? [] : [request(["child": j.child])]
  }

  static func load(_ request: ScreenRequest, _ c: ScreenLoadContext) throws -> any Sendable {
    try c.store.journey(personReference: request.filter["child"] ?? "", as: c.user)
  }

  static func loaded(_ data: any Sendable, request: ScreenRequest, _ s: inout AppState) -> [Effect] {
    var j = s.screenState(JourneyState.self)
    guard let journey = data as? DevelopmentJourney, request.filter["child"] == j.child else { return [] }
    j.journey = journey
    j.loaded = true
    s.setScreenState(j)
    return []
  }

  static func perform(_ action: Action, _ s: inout AppState) -> [Effect] {
    var j = s.screenState(JourneyState.self)
    defer { s.setScreenState(j) }
    let layout = JourneyView.Layout(j, size: s.size, zone: s.zone, config: s.config)
    switch action {
    case .journeyEarlier, .journeyLater:
      guard layout.hidden > 0 else { return [] }
      let step = action == .journeyEarlier ? -1 : 1
      j.firstTerm = min(max(0, layout.first + step), layout.hidden)
    case .up: j.offset -= 1
    case .down: j.offset += 1
    case .pageUp: j.offset -= max(1, layout.listRows)
    case .pageDown: j.offset += max(1, layout.listRows)
    case .top: j.offset = 0
    case .bottom: j.offset = layout.lastOffset
    case .recordDevelopment:
      // The form is the family's: it needs the family open beneath.
      guard let d = s.family?.detail, let child = j.journey?.child,
        d.members.contains(where: { $0.meta.id == child.meta.id })
      else { return [] }
      let term = j.journey?.terms.last?.term.name
      return FamilyDevelopment.openForm(d, child: child.reference, term: term, &s)
    default: return []
    }
    j.offset = min(max(0, j.offset), layout.lastOffset)
    return []
  }

  static func render(_ s: AppState, into g: inout CellGrid, rect: Rect) {
    JourneyView.render(s, into: &g, rect: rect)
  }
}
