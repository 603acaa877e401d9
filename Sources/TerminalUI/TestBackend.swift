/// An in-memory terminal for tests.
///
/// It keeps the frame as the screen would show it, counts how many cells each
/// `draw` wrote (so a test can prove only changed cells are written), and
/// replays queued input events.
public final class TestBackend: TerminalBackend {
  public private(set) var size: TerminalSize
  public var colorCount: Int
  /// What the screen shows now.
  public private(set) var screen: CellGrid
  /// Cells written by each call to `draw`, in order.
  public private(set) var cellsWrittenPerDraw: [Int] = []
  public private(set) var isShutDown = false
  private var lastFrame: CellGrid?
  private var events: [InputEvent] = []
  private var nextEventIndex = 0

  public init(rows: Int = 24, cols: Int = 80, colorCount: Int = 256) {
    self.size = TerminalSize(rows: rows, cols: cols)
    self.colorCount = colorCount
    self.screen = CellGrid(rows: rows, cols: cols)
  }

  /// Cells written by the most recent `draw` (0 before any draw).
  public var lastDrawCellCount: Int { cellsWrittenPerDraw.last ?? 0 }

  /// The screen as text, one string per row (see `CellGrid.lines()`).
  public func lines() -> [String] { screen.lines() }

  public func draw(_ grid: CellGrid) {
    let runs = GridDiff.runs(from: lastFrame, to: grid)
    if grid.size != screen.size { screen = CellGrid(size: grid.size) }
    for run in runs {
      for (offset, cell) in run.cells.enumerated() where !cell.isContinuation {
        screen.set(cell, row: run.row, col: run.col + offset)
      }
    }
    screen.cursor = grid.cursor
    cellsWrittenPerDraw.append(GridDiff.cellCount(runs))
    lastFrame = grid
  }

  public func nextEvent(timeout: Duration) -> InputEvent? {
    guard nextEventIndex < events.count else { return nil }
    defer { nextEventIndex += 1 }
    return events[nextEventIndex]
  }

  /// How many times the client asked for every cell to be written again (^L).
  public private(set) var invalidations = 0

  public func invalidate() { invalidations += 1 }

  /// Queues events to be returned by `nextEvent`.
  public func queue(_ newEvents: InputEvent...) { events.append(contentsOf: newEvents) }

  /// Queues a key press for each key.
  public func queue(keys: [Key]) { events.append(contentsOf: keys.map(InputEvent.key)) }

  /// Queues the keys produced by typing `text` (decoded like terminal input,
  /// so a bracketed paste in it arrives as one `.paste`).
  public func queue(typing text: String) { events.append(contentsOf: KeyDecoder.decodeEvents(text)) }

  /// Simulates the user resizing the window: changes `size`, queues the
  /// `.resize` event and forces the next draw to repaint everything.
  public func resize(rows: Int, cols: Int) {
    size = TerminalSize(rows: rows, cols: cols)
    lastFrame = nil
    screen = CellGrid(rows: rows, cols: cols)
    events.append(.resize(rows: rows, cols: cols))
  }

  /// Number of queued events not yet consumed.
  public var pendingEventCount: Int { events.count - nextEventIndex }

  public func shutdown() { isShutDown = true }
}
