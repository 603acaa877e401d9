import StartWellCore
import StartWellStore
import TerminalUI

/// Drawing the huddle screen: its title line, the running order (or the
/// agenda), and the selected family's summary.
enum HuddleView {
  static func title(_ h: HuddleScreenState, _ s: AppState) -> String {
    let head = "Huddle \(h.sdf) · \(h.date)"
    guard h.loaded else { return head + " · loading…" }
    guard let huddle = h.huddle else {
      let families = "\(h.agenda.count)"
      return head + " · not started · \(families) on the agenda · a starts it"
    }
    let sum = huddle.summary
    let state = sum.huddle.status == .closed ? "closed" : "open"
    return head + " · \(state) · \(sum.discussed) discussed, \(sum.skipped) skipped, \(sum.pending) to go"
      + " · attending: " + huddle.attendeeUsernames.joined(separator: ", ")
  }

  static func list(_ h: HuddleScreenState, _ s: AppState, into g: inout CellGrid, rect: Rect) {
    let wide = rect.cols >= 110
    let columns = [
      Column("#", width: .fixed(3), alignment: .right), Column("Family", width: .fixed(10)),
      Column("Name", width: .flexible(min: 10)), Column("State", width: .fixed(9)),
      Column(h.huddle == nil ? "Why on the agenda" : "Why / decision", width: .flexible(min: wide ? 40 : 20)),
    ]
    var list = h.list
    let theme = s.theme
    ListView(
      columns: columns, theme: theme,
      emptyText: h.loaded ? "Nothing on the agenda: add a family with +." : "Reading the agenda…"
    ).render(
      into: &g, rect: rect, state: &list,
      row: { i in row(h, i) },
      cellStyle: { i, col in
        guard col == 3, let item = h.huddle?.items[i].item else { return nil }
        return item.state == .pending ? theme[.warning] : item.state == .skipped ? theme[.dim] : nil
      })
  }

  static func row(_ h: HuddleScreenState, _ i: Int) -> [String] {
    if let huddle = h.huddle {
      let r = huddle.items[i]
      let why =
        r.item.state == .discussed
        ? r.item.decision : r.item.origin.map { AgendaRule.named($0)?.title ?? $0 }.joined(separator: ", ")
      return [String(i + 1), r.familyReference, r.familyName, r.item.state.rawValue, why]
    }
    let e = h.agenda[i]
    return [
      String(i + 1), e.familyReference, e.familyName, "agenda",
      e.reasons.map(\.title).joined(separator: ", "),
    ]
  }

  /// The family beside the item: its case, why it is here, its risk, its
  /// recent chronology and its open actions.
  static func summary(_ h: HuddleScreenState, _ s: AppState, into g: inout CellGrid, rect: Rect) {
    let theme = s.theme
    guard let family = h.selectedFamily else {
      Frame(title: "Family", style: theme[.border], titleStyle: theme[.title]).render(into: &g, rect: rect)
      return
    }
    let inner = Frame(
      title: "\(family.name) (\(family.reference))", style: theme[.border], titleStyle: theme[.title]
    ).render(into: &g, rect: rect)
    var lines: [(String, ThemeRole)] = []
    let width = inner.cols - 1
    func add(_ text: String, _ role: ThemeRole = .normal) {
      lines += TextWrap.wrap(text, width: width).map { ($0, role) }
    }
    if let d = h.summary {
      let level = d.openCase.map { $0.level.title } ?? "no open case"
      let lead = d.userName(d.openCase?.leadUserID) ?? "no lead"
      add(
        "Case: \(level), lead \(lead) · risk \(Format.band(d.risk.effectiveBand)) (score \(d.risk.score))",
        Format.bandRole(d.risk.effectiveBand))
    }
    for reason in h.agenda.first(where: { $0.familyID == family.id })?.reasons ?? [] {
      add("• \(reason.title): \(reason.facts)")
    }
    if let item = h.huddle?.items.first(where: { $0.item.familyID == family.id }) {
      if !item.item.decision.isEmpty { add("Decision: \(item.item.decision)", .accent) }
      for a in item.actions {
        add("Action for \(a.ownerUsername), due \(a.action.due): \(a.action.description)", .accent)
      }
    }
    if let d = h.summary {
      if !d.risk.reasons.isEmpty {
        add("Risk: " + d.risk.reasons.map { "\($0.name): \($0.detail)" }.joined(separator: "; "))
      }
      for a in d.openActions.prefix(3) {
        add(
          "Open: \(a.description), \(d.userName(a.ownerID) ?? "?") by \(a.due)",
          a.due < s.today ? .warning : .normal)
      }
      // The latest first: what happened most recently matters most here.
      for e in d.chronology.suffix(4).reversed() {
        add("\(e.day.map(\.description) ?? s.zone.day(e.at).description) \(e.title)", .dim)
      }
    } else {
      add("Reading the family…", .dim)
    }
    for (i, line) in lines.prefix(inner.rows).enumerated() {
      g.put(text: line.0, row: inner.row + i, col: inner.col, style: theme[line.1], maxWidth: inner.cols)
    }
  }
}
