import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// Which of the supervisor's lists is shown.
enum SupervisionList: Hashable, Sendable {
  /// One lead's open cases; nil for every open case of the user's hubs.
  case caseload(lead: String?)
  case overdue
  case reviews

  var filter: [String: String] {
    switch self {
    case .caseload(let lead): ["list": "caseload", "lead": lead ?? ""]
    case .overdue: ["list": "overdue"]
    case .reviews: ["list": "reviews"]
    }
  }

  init?(_ filter: [String: String]) {
    switch filter["list"] {
    case "caseload": self = .caseload(lead: filter["lead"].flatMap { $0.isEmpty ? nil : $0 })
    case "overdue": self = .overdue
    case "reviews": self = .reviews
    default: return nil
    }
  }

  var columns: [Column] {
    switch self {
    case .caseload:
      [
        Column("Family", width: .fixed(10)), Column("Name", width: .flexible(min: 12)),
        Column("Level", width: .fixed(11)), Column("Risk", width: .fixed(6)),
        Column("Hand-overs", width: .fixed(10), alignment: .right), Column("Lead", width: .fixed(14)),
      ]
    case .overdue:
      [
        Column("Owner", width: .fixed(14)), Column("Due", width: .fixed(10)),
        Column("Late", width: .fixed(5), alignment: .right), Column("Family", width: .fixed(10)),
        Column("What", width: .flexible(min: 16)),
      ]
    case .reviews:
      [
        Column("Due", width: .fixed(10)), Column("When", width: .fixed(12)),
        Column("Family", width: .fixed(10)),
        Column("Name", width: .flexible(min: 12)), Column("Lead", width: .fixed(14)),
      ]
    }
  }
}

/// One row of a supervision list: its cells, and the family Enter opens.
struct SupervisionRow: Hashable, Sendable {
  var cells: [String]
  var familyID: String
  var familyReference: String
  var familyName: String
  var late: Bool
}

struct SupervisionListState: ScreenState {
  var which = SupervisionList.overdue
  var title = ""
  var rows: [SupervisionRow] = []
  var list = ListState()
  var loaded = false
}

extension Route {
  static let supervisionList = Route("supervision-list")
}

/// A supervisor's list opened from their home: a caseload, overdue work
/// by owner, or reviews due. Enter opens the family.
enum SupervisionListScreen: Screen {
  static let route = Route.supervisionList
  static let bindings: [KeyBinding] = [KeyBinding([.enter], .supervisorHome, .open, hint: "family")]

  static func keyContexts(_ s: AppState) -> [KeyContext] { [.supervisorHome, .list, .global] }

  static func refusal(_ s: AppState) -> String? {
    s.user.map { Permissions.allows($0.role, .superviseCaseloads) } ?? false
      ? nil : "Only supervisors see caseloads and overdue work."
  }

  static func open(_ which: SupervisionList, _ s: inout AppState) -> [Effect] {
    var l = SupervisionListState()
    l.which = which
    s.setScreenState(l)
    return show(&s)
  }

  static func reload(_ s: inout AppState) -> [Effect] {
    [request(s.screenState(SupervisionListState.self).which.filter)]
  }

  static func load(_ request: ScreenRequest, _ c: ScreenLoadContext) throws -> any Sendable {
    switch SupervisionList(request.filter) {
    case .caseload(let lead):
      let loads = try c.store.caseloads(for: c.user).filter { lead == nil || $0.lead == lead }
      let rows = loads.flatMap { load in
        load.cases.map { k in
          SupervisionRow(
            cells: [
              k.familyReference, k.familyName, k.level.title, Format.band(k.riskBand), String(k.leadChanges),
              load.lead ?? "(no lead)",
            ], familyID: k.familyID, familyReference: k.familyReference, familyName: k.familyName,
            late: k.leadChanges >= 3)
        }
      }
      return rows
    case .overdue:
      return try c.store.overdueWork(for: c.user).flatMap { work in
        work.items.map { i in
          SupervisionRow(
            cells: [work.owner, i.due.description, "\(i.daysOverdue)d", i.familyReference, i.text],
            familyID: i.familyID, familyReference: i.familyReference, familyName: i.familyName, late: true)
        }
      }
    case .reviews:
      return try c.store.reviewsDue(for: c.user).map { r in
        SupervisionRow(
          cells: [
            r.due.description, r.overdue ? "\(-r.daysUntil)d overdue" : "in \(r.daysUntil)d",
            r.familyReference,
            r.familyName, r.lead ?? "(no lead)",
          ], familyID: r.familyID, familyReference: r.familyReference, familyName: r.familyName,
          late: r.overdue)
      }
    case nil:
      return [SupervisionRow]()
    }
  }

  static func loaded(_ data: any Sendable, request: ScreenRequest, _ s: inout AppState) -> [Effect] {
    var l = s.screenState(SupervisionListState.self)
    guard let rows = data as? [SupervisionRow], request.filter == l.which.filter else { return [] }
    l.rows = rows
    l.loaded = true
    l.list.setCount(rows.count)
    s.setScreenState(l)
    return []
  }

  static func perform(_ action: Action, _ s: inout AppState) -> [Effect] {
    var l = s.screenState(SupervisionListState.self)
    switch action {
    case _ where ListMotion.isMotion(action):
      ListMotion.apply(action, to: &l.list, visibleRows: max(1, Chrome.body(s.size).rows - 2))
      s.setScreenState(l)
    case .open:
      guard l.rows.indices.contains(l.list.selected) else { return [] }
      let r = l.rows[l.list.selected]
      return Navigation.openFamily(
        id: r.familyID, reference: r.familyReference, name: r.familyName, hub: nil, &s)
    default: break
    }
    return []
  }

  static func title(_ l: SupervisionListState) -> String {
    let n = Format.count(l.rows.count)
    switch l.which {
    case .caseload(let lead?): return "Caseload of \(lead): \(n) open cases, by level and risk"
    case .caseload(nil): return "Open cases in your hubs: \(n)"
    case .overdue: return "Overdue follow-ups and actions: \(n), by owner"
    case .reviews: return "Reviews due or overdue: \(n)"
    }
  }

  static func render(_ s: AppState, into g: inout CellGrid, rect: Rect) {
    let l = s.screenState(SupervisionListState.self)
    let theme = s.theme
    g.put(
      text: l.loaded ? title(l) : "Loading…", row: rect.row, col: rect.col + 1, style: theme[.title],
      maxWidth: rect.cols - 2)
    var list = l.list
    let rows = l.rows
    ListView(columns: l.which.columns, theme: theme, emptyText: l.loaded ? "Nothing here." : "").render(
      into: &g, rect: Rect(row: rect.row + 1, col: rect.col, rows: rect.rows - 1, cols: rect.cols),
      state: &list,
      row: { rows[$0].cells },
      cellStyle: { i, col in rows[i].late && col <= 2 ? theme[.warning] : nil })
  }
}
