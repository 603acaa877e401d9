import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore

/// The report sums each metric from one plain read (`MetricAggregate`)
/// and reads some metrics together (`ContactPass`, `TermPairPass`,
/// `SummerPass`, `NotificationPass`). Each must give what the plain reading of each metric's
/// records gives: a `GROUP BY key` for the rows and a count of the
/// distinct families and children for the whole.
@Suite("Report: one pass gives what the plain counts give")
struct ReportPassTests {
  typealias Sums = MetricAggregate.Sums

  /// Each key's sums and the whole's, read plainly from the query's records.
  static func plain(_ query: MetricQuery, _ db: Database, _ q: ReportSQL) throws -> (Sums, [String: Sums]) {
    func sums(_ row: Row) -> Sums {
      Sums(
        n: row["n"], hits: row["hits"] ?? 0, counted: row["counted"] ?? 0, families: row["families"],
        children: row["children"])
    }
    let columns = """
      COUNT(*) AS n, SUM(hit) AS hits, SUM(counted) AS counted, COUNT(DISTINCT family_id) AS families,
        COUNT(DISTINCT child_id) AS children
      """
    let base = query.base(q)
    var byKey: [String: Sums] = [:]
    for row in try Row.fetchAll(
      db, sql: "SELECT key, \(columns) FROM (\(base)) WHERE key IS NOT NULL GROUP BY key")
    {
      byKey[row["key"]] = sums(row)
    }
    let whole = try Row.fetchOne(db, sql: "SELECT \(columns) FROM (\(base))").map(sums) ?? Sums()
    return (whole, byKey)
  }

  static func context(_ store: Store, _ user: User) throws -> (ReportSQL, [MetricQuery]) {
    let scope = try ReportSight.scope(ReportFixture.request, for: user, config: store.config)
    let q = store.reportSQL(ReportFixture.request, scope: scope)
    return (q, store.metricQueries(q, scope: scope))
  }

  @Test func everyMetricsOnePassMatchesThePlainCounts() throws {
    let (store, admin) = ReportFixture.shared
    let (q, queries) = try Self.context(store, admin)
    try store.read { db in
      try ReportFunctions.install(db, zone: store.zone, config: store.config)
      for query in queries {
        let (whole, byKey) = try Self.plain(query, db, q)
        let aggregate = MetricAggregate(shares: true, children: true)
        let records = query.counted?(q) ?? MetricAggregate.records(base: query.base(q))
        let result = try aggregate.read(db, records: records, label: query.definition.id)
        let id = query.definition.id
        #expect(result.whole == whole, "\(id): \(result.whole) against \(whole)")
        #expect(result.byKey == byKey, "\(id): \(result.byKey) against \(byKey)")
      }
    }
  }

  /// Each family and child counts once in the whole and once in each key
  /// it has records under; a record with no family, child or key counts
  /// in the rest.
  @Test func aTallyCountsEachFamilyAndChildOncePerKey() {
    var tally = MetricTally(shares: true, children: true)
    let records: [(Int64?, String?, Int, Int, Int64?)] = [
      (1, "a", 1, 1, 11), (1, "a", 0, 1, 11), (1, "b", 1, 1, 12), (2, "b", 0, 1, nil), (nil, "a", 1, 1, nil),
      (2, nil, 1, 0, nil),
    ]
    for r in records { tally.add(family: r.0, key: r.1, hit: r.2, counted: r.3, child: r.4) }
    let result = tally.result
    #expect(result.whole == Sums(n: 6, hits: 4, counted: 5, families: 2, children: 2))
    #expect(result.byKey["a"] == Sums(n: 3, hits: 2, counted: 3, families: 1, children: 1))
    #expect(result.byKey["b"] == Sums(n: 2, hits: 1, counted: 2, families: 2, children: 1))
    #expect(result.byKey.count == 2)

    var count = MetricTally(shares: false, children: false)
    for r in records { count.add(family: r.0, key: r.1, hit: r.2, counted: r.3, child: r.4) }
    #expect(count.result.whole == Sums(n: 6, hits: 0, counted: 0, families: 2, children: 0))
  }

  /// The father rule in Swift finds a quoted id as SQL's `instr` does.
  @Test func aQuotedIdIsFoundInThePresentList() {
    func contains(_ text: String, _ part: String) -> Bool {
      ContactPass.contains(Data(text.utf8), Array(part.utf8))
    }
    #expect(contains(#"["a1","b2"]"#, #""b2""#))
    #expect(!contains(#"["a1","b22"]"#, #""b2""#))
    #expect(!contains("[]", #""b2""#))
    #expect(contains(#"["é","b2"]"#, #""b2""#))
  }

