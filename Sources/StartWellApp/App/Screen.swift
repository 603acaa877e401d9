import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// One screen of the client: how it is drawn, which keys it answers, and
/// what it reads from the store.
///
/// A new screen is one file with a type conforming to this, plus one line in
/// `Screens.all`. Drawing, the key table, the palette, help, refreshing,
/// going back and the refresh after a sync all find the screen through that
/// list, so none of them needs an edit.
protocol Screen {
  static var route: Route { get }
  /// The key-table rows particular to this screen. A row in `.global` (the
  /// key that opens the screen) applies everywhere.
  static var bindings: [KeyBinding] { get }
  /// The action that opens the screen from anywhere, if one does.
  static var goAction: Action? { get }
  /// The screen's key contexts, most specific first, for what it shows now.
  static func keyContexts(_ s: AppState) -> [KeyContext]
  static func render(_ s: AppState, into g: inout CellGrid, rect: Rect)
  /// A key before the key table looks at it: a screen with a focused text
  /// box takes keys first. nil leaves the key to the table.
  static func handleKey(_ key: Key, _ s: inout AppState) -> [Effect]?
  static func perform(_ action: Action, _ s: inout AppState) -> [Effect]
  /// Opens the screen (its go-to action, or a link from another screen).
  static func show(_ s: inout AppState) -> [Effect]
  /// Why this user may not open the screen, or nil.
  static func refusal(_ s: AppState) -> String?
  /// What a refresh (^R) reads.
  static func reload(_ s: inout AppState) -> [Effect]
  /// What coming back to the screen reads (a save may have changed it).
  static func reappear(_ s: inout AppState) -> [Effect]
  /// What a sync that changed records reads for this screen, wherever it
  /// is in the stack.
  static func afterSync(_ s: inout AppState) -> [Effect]
  /// The screen's read, for a screen without an effect of its own: it runs
  /// on the effect runner's queue, off the drawing loop.
  static func load(_ request: ScreenRequest, _ context: ScreenLoadContext) throws -> any Sendable
  /// The result of `load`, back on the loop.
  static func loaded(_ data: any Sendable, request: ScreenRequest, _ s: inout AppState) -> [Effect]
  /// Turns one of the screen's forms (`FormKind.screen`) into a write, or
  /// the issues that keep it from saving.
  static func submit(_ form: FormState, _ request: ScreenRequest, _ s: AppState) -> FormOutcome
  /// The screen's write, on the effect runner's queue, in one store
  /// transaction; it returns the sentence that says what was done.
  static func save(_ request: ScreenRequest, _ context: ScreenLoadContext) throws -> String
  /// What a finished write reloads.
  static func saved(_ request: ScreenRequest, _ s: inout AppState) -> [Effect]
}

extension Screen {
  static var bindings: [KeyBinding] { [] }
  static var goAction: Action? { nil }
  static func keyContexts(_ s: AppState) -> [KeyContext] { [] }
  static func handleKey(_ key: Key, _ s: inout AppState) -> [Effect]? { nil }
  static func perform(_ action: Action, _ s: inout AppState) -> [Effect] { [] }
  static func show(_ s: inout AppState) -> [Effect] { Screens.show(self, &s) }
  static func refusal(_ s: AppState) -> String? { nil }
  static func reload(_ s: inout AppState) -> [Effect] { [] }
  static func reappear(_ s: inout AppState) -> [Effect] { reload(&s) }
  static func afterSync(_ s: inout AppState) -> [Effect] { s.route == route ? reload(&s) : [] }
  static func load(_ request: ScreenRequest, _ context: ScreenLoadContext) throws -> any Sendable { () }
  static func loaded(_ data: any Sendable, request: ScreenRequest, _ s: inout AppState) -> [Effect] { [] }
  static func submit(_ form: FormState, _ request: ScreenRequest, _ s: AppState) -> FormOutcome {
    .invalid([], "This form cannot be saved here.")
  }
  static func save(_ request: ScreenRequest, _ context: ScreenLoadContext) throws -> String {
    throw DomainError.notFound("nothing to save on this screen")
  }
  static func saved(_ request: ScreenRequest, _ s: inout AppState) -> [Effect] { reload(&s) }

  /// The generic read of this screen, with `filter` saying what to read.
  static func request(_ filter: [String: String] = [:]) -> Effect {
    .loadScreen(ScreenRequest(route: route, filter: filter))
  }
}

/// A screen's read: which screen, and its filter (the screen's own words).
public struct ScreenRequest: Hashable, Sendable {
  public var route: Route
  public var filter: [String: String]

  public init(route: Route, filter: [String: String] = [:]) {
    self.route = route
    self.filter = filter
  }
}

/// What a screen's read may use.
public struct ScreenLoadContext: Sendable {
  public let store: Store
  public let user: User
  public let today: LocalDate
}

/// The state of a screen registered without a field of its own in `AppState`.
protocol ScreenState: Sendable {
  init()
}

extension AppState {
  /// The state of a screen, or a fresh one if it has not been shown.
  func screenState<T: ScreenState>(_ type: T.Type = T.self) -> T {
    screenStates[ObjectIdentifier(type)] as? T ?? T()
  }

  mutating func setScreenState<T: ScreenState>(_ state: T) {
    screenStates[ObjectIdentifier(T.self)] = state
  }
}

/// Every screen of the client, in the order their keys appear in the key table.
enum Screens {
  static let all: [any Screen.Type] = [
    StartingScreen.self, DemoOfferScreen.self, LoginScreen.self, HomeScreen.self, FamiliesScreen.self,
    FamilyScreen.self, QueueScreen.self, SyncScreen.self, NetScreen.self, HuddleScreen.self,
    LeadHomeScreen.self, SupervisorHomeScreen.self, SupervisionListScreen.self, JourneyScreen.self,
    CohortScreen.self, IntakeScreen.self, TriageScreen.self, ReportScreen.self,
    FormScreen.self,
  ]

  private static let byRoute: [Route: any Screen.Type] = Dictionary(
    uniqueKeysWithValues: all.map { ($0.route, $0) })

  static func screen(for route: Route) -> (any Screen.Type)? { byRoute[route] }

  /// The screen a "go to" action opens.
  static func screen(opening action: Action) -> (any Screen.Type)? {
    all.first { $0.goAction == action }
  }

  /// Every action a screen's keys or the common keys can ask for.
  static var actions: [Action] {
    var seen = Set<Action>()
    return KeyMap.standard.bindings.map(\.action).filter { seen.insert($0).inserted }
  }

  /// Shows `screen`: back to it if it is already in the stack, else on top.
  static func show(_ screen: any Screen.Type, _ s: inout AppState) -> [Effect] {
    if let why = screen.refusal(s) {
      s.message = StatusMessage(why, isError: true)
      return []
    }
    if let i = s.routes.lastIndex(of: screen.route) {
      s.routes.removeSubrange((i + 1)...)
    } else {
      s.push(screen.route)
    }
    return screen.reappear(&s)
  }
}
