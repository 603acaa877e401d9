/// A rows × cols screen image that views draw into.
///
/// Views are pure functions from state to a `CellGrid`; the backend diffs
/// successive grids and writes only what changed. The grid keeps wide
/// graphemes consistent: a wide grapheme always has its continuation cell, and
/// overwriting either half of one blanks the other half, so the terminal never
/// shows half a character.
public struct CellGrid: Sendable, Hashable {
  public let rows: Int
  public let cols: Int
  private var storage: [Cell]
  /// Where the terminal cursor should be shown (a focused text field), or nil
  /// to hide it.
  public var cursor: GridPosition?

  public init(rows: Int, cols: Int, fill: Cell = .empty) {
    self.rows = max(0, rows)
    self.cols = max(0, cols)
    let blank = fill.isContinuation || fill.isWide ? Cell.empty : fill
    self.storage = Array(repeating: blank, count: self.rows * self.cols)
  }

  public init(size: TerminalSize) { self.init(rows: size.rows, cols: size.cols) }

  public var size: TerminalSize { TerminalSize(rows: rows, cols: cols) }
  public var bounds: Rect { Rect(row: 0, col: 0, rows: rows, cols: cols) }

  /// The cell at (`row`, `col`). Reading out of range returns a blank cell.
  public subscript(row: Int, col: Int) -> Cell {
    guard contains(row: row, col: col) else { return .empty }
    return storage[row * cols + col]
  }

  /// One row of cells.
  public func row(_ row: Int) -> ArraySlice<Cell> {
    guard row >= 0, row < rows else { return [] }
    return storage[row * cols..<(row + 1) * cols]
  }

  public func contains(row: Int, col: Int) -> Bool {
    row >= 0 && row < rows && col >= 0 && col < cols
  }

  /// Writes `text` starting at (`row`, `col`) and returns the columns used.
  ///
  /// The text is always passed through `Sanitizer.visible` first. Writing
  /// stops at the grid edge or after `maxWidth` columns; a wide grapheme that
  /// would straddle that limit is replaced by spaces. Every code point of
  /// each grapheme written is kept in its cell.
  @discardableResult
  public mutating func put(text: String, row: Int, col: Int, style: Style = .plain, maxWidth: Int? = nil)
    -> Int
  {
    guard row >= 0, row < rows, col >= 0, col < cols else { return 0 }
    let limit = min(cols, col + max(0, maxWidth ?? cols))
    var x = col
    for unit in TerminalGraphemes.units(Sanitizer.visible(text)) {
      let width = TerminalGraphemes.width(of: unit)
      if x + width > limit {
        // Never half a grapheme: blank what is left instead.
        for blankCol in x..<limit { set(.blank(style), row: row, col: blankCol) }
        x = limit
        break
      }
      set(Cell(String(unit), style: style), row: row, col: x)
      x += width
    }
    return x - col
  }

  /// Places one cell, keeping wide graphemes whole. A wide cell that would
  /// run off the right edge becomes spaces.
  public mutating func set(_ cell: Cell, row: Int, col: Int) {
    guard contains(row: row, col: col), !cell.isContinuation else { return }
    let end = col + cell.width
    guard end <= cols else {
      for c in col..<cols { set(.blank(cell.style), row: row, col: c) }
      return
    }
    for c in col..<end { breakWide(row: row, col: c) }
    storage[row * cols + col] = cell
    for c in (col + 1)..<max(col + 1, end) { storage[row * cols + c] = .continuation(cell.style) }
  }

  /// Changes only the style of the cells in `rect` (e.g. to highlight a row).
  public mutating func applyStyle(_ style: Style, in rect: Rect) {
    let area = rect.intersection(bounds)
    for r in area.row..<area.bottom {
      for c in area.col..<area.right {
        storage[r * cols + c].style = style
      }
    }
    // A wide grapheme cut by the rect edge keeps one style for both halves.
    for r in area.row..<area.bottom {
      var c = area.col
      while c > 0, storage[r * cols + c].isContinuation {
        c -= 1
        storage[r * cols + c].style = style
      }
      c = area.right
      while c < cols, storage[r * cols + c].isContinuation {
        storage[r * cols + c].style = style
        c += 1
      }
    }
  }

  /// Fills `rect` with `character` in `style`.
  public mutating func fill(_ rect: Rect, with character: Character = " ", style: Style = .plain) {
    let area = rect.intersection(bounds)
    let cell = Cell(character, style: style)
    for r in area.row..<area.bottom {
      var c = area.col
      while c < area.right {
        if c + cell.width > area.right {
          set(.blank(style), row: r, col: c)
        } else {
          set(cell, row: r, col: c)
        }
        c += cell.width
      }
    }
  }

  /// Blanks `rect` (the whole grid by default) with `style`.
  public mutating func clear(_ rect: Rect? = nil, style: Style = .plain) {
    fill(rect ?? bounds, with: " ", style: style)
  }

  /// Plain-text rendering, one string per row, for snapshot tests.
  /// Continuation cells emit nothing, so a line of CJK lines up on screen.
  public func lines() -> [String] {
    (0..<rows).map { r in
      var line = ""
      for cell in row(r) where !cell.isContinuation { line.append(cell.character) }
      return line
    }
  }

  /// `lines()` joined by newlines, with trailing spaces removed from each line
  /// so golden files stay tidy.
  public func text() -> String {
    lines().map { line in
      var trimmed = Substring(line)
      while trimmed.last == " " { trimmed.removeLast() }
      return String(trimmed)
    }.joined(separator: "\n")
  }

  /// If (`row`, `col`) holds part of a wide grapheme, blank all of it so that
  /// a following write cannot leave part of a character behind.
  private mutating func breakWide(row: Int, col: Int) {
    var lead = col
    while lead > 0, storage[row * cols + lead].isContinuation { lead -= 1 }
    let cell = storage[row * cols + lead]
    guard cell.width > 1 || lead != col else { return }
    for c in lead..<min(cols, lead + max(1, cell.width)) {
      storage[row * cols + c] = .blank(storage[row * cols + c].style)
    }
  }
}
