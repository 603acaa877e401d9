/// The terminal as the event loop sees it: a size, a way to show a frame and
/// a source of input events. Screens never talk to ncurses directly, which is
/// what lets the whole interface run against `TestBackend` in tests.
///
/// Backends are used from the single thread that runs the event loop and are
/// therefore not `Sendable`.
public protocol TerminalBackend: AnyObject {
  /// Current size in cells.
  var size: TerminalSize { get }

  /// Number of colours the terminal supports (0 when it has none), for
  /// `Theme.resolve(environment:colorCount:)`.
  var colorCount: Int { get }

  /// Shows `grid`, writing only the cells that differ from the last frame.
  /// The grid's `cursor` decides where (and whether) the cursor is shown.
  func draw(_ grid: CellGrid)

  /// Waits up to `timeout` for input. Returns nil when nothing arrived in
  /// time (the loop may then emit `.tick`); `.resize` after the terminal
  /// changed size, after which the next `draw` repaints everything.
  func nextEvent(timeout: Duration) -> InputEvent?

  /// Restores the terminal. Safe to call more than once.
  func shutdown()

  /// Forgets what is on the terminal, so the next `draw` writes every cell
  /// (^L, after another program scribbled on the screen).
  func invalidate()
}

extension TerminalBackend {
  public func invalidate() {}
}
