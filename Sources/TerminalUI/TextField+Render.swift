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

  // Text is drawn in units of whole graphemes, where a grapheme ending in a
  // joiner goes with the next when the terminal glues them into one cell
  // (Sinhala `ශ්‍` + `රී`, see `TerminalGraphemes`): drawn apart, the joiner
  // would be left alone and shown as an escape.

  private func gluesToNext(_ index: Int) -> Bool {
    !isSecure && index + 1 < characters.count && characters[index].unicodeScalars.last?.value == 0x200D
      && !characters[index + 1].isASCII
  }

  private func unitStart(endingAt end: Int) -> Int {
    var start = end - 1
    while start > 0 && gluesToNext(start - 1) { start -= 1 }
    return start
  }

  private func unitEnd(startingAt start: Int) -> Int {
    var end = start + 1
    while end < characters.count && gluesToNext(end - 1) { end += 1 }
    return end
  }

  /// What is drawn for `range`: bullets, or its visible form.
  private func unitText(_ range: Range<Int>) -> String {
    if isSecure { return String(repeating: Self.secureBullet, count: range.count) }
    return Sanitizer.visible(String(characters[range]))
  }

  /// The cursor as drawn: after the unit when it sits inside one.
  private var drawnCursor: Int {
    var at = cursor
    while at > 0 && at < characters.count && gluesToNext(at - 1) { at += 1 }
    return at
  }

  private func renderSingleLine(into grid: inout CellGrid, rect: Rect, style: Style) -> GridPosition {
    // Walk back from the cursor only as far as fits (one cell is kept for the
    // cursor itself), so a very long value costs no more than a short one.
    let room = max(0, rect.cols - 1)
    var start = drawnCursor
    var used = 0
    while start > 0 {
      let unitStart = unitStart(endingAt: start)
      let w = DisplayWidth.of(unitText(unitStart..<start))
      if used + w > room { break }
      used += w
      start = unitStart
    }
    var x = rect.col
    var index = start
    while index < characters.count, x < rect.right {
      let end = unitEnd(startingAt: index)
      let text = unitText(index..<end)
      let w = DisplayWidth.of(text)
      if x + w > rect.right { break }
      grid.put(text: text, row: rect.row, col: x, style: style, maxWidth: rect.right - x)
      x += w
      index = end
    }
    return GridPosition(row: rect.row, col: min(rect.col + used, rect.right - 1))
  }

  private func renderWrapped(into grid: inout CellGrid, rect: Rect, style: Style) -> GridPosition {
    // Lay out every unit into visual rows (soft wrap at the field width),
    // remembering where the cursor lands, then show the rows around it.
    var rows: [[String]] = [[]]
    var column = 0
    var cursorRow = 0
    var cursorCol = 0
    let cursor = drawnCursor
    var index = 0
    while index < characters.count {
      let end = unitEnd(startingAt: index)
      defer { index = end }
      if index == cursor {
        cursorRow = rows.count - 1
        cursorCol = column
      }
      if characters[index] == "\n" {
        rows.append([])
        column = 0
        continue
      }
      let text = unitText(index..<end)
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