  /// A shared pass gives each of its metrics exactly as the metric's own query does.
  func expectPass(_ ids: Set<String>, _ pass: Store.Pass) throws {
    let (store, admin) = ReportFixture.shared
    let (q, queries) = try Self.context(store, admin)
    let shared = queries.filter { ids.contains($0.definition.id) }
    #expect(shared.count == ids.count)
    let label = { (d: BreakdownDimension?, key: String) in ReportLabels.label(d, key, store.config) }
    try store.read { db in
      try ReportFunctions.install(db, zone: store.zone, config: store.config)
      for (query, metric) in zip(shared, try pass(db, q, shared, label)) {
        let own = try query.metric(db, q) { label(query.dimension, $0) }
        #expect(metric == own, "\(query.definition.id)")
        // Something is counted (the fixture's notifications are on no family).
        let counted = max(metric.figure.count ?? 0, metric.figure.denominator ?? 0)
        #expect(counted > 0, "\(query.definition.id)")
      }
    }
  }

  /// The term walk ranks the bands it reads (`OutcomeMetrics.rank(bytes:)`)
  /// as SQL ranks them for each metric's own query: every band and rating,
  /// null, empty text, another case and a longer word.
  @Test func aBandReadAsTextRanksAsSQLRanksIt() throws {
    let values: [String?] =
      WellCommBand.allCases.map(\.rawValue) + EYFSRating.allCases.map(\.rawValue)
      + [nil, "", "Green", "greenish", "on-trac", "émerging"]
    let db = try DatabaseQueue()
    try db.read { db in
      for value in values {
        let statement = try db.makeStatement(sql: "SELECT \(OutcomeMetrics.rank("?")), ?")
        statement.arguments = [value, value]
        let column = RawColumns(statement)
        let cursor = try Row.fetchCursor(statement)
        #expect(try cursor.next() != nil)
        #expect(OutcomeMetrics.rank(bytes: column.bytes(1)) == column.int(0), "\(value ?? "null")")
      }
    }
  }

  /// The walk reads WellComm's band from its bytes as `WellCommBand(rawValue:)`
  /// reads it from text: every band, a rating, empty text, another case,
  /// a longer and a shorter word.
  @Test func aWellCommBandReadFromItsBytesIsTheBandItsTextNames() {
    let values =
      WellCommBand.allCases.map(\.rawValue) + EYFSRating.allCases.map(\.rawValue)
      + ["", "Green", "greenish", "gree", "rëd"]
    for value in values {
      let band = Array(value.utf8).withUnsafeBytes { TermWalk.wellCommBand($0) }
      #expect(band == WellCommBand(rawValue: value), "\(value)")
    }
  }

  /// A record's ranks are kept in one word, each read back as put in.
  @Test func aRecordsRanksReadBackAsTheyWerePut() {
    let ranks = TermWalk.Ranks([2, 0, 1, 2, 255])
    #expect((0..<5).map { ranks[$0] } == [2, 0, 1, 2, 255])
    #expect(TermWalk.Ranks([])[0] == 0)
  }

  /// A text a read gives again comes back as the string kept for it, and
  /// past the limit each new one is still the text read.
  @Test func aFewStringsGiveEachTextAsRead() {
    var strings = FewStrings(["2026-spring"])
    func read(_ text: String) -> String {
      Array(text.utf8).withUnsafeBytes { strings.string($0) }
    }
    #expect(read("2026-spring") == "2026-spring")
    #expect(read("2026-summer") == "2026-summer")
    #expect(read("") == "")
    let many = (0..<(FewStrings.limit + 5)).map { "hub-\($0)" }
    #expect(many.map(read) == many)
    #expect(many.map(read) == many)
  }

  /// Families and children are told apart by row id, one bit each, and
  /// ids no bit can hold (negative, or set by hand past the limit) in a set.
  @Test func aRowIDSetHoldsEachIDOnceWhateverItsSize() {
    var set = RowIDSet()
    let ids: [Int64] = [1, 64, 63, 0, 1 << 40, -5, RowIDSet.bitLimit, RowIDSet.bitLimit - 1, 200_000]
    let first = ids.map { set.insert($0) }
    let again = ids.map { set.insert($0) }
    #expect(first == ids.map { _ in true })
    #expect(again == ids.map { _ in false })
    let near = [set.insert(65), set.insert(199_999)]
    #expect(near == [true, true])
    #expect(set.count == ids.count + near.count)
  }

