/// A row of tab titles with the selected one highlighted.
public struct TabBar: Sendable, Hashable {
  public var titles: [String]
  public var selected: Int
  public var activeStyle: Style
  public var inactiveStyle: Style
  public var separator: String

  public init(
    titles: [String], selected: Int, activeStyle: Style = Style(bold: true, reverse: true),
    inactiveStyle: Style = .plain, separator: String = " "
  ) {
    self.titles = titles
    self.selected = selected
    self.activeStyle = activeStyle
    self.inactiveStyle = inactiveStyle
    self.separator = separator
  }

  public init(titles: [String], selected: Int, theme: Theme) {
    self.init(
      titles: titles, selected: selected, activeStyle: theme[.tabActive], inactiveStyle: theme[.tabInactive])
  }

  /// Index of the tab after `selected`, wrapping (for Tab).
  public var next: Int { titles.isEmpty ? 0 : (selected + 1) % titles.count }
  /// Index of the tab before `selected`, wrapping (for Shift-Tab).
  public var previous: Int { titles.isEmpty ? 0 : (selected - 1 + titles.count) % titles.count }

  /// Draws the bar on `row` from `col` within `width` cells. Returns the
  /// column range of each tab that was drawn, for mouse-free hit testing and
  /// tests.
  @discardableResult
  public func render(into grid: inout CellGrid, row: Int, col: Int, width: Int) -> [Range<Int>] {
    grid.fill(Rect(row: row, col: col, rows: 1, cols: width), style: inactiveStyle)
    var ranges: [Range<Int>] = []
    var x = col
    let end = col + width
    for (index, title) in titles.enumerated() {
      if index > 0 {
        x += grid.put(text: separator, row: row, col: x, style: inactiveStyle, maxWidth: end - x)
      }
      guard x < end else { break }
      let style = index == selected ? activeStyle : inactiveStyle
      let used = grid.put(text: " \(title) ", row: row, col: x, style: style, maxWidth: end - x)
      ranges.append(x..<(x + used))
      x += used
    }
    return ranges
  }
}
