import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// One SDF of the lead's hubs: today's huddle, if started, and its agenda.
struct SDFHuddle: Hashable, Sendable {
  var sdf: String
  var hub: String
  var agendaCount: Int
  /// Today's huddle, once started on any terminal.
  var today: HuddleSummary?
  /// The day of the last huddle held before today.
  var lastHeld: LocalDate?
}

struct LeadHome: Sendable {
  var huddles: [SDFHuddle]
  var actions: [ActionRow]
}

struct LeadHomeState: ScreenState {
  var home: LeadHome?
  /// 0 the huddles, 1 my open actions.
  var pane = 0
  var lists = [ListState(), ListState()]
}

extension Route {
  static let leadHome = Route("lead-home")
}

extension KeyContext {
  static let leadHome = KeyContext("lead-home")
}

extension Action {
  static let goHuddles = Action(
    "go-huddles", "Huddles: my SDFs' huddles today, and my open actions", needs: .runHuddle)
  static let actionDone = Action("action-done", "Mark the selected action done")
}

/// The huddle lead's home: today's huddle for each SDF of their hubs with
/// its agenda count, and the actions they own. Enter on an SDF opens its
/// huddle; an interrupted one resumes where it stopped.
enum LeadHomeScreen: Screen {
  static let route = Route.leadHome
  static let goAction: Action? = .goHuddles
  static let bindings: [KeyBinding] = [
    KeyBinding([.enter], .leadHome, .open, hint: "open"),
    KeyBinding([.tab], .leadHome, .nextPane, hint: "pane"),
    KeyBinding([.backTab], .leadHome, .previousPane),
    KeyBinding([.character("d")], .leadHome, .actionDone, hint: "done"),
    KeyBinding([.character("U")], .global, .goHuddles),
  ]

  static func keyContexts(_ s: AppState) -> [KeyContext] { [.leadHome, .list, .global] }

  static func refusal(_ s: AppState) -> String? {
    s.user.map { Permissions.allows($0.role, .runHuddle) } ?? false
      ? nil : "Only huddle leads and supervisors run huddles."
  }

  static func reload(_ s: inout AppState) -> [Effect] { [request()] }

  static func load(_ request: ScreenRequest, _ c: ScreenLoadContext) throws -> any Sendable {
    var huddles: [SDFHuddle] = []
    for hub in c.store.config.hubs where c.user.hubs.contains(hub.id) {
      for sdf in hub.sdfs {
        let held = try c.store.huddles(sdf: sdf.id, for: c.user)
        huddles.append(
          SDFHuddle(
            sdf: sdf.id, hub: hub.id, agendaCount: try c.store.agenda(sdf: sdf.id, for: c.user).count,
            today: held.first { $0.huddle.date == c.today },
            lastHeld: held.map(\.huddle.date).filter { $0 < c.today }.max()))
      }
    }
    let actions = try c.store.actions(owner: c.user.username, for: c.user, today: c.today)
    return LeadHome(huddles: huddles, actions: actions)
  }

  static func loaded(_ data: any Sendable, request: ScreenRequest, _ s: inout AppState) -> [Effect] {
    guard let home = data as? LeadHome else { return [] }
    var l = s.screenState(LeadHomeState.self)
    l.home = home
    l.lists[0].setCount(home.huddles.count)
    l.lists[1].setCount(home.actions.count)
    s.setScreenState(l)
    return []
  }

  static func layout(_ body: Rect) -> [Rect] {
    let (top, bottom) = body.splitTop(body.rows / 2)
    return [top, bottom]
  }

  static func perform(_ action: Action, _ s: inout AppState) -> [Effect] {
    var l = s.screenState(LeadHomeState.self)
    defer { s.setScreenState(l) }
    switch action {
    case .nextPane, .previousPane: l.pane = 1 - l.pane
    case _ where ListMotion.isMotion(action):
      ListMotion.apply(
        action, to: &l.lists[l.pane], visibleRows: max(1, layout(Chrome.body(s.size))[l.pane].rows - 3))
    case .open:
      guard let home = l.home else { return [] }
      let i = l.lists[l.pane].selected
      if l.pane == 0, home.huddles.indices.contains(i) {
        s.setScreenState(l)
        return HuddleScreen.open(sdf: home.huddles[i].sdf, date: s.today, &s)
      }
      if l.pane == 1, home.actions.indices.contains(i) {
        let a = home.actions[i]
        s.setScreenState(l)
        return Navigation.openFamily(
          id: a.action.familyID, reference: a.familyReference, name: a.familyName, hub: nil, &s)
      }
    case .actionDone:
      guard l.pane == 1, let home = l.home, home.actions.indices.contains(l.lists[1].selected) else {
        s.message = StatusMessage("Select an action first (Tab to the actions).", isError: true)
        return []
      }
      let a = home.actions[l.lists[1].selected]
      return [.save(.screen(ScreenRequest(route: route, filter: ["done": a.action.meta.id])))]
    default: break
    }
    return []
  }

  static func save(_ request: ScreenRequest, _ c: ScreenLoadContext) throws -> String {
    let a = try c.store.completeAction(id: request.filter["done"] ?? "", as: c.user)
    return "Done: \(a.description)"
  }

  static func render(_ s: AppState, into g: inout CellGrid, rect: Rect) {
    let l = s.screenState(LeadHomeState.self)
    let theme = s.theme
    let panes = layout(rect)
    guard let home = l.home else {
      g.put(text: "Loading…", row: rect.row + 1, col: rect.col + 2, style: theme[.dim])
      return
    }
    let today = s.today
    let titles = [
      "Huddles today, \(today) (\(home.huddles.count) SDFs)",
      "My open actions (\(home.actions.count), \(home.actions.filter { $0.action.isOverdue(today: today) }.count) overdue)",
    ]
    for i in 0..<2 {
      let focused = l.pane == i
      let inner = Frame(
        title: titles[i], style: theme[focused ? .accent : .border],
        titleStyle: theme[focused ? .accent : .title]
      ).render(into: &g, rect: panes[i])
      var list = l.lists[i]
      if i == 0 {
        ListView(
          columns: [
            Column("SDF", width: .flexible(min: 12)), Column("Hub", width: .fixed(8)),
            Column("Agenda", width: .fixed(6), alignment: .right), Column("Today", width: .flexible(min: 16)),
            Column("Last held", width: .fixed(10)),
          ], theme: theme, emptyText: "No SDFs in your hubs."
        ).render(
          into: &g, rect: inner, state: &list,
          row: { r in
            let h = home.huddles[r]
            return [h.sdf, h.hub, String(h.agendaCount), status(h), h.lastHeld?.description ?? "never"]
          })
      } else {
        ListView(
          columns: [
            Column("Due", width: .fixed(10)), Column("Family", width: .fixed(10)),
            Column("Action", width: .flexible(min: 20)),
          ], theme: theme, emptyText: "No open actions."
        ).render(
          into: &g, rect: inner, state: &list,
          row: { r in
            let a = home.actions[r]
            return [a.action.due.description, a.familyReference, a.action.description]
          },
          cellStyle: { r, col in
            col == 0 && home.actions[r].action.isOverdue(today: today) ? theme[.error] : nil
          })
      }
    }
  }

  static func status(_ h: SDFHuddle) -> String {
    guard let t = h.today else { return "not started" }
    if t.huddle.status == .closed { return "closed, \(t.discussed) discussed" }
    return "open, \(t.discussed) of \(t.discussed + t.skipped + t.pending) done"
  }
}
