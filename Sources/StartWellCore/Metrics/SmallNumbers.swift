import Foundation

/// The report's settings from `Config/metrics.json`.
public struct MetricsSettings: Hashable, Sendable, Codable {
  /// Figures from 1 to one below this are suppressed in exports, as
  /// official statistics suppress counts of fewer than five people: a
  /// small count can name a family to someone who knows the area.
  public var smallNumber: Int

  public init(smallNumber: Int = 5) { self.smallNumber = smallNumber }

  public static let standard = MetricsSettings()
}

extension Figure {
  /// Whether a count is small enough to identify someone: at least one
  /// and below the threshold (nought identifies nobody).
  public static func isSmall(_ value: Int?, below threshold: Int) -> Bool {
    guard let value else { return false }
    return value >= 1 && value < threshold
  }

  /// The figure as an export shows it: every small cell blanked, and any
  /// cell a blanked one could be worked back from blanked with it (the
  /// share of a small part; the part of a share whose remainder is small;
  /// the median and 90th percentile of fewer records than the threshold).
  public func suppressingSmallNumbers(below threshold: Int) -> Figure {
    var f = self
    func small(_ v: Int?) -> Bool { Figure.isSmall(v, below: threshold) }
    if small(f.denominator) {
      f.numerator = nil
      f.denominator = nil
      f.suppressed = true
    } else if let n = f.numerator, let d = f.denominator, small(n) || small(d - n) {
      f.numerator = nil
      f.suppressed = true
    }
    if small(f.count) {
      f.count = nil
      f.median = nil
      f.p90 = nil
      f.suppressed = true
    }
    if small(f.children) {
      f.children = nil
      f.suppressed = true
    }
    if small(f.families) {
      f.families = nil
      f.suppressed = true
    }
    return f
  }
}

extension MetricsReport {
  /// The report as it may leave the store (CSV, JSON, HTML files): small
  /// numbers suppressed in every figure and breakdown row. On screen, for
  /// a user who may open the records anyway, the report is shown whole.
  ///
  /// Totals are left as they are when only their rows are small; the
  /// rows are few and each hides its own small cells.
  public func suppressingSmallNumbers() -> MetricsReport {
    var copy = self
    copy.sections = sections.map { section in
      var s = section
      s.metrics = section.metrics.map { metric in
        var m = metric
        m.figure = metric.figure.suppressingSmallNumbers(below: smallNumber)
        m.breakdown = metric.breakdown.map { row in
          var r = row
          r.figure = row.figure.suppressingSmallNumbers(below: smallNumber)
          return r
        }
        return m
      }
      return s
    }
    return copy
  }
}
