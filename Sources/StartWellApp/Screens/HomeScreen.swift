import StartWellCore
import StartWellStore
import TerminalUI

public struct HomeState: Sendable {
  public var summary: HomeSummary?
  /// 0 caseload, 1 work due, 2 my escalations and referrals.
  public var pane = 0
  public var lists = [ListState(), ListState(), ListState()]
}

/// One line of the "raised by me" pane.
enum MineItem {
  case escalation(EscalationRow)
  case referral(ReferralRow)

  var familyID: String {
    switch self {
    case .escalation(let e): e.escalation.familyID
    case .referral(let r): r.referral.familyID
    }
  }
}

/// My caseload, my work due, what I raised, and the queue length for supervisors.
enum HomeScreen {
  static func mine(_ summary: HomeSummary) -> [MineItem] {
    summary.escalations.map(MineItem.escalation) + summary.referrals.map(MineItem.referral)
  }

  /// The panes' rectangles (with their borders) inside the body.
  static func layout(_ body: Rect, supervisor: Bool) -> [Rect] {
    let (_, rest) = body.splitTop(supervisor ? 1 : 0)
    let (top, bottom) = rest.splitTop(rest.rows / 2)
    let (left, right) = bottom.splitLeft(bottom.cols / 2)
    return [top, left, right]
  }

  /// Rows of items that fit in pane `index`, less its border and table header.
  static func visibleRows(_ s: AppState, pane: Int) -> Int {
    max(1, layout(Chrome.body(s.size), supervisor: s.isSupervisor)[pane].rows - 3)
  }

  static func loaded(_ summary: HomeSummary, _ s: inout AppState) {
    s.home.summary = summary
    let counts = [summary.caseload.count, summary.due.count, mine(summary).count]
    for i in 0..<3 { s.home.lists[i].setCount(counts[i]) }
  }

  static func perform(_ action: Action, _ s: inout AppState) -> [Effect] {
    let pane = s.home.pane
    switch action {
    case .nextPane: s.home.pane = (pane + 1) % 3
    case .previousPane: s.home.pane = (pane + 2) % 3
    case .up, .down, .top, .bottom, .pageUp, .pageDown:
      ListMotion.apply(action, to: &s.home.lists[pane], visibleRows: visibleRows(s, pane: pane))
    case .search:
      s.families.searching = true
      return Navigation.goFamilies(&s)
    case .open:
      guard let summary = s.home.summary, !s.home.lists[pane].isEmpty else { return [] }
      let index = s.home.lists[pane].selected
      switch pane {
      case 0:
        let row = summary.caseload[index]
        return Navigation.openFamily(id: row.id, reference: row.reference, name: row.name, hub: row.hub, &s)
      case 1:
        let item = summary.due[index]
        return Navigation.openFamily(
          id: item.familyID, reference: item.familyReference, name: item.familyName, hub: nil, &s)
      default:
        let item = mine(summary)[index]
        switch item {
        case .escalation(let e):
          return Navigation.openFamily(
            id: e.escalation.familyID, reference: e.familyReference, name: e.familyName, hub: e.hub, &s)
        case .referral(let r):
          return Navigation.openFamily(
            id: r.referral.familyID, reference: r.familyReference, name: r.familyReference, hub: nil, &s)
        }
      }
    default: break
    }
    return []
  }

