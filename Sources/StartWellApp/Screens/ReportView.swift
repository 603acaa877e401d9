import StartWellCore
import TerminalUI

/// Draws the report: one scrolled column of sections, each metric its
/// figure, a sparkline when it is split by term, and a bar for each row of
/// its breakdown. The bars and sparklines are block characters, so they
/// carry their meaning in monochrome too; the selected metric is reversed.
enum ReportView {
  typealias Span = CohortView.Span
  typealias Line = CohortView.Line

  static let indent = 4
  static let labelWidth = 22
  static let maxBar = 48
  /// The widest the figures are drawn: on a wide terminal a figure stays
  /// near its bars instead of at the far edge.
  static let maxWidth = 96

  /// The lines of the report and where each metric's lines start and end.
  struct Layout {
    var lines: [Line] = []
    var starts: [Int] = []
    var ends: [Int] = []
  }

  static func area(_ s: AppState) -> Rect {
    let body = Chrome.body(s.size)
    return Rect(
      row: body.row + 2, col: body.col + 1, rows: max(0, body.rows - 2), cols: max(0, body.cols - 2))
  }

  static func render(_ s: AppState, into g: inout CellGrid, rect: Rect) {
    let theme = s.theme
    let r = s.screenState(ReportState.self)
    let (from, to) = ReportScreen.days(r.range, s)
    let span: String
    if case .term(let name) = r.range { span = name } else { span = "12 months" }
    let title = "Report for \(r.report?.scope.label ?? scopeLabel(r, s)) · \(span), \(from) to \(to)"
    g.put(text: title, row: rect.row, col: rect.col + 1, style: theme[.title], maxWidth: rect.cols - 2)
    let subtitle =
      r.explaining
      ? "The rule behind the figure · Esc or e back to the report"
      : "Whole figures, for staff who may open the records · Enter: the rule behind one"
    g.put(text: subtitle, row: rect.row + 1, col: rect.col + 1, style: theme[.dim], maxWidth: rect.cols - 2)
    let area = Rect(row: rect.row + 2, col: rect.col + 1, rows: rect.rows - 2, cols: rect.cols - 2)
    guard let report = r.report else {
      g.put(
        text: "Counting the report…", row: area.row + 1, col: area.col + 1, style: theme[.dim],
        maxWidth: area.cols - 2)
      return
    }
    let lines =
      r.explaining
      ? explanation(report, r.selected, trends: r.trends, width: area.cols)
      : layout(report, r, min(area.cols, maxWidth)).lines
    let shown = visibleRows(lines.count, area.rows)
    let offset = min(r.offset, max(0, lines.count - shown))
    for (i, line) in lines.dropFirst(offset).prefix(shown).enumerated() {
      CohortView.draw(line, row: area.row + i, col: area.col, width: area.cols, theme: theme, into: &g)
    }
    if lines.count > shown {
      let note = " ↑/↓ \(offset + 1)-\(min(lines.count, offset + shown)) of \(lines.count) "
      g.put(text: note, row: area.bottom - 1, col: area.right - DisplayWidth.of(note), style: theme[.dim])
    }
  }

  /// "hub north", "your hubs", before the report names its own scope.
  static func scopeLabel(_ r: ReportState, _ s: AppState) -> String {
    if let hub = r.hub { return "hub \(hub)" }
    return s.user?.role == .admin ? "the whole partnership" : "your hubs"
  }

  /// The rows lines are drawn in: all of them, or all but the last when
  /// the lines scroll (the last says where in them the screen is).
  static func visibleRows(_ count: Int, _ rows: Int) -> Int { count > rows ? max(1, rows - 1) : rows }

  /// How far the lines can scroll, for the scroll keys.
  static func lastOffset(_ r: ReportState, _ s: AppState) -> Int {
    guard let report = r.report else { return 0 }
    let a = area(s)
    let count =
      r.explaining
      ? explanation(report, r.selected, trends: r.trends, width: a.cols).count
      : layout(report, r, min(a.cols, maxWidth)).lines.count
    return max(0, count - visibleRows(count, a.rows))
  }

