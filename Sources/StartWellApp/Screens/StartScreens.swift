import StartWellCore
import TerminalUI

/// Loading demo data into an empty store, offered on first run.
public struct DemoState: Hashable, Sendable {
  public var loading = false
  public var done = 0
  public var total = 0
  public var error: String?
}

/// The first screens: waiting for the store, and the empty-store offer.
enum StartScreens {
  static let families = 2_000
  static let seed: UInt64 = 1

  static func handleDemoOffer(_ key: Key, _ s: inout AppState) -> [Effect] {
    guard !s.demo.loading else { return [] }
    switch key {
    case .character("y"), .character("Y"):
      s.demo = DemoState(loading: true, done: 0, total: families)
      return [.loadDemo]
    case .character("n"), .character("N"), .escape:
      s.reset(to: .login)
      s.login.error = "The store is empty: no one can log in until users are added (startwell init)."
      return []
    case .character("Q"), .character("q"):
      s.shouldQuit = true
      return []
    default:
      return []
    }
  }

  static func render(_ s: AppState, into g: inout CellGrid, rect: Rect) {
    let theme = s.theme
    var lines: [(String, ThemeRole)] = []
    switch s.route {
    case .starting:
      lines = [("Opening the store…", .dim)]
    default:
      if s.demo.loading {
        let percent = s.demo.total > 0 ? s.demo.done * 100 / s.demo.total : 0
        lines = [
          (
            "Loading demo data: \(Format.count(s.demo.done)) of \(Format.count(s.demo.total)) families (\(percent)%)",
            .title
          ),
          (progressBar(done: s.demo.done, total: s.demo.total, width: 40), .accent),
          ("You can log in when it is done.", .dim),
        ]
      } else if let error = s.demo.error {
        lines = [("Loading demo data failed: \(error)", .error), ("Load demo data? (y/n)", .title)]
      } else {
        lines = [
          ("This store has no data. Load demo data? (y/n)", .title),
          ("Demo data: \(Format.count(families)) made-up families across the five hubs, with", .normal),
          ("users practitioner1, supervisor1 and others (password: demo).", .normal),
        ]
      }
    }
    let top = rect.row + max(0, (rect.rows - lines.count) / 2)
    for (i, (text, role)) in lines.enumerated() {
      let w = min(rect.cols, DisplayWidth.of(text))
      g.put(
        text: text, row: top + i, col: rect.col + max(0, (rect.cols - w) / 2), style: theme[role],
        maxWidth: rect.cols)
    }
  }

  static func progressBar(done: Int, total: Int, width: Int) -> String {
    let filled = total > 0 ? min(width, done * width / total) : 0
    return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
  }
}

/// While the store is being opened: keys are kept to act on the first screen.
enum StartingScreen: Screen {
  static let route = Route.starting

  static func render(_ s: AppState, into g: inout CellGrid, rect: Rect) {
    StartScreens.render(s, into: &g, rect: rect)
  }

  static func handleKey(_ key: Key, _ s: inout AppState) -> [Effect]? {
    if key == .character("Q") {
      s.shouldQuit = true
    } else if s.typeAhead.count < 64 {
      s.typeAhead.append(key)
    }
    return []
  }
}

/// The offer of demo data on an empty store.
enum DemoOfferScreen: Screen {
  static let route = Route.demoOffer

  static func render(_ s: AppState, into g: inout CellGrid, rect: Rect) {
    StartScreens.render(s, into: &g, rect: rect)
  }

  static func handleKey(_ key: Key, _ s: inout AppState) -> [Effect]? {
    StartScreens.handleDemoOffer(key, &s)
  }
}
