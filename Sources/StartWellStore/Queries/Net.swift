import Foundation
import GRDB
import StartWellCore
import Synchronization

/// One rule that put a child in the net, with its facts as a sentence.
public struct NetReason: Hashable, Sendable, Codable {
  public var rule: String
  public var title: String
  /// The day the fact dates from: the last contact, the day a referral was
  /// sent, the latest development record, the day a review or work fell due.
  public var since: LocalDate
  public var facts: String
  /// The facts that keep a supervisor's mark standing (`NetFingerprint`).
  public var fingerprint: String
  /// A supervisor's mark on this child under this rule, while the facts
  /// it was made on still hold; nil when unmarked or the facts moved on.
  public var mark: NetMark?
}

/// One child in the net, with every rule that put the child there.
public struct NetRow: Hashable, Sendable, Codable {
  public var childID: String
  public var childReference: String
  public var childName: String
  /// Empty when not known; for an expected child, the due date.
  public var dateOfBirth: String
  public var expected: Bool
  public var familyID: String
  public var familyReference: String
  public var familyName: String
  public var hub: String
  public var sdf: String?
  /// The case lead's username.
  public var lead: String?
  public var reasons: [NetReason]

  /// The longest-standing fact among the reasons, which orders rows with
  /// as many reasons.
  public var oldest: LocalDate {
    // Read in every comparison of a hub's sort: no array made for it.
    reasons.lazy.map(\.since).min() ?? LocalDate(dayNumber: 0)
  }
}

extension Store {
  /// Every child the user may see who meets one of `rules` (all rules when
  /// nil), in `hub` and `sdf` when given: most reasons first, then the
  /// longest-standing fact. Children are those related to the family as
  /// a child, under five or expected, in a family with an open case.
  ///
  /// Visibility is the families list's, applied in each rule's SQL, so no
  /// rule can name a child of a family outside the user's scope.
  ///
  /// `enteredFrom` keeps only the facts that put a child in the net on or
  /// after that day (the agenda's "new in the net"), read from the recent
  /// range of each rule's index rather than the whole net.
  ///
  /// The rules are read side by side, each on its own reader of the pool:
  /// on a hub of a big partnership they are most of the time the net takes.
  /// A save landing between two of those reads shows in the later ones and
  /// in every rule at the next read, as any list catches up with a save.
  public func net(
    for user: User, hub: String? = nil, sdf: String? = nil, rules: [String]? = nil,
    enteredFrom: LocalDate? = nil
  ) throws -> [NetRow] {
    let reads = try netReads(for: user, hub: hub, sdf: sdf, rules: rules, enteredFrom: enteredFrom)
    let hits = try readSideBySide(reads.count) { i, db in try reads.hits(i, db, store: self) }
    return try netRows(merging: hits)
  }

  /// The net's reads, one per rule, for a caller that runs them side by
  /// side with reads of its own (the agenda).
  func netReads(
    for user: User, hub: String?, sdf: String?, rules: [String]? = nil, enteredFrom: LocalDate? = nil
  ) throws -> NetReads {
    let chosen = try netRules(hub: hub, sdf: sdf, rules: rules)
    let scope = VisibilityScope.list(for: user)
    guard scope.admitsAny else { return NetReads(rules: [], sql: nil) }
    var sql = netSQL(scope: scope, hub: hub, sdf: sdf)
    sql.enteredFrom = enteredFrom
    sql.reader = user.role
    return NetReads(rules: chosen, sql: sql)
  }

  /// The net's rows from each rule's hits, merged by child, with their marks.
  func netRows(merging hits: [[NetRow]]) throws -> [NetRow] {
    var rows: [String: NetRow] = [:]
    for found in hits {
      for hit in found { merge(hit, into: &rows) }
    }
    try read { db in try attachMarks(db, to: &rows) }
    return rows.values.sorted(by: Self.netOrder)
  }

