import Foundation
import StartWellCore
import StartWellStore

/// The rows a person feels at the desk: each the store's own call, with the
/// same statements replayed straight through SQLite as its floor.
enum StoreRows {
  static let all: [BenchRow] = [
    search, openFamily, saveContact, listPage, riskList, searchLastPage, searchExactCount, netHub, agenda,
    matchNotification, reportYear,
  ]

  private static let keystroke = 10.0

  /// Every keystroke of a surname runs the list's page query and its count.
  static let search = BenchRow(
    name: "search", what: "search as you type, one keystroke (page and count)", target: keystroke
  ) { run in
    let store = try run.working().store
    let user = try run.user(run.username)
    let names = try store.families(FamilyQuery(limit: 400), for: user).map(\.name)
    var work: [() throws -> Void] = []
    for (n, name) in names.enumerated() where n % 4 == 0 {
      var typed = ""
      for ch in (name.split(separator: " ").first ?? "").prefix(7) {
        typed.append(ch)
        let q = FamilyQuery(text: typed, limit: 200)
        work.append {
          _ = try store.families(q, for: user)
          _ = try store.familyCount(q, for: user)
        }
      }
    }
    let (product, floor) = try run.compare(work)
    return Figure(samples: product, floor: floor, note: "\(work.count) keystrokes as \(run.username)")
  }

  /// The family with the longest chronology, opened by a practitioner of its hub.
  static let openFamily = BenchRow(
    name: "open-family", what: "open a family with a 200-entry chronology (durable view audit)",
    target: keystroke
  ) { run in
    let store = try run.working().store
    var longest: (id: String, hub: String)?
    try run.working().floor.rows(
      """
      SELECT f.id, f.hub_id FROM family f JOIN contact c ON c.family_id = f.id
      GROUP BY f.id ORDER BY COUNT(*) DESC, f.id LIMIT 1
      """
    ) { longest = ($0[0] ?? "", $0[1] ?? "") }
    guard let (familyID, hub) = longest else { throw BenchError("the dataset has no contacts") }
    let users = try store.users().filter { $0.role == .practitioner && $0.hubs.contains(hub) && $0.active }
    guard let first = users.min(by: { $0.username < $1.username }) else {
      throw BenchError("no practitioner works in hub \(hub)")
    }
    let user = try run.user(first.username)
    let entries = try store.openFamily(id: familyID, as: user).chronology.count
    let work = Array(
      repeating: { () throws -> Void in _ = try store.openFamily(id: familyID, as: user) }, count: 200)
    let (product, floor) = try run.compare(work)
    return Figure(samples: product, floor: floor, note: "\(entries)-entry chronology, as \(user.username)")
  }

  /// A contact saved on the same family again and again, at a person's pace:
  /// a short pause lets the background checkpoint run as it would in use.
  static let saveContact = BenchRow(
    name: "save-contact", what: "save a contact, durable (synchronous = FULL)", target: 5
  ) { run in
    let store = try run.working().store
    let user = try run.user(run.username)
    guard let family = try store.families(FamilyQuery(hub: user.hubs.first, limit: 1), for: user).first else {
      throw BenchError("\(run.username) has no family in their own hub")
    }
    let work = (0..<300).map { k in
      { () throws -> Void in
        _ = try store.logContact(
          familyID: family.id,
          ContactDraft(type: "home-visit", at: store.now(), summary: "Benchmark visit \(k)"), as: user)
      }
    }
    let (product, floor) = try run.compare(work, pause: 20_000)
    return Figure(samples: product, floor: floor, note: "300 saves, 20 ms apart")
  }

  /// Scrolling the whole list: every 200-row page in name order.
  static let listPage = BenchRow(
    name: "list-page", what: "families list, one 200-row page", target: keystroke
  ) {
    run in try pages(run, FamilyQuery(limit: 200), label: "every page of the list")
  }

