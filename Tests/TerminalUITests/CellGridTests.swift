import Testing

@testable import TerminalUI

@Suite struct CellGridTests {
  @Test func putReturnsColumnsUsedAndClipsToMaxWidth() {
    var grid = CellGrid(rows: 2, cols: 10)
    #expect(grid.put(text: "Hello", row: 0, col: 0) == 5)
    #expect(grid.put(text: "王小明", row: 1, col: 0) == 6)
    #expect(grid.lines() == ["Hello     ", "王小明    "])
    #expect(grid.put(text: "abcdef", row: 0, col: 6, maxWidth: 3) == 3)
    #expect(grid.lines()[0] == "Hello abc ")
    #expect(grid.put(text: "x", row: 5, col: 0) == 0)
  }

  @Test func wideCharacterStraddlingLimitBecomesSpace() {
    var grid = CellGrid(rows: 1, cols: 5)
    #expect(grid.put(text: "ab王", row: 0, col: 0, maxWidth: 3) == 3)
    #expect(grid.lines() == ["ab   "])
    #expect(grid[0, 2].character == " ")
  }

  @Test func wideCharacterInLastColumnBecomesSpace() {
    var grid = CellGrid(rows: 1, cols: 3)
    grid.put(text: "ab王", row: 0, col: 0)
    #expect(grid.lines() == ["ab "])
    grid.set(Cell("王"), row: 0, col: 2)
    #expect(grid[0, 2] == .blank())
  }

  @Test func wideCellHasContinuation() {
    var grid = CellGrid(rows: 1, cols: 4)
    grid.put(text: "王", row: 0, col: 1)
    #expect(grid[0, 1].width == 2)
    #expect(grid[0, 2].isContinuation)
    #expect(grid.lines() == [" 王 "])
  }

  @Test func overwritingHalfAWideCharacterClearsTheOtherHalf() {
    var grid = CellGrid(rows: 1, cols: 6)
    grid.put(text: "王小明", row: 0, col: 0)
    grid.put(text: "x", row: 0, col: 1)  // right half of 王
    #expect(grid.lines() == [" x小明"])
    grid.put(text: "y", row: 0, col: 2)  // left half of 小
    #expect(grid.lines() == [" xy 明"])
    #expect(!grid[0, 3].isContinuation)
    // A wide character landing on the right half of another.
    var other = CellGrid(rows: 1, cols: 6)
    other.put(text: "王小明", row: 0, col: 0)
    other.put(text: "中", row: 0, col: 1)
    #expect(other.lines() == [" 中 明"])
  }

  @Test func fillClearAndLines() {
    var grid = CellGrid(rows: 3, cols: 4)
    grid.fill(Rect(row: 0, col: 0, rows: 3, cols: 4), with: "#")
    grid.clear(Rect(row: 1, col: 1, rows: 1, cols: 2))
    #expect(grid.lines() == ["####", "#  #", "####"])
    grid.horizontalLine(row: 2, col: 0, length: 4)
    #expect(grid.lines()[2] == "────")
    grid.fill(Rect(row: 0, col: 0, rows: 1, cols: 3), with: "王")
    #expect(grid.lines()[0] == "王 #")
    grid.clear()
    #expect(grid.text() == "\n\n")
  }

  @Test func boxWithTitle() {
    var grid = CellGrid(rows: 4, cols: 12)
    let inner = grid.drawBox(grid.bounds, title: "Family")
    #expect(inner == Rect(row: 1, col: 1, rows: 2, cols: 10))
    #expect(
      grid.lines() == [
        "┌─ Family ─┐",
        "│          │",
        "│          │",
        "└──────────┘",
      ])
  }

  @Test func applyStyleKeepsCharacters() {
    var grid = CellGrid(rows: 1, cols: 4)
    grid.put(text: "ab王", row: 0, col: 0)
    grid.applyStyle(Style(reverse: true), in: Rect(row: 0, col: 0, rows: 1, cols: 3))
    #expect(grid.lines() == ["ab王"])
    #expect(grid[0, 3].style.reverse)
  }

  @Test func stylesAreKeptPerCell() {
    var grid = CellGrid(rows: 1, cols: 3)
    grid.put(text: "a", row: 0, col: 1, style: Style(foreground: .red).bolded())
    #expect(grid[0, 1].style == Style(foreground: .red, bold: true))
    #expect(grid[0, 0].style == .plain)
  }
}
