import TerminalUI

/// Where a binding applies. A screen is made of several contexts, searched
/// from the most specific to `.global`.
public enum KeyContext: String, Hashable, Sendable, CaseIterable {
  case global, list, home, families, family, chronology, referrals, actions, queue, form, sync
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

  public static let standard = KeyMap(bindings: [
    // Screen-specific bindings come first in the table so the status line
    // leads with what is particular to the screen.
    KeyBinding([.enter], .home, .open, hint: "open"),
    KeyBinding([.tab], .home, .nextPane, hint: "pane"),
    KeyBinding([.backTab], .home, .previousPane),
    KeyBinding([.character("/")], .home, .search, hint: "search"),

    KeyBinding([.character("/")], .families, .search, hint: "search"),
    KeyBinding([.enter], .families, .open, hint: "open"),
    KeyBinding([.character("f")], .families, .filter, hint: "filter"),
    KeyBinding([.character("s")], .families, .sortNext, hint: "sort"),
    KeyBinding([.character("S")], .families, .sortReverse),
    KeyBinding([.character("x")], .families, .clearFilters),
    KeyBinding([.character("m")], .families, .quickMine),
    KeyBinding([.character("u")], .families, .quickHuddle),
    KeyBinding([.character("v")], .families, .quickReviewOverdue),
    KeyBinding([.character("a")], .families, .addFamily, hint: "add"),
    KeyBinding([.character("n")], .families, .nextMatch),
    KeyBinding([.character("N")], .families, .previousMatch),
    KeyBinding([.tab], .families, .nextPane),

    KeyBinding([.enter], .chronology, .open, hint: "entry"),
    KeyBinding([.character("/")], .chronology, .search, hint: "find"),
    KeyBinding([.character("n")], .chronology, .nextMatch),
    KeyBinding([.character("N")], .chronology, .previousMatch),
    // No hint: at 80 columns it would push "back" off the status line.
    KeyBinding([.character("x")], .chronology, .contactInError),
    KeyBinding([.enter, .character("a")], .referrals, .advanceReferral, hint: "advance"),
    KeyBinding([.enter, .character("d")], .actions, .markDone, hint: "done"),

    KeyBinding([.character("c")], .family, .logContact, hint: "contact"),
    KeyBinding([.character("e")], .family, .escalate, hint: "escalate"),
    KeyBinding([.character("r")], .family, .newReferral, hint: "referral"),
    KeyBinding([.character("p")], .family, .addPerson),
    KeyBinding([.character("h")], .family, .toggleHuddle),
    KeyBinding([.character("C")], .family, .recordConsent),
    KeyBinding([.character("R")], .family, .overrideRisk),
    KeyBinding([.character("o")], .family, .reopenEscalation),
    KeyBinding([.character("f")], .family, .editFamily),
    KeyBinding([.character("P")], .family, .editPerson),
    KeyBinding([.character("b")], .family, .recordBirth),
    KeyBinding([.character("l")], .family, .changeLead),
    KeyBinding([.character("v")], .family, .setReview),
    KeyBinding([.character("m")], .family, .moveFamily),
    KeyBinding([.character("X")], .family, .closeCase),
    KeyBinding([.character("O")], .family, .reopenCase),
    KeyBinding([.tab], .family, .nextPane, hint: "tab"),
    KeyBinding([.backTab], .family, .previousPane),
    KeyBinding([.character("1")], .family, .tabOverview),
    KeyBinding([.character("2")], .family, .tabChronology),
    KeyBinding([.character("3")], .family, .tabReferrals),
    KeyBinding([.character("4")], .family, .tabDevelopment),
    KeyBinding([.character("5")], .family, .tabActions),

    KeyBinding([.character("a")], .queue, .acknowledge, hint: "ack"),
    KeyBinding([.character("A")], .queue, .accept, hint: "accept"),
    KeyBinding([.character("d")], .queue, .decline, hint: "decline"),
    KeyBinding([.character("s")], .queue, .stepDown, hint: "step down"),
    // Its hint shows only while the selected escalation is one that can be reopened.
    KeyBinding([.character("o")], .queue, .reopenEscalation, hint: "reopen"),
    KeyBinding([.enter], .queue, .open, hint: "family"),

    KeyBinding([.character("m")], .sync, .keepMine, hint: "keep mine"),
    KeyBinding([.character("t")], .sync, .keepTheirs, hint: "keep theirs"),
    KeyBinding([.character("v")], .sync, .chooseValue, hint: "choose"),
    KeyBinding([.character("s")], .sync, .syncNow, hint: "sync now"),
    KeyBinding([.enter], .sync, .open, hint: "family"),

    KeyBinding([.ctrl("o")], .form, .save, hint: "save"),
    KeyBinding([.tab, .down], .form, .nextField, hint: "next"),
    KeyBinding([.backTab, .up], .form, .previousField),
    KeyBinding([.escape], .form, .back, hint: "cancel"),
    KeyBinding([.function(1)], .form, .help, hint: "help"),

    KeyBinding([.up, .character("k")], .list, .up),
    KeyBinding([.down, .character("j")], .list, .down),
    KeyBinding([.home, .character("g")], .list, .top),
    KeyBinding([.end, .character("G")], .list, .bottom),
    KeyBinding([.pageUp, .ctrl("b"), .ctrl("u")], .list, .pageUp),
    KeyBinding([.pageDown, .character(" "), .ctrl("f"), .ctrl("d")], .list, .pageDown),

    KeyBinding([.escape, .character("q")], .global, .back, hint: "back"),
    KeyBinding([.character("?"), .function(1)], .global, .help, hint: "help"),
    KeyBinding([.character(":")], .global, .palette),
    KeyBinding([.character("H")], .global, .goHome),
    KeyBinding([.character("F")], .global, .goFamilies),
    KeyBinding([.character("E")], .global, .goQueue),
    KeyBinding([.character("y")], .global, .goSync),
    KeyBinding([.ctrl("r")], .global, .refresh),
    KeyBinding([.character("Q")], .global, .quit, hint: "quit"),
  ])
}
