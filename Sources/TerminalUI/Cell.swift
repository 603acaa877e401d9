/// One terminal cell: a grapheme, its display width and its style.
///
/// A wide grapheme (CJK, emoji) sits in a leading cell of width 2 followed by a
/// continuation cell of width 0 that draws nothing; keeping the pair explicit
/// lets the grid and the diff reason about columns exactly as the terminal does.
public struct Cell: Sendable, Hashable {
  public let character: Character
  /// 1 for a normal cell, 2 for the leading half of a wide grapheme, 0 for the
  /// continuation half.
  public let width: Int
  public var style: Style

  /// A cell holding `character`. Anything that is not a single safe printable
  /// grapheme (a control, an escape, a zero-width mark) becomes U+FFFD, so no
  /// cell can ever carry raw control bytes to the terminal.
  public init(_ character: Character, style: Style = .plain) {
    let safe = !character.unicodeScalars.contains(where: Sanitizer.needsEscape)
    let width = safe ? DisplayWidth.of(character) : 0
    if width == 0 {
      self.character = "\u{FFFD}"
      self.width = 1
    } else {
      self.character = character
      self.width = width
    }
    self.style = style
  }

  private init(continuationOf style: Style) {
    self.character = " "
    self.width = 0
    self.style = style
  }

  /// A space in `style`.
  public static func blank(_ style: Style = .plain) -> Cell { Cell(" ", style: style) }

  /// The right half of a wide grapheme.
  public static func continuation(_ style: Style) -> Cell { Cell(continuationOf: style) }

  public static let empty = Cell.blank()

  public var isContinuation: Bool { width == 0 }
  public var isWide: Bool { width == 2 }
}