  /// The report's SQL functions, registered through SQLite's C interface,
  /// give the day the zone gives (either side of the clocks changing),
  /// null for null or text that is no instant, read text up to a NUL as
  /// GRDB does, and survive being registered again on the same connection.
  @Test func theReportsDayFunctionsGiveTheZonesDays() throws {
    let london = DisplayZone(TimeZone(identifier: "Europe/London")!)
    let config = StoreFixture.config
    let stamps: [String?] = [
      "2026-03-29T00:30:00.000Z", "2026-10-24T23:30:00.000Z", "2026-06-30T23:00:00Z", nil, "nonsense",
      "2026-10-24T23:30:00.000Z\u{0}junk",
    ]
    let expected: [String?] = ["2026-03-29", "2026-10-25", "2026-07-01", nil, nil, "2026-10-25"]
    try DatabaseQueue().read { db in
      for _ in 0..<2 { try ReportFunctions.install(db, zone: london, config: config) }
      let days = try stamps.map { try String.fetchOne(db, sql: "SELECT report_day(?)", arguments: [$0]) }
      #expect(days == expected)
      let received = "2026-10-24T23:30:00.000Z"
      let due = try String.fetchOne(
        db, sql: "SELECT report_triage_due(?, ?)",
        arguments: [NotificationKind.domesticAbuse.rawValue, received])
      let rule = Notification.triageDue(
        kind: .domesticAbuse, receivedOn: london.day(Timestamp.parse(received)!), config)
      #expect(due == rule.description)
      #expect(
        try String.fetchOne(db, sql: "SELECT report_triage_due('no-such-kind', ?)", arguments: [received])
          == nil)
    }
  }

  @Test func theContactPassGivesEachContactMetricAsItsOwnQueryDoes() throws {
    try expectPass(ContactPass.ids, ContactPass.metrics)
  }

  @Test func theTermPairPassGivesBothMovementsAsTheirOwnQueriesDo() throws {
    try expectPass(TermPairPass.ids, TermPairPass.metrics)
  }

  /// The report reads the movements, GLD, school readiness and the impact
  /// section in one walk of the terms' records (`Store.termMetrics`): each
  /// metric comes out as its own query gives it, and the impact section as
  /// the movements read alone compare, for the partnership and two hubs.
  @Test(arguments: ["admin", "supervisor"])
  func theTermWalkGivesTheMovementsAndTheImpactSectionAsTheyDoAlone(_ who: String) throws {
    let (store, admin) = ReportFixture.shared
    let user = who == "admin" ? admin : ReportFixture.people.supervisor
    let (q, queries) = try Self.context(store, user)
    let walkedQueries = queries.filter { Store.walked.contains($0.definition.id) }
    let label = { (d: BreakdownDimension?, key: String) in ReportLabels.label(d, key, store.config) }
    let minimumGroup = store.config.metrics.smallNumber
    try store.read { db in
      try ReportFunctions.install(db, zone: store.zone, config: store.config)
      let walked = try store.termMetrics(db, ReportFixture.request, q, queries: walkedQueries, label: label)
      #expect(walkedQueries.count == 4)
      for query in walkedQueries {
        let own = try query.metric(db, q) { label(query.dimension, $0) }
        #expect(walked.first { $0.id == query.definition.id } == own, "\(query.definition.id)")
        #expect(max(own.figure.count ?? 0, own.figure.denominator ?? 0) > 0, "\(query.definition.id)")
      }
      let alone = try store.impactMovements(
        db, from: ReportFixture.request.from, to: ReportFixture.request.to, hubs: Set(q.hubs))
      #expect(!alone.isEmpty)
      let impact = ImpactComparison.compare(
        alone, approaches: store.config.approaches, minimumGroup: minimumGroup
      )
      .map { ImpactMetrics.metric($0, minimumGroup: minimumGroup) }
      #expect(walked.filter { $0.section == .impact } == impact)
    }
  }

  /// The case pass gives stepped down as its own query does, and lead
  /// changes as their own read counts them (`LeadChangeMetric.ownReading`).
  @Test func theCasePassGivesSteppedDownAndLeadChangesAsTheirOwnReadsDo() throws {
    try expectPass([MetricCatalogue.steppedDown.id], CasePass.metrics)
    let (store, admin) = ReportFixture.shared
    let (q, queries) = try Self.context(store, admin)
    let shared = queries.filter { CasePass.ids.contains($0.definition.id) }
    let label = { (d: BreakdownDimension?, key: String) in ReportLabels.label(d, key, store.config) }
    try store.read { db in
      try ReportFunctions.install(db, zone: store.zone, config: store.config)
      let pass = try CasePass.metrics(db, q, queries: shared, label: label)
      #expect(pass.map(\.id) == [MetricCatalogue.steppedDown.id, MetricCatalogue.leadChanges.id])
      let own = try LeadChangeMetric.ownReading(db, q)
      #expect(pass.last == own)
      #expect((own.figure.count ?? 0) > 0)
    }
  }

  @Test func theSummerPassGivesGLDAndSchoolReadinessAsTheirOwnQueriesDo() throws {
    try expectPass(SummerPass.ids, SummerPass.metrics)
  }

  /// Over the fixture's two years the range holds two summer terms, each
  /// with its own school year: the walk works each record's cohorts out
  /// with its own term's year, as the queries' table of summer terms does.
  @Test func theSummerPassGivesBothSummersOfTwoYearsAsTheQueriesDo() throws {
    let (store, admin) = ReportFixture.shared
    let request = ReportRequest(from: LocalDate("2024-03-16")!, to: LocalDate("2026-03-15")!)
    let scope = try ReportSight.scope(request, for: admin, config: store.config)
    let q = store.reportSQL(request, scope: scope)
    #expect(OutcomeMetrics.summerTermList(q).map(\.name) == ["2024-summer", "2025-summer"])
    let shared = store.metricQueries(q, scope: scope).filter { SummerPass.ids.contains($0.definition.id) }
    let label = { (d: BreakdownDimension?, key: String) in ReportLabels.label(d, key, store.config) }
    try store.read { db in
      try ReportFunctions.install(db, zone: store.zone, config: store.config)
      let pass = try SummerPass.metrics(db, q, queries: shared, label: label)
      #expect(pass.count == 2)
      var grown = false
      for (query, metric) in zip(shared, pass) {
        let own = try query.metric(db, q) { label(query.dimension, $0) }
        #expect(metric == own, "\(query.definition.id)")
        let year = try query.metric(db, store.reportSQL(ReportFixture.request, scope: scope)) {
          label(query.dimension, $0)
        }
        grown = grown || (own.figure.denominator ?? 0) > (year.figure.denominator ?? 0)
      }
      // The earlier summer counts: more than the one year's summer alone gives.
      #expect(grown)
    }
  }

  @Test func theNotificationPassGivesEachNotificationMetricAsItsOwnQueryDoes() throws {
    try expectPass(NotificationPass.ids, NotificationPass.metrics)
  }

  /// A contact of a type since removed from the configuration still
  /// counts, in a row of its own.
  @Test func aContactOfATypeNoLongerConfiguredKeepsItsRow() throws {
    let store = try Store.inMemory(config: StoreFixture.config, now: { ReportFixture.now })
    _ = try DemoData.load(into: store, families: 20, seed: 3, progress: nil)
    let admin = try store.addUser(
      username: "pass-admin", displayName: "Pass Admin", role: .admin, hubs: [], password: "pw",
      as: Store.systemUser, checkPolicy: false)
    try store.writer.write { db in
      try db.execute(
        sql: """
          UPDATE contact SET type = 'drop-in' WHERE id = (SELECT id FROM contact
            WHERE at >= '2025-03-16' AND at < '2026-03-16' AND deleted = 0 AND in_error = 0 ORDER BY id LIMIT 1)
          """)
    }
    let report = try store.report(ReportFixture.request, for: admin)
    let metric = try #require(report.metric(MetricCatalogue.contactsByType.id))
    let row = try #require(metric.breakdown.first { $0.key == "drop-in" })
    #expect(row.figure.count == 1 && row.figure.families == 1)
    #expect(metric.breakdown.map { $0.figure.count ?? 0 }.reduce(0, +) == metric.figure.count)
  }

  /// A report made for one point of a trend leaves out the net, counted as
  /// of today whatever the range, and counts everything else alike.
  @Test func aTrendPointLeavesOutTheNet() throws {
    let (store, admin) = ReportFixture.shared
    var request = ReportFixture.request
    request.countsNet = false
    let point = try store.report(request, for: admin)
    #expect(point.metric(MetricCatalogue.netByRule.id) == nil)
    let whole = ReportCountTests.report
    #expect(point.metrics.count == whole.metrics.count - 1)
    for metric in point.metrics { #expect(whole.metric(metric.id) == metric, "\(metric.id)") }
  }
}

extension LeadChangeMetric {
  /// Lead changes read alone: every open case in scope, tallied as it
  /// arrives, as the case pass tallies them beside stepped down.
  fileprivate static func ownReading(_ db: Database, _ q: ReportSQL) throws -> Metric {
    var tally = Tally(changes: try Store.leadChanges(db))
    let statement = try db.makeStatement(
      sql: "/* metric \(MetricCatalogue.leadChanges.id) */ SELECT c.id, f.rowid FROM \(q.openCases())")
    let column = RawColumns(statement)
    let cursor = try Row.fetchCursor(statement)
    while try cursor.next() != nil {
      tally.add(case: column.bytes(0), family: Int64(column.int(1)))
    }
    return tally.metric
  }
}