  /// Runs `count` reads side by side on as many readers as there are
  /// cores, each reader taking the next read when it finishes one, and
  /// returns their results in order; the first error is thrown.
  ///
  /// With `cacheKiB`, each reader keeps a page cache of that size while
  /// the reads last and goes back to its own after: the metrics report's
  /// reads scan the same family, people and development indexes again and
  /// again, and with SQLite's default of about 2 MB each scan fetched their
  /// pages from the file anew, a system call and a copy for each page. A
  /// reader the client browses with later holds no more cache than before.
  ///
  /// Those readers also map the database file into memory, and keep the
  /// mapping (`readerMapBytes`): a mapped page costs its first read on each
  /// connection a page fault, and a mapping made for each report and
  /// dropped after it paid those faults again every time. The mapping
  /// holds no memory of its own (its pages are the system's file cache);
  /// a browsing read on such a reader takes a page where it is mapped, or
  /// a fault where a read and a copy would have been.
  func readSideBySide<T: Sendable>(
    _ count: Int, cacheKiB: Int? = nil, _ body: @Sendable (Int, Database) throws -> T
  ) throws -> [T] {
    let results = Mutex<[Int: Result<T, any Error>]>([:])
    let next = Atomic<Int>(0)
    let readers = max(1, min(count, ProcessInfo.processInfo.activeProcessorCount))
    DispatchQueue.concurrentPerform(iterations: readers) { _ in
      let outcome = Result {
        try read { db in
          let pages = try cacheKiB.map { kib in
            let pages = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
            // Setting the size the mapping already has leaves it as it is.
            try db.execute(sql: "PRAGMA cache_size = \(-kib); PRAGMA mmap_size = \(Self.readerMapBytes)")
            return pages
          }
          defer {
            if let pages { try? db.execute(sql: "PRAGMA cache_size = \(pages)") }
          }
          while true {
            let i = next.add(1, ordering: .relaxed).oldValue
            guard i < count else { return }
            let result = Result { try body(i, db) }
            results.withLock { $0[i] = result }
          }
        }
      }
      if case .failure(let error) = outcome { results.withLock { $0[-1] = .failure(error) } }
    }
    let done = results.withLock { $0 }
    if case .failure(let error)? = done[-1] { throw error }
    return try (0..<count).map { try done[$0]!.get() }
  }

  /// How much of the database file a reader of the report maps into
  /// memory: SQLite caps it at 2 GB unless built otherwise. The store is a
  /// file on the terminal's own disk, where a mapped read cannot fail as
  /// one over a network can.
  static let readerMapBytes = 2_000_000_000

  /// The net's rows for one family, read in `db` (a write checks a mark
  /// against the facts inside its own transaction).
  func net(_ db: Database, familyID: String, rules: [NetRule], for user: User) throws -> [NetRow] {
    let scope = VisibilityScope.list(for: user)
    guard scope.admitsAny else { return [] }
    var sql = netSQL(scope: scope, hub: nil, sdf: nil, familyID: familyID)
    sql.reader = user.role
    return try netRows(db, rules: rules, sql: sql)
  }

  private func netRows(_ db: Database, rules: [NetRule], sql: NetSQL) throws -> [NetRow] {
    var rows: [String: NetRow] = [:]
    for rule in rules {
      for hit in try ruleHits(db, rule, sql: sql) { merge(hit, into: &rows) }
    }
    try attachMarks(db, to: &rows)
    return rows.values.sorted(by: Self.netOrder)
  }

  /// One rule's hits, each as a row with that one reason. The comment names
  /// the rule in statement logs and profiles.
  fileprivate func ruleHits(_ db: Database, _ rule: NetRule, sql: NetSQL) throws -> [NetRow] {
    // A cursor, not an array of rows: a hub's net is thousands of rows, each
    // read once into its child's row.
    let cursor = try Row.fetchCursor(
      db, sql: "/* net \(rule.id) */ " + rule.query(sql), arguments: sql.arguments)
    var hits: [NetRow] = []
    while let hit = try cursor.next() {
      if let row = netRow(hit, of: rule, for: sql.reader) { hits.append(row) }
    }
    return hits
  }

  /// The rules asked for, after checking the filters name things that exist.
  private func netRules(hub: String?, sdf: String?, rules: [String]?) throws(DomainError) -> [NetRule] {
    var v = Validator()
    if let hub, config.hub(hub) == nil {
      v.add("hub", "known", "'\(hub)' is not a hub; known: \(config.hubs.map(\.id).joined(separator: ", "))")
    }
    let sdfs = config.hubs.filter { hub == nil || $0.id == hub }.flatMap { $0.sdfs.map(\.id) }
    if let sdf, !sdfs.contains(sdf) {
      v.add(
        "sdf", "known",
        "'\(sdf)' is not an SDF\(hub.map { " of \($0)" } ?? ""); known: \(sdfs.joined(separator: ", "))")
    }
    for id in rules ?? [] where NetRule.named(id) == nil {
      v.add(
        "rule", "known", "'\(id)' is not a net rule; known: \(NetRule.all.map(\.id).joined(separator: ", "))")
    }
    try v.check()
    guard let rules else { return NetRule.all }
    return NetRule.all.filter { rules.contains($0.id) }
  }

  private func netSQL(scope: VisibilityScope, hub: String?, sdf: String?, familyID: String? = nil) -> NetSQL {
    let visible = scope.sql(family: "f")
    var family = "f.deleted = 0 AND f.reference <> '' AND f.case_level IS NOT NULL AND \(visible.sql)"
    var arguments = visible.arguments
    if let hub {
      family += " AND f.hub_id = ?"
      arguments += [hub]
    }
    if let sdf {
      family += " AND f.sdf_id = ?"
      arguments += [sdf]
    }
    if let familyID {
      family += " AND f.id = ?"
      arguments += [familyID]
    }
    return NetSQL(
      family: "(\(family))", arguments: arguments, child: netChild(), today: today,
      thresholds: config.thresholds, intake: config.intake)
  }

