import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore

/// Shared set-up for the demo data tests; a namespace so nothing clashes with other test files.
enum DemoFixture {
  /// A fixed clock, so the anchor day (and so every generated date) is the same on every run.
  static let now = Timestamp.parse("2026-03-16T12:00:00Z")!

  static func config() throws -> StartWellCore.Configuration {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Config")
    var files: [String: Data] = [:]
    for name in StartWellCore.Configuration.fileNames {
      files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
    }
    return try ConfigurationParser.parse(files: files)
  }

  static func store(at date: Date = now) throws -> Store {
    let fixed = date
    return try Store.inMemory(config: config(), now: { fixed })
  }

  /// A demo store of a few hundred families, made once and shared by the read-only tests.
  static let shared: (store: Store, summary: DemoSummary) = {
    let store = try! DemoFixture.store()
    let summary = try! DemoData.load(into: store, families: 600, seed: 7, progress: nil)
    return (store, summary)
  }()

  static func count(_ store: Store, _ sql: String) throws -> Int {
    try store.read { try Int.fetchOne($0, sql: sql) ?? -1 }
  }

  static func strings(_ store: Store, _ sql: String) throws -> [String] {
    try store.read { try String.fetchAll($0, sql: sql) }
  }

  /// Every row of every demo table, as text, for comparing two stores.
  static func dump(_ store: Store) throws -> [String] {
    try store.read { db in
      var lines: [String] = []
      for table in [
        "users", "family", "person", "cases", "contact", "escalation", "referral", "development", "huddle",
        "huddle_item", "action", "notification", "two_year_offer",
      ] {
        for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY id") {
          lines.append("\(table) \(row.description)")
        }
      }
      for row in try Row.fetchAll(db, sql: "SELECT rowid, * FROM family_search ORDER BY rowid") {
        lines.append("family_search \(row.description)")
      }
      return lines
    }
  }
}

@Suite("Demo data")
struct DemoDataTests {
  @Test func sameSeedSameDayMakesTheSameStore() throws {
    let a = try DemoFixture.store()
    let b = try DemoFixture.store()
    _ = try DemoData.load(into: a, families: 150, seed: 42, progress: nil)
    _ = try DemoData.load(into: b, families: 150, seed: 42, progress: nil)
    let adminA = try #require(try a.user(named: "admin"))
    let adminB = try #require(try b.user(named: "admin"))
    let rowsA = try a.families(FamilyQuery(limit: 100), for: adminA)
    let rowsB = try b.families(FamilyQuery(limit: 100), for: adminB)
    #expect(rowsA.count == 100)
    #expect(rowsA == rowsB)
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    #expect(try encoder.encode(rowsA) == encoder.encode(rowsB))
    // Not only the first page: every row of every table (password hashes are salted, so differ).
    let dumpA = try DemoFixture.dump(a).filter { !$0.hasPrefix("users ") }
    let dumpB = try DemoFixture.dump(b).filter { !$0.hasPrefix("users ") }
    #expect(dumpA == dumpB)

    let c = try DemoFixture.store()
    _ = try DemoData.load(into: c, families: 150, seed: 43, progress: nil)
    let adminC = try #require(try c.user(named: "admin"))
    #expect(try c.families(FamilyQuery(limit: 100), for: adminC) != rowsA)
  }

