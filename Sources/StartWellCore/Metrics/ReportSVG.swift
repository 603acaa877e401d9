import Foundation

/// The HTML report's pictures as inline SVG: a bar chart of a breakdown
/// and a sparkline of a trend over terms. Black on white with outlines,
/// so they read the same printed in monochrome; every number drawn is
/// also in the table beside the chart.
enum ReportSVG {
  static let labelWidth = 210.0
  static let barWidth = 300.0
  static let valueWidth = 330.0
  static let rowHeight = 22.0
  /// Labels longer than this are shortened in the chart; the table has them whole.
  static let labelCharacters = 30

  static func bars(_ rows: [BreakdownRow], title: String) -> String {
    let lengths = ReportFigureText.barLengths(rows.map(\.figure))
    let shares = rows.contains { ReportFigureText.isShare($0.figure) }
    let width = labelWidth + barWidth + valueWidth
    let height = rowHeight * Double(rows.count) + 4
    var svg =
      "<svg class=\"bars\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" "
      + "height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\">"
      + "<title>\(ReportHTML.escape(title)): bar chart</title>"
    for (i, row) in rows.enumerated() {
      let y = rowHeight * Double(i) + 2
      let middle = y + rowHeight / 2 + 4
      svg += "<text class=\"label\" x=\"\(n(labelWidth - 8))\" y=\"\(n(middle))\" text-anchor=\"end\">"
      svg += ReportHTML.escape(shortened(row.label)) + "</text>"
      if shares {
        // The whole of a share, outlined, so the bar reads as a part of it.
        svg += "<rect class=\"track\" x=\"\(n(labelWidth))\" y=\"\(n(y + 3))\" width=\"\(n(barWidth))\" "
        svg += "height=\"\(n(rowHeight - 6))\"/>"
      }
      if let length = lengths[i], length > 0 {
        svg +=
          "<rect class=\"bar\" x=\"\(n(labelWidth))\" y=\"\(n(y + 3))\" width=\"\(n(length * barWidth))\" "
        svg += "height=\"\(n(rowHeight - 6))\"/>"
      }
      svg += "<text class=\"value\" x=\"\(n(labelWidth + barWidth + 8))\" y=\"\(n(middle))\">"
      svg += ReportHTML.escape(FigureText.summary(row.figure)) + "</text>"
    }
    return svg + "</svg>"
  }

  /// A small line over the terms, with the first and last terms named
  /// under it and each term's value as a dot.
  static func sparkline(_ rows: [BreakdownRow], title: String) -> String {
    let width = 260.0
    let plotHeight = 48.0
    let values = rows.map { ReportFigureText.chartValue($0.figure) }
    let known = values.compactMap { $0 }
    // From the lowest term to the highest, as sparklines are drawn: the
    // shape of the trend, with each term's number in the table.
    let low = known.min() ?? 0
    let high = known.max() ?? 1
    let step = rows.count > 1 ? (width - 8) / Double(rows.count - 1) : 0
    func point(_ i: Int, _ v: Double) -> (Double, Double) {
      let span = high - low
      let fraction = span > 0 ? (v - low) / span : 0.5
      return (4 + step * Double(i), 4 + (plotHeight - 8) * (1 - fraction))
    }
    var svg =
      "<svg class=\"sparkline\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" "
      + "height=\"\(n(plotHeight + 18))\" viewBox=\"0 0 \(n(width)) \(n(plotHeight + 18))\">"
      + "<title>\(ReportHTML.escape(title)): trend over terms, "
      + ReportHTML.escape(rows.map { "\($0.label) \(FigureText.summary($0.figure))" }.joined(separator: "; "))
      + "</title>"
    // A blanked term breaks the line rather than being drawn as nought.
    var run: [String] = []
    func closeRun() {
      if run.count > 1 { svg += "<polyline class=\"trend\" points=\"\(run.joined(separator: " "))\"/>" }
      run = []
    }
    for (i, v) in values.enumerated() {
      guard let v else {
        closeRun()
        continue
      }
      let (x, y) = point(i, v)
      run.append("\(n(x)),\(n(y))")
      svg += "<circle class=\"dot\" cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"2.5\"/>"
    }
    closeRun()
    let first = ReportHTML.escape(rows.first?.label ?? "")
    let last = ReportHTML.escape(rows.last?.label ?? "")
    svg += "<text class=\"term\" x=\"2\" y=\"\(n(plotHeight + 14))\">\(first)</text>"
    svg +=
      "<text class=\"term\" x=\"\(n(width - 2))\" y=\"\(n(plotHeight + 14))\" text-anchor=\"end\">\(last)</text>"
    return "<div class=\"trend-chart\"><p class=\"trend-label\">Trend over terms</p>" + svg + "</svg></div>\n"
  }

  static func shortened(_ label: String) -> String {
    label.count <= labelCharacters ? label : String(label.prefix(labelCharacters - 1)) + "…"
  }

  /// A number for an SVG attribute: whole, or to one decimal place.
  static func n(_ value: Double) -> String { FigureText.number((value * 10).rounded() / 10) ?? "0" }
}

/// The report's style sheet: readable on screen, printed in black and white
/// on A4, no section split across a page where it can be helped.
enum ReportHTMLStyle {
  static let css = """

    body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #000;
      background: #fff; margin: 2em auto; max-width: 60em; padding: 0 1em; line-height: 1.4; }
    h1 { font-size: 1.6em; margin-bottom: 0.2em; }
    h2 { font-size: 1.3em; border-bottom: 2px solid #000; padding-bottom: 0.1em; margin-top: 1.6em; }
    h3 { font-size: 1.05em; margin: 0 0 0.2em; }
    .scope { font-weight: bold; margin: 0; }
    .note, .rule, .section-note, footer { color: #333; font-size: 0.9em; }
    .rule-label { font-weight: bold; }
    .metric { margin: 1em 0 1.4em; page-break-inside: avoid; break-inside: avoid; }
    .figure { font-size: 1.2em; font-weight: bold; margin: 0.1em 0; }
        table { border-collapse: collapse; margin: 0.4em 0; font-size: 0.9em; }
    th, td { border: 1px solid #666; padding: 0.15em 0.6em; text-align: left; vertical-align: top; }
    thead th { background: #eee; }
    svg { display: block; max-width: 100%; height: auto; }
    svg text { font-family: inherit; font-size: 12px; fill: #000; }
    .bars .bar { fill: #444; stroke: #000; stroke-width: 1; }
    .bars .track { fill: #fff; stroke: #888; stroke-width: 1; }
    .sparkline .trend { fill: none; stroke: #000; stroke-width: 2; }
    .sparkline .dot { fill: #000; }
    .sparkline .term { font-size: 10px; }
    .trend-label { font-size: 0.85em; font-weight: bold; margin: 0.4em 0 0; }
    @media print {
      body { margin: 0; max-width: none; font-size: 10pt; }
      h2 { page-break-after: avoid; break-after: avoid; }
      * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }

    """
}
