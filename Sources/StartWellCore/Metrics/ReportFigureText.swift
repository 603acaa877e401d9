import Foundation

/// What the HTML report and the report screen draw for figures: bar
/// lengths and trends over terms. The words and numbers themselves are
/// `FigureText`'s, the one writing every format shares.
public enum ReportFigureText {
  /// The legend for the suppression mark.
  public static func suppressedLegend(smallNumber: Int) -> String {
    "\(FigureText.suppressed): suppressed, from 1 to \(smallNumber - 1) (the small-number rule)"
  }

  /// What a chart draws for a figure: a share as its fraction, durations
  /// by their median, a count as itself; nil when the figure was blanked.
  public static func chartValue(_ f: Figure) -> Double? {
    if f.shape.hasShare { return f.share }
    if f.shape.hasDurations { return f.median }
    return f.count.map(Double.init)
  }

  /// Whether the chart of `rows` draws shares (each bar its own 0…1) or
  /// amounts (each bar against the largest).
  public static func isShare(_ f: Figure) -> Bool { f.shape.hasShare }

  /// Each value as a fraction of its bar's full length: shares as they
  /// are, amounts against the largest (so the longest bar is full).
  public static func barLengths(_ figures: [Figure]) -> [Double?] {
    let values = figures.map(chartValue)
    if figures.contains(where: isShare) { return values.map { $0.map { min(1, max(0, $0)) } } }
    let largest = values.compactMap { $0 }.max() ?? 0
    return values.map { v in v.map { largest > 0 ? $0 / largest : 0 } }
  }

  /// The rows of a metric split by term, in term order, for a sparkline:
  /// every row's key a term's name (`2025-spring`). Empty when the metric
  /// is not split by term or has fewer than two terms.
  public static func trend(_ metric: Metric) -> [BreakdownRow] {
    let ordered = metric.breakdown.compactMap { row in termOrder(row.key).map { ($0, row) } }
    guard ordered.count == metric.breakdown.count, ordered.count > 1 else { return [] }
    return ordered.sorted { $0.0 < $1.0 }.map(\.1)
  }

  /// "2025-spring" as a number that sorts terms in time: a term's name is
  /// the calendar year it falls in, and spring, summer, autumn follow one
  /// another within a calendar year (so names do not sort as text).
  static func termOrder(_ name: String) -> Int? {
    let parts = name.split(separator: "-")
    guard parts.count == 2, let year = Int(parts[0]) else { return nil }
    let order: [Substring: Int] = ["spring": 0, "summer": 1, "autumn": 2]
    guard let season = order[parts[1]] else { return nil }
    return year * 3 + season
  }
}
