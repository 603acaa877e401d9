import Foundation

/// The report as text for people: each section, each metric with its
/// figure, its rule and its breakdown rows. Plain ASCII layout; labels come
/// from the configuration and ids, never from what a person typed.
public enum ReportText {
  public static func render(_ report: MetricsReport, suppressed: Bool) -> String {
    var lines = [
      "Common metrics report: \(report.from) to \(report.to), \(report.scope.label) (as of \(report.asOf))",
      suppressed
        ? "Figures from 1 to \(report.smallNumber - 1) are suppressed and shown as \(FigureText.suppressed)."
        : "Small numbers are shown: suppressed in exports below \(report.smallNumber).",
    ]
    for section in report.sections {
      lines.append("")
      lines.append(section.title)
      lines.append(String(repeating: "=", count: section.title.count))
      if let note = section.note { lines.append("  \(note)") }
      for metric in section.metrics { lines += self.metric(metric) }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func metric(_ m: Metric) -> [String] {
    var lines = ["", "  \(m.title) [\(m.id)]: \(FigureText.summary(m.figure))", "    Rule: \(m.rule)"]
    let width = min(32, m.breakdown.map(\.label.count).max() ?? 0)
    for row in m.breakdown {
      let label =
        row.label.count >= width
        ? row.label : row.label + String(repeating: " ", count: width - row.label.count)
      lines.append("    \(label)  \(FigureText.summary(row.figure))")
    }
    return lines
  }
}

/// The records behind a metric as text: one line per record, references only.
public enum ExplanationText {
  public static func render(_ e: MetricExplanation) -> String {
    var lines = [
      "\(e.title) [\(e.metricID)]: \(e.from) to \(e.to), \(e.scope.label)", "Rule: \(e.rule)",
      "\(e.records.count) record\(e.records.count == 1 ? "" : "s"):",
    ]
    for r in e.records {
      let parts = [
        r.entity, r.reference ?? r.id, r.family.map { "family \($0)" }, r.hub, r.key, r.date, r.value,
      ]
      lines.append("  " + parts.compactMap { $0 }.joined(separator: "  "))
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
