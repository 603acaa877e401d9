/// Selection and scroll position of a list, independent of its contents.
///
/// Only `count` is known, never the rows themselves, so the same state works
/// for 20 rows or 100,000: the view asks for the visible rows one by one.
public struct ListState: Sendable, Hashable {
  public private(set) var count: Int
  /// Index of the selected row (0 when the list is empty).
  public private(set) var selected: Int
  /// Index of the first visible row.
  public private(set) var offset: Int

  public init(count: Int = 0, selected: Int = 0, offset: Int = 0) {
    self.count = max(0, count)
    self.selected = 0
    self.offset = 0
    select(selected)
    self.offset = min(max(0, offset), self.selected)
  }

  public var isEmpty: Bool { count == 0 }

  /// Updates the row count (after a reload), keeping the selection in range.
  public mutating func setCount(_ newCount: Int) {
    count = max(0, newCount)
    select(selected)
    offset = min(offset, selected)
  }

  /// Selects `index`, clamped to the list.
  public mutating func select(_ index: Int) {
    selected = count == 0 ? 0 : min(max(0, index), count - 1)
  }

  public mutating func moveUp(_ rows: Int = 1) { select(selected - rows) }
  public mutating func moveDown(_ rows: Int = 1) { select(selected + rows) }
  public mutating func pageUp(pageSize: Int) { select(selected - max(1, pageSize)) }
  public mutating func pageDown(pageSize: Int) { select(selected + max(1, pageSize)) }
  public mutating func top() { select(0) }
  public mutating func bottom() { select(count - 1) }

  /// Adjusts `offset` so the selected row is inside a window of `visibleRows`
  /// rows, scrolling as little as possible.
  public mutating func scrollToSelection(visibleRows: Int) {
    let rows = max(1, visibleRows)
    if selected < offset { offset = selected }
    if selected >= offset + rows { offset = selected - rows + 1 }
    offset = max(0, min(offset, max(0, count - rows)))
  }

  /// Indices of the rows visible in a window of `visibleRows` rows.
  public func visibleRange(visibleRows: Int) -> Range<Int> {
    let start = min(offset, count)
    return start..<min(count, start + max(0, visibleRows))
  }

  /// Handles the usual list keys (arrows, j/k, Home/End, g/G, PgUp/PgDn,
  /// Space) and returns whether the key was used. Screens that bind these
  /// letters differently should handle them before calling this.
  @discardableResult
  public mutating func handle(_ key: Key, pageSize: Int) -> Bool {
    switch key {
    case .up, .character("k"): moveUp()
    case .down, .character("j"): moveDown()
    case .pageUp: pageUp(pageSize: pageSize)
    case .pageDown, .character(" "): pageDown(pageSize: pageSize)
    case .home, .character("g"): top()
    case .end, .character("G"): bottom()
    default: return false
    }
    scrollToSelection(visibleRows: pageSize)
    return true
  }
}
