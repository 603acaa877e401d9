import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// One SDF's huddle on one day: its agenda before it starts, then its
/// running order while the lead steps through it.
struct HuddleScreenState: ScreenState {
  var sdf = ""
  var date = LocalDate(dayNumber: 0)
  var agenda: [AgendaEntry] = []
  /// Nil until the huddle is started (on any terminal).
  var huddle: HuddleState?
  var list = ListState()
  /// The selected family's summary, read when the selection settles.
  var summary: FamilyDetail?
  var loaded = false
  /// Set when the screen is opened: the first load selects the next item
  /// still to discuss, which is how an interrupted huddle resumes.
  var resume = true

  var filter: [String: String] { ["sdf": sdf, "date": date.description] }

  /// The families the list shows: the running order once started, else the agenda.
  var families: [(id: String, reference: String, name: String)] {
    if let huddle { return huddle.items.map { ($0.item.familyID, $0.familyReference, $0.familyName) } }
    return agenda.map { ($0.familyID, $0.familyReference, $0.familyName) }
  }

  var selectedFamily: (id: String, reference: String, name: String)? {
    families.indices.contains(list.selected) ? families[list.selected] : nil
  }

  var isOpen: Bool { huddle?.summary.huddle.status == .open }
}

/// What the huddle screen reads: the agenda, and the huddle if it has started.
struct HuddleLoad: Sendable {
  var agenda: [AgendaEntry]
  var huddle: HuddleState?
}

extension Route {
  static let huddle = Route("huddle")
}

extension KeyContext {
  static let huddle = KeyContext("huddle")
}

extension Action {
  static let huddleAttendees = Action(
    "huddle-attendees", "Huddle: record who attends (starts the huddle)", needs: .runHuddle)
  static let huddleRecord = Action(
    "huddle-record", "Huddle: record the discussion, decision and actions", needs: .runHuddle)
  static let huddleSkip = Action("huddle-skip", "Huddle: skip this family for now", needs: .runHuddle)
  static let huddleAdd = Action("huddle-add", "Huddle: add a family not on the agenda", needs: .runHuddle)
  static let huddleEarlier = Action(
    "huddle-earlier", "Huddle: move this family up the order", needs: .runHuddle)
  static let huddleLater = Action(
    "huddle-later", "Huddle: move this family down the order", needs: .runHuddle)
  static let huddleClose = Action("huddle-close", "Huddle: close it (final)", needs: .runHuddle)
  static let openFamily = Action("open-family", "Open the selected family")
}

/// Huddle mode: the lead records who attends, then steps through the
/// families one at a time with each family's summary beside it.
enum HuddleScreen: Screen {
  static let route = Route.huddle
  static let bindings: [KeyBinding] = [
    KeyBinding([.enter, .character("d")], .huddle, .huddleRecord, hint: "record"),
    KeyBinding([.character("a")], .huddle, .huddleAttendees, hint: "attendees"),
    KeyBinding([.character("s")], .huddle, .huddleSkip, hint: "skip"),
    KeyBinding([.character("+")], .huddle, .huddleAdd, hint: "add"),
    KeyBinding([.character("K")], .huddle, .huddleEarlier),
    KeyBinding([.character("J")], .huddle, .huddleLater),
    KeyBinding([.character("X")], .huddle, .huddleClose, hint: "close"),
    KeyBinding([.character("o")], .huddle, .openFamily),
  ]

  static func keyContexts(_ s: AppState) -> [KeyContext] { [.huddle, .list, .global] }

  /// Opens the huddle of `sdf` on `date`.
  static func open(sdf: String, date: LocalDate, _ s: inout AppState) -> [Effect] {
    var h = HuddleScreenState()
    h.sdf = sdf
    h.date = date
    s.setScreenState(h)
    return show(&s)
  }

  static func reload(_ s: inout AppState) -> [Effect] {
    let h = s.screenState(HuddleScreenState.self)
    return h.sdf.isEmpty ? [] : [request(h.filter)]
  }

  static func load(_ request: ScreenRequest, _ c: ScreenLoadContext) throws -> any Sendable {
    if let family = request.filter["family"] {
      return try c.store.reloadFamily(id: family, as: c.user, access: .ownHub)
    }
    guard let sdf = request.filter["sdf"], let date = request.filter["date"].flatMap(LocalDate.init) else {
      return HuddleLoad(agenda: [], huddle: nil)
    }
    let agenda = try c.store.agenda(sdf: sdf, date: date, for: c.user)
    let started = try c.store.huddles(sdf: sdf, for: c.user).first { $0.huddle.date == date }
    let huddle = try started.map { try c.store.huddleState($0.huddle.meta.id, for: c.user) }
    return HuddleLoad(agenda: agenda, huddle: huddle)
  }

