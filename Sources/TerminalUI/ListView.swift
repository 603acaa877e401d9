/// Draws a list or table, asking only for the rows that are on screen.
///
/// Rows come from a provider closure so a 100,000-row list costs the same to
/// draw as a 20-row one; the store pages its queries to match.
public struct ListView: Sendable {
  public var columns: [Column]
  public var showsHeader: Bool
  public var spacing: Int
  public var normalStyle: Style
  public var headerStyle: Style
  public var selectionStyle: Style
  /// Drawn in the body when the list is empty.
  public var emptyText: String

  public init(
    columns: [Column], showsHeader: Bool = true, spacing: Int = 1,
    normalStyle: Style = .plain, headerStyle: Style = Style(bold: true, underline: true),
    selectionStyle: Style = Style(reverse: true), emptyText: String = ""
  ) {
    self.columns = columns
    self.showsHeader = showsHeader
    self.spacing = spacing
    self.normalStyle = normalStyle
    self.headerStyle = headerStyle
    self.selectionStyle = selectionStyle
    self.emptyText = emptyText
  }

  /// A list view styled from `theme`.
  public init(columns: [Column], theme: Theme, showsHeader: Bool = true, emptyText: String = "") {
    self.init(
      columns: columns, showsHeader: showsHeader, normalStyle: theme[.normal],
      headerStyle: theme[.title].underlined(), selectionStyle: theme[.selection], emptyText: emptyText)
  }

  /// Rows available for list entries inside `rect` (the header takes one).
  public func bodyRows(in rect: Rect) -> Int { max(0, rect.rows - (showsHeader ? 1 : 0)) }

  /// Draws the list into `rect`. The state is scrolled so the selection is
  /// visible, and the adjusted state is written back.
  ///
  /// - Parameters:
  ///   - row: the texts of row `index`, one per column; called only for
  ///     visible rows.
  ///   - cellStyle: optional style for (row, column), e.g. a risk band colour;
  ///     the selection style wins on the selected row.
  public func render(
    into grid: inout CellGrid, rect: Rect, state: inout ListState,
    row: (Int) -> [String], cellStyle: ((Int, Int) -> Style?)? = nil
  ) {
    guard !rect.isEmpty else { return }
    grid.clear(rect, style: normalStyle)
    let widths = Column.layout(columns, totalWidth: rect.cols, spacing: spacing)
    var y = rect.row
    if showsHeader {
      drawRow(
        into: &grid, y: y, rect: rect, widths: widths, texts: columns.map(\.title),
        style: { _ in headerStyle }, fillStyle: headerStyle)
      y += 1
    }
    let bodyRows = bodyRows(in: rect)
    state.scrollToSelection(visibleRows: bodyRows)
    if state.isEmpty {
      if bodyRows > 0 && !emptyText.isEmpty {
        grid.put(text: emptyText, row: y, col: rect.col, style: normalStyle.dimmed(), maxWidth: rect.cols)
      }
      return
    }
    for index in state.visibleRange(visibleRows: bodyRows) {
      let isSelected = index == state.selected
      let texts = row(index)
      drawRow(
        into: &grid, y: y, rect: rect, widths: widths, texts: texts,
        style: { column in
          isSelected ? selectionStyle : (cellStyle?(index, column) ?? normalStyle)
        }, fillStyle: isSelected ? selectionStyle : normalStyle)
      y += 1
    }
  }

  private func drawRow(
    into grid: inout CellGrid, y: Int, rect: Rect, widths: [Int], texts: [String],
    style: (Int) -> Style, fillStyle: Style
  ) {
    grid.fill(Rect(row: y, col: rect.col, rows: 1, cols: rect.cols), style: fillStyle)
    var x = rect.col
    for (i, width) in widths.enumerated() {
      if i > 0 { x += spacing }
      guard width > 0 else { continue }
      let text = i < texts.count ? Sanitizer.visible(texts[i]) : ""
      let fitted = DisplayWidth.fit(text, toWidth: width, alignment: columns[i].alignment)
      grid.put(text: fitted, row: y, col: x, style: style(i), maxWidth: width)
      x += width
    }
  }
}