  /// The supervisor's view: the high band only, highest score first.
  static let riskList = BenchRow(
    name: "list-by-risk", what: "families list filtered to one risk band and sorted by risk, one page",
    target: keystroke
  ) { run in
    try pages(run, FamilyQuery(risk: .high, sort: .risk, descending: true, limit: 200), label: "high band")
  }

  /// `G` on a search with over 1,000 matches: the last page, read by row id
  /// from the matches' order, which the list asks for in the background as
  /// soon as a search passes the cap (`search-exact-count` measures that).
  static let searchLastPage = BenchRow(
    name: "search-last-page", what: "G: the last page of over 1,000 search matches", target: keystroke
  ) { run in
    let store = try run.working().store
    let user = try run.user(run.username)
    let (chosen, reached) = try longSearches(store, user)
    var work: [() throws -> Void] = []
    for text in chosen {
      let order = try store.familyOrder(FamilyQuery(text: text), for: user) ?? []
      let start = max(0, (order.count - 1) / 200 * 200)
      var q = FamilyQuery(text: text, limit: 200, offset: start, total: order.count)
      q.totalIsExact = true
      q.rowids = Array(order[start...])
      work += Array(repeating: { () throws -> Void in _ = try store.families(q, for: user) }, count: 50)
    }
    let (product, floor) = try run.compare(work)
    return Figure(samples: product, floor: floor, note: note(chosen, reached))
  }

  /// What a search past the cap asks for after its first page is shown:
  /// every match's row id in list order, so that "1000+" becomes the real
  /// figure and any page, the last one too, is read by row id.
  static let searchExactCount = BenchRow(
    name: "search-exact-count", what: "the order of over 1,000 search matches (in the background)",
    target: 100
  ) { run in
    let store = try run.working().store
    let user = try run.user(run.username)
    let (chosen, reached) = try longSearches(store, user)
    var work: [() throws -> Void] = []
    for text in chosen {
      work += Array(
        repeating: { () throws -> Void in _ = try store.familyOrder(FamilyQuery(text: text), for: user) },
        count: 20)
    }
    let (product, floor) = try run.compare(work)
    return Figure(samples: product, floor: floor, note: note(chosen, reached))
  }

  /// Searches with over 1,000 matches, the rows' subject; a small dataset
  /// with none gives its largest search instead, and says so.
  private static func longSearches(_ store: Store, _ user: User) throws -> (texts: [String], reached: Bool) {
    var counts: [(text: String, total: Int)] = []
    for text in ["a", "e", "s", "m", "ro", "an", "sh", "ma"] {
      counts.append((text, try store.familyCount(FamilyQuery(text: text), for: user, exact: true)))
    }
    let long = counts.filter { $0.total > Store.searchCountCap }
    if !long.isEmpty { return (long.map(\.text), true) }
    return ([counts.max { $0.total < $1.total }?.text ?? "a"], false)
  }

  private static func note(_ texts: [String], _ reached: Bool) -> String {
    reached
      ? "\(texts.count) searches past 1,000 matches (\(texts.joined(separator: ", ")))"
      : "no search passes 1,000 matches at this scale; the largest one (\(texts.joined()))"
  }

  private static func pages(_ run: BenchRun, _ query: FamilyQuery, label: String) throws -> Figure {
    let store = try run.working().store
    let user = try run.user(run.username)
    let total = try store.familyCount(query, for: user)
    // Scrolling down, as the client does: each page seeks past the one before.
    var queries: [FamilyQuery] = []
    var q = query
    q.total = total
    while q.offset < total {
      queries.append(q)
      q = q.next(after: try store.families(q, for: user))
      q.total = total
    }
    let work = queries.map { q in { () throws -> Void in _ = try store.families(q, for: user) } }
    let (product, floor) = try run.compare(work)
    return Figure(
      samples: product, floor: floor, note: "\(label): \(grouped(total)) families, \(work.count) pages")
  }
}
