/// A titled border around an area, e.g. a dialog or a pane.
public struct Frame: Sendable, Hashable {
  public var title: String?
  public var style: Style
  public var titleStyle: Style
  public var border: BorderCharacters

  public init(
    title: String? = nil, style: Style = .plain, titleStyle: Style? = nil, border: BorderCharacters = .single
  ) {
    self.title = title
    self.style = style
    self.titleStyle = titleStyle ?? style
    self.border = border
  }

  /// Clears `rect`, draws the border and returns the inner area for content.
  @discardableResult
  public func render(into grid: inout CellGrid, rect: Rect, fill: Style? = nil) -> Rect {
    grid.clear(rect, style: fill ?? .plain)
    return grid.drawBox(rect, style: style, title: title, titleStyle: titleStyle, border: border)
  }

  /// A `width` × `height` rectangle centred in `area` (clamped to it), for dialogs.
  public static func centered(width: Int, height: Int, in area: Rect) -> Rect {
    let w = min(width, area.cols)
    let h = min(height, area.rows)
    return Rect(row: area.row + (area.rows - h) / 2, col: area.col + (area.cols - w) / 2, rows: h, cols: w)
  }
}
