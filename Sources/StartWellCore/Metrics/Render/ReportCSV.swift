import Foundation

/// The report as CSV: one row per metric's headline figure (breakdown
/// empty) and one per breakdown row, every row carrying the range and the
/// scope so a sheet of several reports stays readable.
public enum ReportCSV {
  public static let header = [
    "from", "to", "scope", "section", "metric", "title", "breakdown", "key", "label", "count", "numerator",
    "denominator", "percent", "median", "p90", "unit", "children", "families", "suppressed", "note", "rule",
  ]

  public static func render(_ report: MetricsReport) -> CSVWriter {
    var csv = CSVWriter(header: header)
    let lead = [report.from.description, report.to.description, report.scope.label]
    for section in report.sections {
      if let note = section.note, section.metrics.isEmpty {
        csv.row(
          lead + [section.id.rawValue, section.id.rawValue, section.title] + Array(repeating: "", count: 14)
            + [note])
      }
      for metric in section.metrics {
        csv.row(
          lead + [section.id.rawValue, metric.id, metric.title, "", "", ""] + cells(metric.figure) + [
            metric.rule
          ])
        for row in metric.breakdown {
          csv.row(
            lead + [
              section.id.rawValue, metric.id, metric.title, metric.dimension?.rawValue ?? "", row.key,
              row.label,
            ]
              + cells(row.figure) + [""])
        }
      }
    }
    return csv
  }

  /// count … note: empty when the figure has no such cell, `[c]` when it was blanked.
  static func cells(_ f: Figure) -> [String] {
    func c(_ v: String?, _ applies: Bool) -> String {
      applies ? (v ?? (f.suppressed ? FigureText.suppressed : "")) : ""
    }
    let counts = f.shape != .share
    return [
      c(f.count.map(String.init), counts), c(f.numerator.map(String.init), f.shape.hasShare),
      c(f.denominator.map(String.init), f.shape.hasShare), c(f.percent.map(String.init), f.shape.hasShare),
      c(FigureText.number(f.median), f.shape.hasDurations), c(FigureText.number(f.p90), f.shape.hasDurations),
      f.unit.rawValue, f.children.map(String.init) ?? "", f.families.map(String.init) ?? "",
      f.suppressed ? "yes" : "no", f.note ?? "",
    ]
  }
}

/// The records behind a metric as CSV: references and ids, never names.
public enum ExplanationCSV {
  public static let header = ["metric", "entity", "id", "reference", "family", "hub", "key", "date", "value"]

  public static func render(_ e: MetricExplanation) -> CSVWriter {
    var csv = CSVWriter(header: header)
    for r in e.records {
      csv.row([
        e.metricID, r.entity, r.id, r.reference ?? "", r.family ?? "", r.hub ?? "", r.key ?? "", r.date ?? "",
        r.value ?? "",
      ])
    }
    return csv
  }
}
