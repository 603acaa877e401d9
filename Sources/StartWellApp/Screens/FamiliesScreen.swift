import StartWellCore
import StartWellStore
import TerminalUI

/// The families list filters, chosen in the filter form.
public struct FamilyFilter: Hashable, Sendable {
  public var hub: String?
  public var sdf: String?
  public var level: CaseLevel?
  public var risk: RiskBand?
  public var lead: String?
  /// Quick filters: the open case flagged for the next huddle, or its review date passed.
  public var flaggedForHuddle = false
  public var reviewOverdue = false

  public init(
    hub: String? = nil, sdf: String? = nil, level: CaseLevel? = nil, risk: RiskBand? = nil,
    lead: String? = nil
  ) {
    self.hub = hub
    self.sdf = sdf
    self.level = level
    self.risk = risk
    self.lead = lead
  }

  public var isEmpty: Bool { self == FamilyFilter() }

  var summary: String {
    var parts: [String] = []
    if let hub { parts.append("hub \(hub)") }
    if let sdf { parts.append("SDF \(sdf)") }
    if let level { parts.append("level \(level.rawValue)") }
    if let risk { parts.append("risk \(risk.rawValue)") }
    if let lead { parts.append("lead \(lead)") }
    if flaggedForHuddle { parts.append("flagged for huddle") }
    if reviewOverdue { parts.append("review overdue") }
    return parts.isEmpty ? "no filters" : parts.joined(separator: ", ")
  }
}

/// The families list: a window onto a query of up to 100,000 rows.
///
/// Only pages of rows around the viewport are fetched and cached; the count
/// comes from a separate query. Every change of search, filter or sort
/// starts a new generation, and rows from an older generation are dropped
/// when they arrive, so a slow answer to an old keystroke never overwrites a
/// newer one.
public struct FamiliesState: Sendable {
  public var search = TextField(maxLength: 100)
  /// The search box has the keys.
  public var searching = false
  public var filter = FamilyFilter()
  public var sort: FamilyQuery.Sort = .name
  public var descending = false
  public var generation = 0
  /// Nil until the count query answers.
  public var count: Int?
  /// False while `count` is a search's quick count stopped at the cap.
  public var countIsExact = true
  /// Every match of a search past the cap, in list order, once counted;
  /// pages of it are then read by row id.
  public private(set) var order: [Int64]?
  public var list = ListState()
  public private(set) var pages: [Int: [FamilyRow]] = [:]
  public private(set) var requested: Set<Int> = []
  /// A row the user asked to open before its page had arrived; it opens
  /// when the page lands, so an Enter typed straight after a search is
  /// never lost.
  public var openWhenLoaded: Int?

  public static let pageSize = 200
  /// Pages kept in memory; the furthest from the selection are dropped first.
  public static let maxCachedPages = 5

  public init() {}

  /// The query for one page. When the page before it is held, the store
  /// seeks past its last row; otherwise the count lets a page near the end
  /// be read from the end. Either way a deep page costs what the first does.
  ///
  /// A page asked for again (after other terminals' changes) may be stale
  /// until it arrives, so nothing seeks past it meanwhile; and `seek: false`
  /// asks for those pages themselves by position.
  public func query(page: Int, seek: Bool = true) -> FamilyQuery {
    var first = FamilyQuery(
      text: search.text, hub: filter.hub, sdf: filter.sdf, level: filter.level, risk: filter.risk,
      lead: filter.lead, sort: sort, descending: descending, limit: Self.pageSize, offset: 0, total: count)
    first.flaggedForHuddle = filter.flaggedForHuddle
    first.reviewOverdue = filter.reviewOverdue
    var q = first
    q.totalIsExact = countIsExact
    q.offset = page * Self.pageSize
    if let order, q.offset < order.count {
      q.rowids = Array(order[q.offset..<min(order.count, q.offset + Self.pageSize)])
      return q
    }
    if seek, page > 0, !requested.contains(page - 1), let before = pages[page - 1] {
      var previous = first
      previous.offset = (page - 1) * Self.pageSize
      q = previous.next(after: before)
      q.total = count
      q.totalIsExact = countIsExact
    }
    return q
  }

  public func row(_ index: Int) -> FamilyRow? {
    let page = index / Self.pageSize
    guard let rows = pages[page] else { return nil }
    let i = index - page * Self.pageSize
    return rows.indices.contains(i) ? rows[i] : nil
  }

