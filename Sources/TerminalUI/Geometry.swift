/// A rectangle of cells, used to place widgets on a grid.
public struct Rect: Sendable, Hashable {
  public var row: Int
  public var col: Int
  public var rows: Int
  public var cols: Int

  public init(row: Int, col: Int, rows: Int, cols: Int) {
    self.row = row
    self.col = col
    self.rows = max(0, rows)
    self.cols = max(0, cols)
  }

  public var isEmpty: Bool { rows == 0 || cols == 0 }
  public var bottom: Int { row + rows }  // one past the last row
  public var right: Int { col + cols }  // one past the last column

  /// The rectangle shrunk by `amount` on every side.
  public func inset(by amount: Int) -> Rect {
    Rect(row: row + amount, col: col + amount, rows: rows - 2 * amount, cols: cols - 2 * amount)
  }

  /// Splits off the top `count` rows; returns (top, rest).
  public func splitTop(_ count: Int) -> (Rect, Rect) {
    let n = min(max(0, count), rows)
    return (
      Rect(row: row, col: col, rows: n, cols: cols),
      Rect(row: row + n, col: col, rows: rows - n, cols: cols)
    )
  }

  /// Splits off the bottom `count` rows; returns (rest, bottom).
  public func splitBottom(_ count: Int) -> (Rect, Rect) {
    let n = min(max(0, count), rows)
    return (
      Rect(row: row, col: col, rows: rows - n, cols: cols),
      Rect(row: row + rows - n, col: col, rows: n, cols: cols)
    )
  }

  /// Splits off the left `count` columns; returns (left, rest).
  public func splitLeft(_ count: Int) -> (Rect, Rect) {
    let n = min(max(0, count), cols)
    return (
      Rect(row: row, col: col, rows: rows, cols: n),
      Rect(row: row, col: col + n, rows: rows, cols: cols - n)
    )
  }

  /// The part of this rectangle that is also inside `other`.
  public func intersection(_ other: Rect) -> Rect {
    let top = max(row, other.row)
    let left = max(col, other.col)
    return Rect(
      row: top, col: left, rows: min(bottom, other.bottom) - top, cols: min(right, other.right) - left)
  }
}

/// A cell position, e.g. where the text cursor should be shown.
public struct GridPosition: Sendable, Hashable {
  public var row: Int
  public var col: Int

  public init(row: Int, col: Int) {
    self.row = row
    self.col = col
  }
}
