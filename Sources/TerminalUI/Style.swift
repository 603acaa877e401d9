/// One of the eight basic terminal colours, or the terminal's own default.
///
/// Only the basic eight are used so every theme also works on 8-colour
/// terminals; `default` lets the user's background show through.
public enum TerminalColor: Int, Sendable, Hashable, CaseIterable {
  case `default` = -1
  case black = 0, red, green, yellow, blue, magenta, cyan, white
}

/// How a cell is drawn: colours plus attributes.
public struct Style: Sendable, Hashable {
  public var foreground: TerminalColor
  public var background: TerminalColor
  public var bold: Bool
  public var reverse: Bool
  public var underline: Bool
  public var dim: Bool

  public init(
    foreground: TerminalColor = .default, background: TerminalColor = .default,
    bold: Bool = false, reverse: Bool = false, underline: Bool = false, dim: Bool = false
  ) {
    self.foreground = foreground
    self.background = background
    self.bold = bold
    self.reverse = reverse
    self.underline = underline
    self.dim = dim
  }

  /// Default colours, no attributes.
  public static let plain = Style()

  /// Whether the style uses any colour (monochrome themes never do).
  public var hasColor: Bool { foreground != .default || background != .default }

  // Builders so styles read naturally: `Style(foreground: .red).bolded()`.
  public func bolded(_ on: Bool = true) -> Style { with { $0.bold = on } }
  public func reversed(_ on: Bool = true) -> Style { with { $0.reverse = on } }
  public func underlined(_ on: Bool = true) -> Style { with { $0.underline = on } }
  public func dimmed(_ on: Bool = true) -> Style { with { $0.dim = on } }
  public func foreground(_ color: TerminalColor) -> Style { with { $0.foreground = color } }
  public func background(_ color: TerminalColor) -> Style { with { $0.background = color } }

  private func with(_ change: (inout Style) -> Void) -> Style {
    var copy = self
    change(&copy)
    return copy
  }
}
