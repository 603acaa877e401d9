import StartWellCore
import StartWellStore
import TerminalUI

enum FamilyView {
  static func render(_ s: AppState, into g: inout CellGrid, rect: Rect) {
    guard let f = s.family else { return }
    let theme = s.theme
    var title = "\(f.reference)  \(f.name)"
    if let d = f.detail {
      let sdf = s.config.sdfName(d.family.sdfID).map { " / \($0)" } ?? ""
      title +=
        "  ·  \(d.family.hubID)\(sdf)  ·  \(d.openCase?.status == .open ? d.openCase!.level.title : "case closed")"
    }
    // The risk badge takes the right of the line; the title gets what is
    // left and says with an ellipsis when it is cut, so a level is never
    // shown half-hidden under the badge ("Univer").
    var room = rect.cols - 2
    if let d = f.detail {
      let badge = " risk \(Format.band(d.risk.effectiveBand)) \(d.risk.score) "
      let w = DisplayWidth.of(badge)
      room -= w + 1
      g.put(
        text: badge, row: rect.row, col: rect.right - w - 1,
        style: theme[Format.bandRole(d.risk.effectiveBand)])
    }
    g.put(
      text: DisplayWidth.truncate(Sanitizer.visible(title), toWidth: room), row: rect.row, col: rect.col + 1,
      style: theme[.title], maxWidth: room)
    TabBar(titles: FamilyTab.allCases.map(\.title), selected: f.tab.rawValue, theme: theme)
      .render(into: &g, row: rect.row + 1, col: rect.col, width: rect.cols)
    let content = Rect(row: rect.row + 2, col: rect.col, rows: rect.rows - 2, cols: rect.cols)
    guard let d = f.detail else {
      g.put(text: "Loading…", row: content.row + 1, col: content.col + 2, style: theme[.dim])
      return
    }
    switch f.tab {
    case .overview: FamilyOverview.render(s, d, into: &g, rect: content)
    case .chronology: chronology(s, d, f, into: &g, rect: content)
    case .referrals: referrals(s, d, f, into: &g, rect: content)
    case .development: development(s, d, f, into: &g, rect: content)
    case .actions: actions(s, f, into: &g, rect: content)
    }
  }

  static func chronology(
    _ s: AppState, _ d: FamilyDetail, _ f: FamilyState, into g: inout CellGrid, rect: Rect
  ) {
    let theme = s.theme
    let wide = rect.cols >= 110
    var columns = [
      Column("When (\(s.zone.abbreviations(of: d.chronology, otherwise: s.now)))", width: .fixed(16)),
      Column("!", width: .fixed(1)),
      Column("Kind", width: .fixed(11)),
      Column("Entry", width: .flexible(min: 20)),
    ]
    if wide { columns.append(Column("By", width: .fixed(16))) }
    var list = f.list(.chronology)
    ListView(columns: columns, theme: theme, emptyText: "Nothing recorded yet. Press c to log a contact.")
      .render(
        into: &g, rect: rect, state: &list,
        row: { i in
          let e = d.chronology[i]
          var cells = [s.zone.when(e), e.significant ? "!" : "", e.kind.rawValue, e.title]
          if wide { cells.append(e.by ?? "") }
          return cells
        },
        cellStyle: { i, col in
          d.chronology[i].significant && (col == 1 || col == 3) ? theme[.significant] : nil
        })
  }

