/// A trend drawn in one line of the eight block heights ▁▂▃▄▅▆▇█, one
/// cell a value; a missing value (a blanked or unmeasured term) is a space,
/// so a gap shows as a gap and not as nought.
public enum Sparkline {
  static let levels = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

  /// `values` scaled between `low` and `high` (the smallest and largest
  /// value when not given; shares pass 0 and 1 so the heights mean the
  /// same in every sparkline).
  public static func line(_ values: [Double?], low: Double? = nil, high: Double? = nil) -> String {
    let known = values.compactMap { $0 }.filter(\.isFinite)
    let bottom = low ?? known.min() ?? 0
    let top = high ?? known.max() ?? 0
    return values.map { value in
      guard let value, value.isFinite else { return " " }
      guard top > bottom else { return levels[levels.count / 2 - 1] }
      let fraction = min(1, max(0, (value - bottom) / (top - bottom)))
      return levels[Int((fraction * Double(levels.count - 1)).rounded())]
    }.joined()
  }
}
