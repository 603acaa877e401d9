import StartWellCore
import StartWellStore
import TerminalUI

/// Draws the cohort: a bar chart for the WellComm band and one for each
/// area, then the movement table, in as many columns as the width allows
/// (fewest first, so the bars are as long as they can be).
enum CohortView {
  /// One piece of a line, in its role.
  struct Span {
    var text: String
    var role: ThemeRole
    init(_ text: String, _ role: ThemeRole = .normal) {
      self.text = text
      self.role = role
    }
  }

  typealias Line = [Span]

  static let labelWidth = 11
  static let minColumn = 38
  static let maxColumn = 60

  static func render(_ s: AppState, into g: inout CellGrid, rect: Rect) {
    let theme = s.theme
    let c = s.screenState(CohortState.self)
    let scope =
      c.hub.map { hub in s.config.hub(hub).map { "\(Self.shortName($0.name)) (\(hub))" } ?? hub }
      ?? "all hubs"
    var title = "Cohort of \(scope)"
    if let cohort = c.cohort {
      title += " · \(cohort.term.name) · \(children(cohort.children)) recorded"
    }
    g.put(text: title, row: rect.row, col: rect.col + 1, style: theme[.title], maxWidth: rect.cols - 2)
    g.put(
      text: "Development checks: each bar is a share of the children recorded in the term", row: rect.row + 1,
      col: rect.col + 1, style: theme[.dim], maxWidth: rect.cols - 2)
    let area = Rect(row: rect.row + 2, col: rect.col + 1, rows: rect.rows - 2, cols: rect.cols - 2)
    guard let cohort = c.cohort else {
      g.put(
        text: c.loaded ? "" : "Counting the cohort…", row: area.row + 1, col: area.col + 1, style: theme[.dim]
      )
      return
    }
    guard cohort.children > 0 else {
      g.put(
        text: "No development records for \(scope) in \(cohort.term.name). [ shows the term before.",
        row: area.row + 1, col: area.col + 1, style: theme[.dim], maxWidth: area.cols - 2)
      return
    }
    let (columns, width) = arrangement(cohort, area: area)
    let sections = sections(cohort, width: width)
    if let columns {
      for (i, column) in columns.enumerated() {
        var y = area.row
        for index in column {
          for line in sections[index] {
            draw(line, row: y, col: area.col + i * (width + 2), width: width, theme: theme, into: &g)
            y += 1
          }
          y += 1
        }
      }
      return
    }
    // Too tall for the screen even in columns: one column, scrolled.
    let lines = flattened(sections)
    let offset = min(c.offset, max(0, lines.count - area.rows))
    for (i, line) in lines.dropFirst(offset).prefix(area.rows).enumerated() {
      draw(line, row: area.row + i, col: area.col, width: area.cols, theme: theme, into: &g)
    }
    if lines.count > area.rows {
      let note = " ↑/↓ \(offset + 1)-\(min(lines.count, offset + area.rows)) of \(lines.count) "
      g.put(
        text: note, row: area.bottom - 1, col: area.right - DisplayWidth.of(note), style: theme[.dim])
    }
  }

  /// How far the single scrolled column can go, for the scroll keys.
  static func lastOffset(_ c: CohortState, _ s: AppState) -> Int {
    guard let cohort = c.cohort else { return 0 }
    let body = Chrome.body(s.size)
    let area = Rect(row: 0, col: 0, rows: body.rows - 2, cols: body.cols - 2)
    let (columns, width) = arrangement(cohort, area: area)
    guard columns == nil else { return 0 }
    return max(0, flattened(sections(cohort, width: width)).count - area.rows)
  }

  /// The fewest columns the sections fit in, each section whole in one
  /// column and the columns as even as they can be; columns are no wider
  /// than `maxColumn`, so a wide terminal gets more of them rather than
  /// bars too long to read across. nil (with one full-width column) when
  /// nothing fits.
  static func arrangement(_ cohort: DevelopmentCohort, area: Rect) -> ([[Int]]?, Int) {
    let most = max(1, (area.cols + 2) / (minColumn + 2))
    let fewest = min(most, max(1, (area.cols + 2 + maxColumn + 1) / (maxColumn + 2)))
    for n in fewest...most {
      let width = (area.cols - 2 * (n - 1)) / n
      let heights = sections(cohort, width: width).map(\.count)
      guard let tallest = heights.max(), tallest <= area.rows else { continue }
      for limit in tallest...area.rows {
        let columns = pack(heights, limit: limit)
        if columns.count <= n { return (columns, width) }
      }
    }
    return (nil, area.cols)
  }