  /// The offset that keeps the current one if it shows metric `index`
  /// whole, else the least scroll that shows it (its top first).
  static func offset(showing index: Int, _ r: ReportState, _ s: AppState) -> Int {
    guard let report = r.report else { return 0 }
    let a = area(s)
    let l = layout(report, r, min(a.cols, maxWidth))
    guard l.starts.indices.contains(index) else { return 0 }
    let rows = visibleRows(l.lines.count, a.rows)
    var offset = r.offset
    if l.ends[index] > offset + rows { offset = l.ends[index] - rows }
    // The section's heading with its first metric.
    let first = index == 0 || l.ends[index - 1] < l.starts[index]
    let top = index == 0 ? 0 : first ? l.starts[index] - 1 : l.starts[index]
    if top < offset || l.starts[index] < offset { offset = max(0, top) }
    return max(0, min(offset, max(0, l.lines.count - rows)))
  }

  static func layout(_ report: MetricsReport, _ r: ReportState, _ width: Int) -> Layout {
    var l = Layout()
    var index = 0
    for section in report.sections {
      if !l.lines.isEmpty { l.lines.append([]) }
      l.lines.append([Span(section.title.uppercased(), .accent)])
      if let note = section.note {
        for text in TextWrap.wrap(note, width: width - 2) { l.lines.append([Span("  " + text, .dim)]) }
      }
      for metric in section.metrics {
        l.starts.append(l.lines.count)
        l.lines += lines(
          metric, trend: r.trends[metric.id] ?? [], selected: index == r.selected, width: width)
        l.ends.append(l.lines.count)
        index += 1
      }
    }
    return l
  }

  /// A metric: its title and figure, its trend (its own rows when they
  /// are split by term, else its figure over the terms up to this one), its bars.
  static func lines(_ m: Metric, trend terms: [BreakdownRow], selected: Bool, width: Int) -> [Line] {
    let headline = FigureText.summary(m.figure)
    let name = (selected ? "▸ " : "  ") + m.title
    let titleRole: ThemeRole = selected ? .selection : .title
    var lines: [Line]
    let room = width - DisplayWidth.of(name) - 2
    if DisplayWidth.of(headline) <= room {
      lines = [[Span(name, titleRole), Span(CohortView.pad(headline, room + 2))]]
    } else {
      lines = [[Span(name, titleRole)], [Span(String(repeating: " ", count: indent) + headline)]]
    }
    let own = ReportFigureText.trend(m)
    let trend = own.isEmpty ? terms : own
    if trend.count > 1 {
      // From the lowest term to the highest, as sparklines are drawn: the
      // shape of the trend; the rule (Enter) lists each term's figure.
      let spark = Sparkline.line(trend.map { ReportFigureText.chartValue($0.figure) })
      lines.append([
        Span(String(repeating: " ", count: indent) + DisplayWidth.fit("trend", toWidth: labelWidth), .dim),
        Span(spark, .accent), Span("  \(trend.first!.label) → \(trend.last!.label)", .dim),
      ])
    }
    return lines + bars(m.breakdown, width: width)
  }

  /// One bar a breakdown row: "    home visit        ██████▍      31".
  static func bars(_ rows: [BreakdownRow], width: Int) -> [Line] {
    guard !rows.isEmpty else { return [] }
    let values = rows.map { compact($0.figure) }
    let valueWidth = values.map(DisplayWidth.of).max() ?? 0
    let labels = labelColumn(rows, width: width)
    let barWidth = max(4, min(maxBar, width - indent - labels - 2 - valueWidth))
    let lengths = ReportFigureText.barLengths(rows.map(\.figure))
    return rows.enumerated().map { i, row in
      let bar = BarChart.bar(share: lengths[i] ?? 0, width: barWidth)
      return [
        Span(
          String(repeating: " ", count: indent) + DisplayWidth.fit(row.label, toWidth: labels - 1) + " "),
        Span(DisplayWidth.fit(bar, toWidth: barWidth + 1), .accent),
        Span(" " + CohortView.pad(values[i], valueWidth)),
      ]
    }
  }

