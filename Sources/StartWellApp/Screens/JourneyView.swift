import StartWellCore
import StartWellStore
import TerminalUI

/// Draws a child's journey: a table of terms side by side, then the list
/// of what happened in each term.
enum JourneyView {
  static let labelWidth = 14
  static let cellWidth = 11

  /// Where things go for the journey as loaded and the terminal's size.
  struct Layout {
    /// Term columns that fit beside the labels.
    var columns: Int
    /// The first term shown, and how many terms do not fit.
    var first: Int
    var hidden: Int
    /// Rows of the table: the header, the age, the band, the areas, the counts.
    var areas: [DevelopmentArea]
    var tableRows: Int
    var listRows: Int
    var lines: [(text: String, role: ThemeRole)]
    /// The Good Level of Development, wrapped to the width, when derived.
    var gld: [String]

    init(_ j: JourneyState, size: TerminalSize, zone: DisplayZone = .utc, config: Configuration? = nil) {
      let body = Chrome.body(size)
      let terms = j.journey?.terms ?? []
      columns = max(1, (body.cols - 2 - JourneyView.labelWidth) / (JourneyView.cellWidth + 1))
      hidden = max(0, terms.count - columns)
      first = min(j.firstTerm ?? hidden, hidden)
      // Literacy and mathematics only when some term rates them.
      areas = DevelopmentArea.allCases.filter { area in
        DevelopmentArea.prime.contains(area) || terms.contains { $0.record?.rating(area) != nil }
      }
      tableRows = 1 + 1 + 1 + areas.count + 3
      lines = j.journey.map { JourneyView.lines($0, zone: zone, config: config) } ?? []
      // Title, scroll note, table, legend, GLD, the list's heading.
      gld = j.journey?.gld.map { TextWrap.wrap($0.sentence, width: body.cols - 2) } ?? []
      let used = 2 + tableRows + 1 + gld.count + 2
      listRows = max(1, body.rows - used)
    }

    var lastOffset: Int { max(0, lines.count - listRows) }
  }

  static func render(_ s: AppState, into g: inout CellGrid, rect: Rect) {
    let theme = s.theme
    let j = s.screenState(JourneyState.self)
    guard let journey = j.journey else {
      g.put(
        text: j.loaded ? "No journey." : "Loading the journey…", row: rect.row + 1, col: rect.col + 2,
        style: theme[.dim])
      return
    }
    let layout = Layout(j, size: s.size, zone: s.zone, config: s.config)
    let child = journey.child
    let reception = SchoolTerms.yearName(SchoolTerms.receptionYear(dateOfBirth: child.dateOfBirth))
    let title = "Journey of \(child.fullName) (\(child.reference)), family \(journey.familyReference)"
    g.put(
      text: DisplayWidth.truncate(Sanitizer.visible(title), toWidth: rect.cols - 2), row: rect.row,
      col: rect.col + 1, style: theme[.title])
    var y = rect.row + 1
    let x = rect.col + 1
    guard !journey.terms.isEmpty else {
      g.put(
        text: "No development records yet. d records one.", row: y + 1, col: x + 1, style: theme[.dim])
      return
    }
    let shown = Array(journey.terms[layout.first..<min(journey.terms.count, layout.first + layout.columns)])
    let count = journey.terms.count
    var scope = "Born \(child.dateOfBirth), reception \(reception) · "
    if layout.hidden == 0 {
      scope += "all \(count) terms, oldest first"
    } else {
      let earlier = layout.first > 0
      let later = layout.first < layout.hidden
      scope +=
        "terms \(layout.first + 1) to \(layout.first + shown.count) of \(count) · ←/→ "
        + [earlier ? "earlier" : nil, later ? "later" : nil].compactMap(\.self).joined(separator: "/")
    }
    g.put(text: scope, row: y, col: x, style: theme[.dim], maxWidth: rect.cols - 2)
    y += 1
    func cellX(_ i: Int) -> Int { x + labelWidth + i * (cellWidth + 1) }
    func label(_ text: String, _ role: ThemeRole = .normal) {
      g.put(text: text, row: y, col: x, style: theme[role], maxWidth: labelWidth - 1)
    }
    // Header: the term names.
    label("Term", .dim)
    for (i, t) in shown.enumerated() {
      g.put(text: t.term.name, row: y, col: cellX(i), style: theme[.title], maxWidth: cellWidth)
    }
    y += 1
    label("Age", .dim)
    for (i, t) in shown.enumerated() {
      let text = t.reception ? "reception" : age(child.dateOfBirth, at: t.term.start)
      g.put(
        text: text, row: y, col: cellX(i), style: theme[t.reception ? .accent : .dim], maxWidth: cellWidth)
    }
    y += 1
    func cells(_ name: String, _ mark: (JourneyTerm) -> WellCommBand?, _ word: (JourneyTerm) -> String?) {
      label(name)
      for (i, t) in shown.enumerated() {
        if let band = mark(t), let text = word(t) {
          let padded = DisplayWidth.fit(text, toWidth: cellWidth)
          g.put(
            text: padded, row: y, col: cellX(i), style: theme[DevelopmentMarks.role(band)],
            maxWidth: cellWidth)
        } else {
          g.put(text: "·", row: y, col: cellX(i), style: theme[.dim])
        }
      }
      y += 1
    }
    cells("WellComm", { $0.record?.wellComm }, { $0.record.map { DevelopmentMarks.cell($0.wellComm) } })
    for area in layout.areas {
      cells(
        areaLabel(area), { $0.record?.rating(area).map(DevelopmentMarks.band(of:)) },
        { $0.record?.rating(area).map(DevelopmentMarks.cell) })
    }
    func counts(_ name: String, _ n: (JourneyTerm) -> Int) {
      label(name, .dim)
      for (i, t) in shown.enumerated() {
        let value = n(t)
        g.put(text: "\(value)", row: y, col: cellX(i), style: theme[value == 0 ? .dim : .normal])
      }
      y += 1
    }
    counts("Contacts") { $0.contacts.count }
    counts("Referrals") { $0.referrals.count }
    counts("Escalations") { $0.escalations.count }
    g.put(text: DevelopmentMarks.legend, row: y, col: x, style: theme[.dim], maxWidth: rect.cols - 2)
    y += 1
    if let gld = journey.gld {
      let role: ThemeRole =
        gld.outcome == .achieved ? .success : gld.outcome == .notAchieved ? .warning : .normal
      for line in layout.gld {
        g.put(text: line, row: y, col: x, style: theme[role], maxWidth: rect.cols - 2)
        y += 1
      }
    }
    y += 1
    let offset = min(j.offset, layout.lastOffset)
    let more = layout.lines.count > layout.listRows
    let heading =
      more
      ? "What happened, term by term (lines \(offset + 1)-\(min(layout.lines.count, offset + layout.listRows)) of \(layout.lines.count); ↑/↓ scroll)"
      : "What happened, term by term"
    g.put(text: heading, row: y, col: x, style: theme[.title], maxWidth: rect.cols - 2)
    y += 1
    if layout.lines.isEmpty {
      g.put(
        text: "No contacts, referrals, escalations or notes in these terms.", row: y, col: x + 1,
        style: theme[.dim])
      return
    }
    for line in layout.lines.dropFirst(offset).prefix(max(0, rect.bottom - y)) {
      g.put(
        text: DisplayWidth.truncate(line.text, toWidth: rect.cols - 2), row: y, col: x,
        style: theme[line.role])
      y += 1
    }
  }

