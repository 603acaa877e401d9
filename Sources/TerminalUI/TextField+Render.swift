extension TextField {
  /// Bullet shown for each character of a secure field.
  public static let secureBullet: Character = "•"

  /// Draws the field into `rect` and, when `focused`, places the grid's cursor
  /// at the insertion point. One-line fields scroll horizontally to keep the
  /// cursor visible; multi-line fields wrap and scroll vertically.
  public func render(into grid: inout CellGrid, rect: Rect, style: Style = .plain, focused: Bool = false) {
    guard !rect.isEmpty else { return }
    grid.fill(rect, style: style)
    let position =
      isMultiline
      ? renderWrapped(into: &grid, rect: rect, style: style)
      : renderSingleLine(into: &grid, rect: rect, style: style)
    if focused { grid.cursor = position }
  }

  /// What is drawn for one character: a bullet, or its visible form.
  private func glyph(_ character: Character) -> String {
    isSecure ? String(Self.secureBullet) : Sanitizer.visible(String(character))
  }

  private func renderSingleLine(into grid: inout CellGrid, rect: Rect, style: Style) -> GridPosition {
    // Walk back from the cursor only as far as fits (one cell is kept for the
    // cursor itself), so a very long value costs no more than a short one.
    let room = max(0, rect.cols - 1)
    var start = cursor
    var used = 0
    while start > 0 {
      let w = DisplayWidth.of(glyph(characters[start - 1]))
      if used + w > room { break }
      used += w
      start -= 1
    }
    var x = rect.col
    var index = start
    while index < characters.count, x < rect.right {
      let text = glyph(characters[index])
      let w = DisplayWidth.of(text)
      if x + w > rect.right { break }
      grid.put(text: text, row: rect.row, col: x, style: style, maxWidth: rect.right - x)
      x += w
      index += 1
    }
    return GridPosition(row: rect.row, col: min(rect.col + used, rect.right - 1))
  }

  private func renderWrapped(into grid: inout CellGrid, rect: Rect, style: Style) -> GridPosition {
    // Lay out every character into visual rows (soft wrap at the field width),
    // remembering where the cursor lands, then show the rows around it.
    var rows: [[String]] = [[]]
    var column = 0
    var cursorRow = 0
    var cursorCol = 0
    for (index, character) in characters.enumerated() {
      if index == cursor {
        cursorRow = rows.count - 1
        cursorCol = column
      }
      if character == "\n" {
        rows.append([])
        column = 0
        continue
      }
      let text = glyph(character)
      let w = DisplayWidth.of(text)
      if column + w > rect.cols {
        rows.append([])
        column = 0
        if index == cursor {
          cursorRow = rows.count - 1
          cursorCol = 0
        }
      }
      rows[rows.count - 1].append(text)
      column += w
    }
    if cursor == characters.count {
      if column >= rect.cols {
        rows.append([])
        column = 0
      }
      cursorRow = rows.count - 1
      cursorCol = column
    }
    let first = max(0, cursorRow - rect.rows + 1)
    for (offset, pieces) in rows[first..<min(rows.count, first + rect.rows)].enumerated() {
      grid.put(
        text: pieces.joined(), row: rect.row + offset, col: rect.col, style: style, maxWidth: rect.cols)
    }
    return GridPosition(row: rect.row + cursorRow - first, col: rect.col + min(cursorCol, rect.cols - 1))
  }
}