  public var cachedRowCount: Int { pages.values.reduce(0) { $0 + $1.count } }

  /// Starts a new query generation: drops the cache and asks for the count and the first page.
  mutating func restart() -> [Effect] {
    generation += 1
    order = nil
    openWhenLoaded = nil
    pages = [:]
    requested = [0]
    count = nil
    countIsExact = true
    list = ListState()
    return [
      .fetchFamilies(query(page: 0), generation: generation),
      .countFamilies(query(page: 0), generation: generation),
    ]
  }

  /// Runs the same query again after other terminals' changes arrived,
  /// keeping the selection and scroll. The rows on screen stay until their
  /// fresh page replaces them, so the list never blanks; pages out of view
  /// are dropped and fetched again when scrolled to.
  mutating func refresh(visibleRows: Int) -> [Effect] {
    generation += 1
    order = nil
    requested = []
    guard let count, count > 0 else {
      pages = [:]
      requested = [0]
      return [
        .fetchFamilies(query(page: 0), generation: generation),
        .countFamilies(query(page: 0), generation: generation),
      ]
    }
    let first = list.offset / Self.pageSize
    let last = min(count - 1, list.offset + visibleRows) / Self.pageSize
    pages = pages.filter { (first...last).contains($0.key) }
    var effects: [Effect] = [.countFamilies(query(page: 0), generation: generation)]
    for page in first...last {
      requested.insert(page)
      effects.append(.fetchFamilies(query(page: page, seek: false), generation: generation))
    }
    return effects
  }

  /// Asks for any page the visible window (plus a margin) needs and is not cached or requested.
  mutating func fetchVisible(visibleRows: Int) -> [Effect] {
    guard let count, count > 0 else { return [] }
    let margin = 50
    let first = max(0, list.offset - margin)
    let last = min(count - 1, list.offset + visibleRows + margin)
    var effects: [Effect] = []
    for page in (first / Self.pageSize)...(last / Self.pageSize)
    where pages[page] == nil && !requested.contains(page) {
      requested.insert(page)
      effects.append(.fetchFamilies(query(page: page), generation: generation))
    }
    return effects
  }

  mutating func receive(generation g: Int, offset: Int, rows: [FamilyRow]) {
    guard g == generation else { return }
    let page = offset / Self.pageSize
    requested.remove(page)
    pages[page] = rows
    if page == 0 && rows.count < Self.pageSize && count == nil {
      count = rows.count
      list.setCount(rows.count)
    }
    evict()
  }

  mutating func receive(generation g: Int, count n: Int, exact: Bool = true) {
    guard g == generation else { return }
    count = n
    countIsExact = exact
    list.setCount(n)
  }

  mutating func receive(generation g: Int, order matches: [Int64]) {
    guard g == generation else { return }
    order = matches
  }

  private mutating func evict() {
    guard pages.count > Self.maxCachedPages else { return }
    let current = list.selected / Self.pageSize
    let far = pages.keys.sorted { abs($0 - current) > abs($1 - current) }
    for page in far.prefix(pages.count - Self.maxCachedPages) { pages[page] = nil }
  }
}

enum FamiliesScreen {
  static let sortOrder: [FamilyQuery.Sort] = [
    .name, .reference, .hub, .sdf, .level, .risk, .lead, .lastContact,
  ]

  /// Rows of families visible: the body less the search line, the filter line and the table header.
  static func visibleRows(_ size: TerminalSize) -> Int { max(1, Chrome.body(size).rows - 3) }

  static func handleSearchKey(_ key: Key, _ s: inout AppState) -> [Effect] {
    switch key {
    case .enter, .tab, .down:
      s.families.searching = false
      return []
    case .escape:
      s.families.searching = false
      return []
    default:
      let before = s.families.search.text
      s.families.search.handle(key)
      if s.families.search.overflowed, let limit = s.families.search.maxLength {
        s.message = StatusMessage(
          "A search takes at most \(limit) characters; the rest was not added.", isError: true)
      }
      guard s.families.search.text != before else { return [] }
      return s.families.restart()
    }
  }

  /// Opens the row asked for before its page arrived, once it has.
  static func openPending(_ s: inout AppState) -> [Effect] {
    guard let index = s.families.openWhenLoaded else { return [] }
    if let count = s.families.count, index >= count {
      s.families.openWhenLoaded = nil
      return []
    }
    guard s.route == .families, let row = s.families.row(index) else { return [] }
    s.families.openWhenLoaded = nil
    return Navigation.openFamily(id: row.id, reference: row.reference, name: row.name, hub: row.hub, &s)
  }

