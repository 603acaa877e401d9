import StartWellCore
import StartWellStore
import TerminalUI

/// The cohort shown: which hub (nil for every hub, offered to admins),
/// which term (nil until the first read finds the latest term with
/// records), and what was read.
struct CohortState: ScreenState {
  var chosen = false
  var hub: String?
  var term: String?
  var cohort: DevelopmentCohort?
  var loaded = false
  /// The first line shown when the charts do not fit.
  var offset = 0

  var filter: [String: String] { ["hub": hub ?? "", "term": term ?? ""] }
}

extension Route {
  static let cohort = Route("cohort")
}

extension KeyContext {
  static let cohort = KeyContext("cohort")
}

extension Action {
  static let goCohort = Action("go-cohort", "Development cohort of a hub and term")
  static let cohortHub = Action("cohort-hub", "Cohort: show the next hub")
  static let cohortEarlier = Action("cohort-earlier", "Cohort: the previous term")
  static let cohortLater = Action("cohort-later", "Cohort: the next term")
}

/// A hub's children in a term: how many stand at each WellComm band and
/// each rating, drawn as bars, and how the bands moved since the term
/// before. Every number is `Store.cohort`'s.
enum CohortScreen: Screen {
  static let route = Route.cohort
  static let goAction: Action? = .goCohort
  static let bindings: [KeyBinding] = [
    KeyBinding([.character("h")], .cohort, .cohortHub, hint: "hub"),
    KeyBinding([.character("[")], .cohort, .cohortEarlier, hint: "earlier"),
    KeyBinding([.character("]")], .cohort, .cohortLater, hint: "later"),
    KeyBinding([.character("D")], .global, .goCohort),
  ]

  static func keyContexts(_ s: AppState) -> [KeyContext] { [.cohort, .list, .global] }

  /// The hubs `h` cycles through: the user's own, and for an admin every
  /// hub and then all of them together (nil).
  static func hubs(_ s: AppState) -> [String?] {
    guard let user = s.user else { return [] }
    if user.role == .admin { return s.config.hubs.map(\.id) + [nil] }
    return user.hubs
  }

  static func refusal(_ s: AppState) -> String? {
    guard let user = s.user, Permissions.allows(user.role, .viewFamilies) else {
      return "The cohort is for staff who see families."
    }
    return nil
  }

  static func reload(_ s: inout AppState) -> [Effect] {
    var c = s.screenState(CohortState.self)
    if !c.chosen {
      c.chosen = true
      c.hub = s.user?.hubs.first ?? hubs(s).first ?? nil
      s.setScreenState(c)
    }
    return [request(c.filter)]
  }

  static func load(_ request: ScreenRequest, _ c: ScreenLoadContext) throws -> any Sendable {
    let hub = request.filter["hub"].flatMap { $0.isEmpty ? nil : $0 }
    if let term = request.filter["term"], !term.isEmpty {
      return try c.store.cohort(hub: hub, term: term, as: c.user)
    }
    // No term chosen: the latest term with records, going back from today's.
    let terms = c.store.config.terms
    var term = terms.latestTerm(onOrBefore: c.today)
    var first: DevelopmentCohort?
    while let t = term {
      let cohort = try c.store.cohort(hub: hub, term: t.name, as: c.user)
      if first == nil { first = cohort }
      if cohort.children > 0 { return cohort }
      term = terms.previous(t)
    }
    guard let first else { throw DomainError.notFound("a school term up to today in terms.json") }
    return first
  }

  static func loaded(_ data: any Sendable, request: ScreenRequest, _ s: inout AppState) -> [Effect] {
    var c = s.screenState(CohortState.self)
    guard let cohort = data as? DevelopmentCohort, request.filter == c.filter else { return [] }
    c.cohort = cohort
    c.term = cohort.term.name
    c.loaded = true
    s.setScreenState(c)
    return []
  }

  static func perform(_ action: Action, _ s: inout AppState) -> [Effect] {
    var c = s.screenState(CohortState.self)
    defer { s.setScreenState(c) }
    switch action {
    case .cohortHub:
      let options = hubs(s)
      guard options.count > 1 else {
        s.message = StatusMessage("You see one hub's cohort only.")
        return []
      }
      let i = options.firstIndex { $0 == c.hub } ?? -1
      c.hub = options[(i + 1) % options.count]
    case .cohortEarlier, .cohortLater:
      let terms = s.config.terms
      guard let now = c.cohort?.term else { return [] }
      let next = action == .cohortEarlier ? terms.previous(now) : terms.next(now)
      guard let next, next.start <= s.today else {
        s.message = StatusMessage(
          action == .cohortEarlier
            ? "No earlier term is configured." : "\(now.name) is the latest term so far.")
        return []
      }
      c.term = next.name
    case .up, .down, .pageUp, .pageDown, .top, .bottom:
      let page = max(1, Chrome.body(s.size).rows - 3)
      switch action {
      case .up: c.offset -= 1
      case .down: c.offset += 1
      case .pageUp: c.offset -= page
      case .pageDown: c.offset += page
      case .top: c.offset = 0
      default: c.offset = Int.max / 2
      }
      c.offset = max(0, min(c.offset, CohortView.lastOffset(c, s)))
      return []
    default: return []
    }
    c.loaded = false
    c.offset = 0
    return [request(c.filter)]
  }

  static func render(_ s: AppState, into g: inout CellGrid, rect: Rect) {
    CohortView.render(s, into: &g, rect: rect)
  }
}
