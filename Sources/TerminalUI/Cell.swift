/// One terminal cell: a grapheme, its display width and its style.
///
/// A wide grapheme (CJK, emoji, or an emoji with a skin tone, which
/// terminals draw as two emoji) sits in a leading cell of its full width
/// followed by continuation cells of width 0 that draw nothing; keeping them
/// explicit lets the grid and the diff reason about columns exactly as the
/// terminal does.
public struct Cell: Sendable, Hashable {
  /// The grapheme: usually one `Character`, or two glued by a joiner (see
  /// `TerminalGraphemes`). Every code point of it is drawn.
  public let character: String
  /// Cells the grapheme covers for a leading cell, 0 for a continuation.
  public let width: Int
  public var style: Style

  /// A cell holding `grapheme`. Anything that is not safe, shown text (a
  /// control, or a zero-width mark with nothing to sit on) becomes U+FFFD, so
  /// no cell can ever carry raw control bytes to the terminal.
  public init(_ grapheme: String, style: Style = .plain) {
    let safe = !grapheme.isEmpty && Sanitizer.visible(grapheme) == grapheme
    let width = safe ? DisplayWidth.width(ofShown: grapheme.unicodeScalars) : 0
    if width == 0 || !safe {
      self.character = "\u{FFFD}"
      self.width = 1
    } else {
      self.character = grapheme
      self.width = width
    }
    self.style = style
  }

  public init(_ character: Character, style: Style = .plain) {
    self.init(String(character), style: style)
  }

  private init(continuationOf style: Style) {
    self.character = " "
    self.width = 0
    self.style = style
  }

  /// A space in `style`.
  public static func blank(_ style: Style = .plain) -> Cell { Cell(" " as Character, style: style) }

  /// The continuation of a wide grapheme.
  public static func continuation(_ style: Style) -> Cell { Cell(continuationOf: style) }

  public static let empty = Cell.blank()

  /// Cells are equal only when they hold the same code points. Swift's own
  /// `==` on text holds `ễ` precomposed and decomposed equal, so a frame diff
  /// would leave one on screen where the other is stored.
  public static func == (a: Cell, b: Cell) -> Bool {
    a.width == b.width && a.style == b.style && a.character.utf8.elementsEqual(b.character.utf8)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(width)
    hasher.combine(style)
    for byte in character.utf8 { hasher.combine(byte) }
  }

  public var isContinuation: Bool { width == 0 }
  public var isWide: Bool { width >= 2 }
}
