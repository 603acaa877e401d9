import Testing

@testable import TerminalUI

@Suite struct GridDiffTests {
  @Test func firstFrameAndResizeRedrawEverything() {
    let grid = CellGrid(rows: 3, cols: 5)
    #expect(GridDiff.cellCount(GridDiff.runs(from: nil, to: grid)) == 15)
    let smaller = CellGrid(rows: 2, cols: 5)
    #expect(GridDiff.cellCount(GridDiff.runs(from: grid, to: smaller)) == 10)
  }

  @Test func onlyChangedRunsAreReported() {
    let old = CellGrid(rows: 3, cols: 10)
    var new = old
    new.put(text: "ab", row: 1, col: 3)
    new.put(text: "z", row: 2, col: 9)
    let runs = GridDiff.runs(from: old, to: new)
    #expect(runs.map(\.row) == [1, 2])
    #expect(runs[0].col == 3 && runs[0].cells.count == 2)
    #expect(runs[1].col == 9 && runs[1].cells.count == 1)
    #expect(GridDiff.runs(from: new, to: new).isEmpty)
  }

  @Test func wideCharactersAreNeverSplitByARun() {
    var old = CellGrid(rows: 1, cols: 6)
    old.put(text: "王", row: 0, col: 2)
    var new = old
    new.set(Cell("王", style: Style(bold: true)), row: 0, col: 2)
    let runs = GridDiff.runs(from: old, to: new)
    #expect(runs == [CellRun(row: 0, col: 2, cells: [new[0, 2], new[0, 3]])])
  }

  @Test func testBackendWritesOnlyChangedCells() {
    let backend = TestBackend(rows: 24, cols: 80)
    var grid = CellGrid(size: backend.size)
    grid.put(text: "Hello 王", row: 0, col: 0)
    backend.draw(grid)
    #expect(backend.lastDrawCellCount == 24 * 80)
    backend.draw(grid)
    #expect(backend.lastDrawCellCount == 0)
    grid.put(text: "J", row: 0, col: 0)
    grid.put(text: "!", row: 10, col: 40)
    backend.draw(grid)
    #expect(backend.lastDrawCellCount == 2)
    #expect(backend.lines()[0].hasPrefix("Jello 王"))
    #expect(backend.lines()[10].dropFirst(40).hasPrefix("!"))
    #expect(backend.cellsWrittenPerDraw == [1920, 0, 2])
  }

  @Test func testBackendResizeForcesFullRedrawAndQueuesEvent() {
    let backend = TestBackend(rows: 24, cols: 80)
    backend.draw(CellGrid(size: backend.size))
    backend.resize(rows: 30, cols: 100)
    #expect(backend.nextEvent(timeout: .zero) == .resize(rows: 30, cols: 100))
    #expect(backend.nextEvent(timeout: .zero) == nil)
    backend.draw(CellGrid(size: backend.size))
    #expect(backend.lastDrawCellCount == 3000)
    #expect(backend.screen.size == TerminalSize(rows: 30, cols: 100))
  }

  @Test func testBackendReplaysQueuedInput() {
    let backend = TestBackend()
    backend.queue(typing: "q\u{1B}[A")
    backend.queue(.tick)
    #expect(backend.nextEvent(timeout: .zero) == .key(.character("q")))
    #expect(backend.nextEvent(timeout: .zero) == .key(.up))
    #expect(backend.nextEvent(timeout: .zero) == .tick)
    #expect(backend.pendingEventCount == 0)
    backend.shutdown()
    #expect(backend.isShutDown)
  }

  /// A name stored precomposed where a decomposed one was drawn before must
  /// be redrawn: the two are equal as Swift text, not on screen.
  @Test func differentCodePointsForTheSameTextAreRedrawn() {
    var before = CellGrid(rows: 1, cols: 10)
    before.put(text: "Nguye\u{302}\u{303}n", row: 0, col: 0)
    var after = CellGrid(rows: 1, cols: 10)
    after.put(text: "Nguy\u{1EC5}n", row: 0, col: 0)
    #expect(before != after)
    let runs = GridDiff.runs(from: before, to: after)
    #expect(runs.map(\.col) == [4])
    #expect(runs.first?.cells.first.map { Array($0.character.unicodeScalars) } == ["\u{1EC5}"])
  }
}
