import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// What the supervisor's home reads: the counts, and the caseloads beneath them.
struct SupervisorHome: Sendable {
  var summary: SupervisorSummary
  var caseloads: [Caseload]
  var intake = IntakeAges()
}

/// Notifications waiting for triage in the supervisor's view, by age (`Store.untriagedAges`).
struct IntakeAges: Sendable {
  var withinTarget = 0
  var dueToday = 0
  var overdue = 0

  var total: Int { withinTarget + dueToday + overdue }
}

struct SupervisorHomeState: ScreenState {
  var home: SupervisorHome?
  /// 0 the counts, 1 the caseloads.
  var pane = 0
  var lists = [ListState(), ListState()]
}

extension Route {
  static let supervisorHome = Route("supervisor-home")
}

extension KeyContext {
  static let supervisorHome = KeyContext("supervisor-home")
}

/// One line of the supervisor's counts, and the list it opens.
enum SupervisionLine: Int, CaseIterable {
  case escalations, overdue, reviews, net, cases, intake

  func text(_ home: SupervisorHome) -> (label: String, count: Int, detail: String) {
    let s = home.summary
    return switch self {
    case .escalations:
      ("Escalations awaiting a decision", s.escalationsUndecided, "\(s.escalationsPastTarget) past target")
    case .overdue:
      (
        "Overdue follow-ups and actions", s.overdueFollowUps + s.overdueActions,
        "\(Format.plural(s.overdueFollowUps, "follow-up")), \(Format.plural(s.overdueActions, "action"))"
      )
    case .reviews: ("Reviews due or overdue", s.reviewsDue + s.reviewsOverdue, "\(s.reviewsOverdue) overdue")
    case .net: ("Children in the net", s.childrenInNet, "\(s.unmarkedNetRows) reasons not yet seen")
    case .cases: ("Open cases", s.openCases, "\(s.unassignedCases) with no lead")
    case .intake:
      (
        "Notifications awaiting triage", home.intake.total,
        "\(home.intake.overdue) overdue, \(home.intake.dueToday) due today, \(home.intake.withinTarget) in time"
      )
    }
  }
}

/// The supervisor's home: the counts of what needs them, each opening its
/// list, and every practitioner's caseload by level and risk band.
enum SupervisorHomeScreen: Screen {
  static let route = Route.supervisorHome
  static let bindings: [KeyBinding] = [
    KeyBinding([.enter], .supervisorHome, .open, hint: "open"),
    KeyBinding([.tab], .supervisorHome, .nextPane, hint: "pane"),
    KeyBinding([.backTab], .supervisorHome, .previousPane),
  ]

  static func keyContexts(_ s: AppState) -> [KeyContext] { [.supervisorHome, .list, .global] }

  static func reload(_ s: inout AppState) -> [Effect] { [request()] }

  static func load(_ request: ScreenRequest, _ c: ScreenLoadContext) throws -> any Sendable {
    let ages = try c.store.untriagedAges(as: c.user)
    return SupervisorHome(
      summary: try c.store.supervisorSummary(for: c.user), caseloads: try c.store.caseloads(for: c.user),
      intake: IntakeAges(withinTarget: ages.withinTarget, dueToday: ages.dueToday, overdue: ages.overdue))
  }

  static func loaded(_ data: any Sendable, request: ScreenRequest, _ s: inout AppState) -> [Effect] {
    guard let home = data as? SupervisorHome else { return [] }
    var h = s.screenState(SupervisorHomeState.self)
    h.home = home
    h.lists[0].setCount(SupervisionLine.allCases.count)
    h.lists[1].setCount(home.caseloads.count)
    s.setScreenState(h)
    return []
  }

  static func layout(_ body: Rect) -> [Rect] {
    let (top, bottom) = body.splitTop(SupervisionLine.allCases.count + 3)
    return [top, bottom]
  }

  static func perform(_ action: Action, _ s: inout AppState) -> [Effect] {
    var h = s.screenState(SupervisorHomeState.self)
    defer { s.setScreenState(h) }
    switch action {
    case .nextPane, .previousPane: h.pane = 1 - h.pane
    case _ where ListMotion.isMotion(action):
      let rows = max(1, layout(Chrome.body(s.size))[h.pane].rows - 3)
      ListMotion.apply(action, to: &h.lists[h.pane], visibleRows: rows)
    case .open:
      s.setScreenState(h)
      if h.pane == 1 {
        guard let home = h.home, home.caseloads.indices.contains(h.lists[1].selected) else { return [] }
        return SupervisionListScreen.open(.caseload(lead: home.caseloads[h.lists[1].selected].lead), &s)
      }
      switch SupervisionLine(rawValue: h.lists[0].selected) {
      case .escalations: return QueueScreen.show(&s)
      case .overdue: return SupervisionListScreen.open(.overdue, &s)
      case .reviews: return SupervisionListScreen.open(.reviews, &s)
      case .net: return NetScreen.show(&s)
      case .cases: return SupervisionListScreen.open(.caseload(lead: nil), &s)
      case .intake: return IntakeScreen.show(&s)
      case nil: return []
      }
    default: break
    }
    return []
  }

  static func render(_ s: AppState, into g: inout CellGrid, rect: Rect) {
    let h = s.screenState(SupervisorHomeState.self)
    let theme = s.theme
    let panes = layout(rect)
    guard let home = h.home else {
      g.put(text: "Loading…", row: rect.row + 1, col: rect.col + 2, style: theme[.dim])
      return
    }
    let titles = [
      "Needs you", "Caseloads (\(Format.plural(home.caseloads.count, "lead")); Enter for the cases)",
    ]
    for i in 0..<2 {
      let focused = h.pane == i
      let inner = Frame(
        title: titles[i], style: theme[focused ? .accent : .border],
        titleStyle: theme[focused ? .accent : .title]
      ).render(into: &g, rect: panes[i])
      var list = h.lists[i]
      if i == 0 {
        ListView(
          columns: [
            Column("What", width: .flexible(min: 20)), Column("Count", width: .fixed(6), alignment: .right),
            Column("Of which", width: .flexible(min: 16)),
          ], theme: theme, emptyText: ""
        ).render(
          into: &g, rect: inner, state: &list,
          row: { r in
            let line = SupervisionLine.allCases[r].text(home)
            return [line.label, Format.count(line.count), line.detail]
          })
      } else {
        caseloads(home.caseloads, theme: theme, into: &g, rect: inner, list: &list)
      }
    }
  }

  /// Each lead's open cases by level and band, and how often their cases changed hands.
  static func caseloads(
    _ rows: [Caseload], theme: Theme, into g: inout CellGrid, rect: Rect, list: inout ListState
  ) {
    let levels = CaseLevel.allCases.sorted()
    let bands = RiskBand.allCases.sorted().reversed()
    let columns =
      [Column("Lead", width: .flexible(min: 14)), Column("Cases", width: .fixed(5), alignment: .right)]
      + levels.map { Column(String($0.title.prefix(4)), width: .fixed(4), alignment: .right) }
      + bands.map { Column($0.rawValue.capitalized, width: .fixed(6), alignment: .right) }
      + [Column("Hand-overs", width: .fixed(10), alignment: .right)]
    ListView(columns: columns, theme: theme, emptyText: "No open cases.").render(
      into: &g, rect: rect, state: &list,
      row: { r in
        let c = rows[r]
        return [c.lead ?? "(no lead)", String(c.count)] + levels.map { String(c.count(level: $0)) }
          + bands.map { String(c.count(band: $0)) } + ["\(c.totalLeadChanges) max \(c.maximumLeadChanges)"]
      })
  }
}