  /// Sections in order into columns of at most `limit` rows, a blank row between.
  static func pack(_ heights: [Int], limit: Int) -> [[Int]] {
    var columns: [[Int]] = [[]]
    var used = 0
    for (i, h) in heights.enumerated() {
      let need = (columns[columns.count - 1].isEmpty ? 0 : 1) + h
      if used + need > limit {
        columns.append([i])
        used = h
      } else {
        columns[columns.count - 1].append(i)
        used += need
      }
    }
    return columns
  }

  static func flattened(_ sections: [[Line]]) -> [Line] {
    sections.enumerated().flatMap { i, lines in (i == 0 ? [] : [[]]) + lines }
  }

  static func draw(_ line: Line, row: Int, col: Int, width: Int, theme: Theme, into g: inout CellGrid) {
    var x = col
    for span in line {
      let room = col + width - x
      guard room > 0 else { return }
      x += g.put(text: span.text, row: row, col: x, style: theme[span.role], maxWidth: room)
    }
  }

  /// The charts and the movement table, each a list of lines.
  static func sections(_ c: DevelopmentCohort, width: Int) -> [[Line]] {
    // Label, bar, count and share: "● green    ██████▍   31  54%".
    let barWidth = max(4, width - labelWidth - 2 - 6 - 5)
    func bar(_ band: WellCommBand, _ label: String, _ count: Int, _ share: Double) -> Line {
      let blocks = BarChart.bar(share: share, width: barWidth)
      return [
        Span(DisplayWidth.fit(label, toWidth: labelWidth - 1), DevelopmentMarks.role(band)), Span(" "),
        Span(DisplayWidth.fit(blocks, toWidth: barWidth + 1)),
        Span(pad("\(count)", 5)), Span(pad(BarChart.percent(share), 5), .dim),
      ]
    }
    var sections: [[Line]] = []
    var wellComm: [Line] = [[Span("WellComm band", .title)]]
    for band in WellCommBand.allCases {
      wellComm.append(bar(band, DevelopmentMarks.cell(band), c.count(band), c.share(band)))
    }
    sections.append(wellComm)
    for area in DevelopmentArea.allCases {
      let rated = c.rated(area)
      guard DevelopmentArea.prime.contains(area) || rated > 0 else { continue }
      let reception = DevelopmentArea.specific.contains(area) ? " (\(rated) in reception)" : ""
      var lines: [Line] = [[Span(area.title + reception, .title)]]
      for rating in EYFSRating.allCases {
        lines.append(
          bar(
            DevelopmentMarks.band(of: rating), DevelopmentMarks.cell(rating), c.count(area, rating),
            c.share(area, rating)))
      }
      sections.append(lines)
    }
    sections.append(movement(c))
    return sections
  }

  /// The transition table: rows the band last term, columns the band now.
  static func movement(_ c: DevelopmentCohort) -> [Line] {
    guard let previous = c.previousTerm else {
      return [[Span("Movement", .title)], [Span("No previous term is configured.", .dim)]]
    }
    var lines: [Line] = [
      [Span("Movement since \(previous.name)", .title)],
      [Span("\(children(c.recordedInBoth)) recorded in both terms", .dim)],
    ]
    var header: Line = [Span(DisplayWidth.fit("from \\ to", toWidth: 10), .dim)]
    for to in WellCommBand.allCases { header.append(Span(pad(to.rawValue, 7), DevelopmentMarks.role(to))) }
    lines.append(header)
    for from in WellCommBand.allCases {
      var row: Line = [
        Span(DisplayWidth.fit(DevelopmentMarks.cell(from), toWidth: 10), DevelopmentMarks.role(from))
      ]
      for to in WellCommBand.allCases {
        let n = c.moved(from: from, to: to)
        // Worse than before stands out; the diagonal is the unchanged.
        let role: ThemeRole = n == 0 ? .dim : to.rank > from.rank ? .warning : to == from ? .normal : .success
        row.append(Span(pad("\(n)", 7), role))
      }
      lines.append(row)
    }
    lines.append([
      Span("improved \(c.improved)", .success), Span(" · unchanged \(c.unchanged) · "),
      Span("fell \(c.fell)", .warning),
    ])
    return lines
  }

  /// "North" for "North Start Well Hub", as the header names hubs.
  static func shortName(_ hub: String) -> String { hub.replacingOccurrences(of: " Start Well Hub", with: "") }

  static func children(_ n: Int) -> String { "\(Format.count(n)) \(n == 1 ? "child" : "children")" }

  static func pad(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - DisplayWidth.of(text))) + text
  }
}
