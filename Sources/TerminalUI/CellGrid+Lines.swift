/// Characters used to draw frames and rules.
public struct BorderCharacters: Sendable, Hashable {
  public var horizontal: Character
  public var vertical: Character
  public var topLeft: Character
  public var topRight: Character
  public var bottomLeft: Character
  public var bottomRight: Character

  public init(
    horizontal: Character, vertical: Character, topLeft: Character, topRight: Character,
    bottomLeft: Character, bottomRight: Character
  ) {
    self.horizontal = horizontal
    self.vertical = vertical
    self.topLeft = topLeft
    self.topRight = topRight
    self.bottomLeft = bottomLeft
    self.bottomRight = bottomRight
  }

  /// Unicode light box drawing (the default; every UTF-8 terminal has it).
  public static let single = BorderCharacters(
    horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘")

  /// Plain ASCII, for terminals or fonts without box drawing glyphs.
  public static let ascii = BorderCharacters(
    horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+")
}

extension CellGrid {
  /// Draws a horizontal rule of `length` cells.
  public mutating func horizontalLine(
    row: Int, col: Int, length: Int, character: Character = "─", style: Style = .plain
  ) {
    fill(Rect(row: row, col: col, rows: 1, cols: length), with: character, style: style)
  }

  /// Draws a vertical rule of `length` cells.
  public mutating func verticalLine(
    row: Int, col: Int, length: Int, character: Character = "│", style: Style = .plain
  ) {
    fill(Rect(row: row, col: col, rows: length, cols: 1), with: character, style: style)
  }

  /// Draws a frame on the edge of `rect`, with an optional title in the top
  /// edge, and returns the inner area.
  @discardableResult
  public mutating func drawBox(
    _ rect: Rect, style: Style = .plain, title: String? = nil, titleStyle: Style? = nil,
    border: BorderCharacters = .single
  ) -> Rect {
    guard rect.rows >= 2, rect.cols >= 2 else { return Rect(row: rect.row, col: rect.col, rows: 0, cols: 0) }
    let last = rect.right - 1
    let bottom = rect.bottom - 1
    horizontalLine(
      row: rect.row, col: rect.col + 1, length: rect.cols - 2, character: border.horizontal, style: style)
    horizontalLine(
      row: bottom, col: rect.col + 1, length: rect.cols - 2, character: border.horizontal, style: style)
    verticalLine(
      row: rect.row + 1, col: rect.col, length: rect.rows - 2, character: border.vertical, style: style)
    verticalLine(
      row: rect.row + 1, col: last, length: rect.rows - 2, character: border.vertical, style: style)
    set(Cell(border.topLeft, style: style), row: rect.row, col: rect.col)
    set(Cell(border.topRight, style: style), row: rect.row, col: last)
    set(Cell(border.bottomLeft, style: style), row: bottom, col: rect.col)
    set(Cell(border.bottomRight, style: style), row: bottom, col: last)
    if let title, !title.isEmpty, rect.cols >= 7 {
      let text = " " + DisplayWidth.truncate(Sanitizer.visible(title), toWidth: rect.cols - 6) + " "
      put(text: text, row: rect.row, col: rect.col + 2, style: titleStyle ?? style, maxWidth: rect.cols - 4)
    }
    return rect.inset(by: 1)
  }
}