  /// The net's reads over families chosen by a condition of the caller's
  /// (the metrics report's scope), with no visibility of their own: the
  /// caller has checked the user may see those families' figures.
  func netSQL(families condition: String) -> NetSQL {
    NetSQL(
      family: "(\(condition) AND f.case_level IS NOT NULL)", arguments: [], child: netChild(), today: today,
      thresholds: config.thresholds, intake: config.intake)
  }

  /// A condition on `person p`: a child under five, or expected.
  private func netChild() -> String {
    let today = self.today
    let fiveYearsAgo =
      LocalDate(year: today.year - 5, month: today.month, day: today.day)
      ?? LocalDate(year: today.year - 5, month: today.month, day: 28)!
    // Under five: born after the day five years ago. An expected child has
    // a due date, or none yet, and is in the net either way.
    return "(p.deleted = 0 AND p.relationship = '\(Relationship.child.rawValue)' "
      + "AND (p.expected = 1 OR p.date_of_birth > '\(fiveYearsAgo)'))"
  }

  /// One rule's hit as its child's row with that one reason. A reader who
  /// does not see the rule's kind of notification reads that the rule
  /// holds, not the notification; the mark's fingerprint is the full
  /// fact's all the same, so a mark holds for every reader.
  private func netRow(_ hit: Row, of rule: NetRule, for reader: Role?) -> NetRow? {
    guard let since = (hit["since"] as String?).flatMap(LocalDate.init) else { return nil }
    let fact = NetFact(since: since, days: since.days(until: today), detail: hit["detail"] ?? "")
    var facts = rule.facts(fact, config.thresholds)
    if let kind = rule.notificationKind, let reader, !config.intake.visible(kind, to: reader) {
      facts = "\(config.intake.withheld(kind)); no contact since it was triaged"
    }
    let reason = NetReason(
      rule: rule.id, title: rule.title, since: since, facts: facts,
      fingerprint: NetFingerprint.of(rule: rule.id, fact: fact))
    return NetRow(
      childID: hit["child_id"], childReference: hit["child_reference"],
      childName: [hit["given_name"] as String, hit["child_family_name"] as String].joined(separator: " "),
      dateOfBirth: hit["date_of_birth"], expected: hit["expected"], familyID: hit["family_id"],
      familyReference: hit["family_reference"], familyName: hit["family_name"], hub: hit["hub_id"],
      sdf: hit["sdf_id"], lead: hit["lead"], reasons: [reason])
  }

  /// Adds one rule's hit to its child's row; a rule that finds the same
  /// child twice (two waiting referrals) keeps its longest-standing fact.
  private func merge(_ hit: NetRow, into rows: inout [String: NetRow]) {
    let reason = hit.reasons[0]
    guard rows[hit.childID] != nil else {
      rows[hit.childID] = hit
      return
    }
    // Changed in place: a copy taken out and put back would copy the
    // child's reasons on every hit.
    rows[hit.childID]!.add(reason)
  }
}

extension NetRow {
  /// Adds a rule's fact to the child's reasons, or keeps the one already
  /// held for that rule when it is older.
  fileprivate mutating func add(_ reason: NetReason) {
    let since = reason.since
    if let i = reasons.firstIndex(where: { $0.rule == reason.rule }) {
      // Two facts from one day (two referrals sent together) settle by
      // their fingerprint, not by the order the rows came in, so every
      // terminal shows the same one and a mark on it holds everywhere.
      let held = reasons[i]
      if since < held.since || (since == held.since && reason.fingerprint < held.fingerprint) {
        reasons[i] = reason
      }
    } else {
      reasons.append(reason)
    }
  }
}

extension Store {

  /// Most reasons first, then the longest-standing fact; references break ties.
  static func netOrder(_ a: NetRow, _ b: NetRow) -> Bool {
    if a.reasons.count != b.reasons.count { return a.reasons.count > b.reasons.count }
    if a.oldest != b.oldest { return a.oldest < b.oldest }
    if a.familyReference != b.familyReference { return a.familyReference < b.familyReference }
    return a.childReference < b.childReference
  }
}

/// The net's reads for one request: one per rule, each its own statement.
struct NetReads: Sendable {
  let rules: [NetRule]
  let sql: NetSQL?

  var count: Int { sql == nil ? 0 : rules.count }

  func hits(_ i: Int, _ db: Database, store: Store) throws -> [NetRow] {
    guard let sql else { return [] }
    return try store.ruleHits(db, rules[i], sql: sql)
  }
}
