/// A key press, decoded once from whatever the terminal sent.
public enum Key: Sendable, Hashable {
  /// A printable grapheme (letters, digits, space, CJK, emoji...).
  case character(Character)
  case enter, escape, tab, backTab, backspace, delete
  case up, down, left, right, home, end, pageUp, pageDown
  /// Control plus a key, named by its lower-case letter (`ctrl("c")`), or by
  /// the punctuation that produces it (`ctrl("@")`, `ctrl("]")`).
  case ctrl(Character)
  /// F1...F12 (and beyond, where the terminal reports them).
  case function(Int)
}

/// What the event loop receives: keys, pastes, size changes and clock ticks.
public enum InputEvent: Sendable, Hashable {
  case key(Key)
  /// Text the terminal marked as pasted (bracketed paste), exactly as it
  /// came: it goes into the focused text box and is never run as keys.
  case paste(String)
  case resize(rows: Int, cols: Int)
  /// A periodic wake-up with no input (the loop turns a timeout into this).
  case tick
}

/// Size of the terminal in cells.
public struct TerminalSize: Sendable, Hashable, CustomStringConvertible {
  public var rows: Int
  public var cols: Int

  public init(rows: Int, cols: Int) {
    self.rows = rows
    self.cols = cols
  }

  /// The smallest size the screens are designed for (SPEC: 80×24).
  public static let minimum = TerminalSize(rows: 24, cols: 80)

  /// Whether this size is at least `minimum` in both directions.
  public func fits(_ minimum: TerminalSize = .minimum) -> Bool {
    rows >= minimum.rows && cols >= minimum.cols
  }

  public var description: String { "\(cols)×\(rows)" }
}
