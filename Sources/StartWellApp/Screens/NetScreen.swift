import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// The net screen's list and its filters.
struct NetState: ScreenState {
  var rows: [NetRow] = []
  var list = ListState()
  var loaded = false
  /// Nil means every rule, every hub, every SDF.
  var rule: String?
  var hub: String?
  var sdf: String?

  var filter: [String: String] {
    var f: [String: String] = [:]
    f["rule"] = rule
    f["hub"] = hub
    f["sdf"] = sdf
    return f
  }
}

extension Route {
  static let net = Route("net")
}

extension KeyContext {
  static let net = KeyContext("net")
}

extension Action {
  static let goNet = Action("go-net", "The net: children who may slip through")
  static let netRule = Action("net-rule", "The net: show the next rule only")
  static let netHub = Action("net-hub", "The net: show the next hub only")
  static let netSDF = Action("net-sdf", "The net: show the next SDF only (of the hub shown)")
  static let netAll = Action("net-all", "The net: every rule, hub and SDF")
  static let netMark = Action(
    "net-mark", "The net: mark a reason seen, with a note", needs: .superviseCaseloads)
  static let netAssign = Action(
    "net-assign", "The net: assign a reason to a practitioner", needs: .superviseCaseloads)
}

/// Every child who meets a rule of the net, with every rule that put the
/// child there and its facts. Computed from the records on this terminal,
/// so every terminal that has synced shows the same list.
enum NetScreen: Screen {
  static let route = Route.net
  static let goAction: Action? = .goNet
  static let bindings: [KeyBinding] = [
    KeyBinding([.enter], .net, .open, hint: "family"),
    KeyBinding([.character("r")], .net, .netRule, hint: "rule"),
    KeyBinding([.character("h")], .net, .netHub, hint: "hub"),
    KeyBinding([.character("s")], .net, .netSDF, hint: "SDF"),
    KeyBinding([.character("x")], .net, .netAll),
    KeyBinding([.character("m")], .net, .netMark, hint: "seen"),
    KeyBinding([.character("a")], .net, .netAssign, hint: "assign"),
    KeyBinding([.character("W")], .global, .goNet),
  ]

  static func keyContexts(_ s: AppState) -> [KeyContext] { [.net, .list, .global] }

  static func reload(_ s: inout AppState) -> [Effect] {
    [request(s.screenState(NetState.self).filter)]
  }

  static func submit(_ form: FormState, _ request: ScreenRequest, _ s: AppState) -> FormOutcome {
    NetMarkForm.submit(form, request)
  }

  static func save(_ request: ScreenRequest, _ c: ScreenLoadContext) throws -> String {
    try NetMarkForm.save(request.filter, c)
  }

  static func load(_ request: ScreenRequest, _ c: ScreenLoadContext) throws -> any Sendable {
    let rules = request.filter["rule"].map { [$0] }
    let rows = try c.store.net(
      for: c.user, hub: request.filter["hub"], sdf: request.filter["sdf"], rules: rules)
    // The net is watched hub by hub: families of other hubs the user may
    // see (with consent) are their own hubs' to watch, as the supervisor's
    // home counts them.
    return rows.filter { c.user.hubs.contains($0.hub) }
  }

  static func loaded(_ data: any Sendable, request: ScreenRequest, _ s: inout AppState) -> [Effect] {
    var n = s.screenState(NetState.self)
    // A late answer for filters already changed again is dropped.
    guard let rows = data as? [NetRow], request.filter == n.filter else { return [] }
    n.rows = rows
    n.loaded = true
    n.list.setCount(rows.count)
    s.setScreenState(n)
    return []
  }

  /// Rows of children that fit above the reasons pane.
  static func visibleRows(_ size: TerminalSize) -> Int { max(1, layout(Chrome.body(size)).list.rows - 1) }