  static func loaded(_ data: any Sendable, request: ScreenRequest, _ s: inout AppState) -> [Effect] {
    var h = s.screenState(HuddleScreenState.self)
    if let detail = data as? FamilyDetail {
      if h.selectedFamily?.id == detail.family.meta.id { h.summary = detail }
      s.setScreenState(h)
      return []
    }
    guard let load = data as? HuddleLoad, request.filter == h.filter else { return [] }
    let selected = h.selectedFamily?.id
    h.agenda = load.agenda
    h.huddle = load.huddle
    h.loaded = true
    h.list.setCount(h.families.count)
    if h.resume, let next = load.huddle?.next,
      let i = h.families.firstIndex(where: { $0.id == next.item.familyID })
    {
      h.list.select(i)
    } else if let selected, let i = h.families.firstIndex(where: { $0.id == selected }) {
      h.list.select(i)
    }
    h.resume = false
    s.setScreenState(h)
    return summaryRead(s)
  }

  /// Effects that keep the summary beside the selection.
  static func summaryRead(_ s: AppState) -> [Effect] {
    let h = s.screenState(HuddleScreenState.self)
    guard let family = h.selectedFamily, h.summary?.family.meta.id != family.id else { return [] }
    return [request(["family": family.id])]
  }

  static func visibleRows(_ size: TerminalSize) -> Int { max(1, layout(Chrome.body(size)).list.rows - 1) }

  static func perform(_ action: Action, _ s: inout AppState) -> [Effect] {
    var h = s.screenState(HuddleScreenState.self)
    switch action {
    case _ where ListMotion.isMotion(action):
      ListMotion.apply(action, to: &h.list, visibleRows: visibleRows(s.size))
      h.summary = h.summary?.family.meta.id == h.selectedFamily?.id ? h.summary : nil
      s.setScreenState(h)
      return summaryRead(s)
    case .openFamily, .open:
      guard let f = h.selectedFamily else { return [] }
      return Navigation.openFamily(id: f.id, reference: f.reference, name: f.name, hub: nil, &s)
    case .huddleAttendees: return HuddleForms.attendees(h, &s)
    case .huddleRecord: return HuddleForms.record(h, &s)
    case .huddleAdd: return HuddleForms.add(h, &s)
    case .huddleClose: return HuddleForms.close(h, &s)
    case .huddleSkip: return write("skip", h, &s)
    case .huddleEarlier, .huddleLater:
      let to = h.list.selected + (action == .huddleEarlier ? 0 : 2)
      guard to >= 1, to <= h.families.count else { return [] }
      let effects = write("move", h, &s, ["position": String(to)])
      // The selection follows the family to its new place.
      if !effects.isEmpty {
        h.list.select(to - 1)
        s.setScreenState(h)
      }
      return effects
    default: return []
    }
  }

  /// A write on the selected family of the running huddle, made by `save`.
  static func write(
    _ op: String, _ h: HuddleScreenState, _ s: inout AppState, _ extra: [String: String] = [:],
    family: (id: String, reference: String, name: String)? = nil
  ) -> [Effect] {
    guard let huddle = h.huddle, h.isOpen else {
      s.message = StatusMessage(
        h.huddle == nil
          ? "Start the huddle first: a records who attends." : "This huddle is closed; closing is final.",
        isError: true)
      return []
    }
    guard let family = family ?? h.selectedFamily else { return [] }
    var filter = h.filter.merging(extra) { $1 }
    filter["op"] = op
    filter["huddle"] = huddle.summary.huddle.meta.id
    filter["family"] = family.reference
    return [.save(.screen(ScreenRequest(route: route, filter: filter)))]
  }

  static func submit(_ form: FormState, _ request: ScreenRequest, _ s: AppState) -> FormOutcome {
    HuddleForms.submit(form, request)
  }

  static func save(_ request: ScreenRequest, _ c: ScreenLoadContext) throws -> String {
    try HuddleWrites.save(request.filter, c)
  }

  static func saved(_ request: ScreenRequest, _ s: inout AppState) -> [Effect] {
    var h = s.screenState(HuddleScreenState.self)
    // A recorded family moves the lead on to the next one still to discuss.
    h.resume = request.filter["op"] == "record" || request.filter["op"] == "skip"
    h.summary = nil
    s.setScreenState(h)
    return reload(&s)
  }

  static func layout(_ body: Rect) -> (list: Rect, summary: Rect) {
    let rest = Rect(row: body.row + 1, col: body.col, rows: body.rows - 1, cols: body.cols)
    return rest.splitTop(max(4, rest.rows * 2 / 5))
  }

  static func render(_ s: AppState, into g: inout CellGrid, rect: Rect) {
    let h = s.screenState(HuddleScreenState.self)
    g.put(
      text: HuddleView.title(h, s), row: rect.row, col: rect.col + 1, style: s.theme[.title],
      maxWidth: rect.cols - 2)
    let (listRect, summaryRect) = layout(rect)
    HuddleView.list(h, s, into: &g, rect: listRect)
    HuddleView.summary(h, s, into: &g, rect: summaryRect)
  }
}
