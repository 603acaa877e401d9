import StartWellCore
import StartWellStore
import TerminalUI

/// The days the report counts: a school term, or the twelve months to today.
enum ReportRange: Hashable, Sendable {
  case term(String)
  case lastYear
}

/// The report shown: its range and hub, what was read, which metric is
/// selected, and whether its rule is open.
struct ReportState: ScreenState {
  var chosen = false
  var range: ReportRange = .lastYear
  /// nil: every hub the user may see.
  var hub: String?
  var report: MetricsReport?
  /// Each metric's figure over the terms up to the one shown, by metric id.
  var trends: [String: [BreakdownRow]] = [:]
  var loaded = false
  /// The selected metric, an index into `report.metrics`.
  var selected = 0
  /// The first line shown.
  var offset = 0
  /// The selected metric's rule and every row, in place of the charts.
  var explaining = false
}

extension Route {
  static let report = Route("report")
}

extension KeyContext {
  static let report = KeyContext("report")
}

extension Action {
  static let goReport = Action("go-report", "Metrics report")
  static let reportExplain = Action("report-explain", "Report: the rule behind the selected figure")
  static let reportEarlier = Action("report-earlier", "Report: the previous term")
  static let reportLater = Action("report-later", "Report: the next term")
  static let reportYear = Action("report-year", "Report: the last 12 months, or back to the term")
  static let reportHub = Action("report-hub", "Report: the next hub")
}

/// The common metrics report (SPEC workflow 8) for the user's scope: each
/// section's figures, breakdowns as block-character bars, trends over terms
/// as sparklines, and the rule behind any figure on a key.
enum ReportScreen: Screen {
  static let route = Route.report
  static let goAction: Action? = .goReport
  static let bindings: [KeyBinding] = [
    KeyBinding([.enter, .character("e")], .report, .reportExplain, hint: "rule"),
    KeyBinding([.character("[")], .report, .reportEarlier, hint: "earlier"),
    KeyBinding([.character("]")], .report, .reportLater, hint: "later"),
    KeyBinding([.character("m")], .report, .reportYear, hint: "12 months"),
    KeyBinding([.character("h")], .report, .reportHub, hint: "hub"),
    // M for metrics: free on every home screen and everywhere else.
    KeyBinding([.character("M")], .global, .goReport),
  ]

  static func keyContexts(_ s: AppState) -> [KeyContext] { [.report, .list, .global] }

  static func refusal(_ s: AppState) -> String? {
    guard let user = s.user, Permissions.allows(user.role, .viewFamilies) else {
      return "The report is for staff who see families."
    }
    return nil
  }

  /// The hubs `h` cycles through: all the user may see together (nil),
  /// then each of them on its own when there are several.
  static func hubs(_ s: AppState) -> [String?] {
    guard let user = s.user else { return [nil] }
    let own = user.role == .admin ? s.config.hubs.map(\.id) : user.hubs
    return own.count > 1 ? [nil] + own.map { Optional($0) } : [nil]
  }

  /// The range shown first: the current school term (or the one just ended,
  /// in a holiday). Outcomes (band movement, GLD, readiness) are judged term
  /// by term and the partnership reviews its figures termly, so a term lines
  /// the throughput up with the outcomes beside it; the last 12 months is
  /// one key away (`m`), and is the default only when no term is configured.
  static func defaultRange(_ s: AppState) -> ReportRange {
    s.config.terms.latestTerm(onOrBefore: s.today).map { .term($0.name) } ?? .lastYear
  }

  /// The first and last day of a range; a term still running ends today.
  static func days(_ range: ReportRange, _ s: AppState) -> (LocalDate, LocalDate) {
    if case .term(let name) = range, let term = s.config.terms.term(named: name) {
      return (term.start, min(term.end, s.today))
    }
    return (s.today.adding(days: -364), s.today)
  }

  static func filter(_ r: ReportState, _ s: AppState) -> [String: String] {
    let (from, to) = days(r.range, s)
    var filter = ["from": from.description, "to": to.description, "hub": r.hub ?? ""]
    if case .term(let name) = r.range { filter["term"] = name }
    return filter
  }

  static func reload(_ s: inout AppState) -> [Effect] {
    var r = s.screenState(ReportState.self)
    if !r.chosen {
      r.chosen = true
      r.range = defaultRange(s)
      s.setScreenState(r)
    }
    return [request(filter(r, s))]
  }

  static func load(_ request: ScreenRequest, _ c: ScreenLoadContext) throws -> any Sendable {
    guard let from = request.filter["from"].flatMap({ LocalDate($0) }),
      let to = request.filter["to"].flatMap({ LocalDate($0) })
    else { throw DomainError.notFound("the report's dates") }
    let hub = request.filter["hub"].flatMap { $0.isEmpty ? nil : $0 }
    let report = try ReportSource.maker(ReportChoice(from: from, to: to, hub: hub), c)
    guard let name = request.filter["term"], let term = c.store.config.terms.term(named: name) else {
      return ReportLoad(report: report)
    }
    return ReportLoad(report: report, trends: try trends(report, term: term, hub: hub, c))
  }

  /// How many terms a trend covers, the one shown among them: two school years.
  static let trendTerms = 6