  /// A row's figure in few cells: "78% (31/40)", "med 14 p90 31 days",
  /// "42". The numbers are `FigureText`'s; the rule (Enter) gives them in full.
  static func compact(_ f: Figure) -> String {
    // No numbers to give (a group too small to compare): the reason instead.
    if let note = f.note, !f.hasNumbers { return note }
    let blank = f.suppressed ? FigureText.suppressed : "–"
    var parts: [String] = []
    if f.shape.hasDurations {
      if let median = FigureText.number(f.median) {
        parts.append("med \(median) p90 \(FigureText.number(f.p90) ?? blank) \(f.unit.rawValue)")
      } else {
        parts.append(f.count == 0 ? "none measured" : blank)
      }
    }
    if f.shape.hasShare {
      if let percent = f.percent, let part = f.numerator, let whole = f.denominator {
        parts.append("\(percent)% (\(part)/\(whole))")
      } else {
        parts.append(f.denominator == 0 ? "– (0/0)" : blank)
      }
    }
    if f.shape == .count { parts.append(f.count.map { "\($0)" } ?? blank) }
    return parts.joined(separator: "; ")
  }

  /// The width of the label column for `rows`: the usual one, or wider
  /// (up to half the line) when a label would not fit, so a row naming a
  /// group (`took part · amber, age 3, north`) is read whole.
  static func labelColumn(_ rows: [BreakdownRow], width: Int) -> Int {
    let longest = rows.map { DisplayWidth.of($0.label) }.max() ?? 0
    return max(labelWidth, min(longest + 1, (width - indent) / 2))
  }

  /// The selected metric in full: its rule, its figure, every row in
  /// words, and how to list the records behind it.
  static func explanation(_ report: MetricsReport, _ index: Int, trends: [String: [BreakdownRow]], width: Int)
    -> [Line]
  {
    let metrics = report.metrics
    guard metrics.indices.contains(index) else { return [] }
    let m = metrics[index]
    var lines: [Line] = [[Span(m.title, .title)], []]
    lines += TextWrap.wrap("Rule: " + m.rule, width: width - 2).map { [Span($0)] }
    lines.append([])
    lines += TextWrap.wrap("Figure: " + FigureText.summary(m.figure), width: width - 2).map {
      [Span($0, .title)]
    }
    if !m.breakdown.isEmpty {
      lines.append([])
      lines.append([Span("By " + (ReportHTML.breakdownTitle(m) ?? "row").lowercased() + ":", .dim)])
      let labels = labelColumn(m.breakdown, width: width)
      for row in m.breakdown {
        let text = DisplayWidth.fit(row.label, toWidth: labels - 1) + " " + FigureText.summary(row.figure)
        lines += TextWrap.wrap(text, width: width - 2).map { [Span("  " + $0)] }
      }
    }
    if ReportFigureText.trend(m).isEmpty, let trend = trends[m.id], trend.count > 1 {
      lines.append([])
      lines.append([Span("Over the terms (each term's own report):", .dim)])
      for row in trend {
        let text = DisplayWidth.fit(row.label, toWidth: labelWidth - 1) + " " + FigureText.summary(row.figure)
        lines += TextWrap.wrap(text, width: width - 2).map { [Span("  " + $0)] }
      }
    }
    lines.append([])
    let scope = report.scope.id.map { " --\(report.scope.kind == .sdf ? "sdf" : "hub") \($0)" } ?? ""
    lines += TextWrap.wrap(
      "The records behind it: startwell report --from \(report.from) --to \(report.to)\(scope) --explain \(m.id)",
      width: width - 2
    ).map { [Span($0, .dim)] }
    return lines
  }
}
