import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore

/// Supervision's lists and the supervisor's home counts, held against
/// counts made directly in SQL on a demo store.
@Suite("Supervision")
struct SupervisionTests {
  static let now = Timestamp.parse("2026-03-16T12:00:00Z")!
  static let today = LocalDate("2026-03-16")!

  /// A 200-family demo store, and a supervisor of all its hubs.
  private func demo() throws -> (Store, User, admin: User) {
    let store = try Store.inMemory(config: StoreFixture.config, now: { Self.now })
    _ = try DemoData.load(into: store, families: 200, seed: 11, progress: nil)
    let admin = try store.addUser(
      username: "supadmin", displayName: "Sup Admin", role: .admin, hubs: [], password: "pw",
      as: Store.systemUser, checkPolicy: false)
    let hubs = StoreFixture.config.hubs.map(\.id)
    let supervisor = try store.addUser(
      username: "supsup", displayName: "Sup Supervisor", role: .supervisor, hubs: hubs, password: "pw",
      as: admin, checkPolicy: false)
    return (store, supervisor, admin)
  }

  private func int(_ store: Store, _ sql: String, _ arguments: StatementArguments = []) throws -> Int {
    try store.read { try Int.fetchOne($0, sql: sql, arguments: arguments) ?? 0 }
  }

  /// `f.hub_id IN (…)` for the supervisor's hubs, written out: the test's own SQL, not the store's.
  private func inHubs(_ user: User) -> String {
    "f.deleted = 0 AND f.reference <> '' AND f.hub_id IN (\(user.hubs.map { "'\($0)'" }.joined(separator: ", ")))"
  }

