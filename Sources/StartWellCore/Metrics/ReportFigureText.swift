import Foundation

/// How a figure is written for people, in the HTML report and on the
/// report screen, so both print the same words and the same numbers.
/// Shares use `Figure.percent`, the one rounding every format shares.
public enum ReportFigureText {
  /// What stands in a cell the small-number rule blanked, as official
  /// statistics mark a confidential cell.
  public static let suppressedMark = "[c]"

  /// The legend for `suppressedMark`.
  public static func suppressedLegend(smallNumber: Int) -> String {
    "\(suppressedMark): suppressed, from 1 to \(smallNumber - 1) (the small-number rule)"
  }

  /// The figure in a few words: "42", "31 of 40 (78%)", "median 12 days, 90th percentile 30 days (17)".
  public static func headline(_ f: Figure) -> String {
    if f.numerator != nil || f.denominator != nil { return share(f) }
    if f.median != nil || f.p90 != nil || f.unit == .days || f.unit == .hours { return times(f) }
    if let count = f.count { return "\(count)" }
    return f.suppressed ? suppressedMark : "none"
  }

  /// "31 of 40 (78%)"; a blanked part reads "[c] of 40".
  static func share(_ f: Figure) -> String {
    guard let whole = f.denominator else { return suppressedMark }
    guard let part = f.numerator else { return "\(suppressedMark) of \(whole)" }
    guard let percent = f.percent else { return "\(part) of \(whole)" }
    return "\(part) of \(whole) (\(percent)%)"
  }

  /// "median 12 days, 90th percentile 30 days (17)": the count is how many were measured.
  static func times(_ f: Figure) -> String {
    guard let count = f.count else { return suppressedMark }
    guard count > 0, let median = f.median else { return "none measured" }
    let unit = f.unit == .hours ? "hours" : f.unit == .days ? "days" : ""
    var text = "median \(number(median))\(unit.isEmpty ? "" : " " + unit)"
    if let p90 = f.p90 { text += ", 90th percentile \(number(p90))\(unit.isEmpty ? "" : " " + unit)" }
    return text + " (\(count))"
  }

  /// "12" for a whole number, "12.5" otherwise: one decimal at most.
  public static func number(_ value: Double) -> String {
    let tenths = (value * 10).rounded()
    if tenths.truncatingRemainder(dividingBy: 10) == 0 { return "\(Int(tenths / 10))" }
    return String(format: "%.1f", tenths / 10)
  }

  /// "12 children, 9 families", when the figure says who stands behind it.
  public static func people(_ f: Figure) -> String? {
    var parts: [String] = []
    if let n = f.children { parts.append("\(n) \(n == 1 ? "child" : "children")") }
    if let n = f.families { parts.append("\(n) \(n == 1 ? "family" : "families")") }
    return parts.isEmpty ? nil : parts.joined(separator: ", ")
  }

  /// What a chart draws for a figure: a share as its fraction, a count or
  /// a median as itself; nil when the figure was blanked or has no number.
  public static func chartValue(_ f: Figure) -> Double? {
    if f.numerator != nil || f.denominator != nil { return f.share }
    if f.median != nil || f.unit == .days || f.unit == .hours { return f.median }
    return f.count.map(Double.init)
  }

  /// Whether the chart of `rows` draws shares (each bar its own 0…1) or
  /// amounts (each bar against the largest).
  public static func isShare(_ f: Figure) -> Bool { f.numerator != nil || f.denominator != nil }

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