  static func referrals(
    _ s: AppState, _ d: FamilyDetail, _ f: FamilyState, into g: inout CellGrid, rect: Rect
  ) {
    let theme = s.theme
    let limit = s.config.thresholds.referralWaitingWeeks * 7
    let names = Dictionary(uniqueKeysWithValues: d.members.map { ($0.meta.id, $0.fullName) })
    var list = f.list(.referrals)
    ListView(
      columns: [
        Column("Ref", width: .fixed(10)), Column("For", width: .flexible(min: 10)),
        Column("Service", width: .flexible(min: 12)), Column("Status", width: .fixed(8)),
        Column("Since", width: .fixed(10)), Column("Waiting", width: .fixed(8)),
      ], theme: theme, emptyText: "No referrals. Press r to record one."
    ).render(
      into: &g, rect: rect, state: &list,
      row: { i in
        let r = d.referrals[i]
        let since = r.statusDates[r.status.rawValue].map { s.zone.day($0).description } ?? ""
        let waiting =
          r.daysWaiting(today: s.today, zone: s.zone).map { "\($0)d\($0 > limit ? " !" : "")" } ?? ""
        return [
          r.reference, names[r.personID] ?? "?", s.config.serviceName(r.service), r.status.rawValue, since,
          waiting,
        ]
      },
      cellStyle: { i, col in
        col == 5 && (d.referrals[i].daysWaiting(today: s.today, zone: s.zone) ?? 0) > limit
          ? theme[.warning] : nil
      })
  }

  static func development(
    _ s: AppState, _ d: FamilyDetail, _ f: FamilyState, into g: inout CellGrid, rect: Rect
  ) {
    let theme = s.theme
    let names = Dictionary(uniqueKeysWithValues: d.members.map { ($0.meta.id, $0.givenName) })
    var list = f.list(.development)
    ListView(
      columns: [
        Column("Term", width: .fixed(11)), Column("Recorded", width: .fixed(10)),
        Column("Child", width: .flexible(min: 8)),
        Column("WellComm", width: .fixed(8)), Column("Comm.", width: .fixed(8)),
        Column("Physical", width: .fixed(8)),
        Column("PSED", width: .fixed(8)),
      ], theme: theme, emptyText: "No development records."
    ).render(
      into: &g, rect: rect, state: &list,
      row: { i in
        let r = d.development[i]
        return [
          r.term, r.recordedOn.description, names[r.personID] ?? "?", r.wellComm.rawValue,
          r.communication.rawValue,
          r.physical.rawValue, r.personalSocialEmotional.rawValue,
        ]
      },
      cellStyle: { i, col in
        guard col == 3 else { return nil }
        switch d.development[i].wellComm {
        case .red: return theme[.bandRed]
        case .amber: return theme[.bandAmber]
        case .green: return theme[.bandGreen]
        }
      })
  }

  static func actions(_ s: AppState, _ f: FamilyState, into g: inout CellGrid, rect: Rect) {
    let theme = s.theme
    let items = f.workItems
    let today = s.today
    var list = f.list(.actions)
    ListView(
      columns: [
        // Wide enough for the date and its overdue mark ("2025-03-10 !").
        Column("Due", width: .fixed(12)), Column("Kind", width: .fixed(9)),
        Column("What", width: .flexible(min: 20)),
        Column("Owner", width: .fixed(16)),
      ], theme: theme, emptyText: "No open actions or follow-ups."
    ).render(
      into: &g, rect: rect, state: &list,
      row: { i in
        let item = items[i]
        return [
          item.due < today ? "\(item.due) !" : item.due.description, item.kind.rawValue, item.text,
          item.owner,
        ]
      },
      cellStyle: { i, col in col == 0 && items[i].due < today ? theme[.error] : nil })
  }
}