  @Test func countsMatchTheSummary() throws {
    let (store, summary) = DemoFixture.shared
    #expect(summary.families == 600)
    #expect(try DemoFixture.count(store, "SELECT COUNT(*) FROM family") == 600)
    #expect(try DemoFixture.count(store, "SELECT COUNT(*) FROM family_search") == 600)
    #expect(try DemoFixture.count(store, "SELECT COUNT(*) FROM person") == summary.people)
    #expect(try DemoFixture.count(store, "SELECT COUNT(*) FROM contact") == summary.contacts)
    #expect(
      try DemoFixture.count(store, "SELECT COUNT(*) FROM users WHERE id <> 'system'") == summary.users.count)
    #expect(try DemoFixture.count(store, "SELECT COUNT(*) FROM cases") == 600)
    // About ten contacts and three people a family.
    #expect((7.0...14.0).contains(Double(summary.contacts) / 600))
    #expect((2.5...4.0).contains(Double(summary.people) / 600))
    #expect(summary.elapsed > 0)
  }

  @Test func everyStatusLevelAndKindOfRecordIsPresent() throws {
    let store = DemoFixture.shared.store
    #expect(
      Set(try DemoFixture.strings(store, "SELECT DISTINCT status FROM escalation"))
        == Set(EscalationStatus.allCases.map(\.rawValue)))
    #expect(
      Set(try DemoFixture.strings(store, "SELECT DISTINCT status FROM referral"))
        == Set(ReferralStatus.allCases.map(\.rawValue)))
    #expect(
      Set(try DemoFixture.strings(store, "SELECT DISTINCT level FROM cases"))
        == Set(CaseLevel.allCases.map(\.rawValue)))
    #expect(
      Set(try DemoFixture.strings(store, "SELECT DISTINCT status FROM cases")) == ["open", "closed"])
    #expect(
      Set(try DemoFixture.strings(store, "SELECT DISTINCT relationship FROM person"))
        == Set(Relationship.allCases.map(\.rawValue)))
    let configTypes = Set(try DemoFixture.config().contactTypes.map(\.id))
    #expect(Set(try DemoFixture.strings(store, "SELECT DISTINCT type FROM contact")) == configTypes)
    #expect(try DemoFixture.count(store, "SELECT COUNT(*) FROM person WHERE send_status = 1") > 0)
    #expect(try DemoFixture.count(store, "SELECT COUNT(*) FROM person WHERE ehcp = 1") > 0)
    #expect(
      Set(try DemoFixture.strings(store, "SELECT DISTINCT wellcomm FROM development"))
        == Set(WellCommBand.allCases.map(\.rawValue)))
    #expect(
      Set(try DemoFixture.strings(store, "SELECT DISTINCT communication FROM development"))
        == Set(EYFSRating.allCases.map(\.rawValue)))
    #expect(try DemoFixture.count(store, "SELECT COUNT(*) FROM huddle") > 0)
    #expect(try DemoFixture.count(store, "SELECT COUNT(*) FROM huddle_item") > 0)
    #expect(Set(try DemoFixture.strings(store, "SELECT DISTINCT status FROM action")) == ["open", "done"])
    // Significant contacts are a small share; fathers are sometimes present.
    let significant = try DemoFixture.count(store, "SELECT COUNT(*) FROM contact WHERE significant = 1")
    let contacts = try DemoFixture.count(store, "SELECT COUNT(*) FROM contact")
    #expect((0.02...0.09).contains(Double(significant) / Double(contacts)))
    #expect(
      try DemoFixture.count(
        store,
        """
        SELECT COUNT(*) FROM contact c WHERE EXISTS (
          SELECT 1 FROM person p WHERE p.family_id = c.family_id AND p.relationship = 'father'
            AND instr(c.present, p.id) > 0)
        """) > 0)
    // Expected babies: about 8% of families, due within eight months.
    let expected = try DemoFixture.count(store, "SELECT COUNT(*) FROM person WHERE expected = 1")
    #expect((20...80).contains(expected))
    // Follow-ups: open, overdue and done.
    let today = DemoFixture.shared.store.today.description
    #expect(try DemoFixture.count(store, "SELECT COUNT(*) FROM contact WHERE follow_up_done = 1") > 0)
    #expect(
      try DemoFixture.count(
        store, "SELECT COUNT(*) FROM contact WHERE follow_up_done = 0 AND follow_up < '\(today)'") > 0)
    #expect(
      try DemoFixture.count(
        store, "SELECT COUNT(*) FROM contact WHERE follow_up_done = 0 AND follow_up >= '\(today)'") > 0)
  }

  @Test func recordsAreValidAndConsistent() throws {
    let store = DemoFixture.shared.store
    let today = store.today
    try store.read { db in
      #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
      for row in try Row.fetchAll(db, sql: "SELECT * FROM person") {
        let p = Person(row: row)
        if let nhs = p.nhsNumber { #expect(NHSNumber.normalise(nhs) == nhs) }
        if p.expected {
          #expect(p.relationship == .child)
          #expect(p.dateOfBirth > today && p.dateOfBirth <= today.adding(days: 245))
        } else {
          #expect(p.dateOfBirth <= today)
          if p.relationship == .child { #expect(p.dateOfBirth.years(until: today) <= 5) }
        }
        // What a person could type in is what the demo made.
        let draft = PersonDraft(
          givenName: p.givenName, familyName: p.familyName, dateOfBirth: p.dateOfBirth.description,
          expected: p.expected, sex: p.sex, relationship: p.relationship, nhsNumber: p.nhsNumber)
        #expect(throws: Never.self) { try draft.validated(today: today) }
      }
      let config = store.config
      for row in try Row.fetchAll(db, sql: "SELECT * FROM family") {
        let f = Family(row: row)
        #expect(Postcode.normalise(f.postcode) == f.postcode)
        #expect(config.hub(f.hubID)?.sdfs.contains { $0.id == f.sdfID } == true)
        #expect(!f.name.isEmpty)
      }
      for row in try Row.fetchAll(db, sql: "SELECT * FROM contact") {
        let c = Contact(row: row)
        #expect(c.at < DemoFixture.now)
        #expect(LocalDate(c.at) >= today.adding(days: -731))
        if let f = c.followUp { #expect(f >= LocalDate(c.at)) }
        let draft = ContactDraft(
          type: c.type, at: c.at, summary: c.summary, notes: c.notes, significant: c.significant,
          followUp: c.followUp, presentPersonIDs: c.presentPersonIDs)
        #expect(throws: Never.self) { try draft.validate(config: config, now: DemoFixture.now) }
      }
      // References are unique and shaped like the ones the program makes.
      for (table, prefix) in [("family", "F"), ("person", "P"), ("escalation", "E"), ("referral", "R")] {
        let refs = try String.fetchAll(db, sql: "SELECT reference FROM \(table)")
        #expect(Set(refs).count == refs.count)
        for ref in refs {
          #expect(ref.hasPrefix("\(prefix)-") && ref.count == 10)
          #expect(ref.dropFirst(2).allSatisfy { ReferenceCode.alphabet.contains($0) })
        }
      }
      // Ids are UUID-shaped.
      for id in try String.fetchAll(db, sql: "SELECT id FROM contact LIMIT 50") {
        #expect(UUID(uuidString: id) != nil && id == id.lowercased())
      }
    }
  }

  @Test func escalationsAgreeWithTheirCasesLevels() throws {
    let store = DemoFixture.shared.store
    try store.read { db in
      let rows = try Row.fetchAll(
        db,
        sql:
          "SELECT e.*, c.level AS case_level, c.status AS case_status FROM escalation e JOIN cases c ON c.id = e.case_id"
      )
      #expect(!rows.isEmpty)
      for row in rows {
        let e = Escalation(row: row)
        let level = CaseLevel(rawValue: row["case_level"])!
        #expect(e.fromLevel < e.toLevel)
        #expect(row["case_status"] as String == "open")
        #expect(level == (e.status == .accepted ? e.toLevel : e.fromLevel), "\(e.reference) \(e.status)")
        let ack = row.date("acknowledged_at")
        #expect((ack == nil) == (e.status == .raised))
        if let ack { #expect(ack > e.raisedAt) }
        let decided = [.accepted, .declined, .steppedDown].contains(e.status)
        #expect((e.decidedAt != nil) == decided)
        if let at = e.decidedAt, let ack { #expect(at > ack) }
        if EscalationWorkflow.noteRequired(for: e.status) { #expect(e.decisionNote?.isEmpty == false) }
        #expect(e.raisedAt < DemoFixture.now)
      }
    }
  }

  @Test func referralStatusDatesFollowTheWorkflow() throws {
    let store = DemoFixture.shared.store
    try store.read { db in
      let rows = try Row.fetchAll(db, sql: "SELECT * FROM referral")
      #expect(!rows.isEmpty)
      for row in rows {
        let r = Referral(row: row)
        let path = r.statusDates.sorted { $0.value < $1.value }.map { ReferralStatus(rawValue: $0.key)! }
        #expect(path.first == .draft)
        #expect(path.last == r.status)
        for (a, b) in zip(path, path.dropFirst()) {
          #expect(ReferralWorkflow.allowed(from: a).contains(b), "\(r.reference): \(a) → \(b)")
        }
        #expect(r.statusDates.values.allSatisfy { $0 < DemoFixture.now })
        if path.contains(.sent) && r.service != "csc" { #expect(r.consentRecorded) }
        if r.unsuccessfulReason != nil { #expect([.declined, .closed].contains(r.status)) }
      }
    }
  }

  @Test func demoUsersExistInEveryRoleAndLogInWithDemo() throws {
    let (store, summary) = DemoFixture.shared
    let config = store.config
    let first = config.hubs[0].id
    let second = config.hubs[1].id
    let expected: [(String, Role, String)] = [
      ("admin", .admin, first), ("supervisor1", .supervisor, first), ("lead1", .huddleLead, first),
      ("practitioner1", .practitioner, first), ("practitioner2", .practitioner, second),
    ]
    for (name, role, hub) in expected {
      let user = try store.authenticate(username: name, password: "demo")
      #expect(user.role == role)
      #expect(user.hubs == [hub])
      #expect(summary.users.contains { $0.username == name && $0.role == role && $0.hubs == [hub] })
    }
    #expect(throws: DomainError.self) { try store.authenticate(username: "admin", password: "wrong") }
    for hub in config.hubs {
      for role in [Role.practitioner, .huddleLead, .supervisor] {
        #expect(summary.users.contains { $0.role == role && $0.hubs == [hub.id] }, "no \(role) in \(hub.id)")
      }
    }
    // A key of its own for each account, every one wrapped under "demo".
    #expect(
      try DemoFixture.count(store, "SELECT COUNT(DISTINCT public_key) FROM users WHERE id <> 'system'")
        == summary.users.count)
  }

  @Test func searchFindsAGeneratedSurname() throws {
    let store = DemoFixture.shared.store
    let practitioner = try #require(try store.user(named: "practitioner1"))
    let family = try #require(
      try store.read {
        try Row.fetchOne(
          $0, sql: "SELECT id, name FROM family WHERE hub_id = ? ORDER BY reference LIMIT 1",
          arguments: [practitioner.hubs[0]])
      })
    let surname = (family["name"] as String).components(separatedBy: " / ")[0]
    let rows = try store.families(FamilyQuery(text: surname, limit: 500), for: practitioner)
    #expect(rows.contains { $0.id == family["id"] as String })
    // Typing the start of the name finds it too.
    let prefix = String(surname.prefix(3))
    let prefixed = try store.families(FamilyQuery(text: prefix, limit: 1_000), for: practitioner)
    #expect(prefixed.contains { $0.id == family["id"] as String })
  }

  @Test func chronologyOfAFamilyIsInDateOrder() throws {
    let store = DemoFixture.shared.store
    let (familyID, hub) = try #require(
      try store.read { db -> (String, String)? in
        let row =
          try Row.fetchOne(
            db,
            sql: """
              SELECT f.id, f.hub_id FROM family f
              WHERE EXISTS (SELECT 1 FROM escalation e WHERE e.family_id = f.id AND e.status = 'stepped-down')
                AND EXISTS (SELECT 1 FROM referral r WHERE r.family_id = f.id)
              ORDER BY f.reference LIMIT 1
              """)
          ?? Row.fetchOne(
            db,
            sql:
              "SELECT f.id, f.hub_id FROM family f JOIN escalation e ON e.family_id = f.id ORDER BY f.reference LIMIT 1"
          )
        return row.map { ($0["id"], $0["hub_id"]) }
      })
    let found = try #require(try store.users().first { $0.role == .supervisor && $0.hubs == [hub] })
    let supervisor = try store.authenticate(username: found.username, password: "demo")
    let detail = try store.openFamily(id: familyID, as: supervisor)
    #expect(detail.chronology.count > detail.contacts.count)
    #expect(zip(detail.chronology, detail.chronology.dropFirst()).allSatisfy { $0.at <= $1.at })
    #expect(detail.chronology.contains { $0.kind == .escalation })
    #expect(detail.chronology.contains { $0.kind == .contact })
    #expect(!detail.members.isEmpty)
  }

  @Test func bulkIndexMatchesFamilyIndexRefresh() throws {
    let store = try DemoFixture.store()
    _ = try DemoData.load(into: store, families: 200, seed: 11, progress: nil)
    func snapshot() throws -> [String] {
      try store.read { db in
        let derived = try Row.fetchAll(
          db,
          sql: """
            SELECT id, flag_score, last_contact_day, antenatal_until, domestic_abuse_until, notice_day,
              two_year_waiting, development_below, case_level,
              case_lead_id, case_id, case_next_review, case_opened_on
            FROM family ORDER BY id
            """)
        let search = try Row.fetchAll(
          db,
          sql:
            "SELECT rowid, family_id, reference, names, postcode, nhs, dob FROM family_search ORDER BY rowid")
        return derived.map(\.description) + search.map(\.description)
      }
    }
    let bulk = try snapshot()
    let ids = try DemoFixture.strings(store, "SELECT id FROM family ORDER BY id")
    try store.writer.write { db in
      for id in ids { try FamilyIndex.refresh(db, familyID: id, config: store.config, today: store.today) }
    }
    let refreshed = try snapshot()
    #expect(bulk.count == refreshed.count)
    for (a, b) in zip(bulk, refreshed) where a != b { Issue.record("bulk \(a)\nrefresh \(b)") }
    // The risk the list shows agrees with the score the family record computes.
    // Signed in: opening a family writes a signed access event.
    let admin = try store.authenticate(username: "admin", password: "demo")
    for row in try store.families(FamilyQuery(limit: 30), for: admin) {
      let detail = try store.openFamily(id: row.id, as: admin, reason: "checking the demo index")
      #expect(detail.risk.score == row.riskScore, "\(row.reference)")
    }
  }

  @Test func refusesRealStoresAndASecondLoad() throws {
    let real = try DemoFixture.store()
    try real.addUser(
      username: "boss", displayName: "Boss", role: .admin, hubs: [], password: "secret1",
      as: Store.systemUser,
      checkPolicy: false)
    let before = try DemoFixture.count(real, "SELECT COUNT(*) FROM users")
    #expect(throws: DomainError.conflict("this store holds real data; use a new --data-dir for demo data")) {
      try DemoData.load(into: real, families: 10, seed: 1, progress: nil)
    }
    #expect(try DemoFixture.count(real, "SELECT COUNT(*) FROM users") == before)
    #expect(try DemoFixture.count(real, "SELECT COUNT(*) FROM family") == 0)
    #expect(try real.read { try StoreMeta.get($0, .kind) } != "demo")

    let demo = try DemoFixture.store()
    var lines: [String] = []
    _ = try DemoData.load(into: demo, families: 30, seed: 1) { lines.append($0) }
    #expect(lines.contains("families 30/30"))
    #expect(throws: DomainError.conflict("this store already holds demo data; use a new --data-dir")) {
      try DemoData.load(into: demo, families: 10, seed: 2, progress: nil)
    }
    #expect(try DemoFixture.count(demo, "SELECT COUNT(*) FROM family") == 30)
  }

  @Test func loadLeavesNoOutboxOneAuditEventAndADemoKind() throws {
    let store = DemoFixture.shared.store
    try store.read { db in
      // Other tests open families on this shared store, which writes signed access events; the load wrote nothing.
      #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE entity <> 'audit_event'") == 0)
      #expect(
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM field_clock WHERE entity <> 'audit_event'") == 0)
      #expect(try StoreMeta.get(db, .kind) == StoreKind.demo.rawValue)
      let events = try AuditChain.events(db).filter { $0.action == "demo-load" }
      #expect(events.count == 1)
      #expect(events.first?.detail.contains("seed 7") == true)
      #expect(events.first?.detail.contains("600 families") == true)
      #expect(
        try AuditChain.verify(db) == .intact(events: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit")!)
      )
    }
    // Durable commits are back on after the load.
    #expect(try store.writer.write { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2)
  }

  @Test func fastFormattersMatchTheStoresOwn() throws {
    for seconds in stride(from: -86_400 * 400, through: 86_400 * 40_000, by: 7_919_113) {
      #expect(DemoText.instant(seconds) == Timestamp.format(Date(timeIntervalSince1970: Double(seconds))))
      let day = seconds / 86_400
      #expect(DemoText.day(day) == LocalDate(dayNumber: day).description)
    }
    #expect(DemoText.jsonArray(["a-1", "b"]) == FieldValue.json(["a-1", "b"]).textValue)
    #expect(DemoText.jsonArray([]) == FieldValue.json([String]()).textValue)
    let dates = ["sent": "2025-01-02T10:00:00.000Z", "draft": "2025-01-01T09:00:00.000Z"]
    #expect(DemoText.jsonObject(dates.map { ($0.key, $0.value) }) == FieldValue.json(dates).textValue)
  }
}

extension FieldValue {
  fileprivate var textValue: String? {
    if case .text(let s) = self { return s }
    return nil
  }
}

@Suite("Demo data: approaches")
struct DemoApproachTests {
  @Test func groupSessionsAndInterventionsOfEveryApproachGiveTheComparisonData() throws {
    let (store, _) = DemoFixture.shared
    let config = store.config
    let carried = try store.read { db in
      try Row.fetchAll(
        db, sql: "SELECT type, approach, COUNT(*) AS n FROM contact WHERE approach IS NOT NULL GROUP BY 1, 2")
    }
    let types = Set(carried.map { $0["type"] as String })
    #expect(types.isSubset(of: config.approachSettings.contactTypes) && types.contains("group-session"))
    #expect(Set(carried.map { $0["approach"] as String }) == Set(config.approaches.map(\.id)))
    // A realistic share: some children, far from all.
    let share = try store.read { db in
      try Double.fetchOne(
        db,
        sql: """
          SELECT CAST(COUNT(DISTINCT j.value) AS REAL) / (SELECT COUNT(DISTINCT person_id) FROM development)
          FROM contact c, json_each(c.present) j JOIN person p ON p.id = j.value
          WHERE c.approach IS NOT NULL AND p.relationship = 'child'
          """) ?? 0
    }
    #expect(share > 0.15 && share < 0.6, "share of children in an approach: \(share)")

    let movements = try store.impactMovements(
      from: LocalDate("2024-03-16")!, to: LocalDate("2026-03-16")!, hubs: nil)
    let impact = ImpactComparison.compare(movements, approaches: config.approaches, minimumGroup: 5)
    for a in impact {
      #expect(a.takers.children > 0, "\(a.approach.name) has no takers in the demo")
    }
    #expect(impact.contains { !$0.comparedTakers.childIDs.isEmpty }, "no approach has a group large enough")
  }
}