  static func perform(_ action: Action, _ s: inout AppState) -> [Effect] {
    var n = s.screenState(NetState.self)
    defer { s.setScreenState(n) }
    switch action {
    case _ where ListMotion.isMotion(action):
      ListMotion.apply(action, to: &n.list, visibleRows: visibleRows(s.size))
      return []
    case .open:
      guard n.list.selected < n.rows.count else { return [] }
      let row = n.rows[n.list.selected]
      s.setScreenState(n)
      return Navigation.openFamily(
        id: row.familyID, reference: row.familyReference, name: row.familyName, hub: row.hub, &s)
    case .netRule: n.rule = next(after: n.rule, in: NetRule.all.map(\.id))
    case .netHub:
      n.hub = next(after: n.hub, in: (s.user?.hubs ?? []).sorted())
      n.sdf = nil
    case .netSDF:
      let hubs = s.config.hubs.filter {
        n.hub == nil ? s.user?.hubs.contains($0.id) ?? false : $0.id == n.hub
      }
      n.sdf = next(after: n.sdf, in: hubs.flatMap { $0.sdfs.map(\.id) })
    case .netAll: n = NetState()
    case .netMark, .netAssign:
      guard n.rows.indices.contains(n.list.selected) else { return [] }
      s.form = NetMarkForm.form(n.rows[n.list.selected], assign: action == .netAssign, users: s.users)
      s.push(.form)
      return []
    default: return []
    }
    n.loaded = false
    n.rows = []
    n.list = ListState()
    return [request(n.filter)]
  }

  /// The next value of a filter that cycles through `values`, then back to all (nil).
  static func next(after current: String?, in values: [String]) -> String? {
    guard let current, let i = values.firstIndex(of: current) else { return values.first }
    return i + 1 < values.count ? values[i + 1] : nil
  }

  static func layout(_ body: Rect) -> (list: Rect, reasons: Rect) {
    let rest = Rect(row: body.row + 1, col: body.col, rows: body.rows - 1, cols: body.cols)
    let reasonRows = min(8, max(4, rest.rows / 3))
    let (list, reasons) = rest.splitTop(rest.rows - reasonRows)
    return (list, reasons)
  }

  static func render(_ s: AppState, into g: inout CellGrid, rect: Rect) {
    let n = s.screenState(NetState.self)
    let theme = s.theme
    let filters = [
      "rule: \(n.rule ?? "all")", "hub: \(n.hub ?? "yours")", "SDF: \(n.sdf ?? "all")",
    ].joined(separator: " · ")
    let children = n.rows.count == 1 ? "1 child" : "\(Format.count(n.rows.count)) children"
    let title = n.loaded ? "The net: \(children) · \(filters)" : "The net · \(filters)"
    g.put(
      text: title, row: rect.row, col: rect.col + 1,
      style: theme[.title], maxWidth: rect.cols - 2)
    let (listRect, reasonsRect) = layout(rect)
    let wide = rect.cols >= 110
    var columns = [
      Column("Child", width: .flexible(min: 12)), Column("Family", width: .fixed(10)),
      Column("Lead", width: .fixed(wide ? 16 : 14)), Column("Rules", width: .flexible(min: 14)),
    ]
    if wide {
      columns.insert(contentsOf: [Column("Hub", width: .fixed(10)), Column("SDF", width: .fixed(14))], at: 2)
    }
    var list = n.list
    let rows = n.rows
    ListView(
      columns: columns, theme: theme,
      emptyText: n.loaded ? "No child meets a rule of the net." : "Computing the net…"
    ).render(
      into: &g, rect: listRect, state: &list,
      row: { i in
        let r = rows[i]
        // A rule a supervisor has marked on today's facts is shown with a tick.
        let rules = r.reasons.map { $0.mark == nil ? $0.rule : "\($0.rule) ✓" }
        var cells = [r.childName, r.familyReference, r.lead ?? "no lead", rules.joined(separator: ", ")]
        if wide { cells.insert(contentsOf: [r.hub, r.sdf ?? ""], at: 2) }
        return cells
      })
    renderReasons(n, theme: theme, zone: s.zone, into: &g, rect: reasonsRect)
  }

  /// The selected child's reasons, each with its facts.
  static func renderReasons(
    _ n: NetState, theme: Theme, zone: DisplayZone, into g: inout CellGrid, rect: Rect
  ) {
    guard rect.rows >= 3 else { return }
    let row = n.rows.indices.contains(n.list.selected) ? n.rows[n.list.selected] : nil
    let title = row.map { "Why \($0.childName) (\($0.childReference)) is in the net" } ?? "Why"
    let inner = Frame(title: title, style: theme[.border], titleStyle: theme[.title]).render(
      into: &g, rect: rect)
    guard let row else { return }
    var lines: [String] = []
    for reason in row.reasons {
      lines += TextWrap.wrap("\(reason.title): \(reason.facts)", width: inner.cols - 1)
      if let mark = reason.mark {
        lines += TextWrap.wrap("  " + NetMarkForm.describe(mark, zone: zone), width: inner.cols - 1)
      }
    }
    for (i, line) in lines.prefix(inner.rows).enumerated() {
      g.put(text: line, row: inner.row + i, col: inner.col, style: theme[.normal], maxWidth: inner.cols)
    }
  }
}