  /// Each metric's figure in the terms before `term` and in the report
  /// itself, oldest first, for its sparkline: one report a term, each
  /// counted by the same rules. The net is left out, and not counted for
  /// the earlier terms: it is counted as of today whatever the range, so
  /// it has no trend over terms.
  static func trends(_ report: MetricsReport, term: SchoolTerm, hub: String?, _ c: ScreenLoadContext) throws
    -> [String: [BreakdownRow]]
  {
    let terms = c.store.config.terms
    var earlier: [SchoolTerm] = []
    var t = term
    while earlier.count < trendTerms - 1, let before = terms.previous(t) {
      earlier.insert(before, at: 0)
      t = before
    }
    var trends: [String: [BreakdownRow]] = [:]
    func add(_ r: MetricsReport, _ t: SchoolTerm) {
      for m in r.metrics where m.id != MetricCatalogue.netByRule.id {
        trends[m.id, default: []].append(BreakdownRow(key: t.name, label: t.name, figure: m.figure))
      }
    }
    for past in earlier {
      add(
        try ReportSource.maker(ReportChoice(from: past.start, to: past.end, hub: hub, countsNet: false), c),
        past)
    }
    add(report, term)
    return trends
  }

  static func loaded(_ data: any Sendable, request: ScreenRequest, _ s: inout AppState) -> [Effect] {
    var r = s.screenState(ReportState.self)
    guard let load = data as? ReportLoad, request.filter == filter(r, s) else { return [] }
    r.report = load.report
    r.trends = load.trends
    r.loaded = true
    r.selected = min(r.selected, max(0, load.report.metrics.count - 1))
    r.offset = min(r.offset, ReportView.lastOffset(r, s))
    s.setScreenState(r)
    return []
  }

  static func handleKey(_ key: Key, _ s: inout AppState) -> [Effect]? {
    guard s.overlay == nil, key == .escape || key == .character("q") else { return nil }
    var r = s.screenState(ReportState.self)
    guard r.explaining else { return nil }
    // Esc closes the rule before it leaves the screen.
    r.explaining = false
    s.setScreenState(r)
    return []
  }

  static func perform(_ action: Action, _ s: inout AppState) -> [Effect] {
    var r = s.screenState(ReportState.self)
    defer { s.setScreenState(r) }
    switch action {
    case .reportExplain:
      r.explaining.toggle()
      r.offset = 0
      if !r.explaining { r.offset = ReportView.offset(showing: r.selected, r, s) }
      return []
    case .reportEarlier, .reportLater:
      guard let range = step(r.range, later: action == .reportLater, &s) else { return [] }
      r.range = range
    case .reportYear:
      r.range = r.range == .lastYear ? defaultRange(s) : .lastYear
    case .reportHub:
      let options = hubs(s)
      guard options.count > 1 else {
        s.message = StatusMessage("You see one hub's figures only.")
        return []
      }
      let i = options.firstIndex { $0 == r.hub } ?? -1
      r.hub = options[(i + 1) % options.count]
    case _ where ListMotion.isMotion(action):
      move(action, &r, s)
      return []
    default: return []
    }
    r.loaded = false
    r.explaining = false
    r.offset = 0
    r.selected = 0
    return [request(filter(r, s))]
  }

  /// The term before or after the one shown; from the 12 months, `[` and
  /// `]` go to the current term.
  static func step(_ range: ReportRange, later: Bool, _ s: inout AppState) -> ReportRange? {
    let terms = s.config.terms
    guard case .term(let name) = range, let now = terms.term(named: name) else { return defaultRange(s) }
    let next = later ? terms.next(now) : terms.previous(now)
    guard let next, next.start <= s.today else {
      s.message = StatusMessage(
        later ? "\(now.name) is the latest term so far." : "No earlier term is configured.")
      return nil
    }
    return .term(next.name)
  }

  /// Up and down choose a metric and scroll it into view; in the rule,
  /// they scroll its lines.
  static func move(_ action: Action, _ r: inout ReportState, _ s: AppState) {
    let count = r.report?.metrics.count ?? 0
    let page = max(1, ReportView.area(s).rows - 2)
    if r.explaining {
      switch action {
      case .up: r.offset -= 1
      case .down: r.offset += 1
      case .pageUp: r.offset -= page
      case .pageDown: r.offset += page
      case .top: r.offset = 0
      default: r.offset = Int.max / 2
      }
      r.offset = max(0, min(r.offset, ReportView.lastOffset(r, s)))
      return
    }
    guard count > 0 else { return }
    switch action {
    case .up: r.selected -= 1
    case .down: r.selected += 1
    case .pageUp: r.selected -= 4
    case .pageDown: r.selected += 4
    case .top: r.selected = 0
    default: r.selected = count - 1
    }
    r.selected = max(0, min(count - 1, r.selected))
    r.offset = ReportView.offset(showing: r.selected, r, s)
  }

  static func render(_ s: AppState, into g: inout CellGrid, rect: Rect) {
    ReportView.render(s, into: &g, rect: rect)
  }
}

/// The screen's read.
struct ReportLoad: Sendable {
  var report: MetricsReport
  /// Each metric's figure over the terms up to the one shown (`trends`); empty for the 12 months.
  var trends: [String: [BreakdownRow]] = [:]
}