  static func areaLabel(_ area: DevelopmentArea) -> String {
    switch area {
    case .communication: "Communication"
    case .physical: "Physical"
    case .personalSocialEmotional: "PSED"
    case .literacy: "Literacy"
    case .maths: "Maths"
    }
  }

  /// "2y 7m": the child's age on a day.
  static func age(_ born: LocalDate, at day: LocalDate) -> String {
    var months = (day.year - born.year) * 12 + day.month - born.month
    if day.day < born.day { months -= 1 }
    guard months >= 0 else { return "unborn" }
    return "\(months / 12)y \(months % 12)m"
  }

  /// Each term's notes, contacts, referrals and escalations, in date order
  /// under the term's name; terms with nothing are left out.
  static func lines(_ j: DevelopmentJourney, zone: DisplayZone, config: Configuration?)
    -> [(text: String, role: ThemeRole)]
  {
    var out: [(text: String, role: ThemeRole)] = []
    for t in j.terms {
      var items: [(day: LocalDate, text: String, role: ThemeRole)] = []
      for c in t.contacts {
        items.append(
          (
            zone.day(c.at), "contact     \(c.type): \(c.summary)\(c.inError ? " (entered in error)" : "")",
            c.significant ? .significant : .normal
          ))
      }
      for r in t.referrals {
        let service = config?.serviceName(r.service) ?? r.service
        items.append(
          (
            zone.day(r.meta.createdAt), "referral    \(r.reference) to \(service) (\(r.status.rawValue))",
            .normal
          ))
      }
      for e in t.escalations {
        items.append(
          (
            zone.day(e.raisedAt),
            "escalation  \(e.reference) \(e.fromLevel.title) → \(e.toLevel.title) (\(e.status.rawValue))",
            .warning
          ))
      }
      items.sort { $0.day < $1.day }
      let notes = t.record?.notes ?? ""
      guard !items.isEmpty || !notes.isEmpty else { continue }
      out.append(("\(t.term.name) (\(t.term.start) to \(t.term.end))", .accent))
      if !notes.isEmpty { out.append(("  notes: " + flat(notes), .normal)) }
      for item in items { out.append(("  \(item.day)  " + flat(item.text), item.role)) }
    }
    return out
  }

  static func flat(_ text: String) -> String {
    Sanitizer.visible(text.replacingOccurrences(of: "\n", with: " "))
  }
}
