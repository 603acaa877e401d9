import TerminalUI

/// Where a binding applies. A screen is made of several contexts, searched
/// from the most specific to `.global`.
public struct KeyContext: Hashable, Sendable {
  public let rawValue: String
  public init(_ rawValue: String) { self.rawValue = rawValue }

  public static let global = KeyContext("global")
  public static let list = KeyContext("list")
  public static let home = KeyContext("home")
  public static let families = KeyContext("families")
  public static let family = KeyContext("family")
  public static let chronology = KeyContext("chronology")
  public static let referrals = KeyContext("referrals")
  public static let actions = KeyContext("actions")
  public static let queue = KeyContext("queue")
  public static let form = KeyContext("form")
  public static let sync = KeyContext("sync")
}

/// One row of the key table: which keys, where, what they do, and how the
/// status line names them (nil keeps the binding out of the status line).
public struct KeyBinding: Hashable, Sendable {
  public var keys: [Key]
  public var context: KeyContext
  public var action: Action
  public var hint: String?

  public init(_ keys: [Key], _ context: KeyContext, _ action: Action, hint: String? = nil) {
    self.keys = keys
    self.context = context
    self.action = action
    self.hint = hint
  }

  /// The keys as the help overlay and status line print them ("j/↓").
  public var keyLabel: String { keys.map(KeyBinding.label).joined(separator: "/") }

  public static func label(_ key: Key) -> String {
    switch key {
    case .character(" "): "Space"
    case .character(let c): String(c)
    case .enter: "Enter"
    case .escape: "Esc"
    case .tab: "Tab"
    case .backTab: "S-Tab"
    case .backspace: "Bksp"
    case .delete: "Del"
    case .up: "↑"
    case .down: "↓"
    case .left: "←"
    case .right: "→"
    case .home: "Home"
    case .end: "End"
    case .pageUp: "PgUp"
    case .pageDown: "PgDn"
    case .ctrl(let c): "^" + String(c).uppercased()
    case .function(let n): "F\(n)"
    }
  }
}

/// The key table. It is data, not code, so that it can later be loaded from
/// the configuration; the help overlay, the status-line hints and the
/// command palette are all generated from it.
public struct KeyMap: Sendable {
  public var bindings: [KeyBinding]

  public init(bindings: [KeyBinding]) { self.bindings = bindings }

  /// The first action bound to `key` in `contexts`, searched in order.
  public func action(for key: Key, in contexts: [KeyContext]) -> Action? {
    for context in contexts {
      if let b = bindings.first(where: { $0.context == context && $0.keys.contains(key) }) { return b.action }
    }
    return nil
  }

  /// The bindings that apply in `contexts`, one per action, most specific first.
  public func bindings(in contexts: [KeyContext]) -> [KeyBinding] {
    var seen = Set<Action>()
    var result: [KeyBinding] = []
    for context in contexts {
      for b in bindings where b.context == context && !seen.contains(b.action) {
        seen.insert(b.action)
        result.append(b)
      }
    }
    return result
  }

  /// Status-line hints for `contexts`, in table order.
  public func hints(in contexts: [KeyContext]) -> [KeyHint] {
    bindings(in: contexts).compactMap { b in b.hint.map { KeyHint(b.keyLabel, $0) } }
  }

  /// Every screen's own keys, then the keys common to all. Screen-specific
  /// bindings come first in the table so the status line leads with what is
  /// particular to the screen.
  /// The keys that open screens from anywhere sit among the common ones,
  /// after back, help and the palette.
  public static let standard: KeyMap = {
    let own = Screens.all.flatMap { $0.bindings }
    return KeyMap(
      bindings: own.filter { $0.context != .global } + common + own.filter { $0.context == .global } + last)
  }()

  static let common: [KeyBinding] = [

    // No hint: at 80 columns it would push "back" off the status line.

    // Its hint shows only while the selected escalation is one that can be reopened.

    KeyBinding([.up, .character("k")], .list, .up),
    KeyBinding([.down, .character("j")], .list, .down),
    KeyBinding([.home, .character("g")], .list, .top),
    KeyBinding([.end, .character("G")], .list, .bottom),
    KeyBinding([.pageUp, .ctrl("b"), .ctrl("u")], .list, .pageUp),
    KeyBinding([.pageDown, .character(" "), .ctrl("f"), .ctrl("d")], .list, .pageDown),

    KeyBinding([.escape, .character("q")], .global, .back, hint: "back"),
    KeyBinding([.character("?"), .function(1)], .global, .help, hint: "help"),
    KeyBinding([.character(":")], .global, .palette),
  ]

  static let last: [KeyBinding] = [
    KeyBinding([.ctrl("r")], .global, .refresh),
    KeyBinding([.character("Q")], .global, .quit, hint: "quit"),
  ]
}