  static func render(_ s: AppState, into g: inout CellGrid, rect: Rect) {
    let theme = s.theme
    let panes = layout(rect, supervisor: s.isSupervisor)
    if s.isSupervisor {
      let count = s.home.summary?.queueCount ?? 0
      let text = "Escalation queue: \(Format.plural(count, "escalation")) awaiting a decision (E to open)"
      g.put(
        text: text, row: rect.row, col: rect.col + 1, style: theme[count > 0 ? .warning : .normal],
        maxWidth: rect.cols - 2)
    }
    guard let summary = s.home.summary else {
      g.put(text: "Loading…", row: panes[0].row + 1, col: rect.col + 2, style: theme[.dim])
      return
    }
    let today = s.today
    let titles = [
      "My caseload (\(Format.count(summary.caseloadCount)))",
      "Due in 7 days or overdue (\(summary.due.count))",
      "My open escalations and referrals (\(summary.escalations.count + summary.referrals.count))",
    ]
    for i in 0..<3 {
      let focused = s.home.pane == i
      let inner = Frame(
        title: titles[i], style: theme[focused ? .accent : .border],
        titleStyle: theme[focused ? .accent : .title]
      ).render(into: &g, rect: panes[i])
      var list = s.home.lists[i]
      switch i {
      case 0:
        let view = ListView(
          columns: [
            Column("Ref", width: .fixed(10)), Column("Family", width: .flexible(min: 10)),
            Column("Level", width: .fixed(10)), Column("Risk", width: .fixed(9)),
            Column("Last contact", width: .fixed(12)),
          ], theme: theme, emptyText: "No families have you as their lead.")
        view.render(
          into: &g, rect: inner, state: &list, row: { FamilyColumns.caseloadRow(summary.caseload[$0]) },
          cellStyle: { row, col in col == 3 ? theme[Format.bandRole(summary.caseload[row].riskBand)] : nil })
      case 1:
        let view = ListView(
          columns: [
            Column("Due", width: .fixed(11)), Column("Family", width: .flexible(min: 6)),
            Column("What", width: .flexible(min: 8, weight: 2)),
          ],
          theme: theme, emptyText: "Nothing due.")
        view.render(
          into: &g, rect: inner, state: &list,
          row: { index in
            let item = summary.due[index]
            return [item.due < today ? "\(item.due)!" : item.due.description, item.familyName, item.text]
          },
          cellStyle: { row, col in col == 0 && summary.due[row].due < today ? theme[.error] : nil })
      default:
        let items = mine(summary)
        let view = ListView(
          columns: [
            Column("Ref", width: .fixed(10)), Column("Family", width: .flexible(min: 6)),
            Column("Status", width: .flexible(min: 8)),
          ],
          theme: theme, emptyText: "Nothing open.")
        view.render(
          into: &g, rect: inner, state: &list,
          row: { index in
            switch items[index] {
            case .escalation(let e):
              return [
                e.escalation.reference, e.familyName,
                "\(e.escalation.status.rawValue) → \(e.escalation.toLevel.title)",
              ]
            case .referral(let r):
              let waiting = r.daysWaiting.map { ", \($0)d" } ?? ""
              return [
                r.referral.reference, r.personName,
                "\(r.referral.service) \(r.referral.status.rawValue)\(waiting)",
              ]
            }
          })
      }
      if !focused {
        // Only the focused pane shows its selection, so the eye knows where Enter goes.
        let body = Rect(
          row: inner.row + 1 + (list.selected - list.offset), col: inner.col, rows: 1, cols: inner.cols)
        if !list.isEmpty { g.applyStyle(theme[.normal], in: body) }
      }
    }
  }
}

/// Moves a list for the movement actions shared by every list screen.
enum ListMotion {
  static func apply(_ action: Action, to list: inout ListState, visibleRows: Int) {
    switch action {
    case .up: list.moveUp()
    case .down: list.moveDown()
    case .top: list.top()
    case .bottom: list.bottom()
    case .pageUp: list.pageUp(pageSize: visibleRows)
    case .pageDown: list.pageDown(pageSize: visibleRows)
    default: return
    }
    list.scrollToSelection(visibleRows: visibleRows)
  }

  static func isMotion(_ action: Action) -> Bool {
    [.up, .down, .top, .bottom, .pageUp, .pageDown].contains(action)
  }
}

extension HomeScreen: Screen {
  static let route = Route.home
  static let goAction: Action? = .goHome
  static let bindings: [KeyBinding] = [
    KeyBinding([.enter], .home, .open, hint: "open"),
    KeyBinding([.tab], .home, .nextPane, hint: "pane"),
    KeyBinding([.backTab], .home, .previousPane),
    KeyBinding([.character("/")], .home, .search, hint: "search"),
    KeyBinding([.character("H")], .global, .goHome),
  ]

  static func keyContexts(_ s: AppState) -> [KeyContext] { [.home, .list, .global] }

  /// Home is the bottom of the stack: going there starts it again. A huddle
  /// lead's home is their huddles and actions; a supervisor's, what needs them.
  static func show(_ s: inout AppState) -> [Effect] {
    switch s.user?.role {
    case .huddleLead?:
      s.reset(to: .leadHome)
      return LeadHomeScreen.reload(&s)
    case .supervisor?:
      s.reset(to: .supervisorHome)
      return SupervisorHomeScreen.reload(&s)
    default: break
    }
    s.reset(to: .home)
    return [.loadHome]
  }

  static func reload(_ s: inout AppState) -> [Effect] { [.loadHome] }
}