/// The overview tab: household, consent, case, members and risk with its reasons.
enum FamilyOverview {
  static func render(_ s: AppState, _ d: FamilyDetail, into g: inout CellGrid, rect: Rect) {
    let theme = s.theme
    var y = rect.row + 1
    let x = rect.col + 1
    let width = rect.cols - 2
    func line(_ text: String, _ role: ThemeRole = .normal, indent: Int = 0) {
      guard y < rect.bottom else { return }
      g.put(
        text: DisplayWidth.truncate(text, toWidth: width - indent), row: y, col: x + indent,
        style: theme[role])
      y += 1
    }
    let fam = d.family
    let address = [fam.address, fam.postcode].filter { !$0.isEmpty }.joined(separator: ", ")
    line("Address: \(address)")
    let consent =
      fam.consent.map { "\($0.rawValue)\(fam.consentDate.map { " on \($0)" } ?? "")" } ?? "not recorded"
    let canEdit = SafeguardingForms.refusal(s.user, .editFamily, hub: fam.hubID, roleRefusal: "") == nil
    line("Consent to share: \(consent)\(canEdit ? " · C to update" : "")")
    if let c = d.openCase, c.status == .closed {
      // The reason it was closed, so whoever reopens it knows what was decided.
      line("Case: closed on \(c.closedOn?.description ?? "?")\(c.closureReason.map { ": \($0)" } ?? "")")
    } else if let c = d.openCase {
      let lead = d.userName(c.leadUserID) ?? "none"
      line("Case: \(c.status.rawValue) since \(c.openedOn) · \(c.level.title) · lead \(lead)")
      // On a line of its own, so the date and its "overdue" are never cut off.
      if let review = c.nextReview {
        let overdue = review < s.today
        line("Next review: \(review)\(overdue ? " (overdue)" : "")", overdue ? .warning : .normal)
      }
    } else {
      line("Case: none open")
    }
    if let c = d.openCase, c.flaggedForHuddle {
      line("Flagged for the next huddle (h to take it off)", .accent)
    }
    if case .breakGlass(let why) = d.access { line("Opened outside your hubs: \(why)", .warning) }
    y += 1
    line("Members (\(d.members.count))", .title)
    let widths = [24, 8, 9, 12, 11]
    let header = ["Name", "Role", "Age", "Born", "NHS"].enumerated().map {
      DisplayWidth.fit($1, toWidth: widths[$0])
    }
    line(header.joined(separator: " ") + " Notes", .dim, indent: 1)
    let memberRows = min(d.members.count, max(1, (rect.bottom - y) - 4 - min(d.risk.reasons.count, 4)))
    for p in d.members.prefix(memberRows) {
      var notes: [String] = []
      if p.sendStatus { notes.append("SEND\(p.ehcp ? "+EHCP" : "")") }
      if p.interpreterNeeded { notes.append("interpreter (\(p.firstLanguage ?? "?"))") }
      notes += p.flags.map { s.config.riskFactor($0)?.name ?? $0 }
      let cells = [
        p.fullName, p.relationship.rawValue, Format.age(of: p, today: s.today),
        p.dateOfBirth.description, p.nhsNumber ?? "",
      ]
      let text = cells.enumerated().map { DisplayWidth.fit($1, toWidth: widths[$0]) }.joined(separator: " ")
      line(text + " " + notes.joined(separator: ", "), indent: 1)
    }
    if d.members.count > memberRows { line("… and \(d.members.count - memberRows) more", .dim, indent: 1) }
    if d.members.isEmpty { line("No members yet. Press p to add a person.", .dim, indent: 1) }
    y += 1
    let band = d.risk.effectiveBand
    let override =
      d.risk.override.map { " (override; computed \($0 == d.risk.band ? "the same" : d.risk.band.rawValue))" }
      ?? ""
    let overrideHint =
      SafeguardingForms.canOverrideRisk(s.user, hub: fam.hubID)
      ? (d.risk.override == nil ? " · R to override" : " · R to change or clear") : ""
    line("Risk: \(Format.band(band)) \(d.risk.score)\(override)\(overrideHint)", .title)
    if let decision = d.riskOverride {
      let by = d.userName(decision.decidedBy) ?? "unknown"
      line("Overridden by \(by) on \(s.zone.day(decision.decidedAt)): \(decision.reason)", .dim, indent: 1)
    }
    for reason in d.risk.reasons.prefix(max(0, rect.bottom - y - 1)) {
      line("+\(reason.weight) \(reason.name): \(reason.detail)", indent: 1)
    }
    if d.risk.reasons.isEmpty { line("No risk factors.", .dim, indent: 1) }
    let open = d.escalations.filter { [.raised, .acknowledged].contains($0.status) }.count
    line(
      "Open work: \(Format.plural(d.openActions.count, "action")), \(Format.plural(d.openFollowUps.count, "follow-up")), \(Format.plural(open, "open escalation"))",
      .dim)
  }
}