  static func perform(_ action: Action, _ s: inout AppState) -> [Effect] {
    let visible = visibleRows(s.size)
    switch action {
    case .search, .nextPane:
      s.families.searching = true
      return []
    case .nextMatch, .previousMatch:
      ListMotion.apply(action == .nextMatch ? .down : .up, to: &s.families.list, visibleRows: visible)
      return s.families.fetchVisible(visibleRows: visible)
    case _ where ListMotion.isMotion(action):
      s.families.openWhenLoaded = nil
      ListMotion.apply(action, to: &s.families.list, visibleRows: visible)
      return s.families.fetchVisible(visibleRows: visible)
    case .sortNext:
      let i = sortOrder.firstIndex(of: s.families.sort) ?? 0
      s.families.sort = sortOrder[(i + 1) % sortOrder.count]
      s.families.descending = false
      return s.families.restart()
    case .sortReverse:
      s.families.descending.toggle()
      return s.families.restart()
    case .quickMine:
      guard let me = s.user?.username else { return [] }
      s.families.filter.lead = s.families.filter.lead == me ? nil : me
      return s.families.restart()
    case .quickHuddle:
      s.families.filter.flaggedForHuddle.toggle()
      return s.families.restart()
    case .quickReviewOverdue:
      s.families.filter.reviewOverdue.toggle()
      return s.families.restart()
    case .clearFilters:
      s.families.filter = FamilyFilter()
      s.families.search.setText("")
      return s.families.restart()
    case .filter:
      s.form = RecordForms.filter(current: s.families.filter, users: s.users, config: s.config)
      s.push(.form)
      return []
    case .addFamily:
      guard let user = s.user else { return [] }
      s.form = RecordForms.family(user: user, config: s.config)
      s.push(.form)
      return []
    case .open:
      let selected = s.families.list.selected
      guard let row = s.families.row(selected) else {
        // Still loading (or reloading after a keystroke): open it on arrival.
        if s.families.count.map({ selected < $0 }) ?? true { s.families.openWhenLoaded = selected }
        return []
      }
      return Navigation.openFamily(id: row.id, reference: row.reference, name: row.name, hub: row.hub, &s)
    default:
      return []
    }
  }
}

extension FamiliesScreen: Screen {
  static let route = Route.families
  static let goAction: Action? = .goFamilies
  static let bindings: [KeyBinding] = [
    KeyBinding([.character("/")], .families, .search, hint: "search"),
    KeyBinding([.enter], .families, .open, hint: "open"),
    KeyBinding([.character("f")], .families, .filter, hint: "filter"),
    KeyBinding([.character("s")], .families, .sortNext, hint: "sort"),
    KeyBinding([.character("S")], .families, .sortReverse),
    KeyBinding([.character("x")], .families, .clearFilters),
    KeyBinding([.character("m")], .families, .quickMine),
    KeyBinding([.character("u")], .families, .quickHuddle),
    KeyBinding([.character("v")], .families, .quickReviewOverdue),
    KeyBinding([.character("a")], .families, .addFamily, hint: "add"),
    KeyBinding([.character("n")], .families, .nextMatch),
    KeyBinding([.character("N")], .families, .previousMatch),
    KeyBinding([.tab], .families, .nextPane),
    KeyBinding([.character("F")], .global, .goFamilies),
  ]

  static func keyContexts(_ s: AppState) -> [KeyContext] { [.families, .list, .global] }

  static func render(_ s: AppState, into g: inout CellGrid, rect: Rect) {
    FamiliesView.render(s, into: &g, rect: rect)
  }

  static func handleKey(_ key: Key, _ s: inout AppState) -> [Effect]? {
    s.families.searching ? handleSearchKey(key, &s) : nil
  }

  static func reload(_ s: inout AppState) -> [Effect] { s.families.restart() }

  /// The first visit runs the query; later visits keep the list where it was.
  static func reappear(_ s: inout AppState) -> [Effect] {
    s.families.generation == 0 ? s.families.restart() : []
  }

  static func afterSync(_ s: inout AppState) -> [Effect] {
    guard s.routes.contains(.families), s.families.generation > 0 else { return [] }
    return s.families.refresh(visibleRows: visibleRows(s.size))
  }
}
