/// A table column: a title, how wide it is and how its text is aligned.
public struct Column: Sendable, Hashable {
  public enum Width: Sendable, Hashable {
    /// Exactly this many cells.
    case fixed(Int)
    /// A share (`weight`) of the space left after fixed columns, never less
    /// than `min` cells while there is room.
    case flexible(min: Int = 1, weight: Int = 1)
  }

  public var title: String
  public var width: Width
  public var alignment: Alignment

  public init(_ title: String, width: Width = .flexible(), alignment: Alignment = .left) {
    self.title = title
    self.width = width
    self.alignment = alignment
  }

  /// Widths for `columns` across `totalWidth` cells with `spacing` cells
  /// between columns. Fixed columns are served first, then flexible ones share
  /// the rest by weight; if space runs out, later columns shrink to zero.
  public static func layout(_ columns: [Column], totalWidth: Int, spacing: Int = 1) -> [Int] {
    guard !columns.isEmpty else { return [] }
    var available = max(0, totalWidth - spacing * (columns.count - 1))
    var widths = columns.map { column -> Int in
      if case .fixed(let n) = column.width { return max(0, n) }
      if case .flexible(let minimum, _) = column.width { return max(0, minimum) }
      return 0
    }
    // Take space left to right so a too-narrow screen cuts the last columns.
    for i in widths.indices {
      widths[i] = min(widths[i], available)
      available -= widths[i]
    }
    let weights = columns.map { column -> Int in
      if case .flexible(_, let weight) = column.width { return max(0, weight) }
      return 0
    }
    let totalWeight = weights.reduce(0, +)
    guard available > 0, totalWeight > 0 else { return widths }
    var remaining = available
    for i in widths.indices where weights[i] > 0 {
      let share = available * weights[i] / totalWeight
      widths[i] += share
      remaining -= share
    }
    // Rounding leftovers go to the last flexible column.
    if let last = weights.lastIndex(where: { $0 > 0 }) { widths[last] += remaining }
    return widths
  }
}
