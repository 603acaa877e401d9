import Foundation

/// The summary statistics the report gives for waiting times.
public enum Percentiles {
  /// The middle value; the mean of the two middle values when there is an
  /// even number. Nil for no values. `sorted` must be in ascending order.
  public static func median(_ sorted: [Double]) -> Double? {
    guard !sorted.isEmpty else { return nil }
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  }

  /// The nearest-rank percentile: the smallest value with at least `p`
  /// (0 < p ≤ 1) of the values at or below it. It is always a value that
  /// was measured, so it can be traced to a record.
  public static func nearestRank(_ sorted: [Double], _ p: Double) -> Double? {
    guard !sorted.isEmpty else { return nil }
    let rank = Int((p * Double(sorted.count)).rounded(.up))
    return sorted[min(max(rank, 1), sorted.count) - 1]
  }

  /// A figure of measured durations: how many, median and 90th percentile.
  public static func figure(_ values: [Double], unit: MetricUnit, families: Int? = nil) -> Figure {
    let sorted = values.sorted()
    return Figure(
      shape: .duration, count: sorted.count, median: median(sorted), p90: nearestRank(sorted, 0.9),
      unit: unit,
      families: families)
  }
}