  /// Hands a few cases on, one of them twice, through the store as a supervisor would.
  private func handOver(_ store: Store, _ supervisor: User) throws -> [String: Int] {
    let rows = try store.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT f.reference, c.id AS case_id, f.hub_id, c.lead_user_id FROM family f
          JOIN cases c ON c.family_id = f.id AND c.status = 'open' AND c.deleted = 0
          WHERE \(inHubs(supervisor)) ORDER BY f.reference LIMIT 3
          """)
    }
    var expected: [String: Int] = [:]
    for (i, row) in rows.enumerated() {
      let hub: String = row["hub_id"]
      let others = try store.read { db in
        try String.fetchAll(
          db,
          sql: """
            SELECT username FROM users WHERE role = 'practitioner' AND active = 1 AND deleted = 0
              AND EXISTS (SELECT 1 FROM json_each(users.hubs) WHERE value = ?) AND id <> ?
            ORDER BY username LIMIT 2
            """, arguments: [hub, row["lead_user_id"] as String? ?? ""])
      }
      let times = i == 0 ? 2 : 1
      for k in 0..<times {
        try store.setCaseLead(familyReference: row["reference"], to: others[k], as: supervisor)
      }
      expected[row["case_id"]] = times
    }
    return expected
  }

  /// The report counts hand-overs as the cases arrive; `--explain` reads
  /// them in order. Each number of changes has the cases and families its
  /// records give.
  @Test func theReportsLeadChangesAgreeWithTheRecordsBehindThem() throws {
    let (store, supervisor, admin) = try demo()
    let handed = try handOver(store, supervisor)
    let today = LocalDate(Self.now)
    let request = ReportRequest(from: today.adding(days: -365), to: today)
    let metric = try #require(try store.report(request, for: admin).metric(MetricCatalogue.leadChanges.id))
    let records = try store.explainMetric(MetricCatalogue.leadChanges.id, request, for: admin).records
    #expect(records.filter { $0.key != "0" }.count == handed.count)
    #expect(metric.figure.families == Set(records.compactMap(\.family)).count)
    for row in metric.breakdown {
      let behind = records.filter { $0.key == row.key }
      #expect(row.figure.count == behind.count, "\(row.key)")
      #expect(row.figure.families == Set(behind.compactMap(\.family)).count, "\(row.key)")
    }
    #expect(metric.breakdown.compactMap(\.figure.count).reduce(0, +) == records.count)
  }

  @Test func caseloadsAgreeWithCountsMadeInSQL() throws {
    let (store, supervisor, _) = try demo()
    let handed = try handOver(store, supervisor)
    let loads = try store.caseloads(for: supervisor)
    // Open cases per lead and level, counted in SQL.
    let perLevel = try store.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT u.username AS lead, c.level, COUNT(*) AS n FROM cases c JOIN family f ON f.id = c.family_id
          LEFT JOIN users u ON u.id = c.lead_user_id
          WHERE c.status = 'open' AND c.deleted = 0 AND \(inHubs(supervisor))
          GROUP BY u.username, c.level
          """)
    }
    var sqlCounts: [String: Int] = [:]
    for row in perLevel {
      sqlCounts["\(row["lead"] as String? ?? "-")|\(row["level"] as String)"] = row["n"]
    }
    var storeCounts: [String: Int] = [:]
    for load in loads {
      for level in CaseLevel.allCases where load.count(level: level) > 0 {
        storeCounts["\(load.lead ?? "-")|\(level.rawValue)"] = load.count(level: level)
      }
    }
    #expect(!sqlCounts.isEmpty)
    #expect(storeCounts == sqlCounts)
    // Every case's band counted once: the bands add up to the caseload.
    for load in loads {
      #expect(RiskBand.allCases.map { load.count(band: $0) }.reduce(0, +) == load.count)
    }
    // Lead changes: the hand-overs made, and the log's accepted lead writes per case.
    let logged = try store.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT record_id, COUNT(*) AS n FROM op_log
          WHERE entity = 'case' AND field = 'lead_user_id' AND status = 'accepted' GROUP BY record_id
          """)
    }
    let fromSQL = Dictionary(uniqueKeysWithValues: logged.map { ($0["record_id"] as String, $0["n"] as Int) })
    #expect(fromSQL == handed)
    let cases = loads.flatMap(\.cases)
    let changed = Dictionary(
      uniqueKeysWithValues: cases.filter { $0.leadChanges > 0 }.map { ($0.caseID, $0.leadChanges) })
    #expect(changed == handed)
    let busiest = try #require(loads.first { $0.cases.contains { $0.leadChanges == 2 } })
    #expect(busiest.maximumLeadChanges == 2)
    #expect(
      busiest.averageLeadChanges == Double(busiest.cases.map(\.leadChanges).reduce(0, +))
        / Double(busiest.count))
  }

  @Test func aCaseMadeWithALeadCountsOnlyLaterHandOvers() throws {
    let f = try StoreFixture()
    let family = try f.family(name: "Handed")
    let other = try f.store.addUser(
      username: "pip", displayName: "Pip Practitioner", role: .practitioner, hubs: ["north"], password: "pw",
      as: f.admin, checkPolicy: false)
    _ = other
    #expect(try f.store.caseloads(for: f.supervisor).flatMap(\.cases).map(\.leadChanges) == [0])
    try f.store.setCaseLead(familyReference: family.reference, to: "pip", as: f.supervisor)
    try f.store.setCaseLead(familyReference: family.reference, to: "pat", as: f.supervisor)
    let cases = try f.store.caseloads(for: f.supervisor).flatMap(\.cases)
    #expect(cases.map(\.leadChanges) == [2])
  }

  @Test func theSupervisorsHomeCountsAgreeWithSQL() throws {
    let (store, supervisor, _) = try demo()
    let today = Self.today.description
    let hubs = inHubs(supervisor)
    // Mark two net rows, so the unmarked count has something to leave out.
    let net = try store.net(for: supervisor).filter { supervisor.hubs.contains($0.hub) }
    for row in net.prefix(2) {
      try store.markNet(child: row.childReference, rule: row.reasons[0].rule, note: "Seen", as: supervisor)
    }
    let s = try store.supervisorSummary(for: supervisor)

    let targets = StoreFixture.config.thresholds
    let target =
      "CASE e.urgency WHEN 'immediate' THEN \(targets.decisionTarget(.immediate)) "
      + "WHEN 'urgent' THEN \(targets.decisionTarget(.urgent)) ELSE \(targets.decisionTarget(.routine)) END"
    let undecided =
      "FROM escalation e JOIN family f ON f.id = e.family_id WHERE e.deleted = 0 "
      + "AND e.status IN ('raised', 'acknowledged') AND \(hubs)"
    #expect(s.escalationsUndecided == (try int(store, "SELECT COUNT(*) \(undecided)")))
    #expect(s.escalationsUndecided > 0)
    #expect(
      s.escalationsPastTarget
        == (try int(
          store,
          "SELECT COUNT(*) \(undecided) AND CAST((julianday(?) - julianday(e.raised_at)) * 24 AS INTEGER) >= \(target)",
          [Timestamp.format(Self.now)])))

    let openCases =
      "FROM cases c JOIN family f ON f.id = c.family_id WHERE c.status = 'open' AND c.deleted = 0 AND \(hubs)"
    #expect(s.openCases == (try int(store, "SELECT COUNT(*) \(openCases)")))
    #expect(s.unassignedCases == (try int(store, "SELECT COUNT(*) \(openCases) AND c.lead_user_id IS NULL")))

    #expect(
      s.overdueFollowUps
        == (try int(
          store,
          """
          SELECT COUNT(*) FROM contact c JOIN family f ON f.id = c.family_id
          WHERE c.follow_up IS NOT NULL AND c.follow_up < ? AND c.follow_up_done = 0 AND c.in_error = 0
            AND c.deleted = 0 AND \(hubs)
          """, [today])))
    #expect(
      s.overdueActions
        == (try int(
          store,
          """
          SELECT COUNT(*) FROM action a JOIN family f ON f.id = a.family_id
          WHERE a.status = 'open' AND a.deleted = 0 AND a.due <> '' AND a.due < ? AND \(hubs)
          """, [today])))
    #expect(s.overdueFollowUps + s.overdueActions > 0)

    let due =
      "COALESCE(NULLIF(c.next_review, ''), date(c.opened_on, '+\(targets.reviewIntervalDays) days'))"
    let horizon = Self.today.adding(days: targets.reviewDueWithinDays).description
    #expect(s.reviewsOverdue == (try int(store, "SELECT COUNT(*) \(openCases) AND \(due) < ?", [today])))
    #expect(
      s.reviewsDue
        == (try int(store, "SELECT COUNT(*) \(openCases) AND \(due) >= ? AND \(due) <= ?", [today, horizon])))
    #expect(s.reviewsOverdue > 0)

    #expect(s.childrenInNet == net.count)
    #expect(s.childrenInNet > 0)
    let marked = try int(store, "SELECT COUNT(*) FROM net_mark WHERE deleted = 0")
    #expect(marked == min(2, net.count))
    #expect(s.unmarkedNetRows == net.map(\.reasons.count).reduce(0, +) - marked)
  }

  @Test func theQueueShowsAgeAgainstTheDecisionTarget() throws {
    let (store, supervisor, _) = try demo()
    let queue = try store.escalationQueue(for: supervisor)
    #expect(!queue.isEmpty)
    for q in queue {
      let hours = Int(Self.now.timeIntervalSince(q.row.escalation.raisedAt) / 3600)
      #expect(q.ageHours == max(0, hours))
      #expect(q.targetHours == StoreFixture.config.thresholds.decisionTarget(q.row.escalation.urgency))
      #expect(q.pastTarget == (q.ageHours >= q.targetHours))
    }
    // Most urgent first.
    let order: [Urgency] = [.immediate, .urgent, .routine]
    let ranks = queue.map { order.firstIndex(of: $0.row.escalation.urgency)! }
    #expect(ranks == ranks.sorted())
  }

  @Test func aPractitionerIsRefusedAndBadInputNamesTheField() throws {
    let f = try StoreFixture()
    #expect(throws: DomainError.self) { try f.store.supervisorSummary(for: f.practitioner) }
    #expect(throws: DomainError.self) { try f.store.caseloads(for: f.practitioner) }
    func field(_ body: () throws -> Void) -> [String] {
      do {
        try body()
        return []
      } catch let DomainError.invalid(issues) {
        return issues.map(\.field)
      } catch {
        return ["unexpected: \(error)"]
      }
    }
    #expect(field { _ = try f.store.caseloads(for: f.supervisor, hub: "atlantis") } == ["hub"])
    #expect(field { _ = try f.store.caseloads(for: f.supervisor, hub: "south") } == ["hub"])
    #expect(field { _ = try f.store.reviewsDue(for: f.supervisor, dueWithin: -1) } == ["due-within"])
    #expect(field { _ = try f.store.overdueWork(for: f.supervisor, owner: "nobody") } == ["owner"])
  }
}
