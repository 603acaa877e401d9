import StartWellCore
import StartWellStore
import TerminalUI

/// Draws the intake queue. Every row says in words how it stands
/// ("overdue", "due today", or the outcome), so the list reads the same
/// without colour.
enum IntakeView {
  static func render(_ s: AppState, into g: inout CellGrid, rect: Rect) {
    let theme = s.theme
    let q = s.screenState(IntakeState.self)
    g.put(text: title(q), row: rect.row, col: rect.col + 1, style: theme[.title], maxWidth: rect.cols - 2)
    let table = Rect(row: rect.row + 1, col: rect.col, rows: rect.rows - 1, cols: rect.cols)
    let wide = rect.cols >= 110
    var columns = [
      Column("Ref", width: .fixed(10)), Column("Kind", width: .fixed(14)),
      Column("Received", width: .fixed(10)), Column("About", width: .flexible(min: 10)),
      Column("Waited", width: .fixed(6)), Column("Due", width: .fixed(10)),
      Column("Status", width: .fixed(10)),
    ]
    if wide {
      columns.insert(Column("Born", width: .fixed(10)), at: 4)
      columns.insert(Column("From", width: .flexible(min: 12)), at: 5)
    }
    let rows = q.rows
    let config = s.config
    let today = s.today
    let zone = s.zone
    var list = q.list
    let empty =
      q.filter == .untriaged ? "Nothing is waiting for triage." : "No notification has been taken in yet."
    ListView(columns: columns, theme: theme, emptyText: q.loaded ? empty : "Loading…").render(
      into: &g, rect: table, state: &list,
      row: { i in
        let r = rows[i]
        let n = r.notification
        var cells = [
          n.reference, kindName(n.kind, config), zone.day(n.receivedAt).description,
          "\(n.person.givenName) \(n.person.familyName)", n.isTriaged ? "" : waited(r, config),
          r.due.description,
          status(r, today: today),
        ]
        if wide {
          cells.insert(n.person.dateOfBirth?.description ?? "", at: 4)
          cells.insert(n.source(config) ?? "", at: 5)
        }
        return cells
      },
      cellStyle: { i, col in
        guard col >= columns.count - 2, !rows[i].notification.isTriaged else { return nil }
        if rows[i].overdue { return theme[.error] }
        return rows[i].due == today ? theme[.warning] : nil
      })
  }

  static func title(_ q: IntakeState) -> String {
    guard q.loaded else { return "Intake" }
    if q.filter == .all { return "Intake: every notification (\(Format.count(q.rows.count))), newest first" }
    guard !q.rows.isEmpty else { return "Intake: nothing waiting for triage" }
    let overdue = q.rows.filter(\.overdue).count
    return "Intake: \(Format.plural(q.rows.count, "notification")) waiting for triage, oldest first"
      + (overdue > 0 ? "; \(overdue) overdue" : "")
  }

  /// "Domestic abuse" for "Domestic abuse notification": the list names the kind, not the form.
  static func kindName(_ kind: NotificationKind, _ config: Configuration) -> String {
    let name = config.intake.kind(kind)?.name ?? kind.rawValue
    return name.hasSuffix(" notification") ? String(name.dropLast(" notification".count)) : name
  }

  /// Working days waited of the kind's target: "2 of 1".
  static func waited(_ r: QueuedNotification, _ config: Configuration) -> String {
    let target = config.intake.kind(r.notification.kind)?.triageWorkingDays ?? 1
    return "\(r.waitingWorkingDays) of \(target)"
  }

  /// How the row stands, in words: the outcome once triaged, else how it stands against its target.
  static func status(_ r: QueuedNotification, today: LocalDate) -> String {
    if let decision = r.notification.triage { return outcomeWord(decision.outcome) }
    if r.overdue { return "overdue!" }
    return r.due == today ? "due today" : ""
  }

  static func outcomeWord(_ outcome: TriageOutcome) -> String {
    switch outcome {
    case .attached: "attached"
    case .newMember: "new member"
    case .newFamily: "new family"
    case .notOurs: "not ours"
    case .duplicate: "duplicate"
    }
  }
}
