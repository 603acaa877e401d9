import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// The screens, as a navigation stack of routes; each route's state lives in
/// its own field of `AppState` so that going back finds it as it was left.
public struct Route: Hashable, Sendable, CustomStringConvertible {
  public let rawValue: String
  public init(_ rawValue: String) { self.rawValue = rawValue }
  public var description: String { rawValue }

  public static let starting = Route("starting")
  public static let demoOffer = Route("demoOffer")
  public static let login = Route("login")
  public static let home = Route("home")
  public static let families = Route("families")
  public static let family = Route("family")
  public static let queue = Route("queue")
  public static let form = Route("form")
  public static let sync = Route("sync")
}

/// Something drawn over the current screen that takes the keys first.
public enum Overlay: Sendable {
  /// The keys of the screen; a screen with more keys than fit shows them a page at a time.
  case help(page: Int)
  case palette(PaletteState)
  case prompt(PromptState)
  case confirm(ConfirmState)
  case entry(EntryState)
}

public struct StatusMessage: Hashable, Sendable {
  public var text: String
  public var isError: Bool

  public init(_ text: String, isError: Bool = false) {
    self.text = text
    self.isError = isError
  }
}

/// The whole client as a value. `update` is the only thing that changes it
/// and `view` the only thing that draws it.
public struct AppState: Sendable {
  public var config: Configuration
  public var theme: Theme
  public var keys: KeyMap
  public var size: TerminalSize
  public var now: Date
  /// Where times are shown and typed, and what day "today" is.
  public var zone: DisplayZone
  /// Keys typed before the first screen was ready, kept to act on it.
  public var typeAhead: [Key] = []
  /// Counts ^L presses: the loop repaints every cell when it changes.
  public var repaints = 0
  public var user: User?
  public var users: [User] = []
  public var sync: SyncStatus = .notConfigured
  public var routes: [Route] = [.starting]
  public var canLoadDemo: Bool
  public var credentials: Credentials?

  public var demo = DemoState()
  public var login = LoginState()
  public var home = HomeState()
  public var families = FamiliesState()
  public var family: FamilyState?
  public var queue = QueueState()
  public var syncScreen = SyncScreenState()
  public var form: FormState?
  /// The state of screens that keep it outside the fields above, by type.
  var screenStates: [ObjectIdentifier: any Sendable] = [:]
  public var overlay: Overlay?
  public var message: StatusMessage?
  /// Said with the next "saved" message (how an ambiguous time was taken).
  public var saveNote: String?
  public var shouldQuit = false

  public init(
    config: Configuration, size: TerminalSize, now: Date, theme: Theme = .colour, keys: KeyMap = .standard,
    user: User? = nil, credentials: Credentials? = nil, canLoadDemo: Bool = false, zone: DisplayZone = .utc
  ) {
    self.zone = zone
    self.config = config
    self.theme = theme
    self.keys = keys
    self.size = size
    self.now = now
    self.user = user
    self.credentials = credentials
    self.canLoadDemo = canLoadDemo
  }

  public var route: Route { routes.last ?? .starting }

  public var isSupervisor: Bool { user.map { Permissions.allows($0.role, .decideEscalation) } ?? false }

  public var today: LocalDate { zone.day(now) }

  /// The key contexts of the current screen, most specific first.
  public var keyContexts: [KeyContext] { Screens.screen(for: route)?.keyContexts(self) ?? [] }

  /// Replaces the whole stack, e.g. after logging in.
  mutating func reset(to route: Route) { routes = [route] }

  mutating func push(_ route: Route) {
    if routes.last != route { routes.append(route) }
  }

  mutating func pop() {
    if routes.count > 1 { routes.removeLast() }
  }
}
