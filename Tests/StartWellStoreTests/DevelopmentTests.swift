import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore

/// A clock a test moves on, read by the store on every change.
private final class MovingClock: @unchecked Sendable {
  var now: Date
  init(_ day: String) { now = LocalDate(day)!.startOfDay.addingTimeInterval(10 * 3600) }
  func set(_ day: LocalDate) { now = day.startOfDay.addingTimeInterval(10 * 3600) }
}

private func child(_ f: StoreFixture, _ family: Family, born: String, relationship: Relationship = .child)
  throws -> Person
{
  try f.store.addPerson(
    familyReference: family.reference,
    PersonDraft(givenName: "Ada", familyName: family.name, dateOfBirth: born, relationship: relationship),
    as: family.hubID == "north" ? f.practitioner : f.otherHubPractitioner)
}

private func draft(
  _ term: String, _ band: WellCommBand = .green, _ rating: EYFSRating = .onTrack, on day: String? = nil
) -> DevelopmentDraft {
  DevelopmentDraft(
    term: term, wellComm: band, communication: rating, physical: rating, personalSocialEmotional: rating,
    setting: "Little Acorns", recordedOn: day.flatMap(LocalDate.init))
}

@Suite("Development records")
struct DevelopmentRecordTests {
  @Test func aSecondRecordForTheSameTermEditsTheFirst() throws {
    let f = try StoreFixture()
    let c = try child(f, try f.family(), born: "2022-05-01")
    let first = try f.store.recordDevelopment(
      personReference: c.reference, draft("2026-spring", .amber), as: f.practitioner)
    let second = try f.store.recordDevelopment(
      personReference: c.reference, DevelopmentDraft(term: "2026-spring", wellComm: .red, notes: "Few words"),
      as: f.supervisor)
    #expect(first.meta.id == DevelopmentID.of(child: c.meta.id, term: "2026-spring"))
    #expect(second.meta.id == first.meta.id)
    #expect(try f.count("development") == 1)
    // The second entry changed what it named and kept the rest.
    #expect(second.wellComm == .red)
    #expect(second.notes == "Few words")
    #expect(second.communication == .onTrack)
    #expect(second.setting == "Little Acorns")
    #expect(second.recordedOn == f.store.today)
    #expect(try f.store.developmentList(personReference: c.reference, as: f.practitioner) == [second])
  }

  /// A store from before ids came from the child and term holds records
  /// under other ids: recording that term again edits the one there.
  @Test func aRecordMadeBeforeIdsCameFromTheKeyIsEditedNotJoined() throws {
    let f = try StoreFixture()
    let family = try f.family()
    let c = try child(f, family, born: "2022-05-01")
    try f.rawWrite(
      """
      INSERT INTO development (id, person_id, family_id, term, recorded_on, wellcomm, setting, notes)
      VALUES ('older-record', ?, ?, '2026-spring', '2026-02-01', 'amber', 'Little Acorns', '')
      """, [c.meta.id, family.meta.id])
    let edited = try f.store.recordDevelopment(
      personReference: c.reference, DevelopmentDraft(term: "2026-spring", wellComm: .red), as: f.practitioner)
    #expect(edited.meta.id == "older-record")
    #expect(edited.wellComm == .red)
    #expect(try f.count("development") == 1)
  }

  @Test func literacyAndMathsAreRecordedInTheReceptionYear() throws {
    let f = try StoreFixture()
    // Born in May 2021: reception in 2025-26.
    let c = try child(f, try f.family(), born: "2021-05-01")
    var d = draft("2026-spring")
    d.literacy = .emerging
    d.maths = .onTrack
    let record = try f.store.recordDevelopment(personReference: c.reference, d, as: f.practitioner)
    #expect(record.literacy == .emerging)
    #expect(record.maths == .onTrack)
  }

  /// Each bad entry names its field, and nothing is written: no record, no
  /// outgoing change, no audit event.
  @Test(
    "bad input names the field and writes nothing",
    arguments: [
      ("unknown term", "term"), ("a band that does not exist", "wellcomm"),
      ("literacy outside reception", "literacy"), ("an adult", "person"), ("an expected child", "person"),
      ("a child outside the user's hubs", ""), ("a first record without its areas", "physical"),
    ])
  func badInput(_ what: String, field: String) throws {
    let f = try StoreFixture()
    let family = try f.family()
    let c = try child(f, family, born: "2022-05-01")
    let mother = try child(f, family, born: "1990-03-01", relationship: .mother)
    let unborn = try f.store.addPerson(
      familyReference: family.reference,
      PersonDraft(
        givenName: "Bump", familyName: "Okafor", dateOfBirth: "2026-06-01", expected: true,
        relationship: .child),
      as: f.practitioner)
    let before = try f.counts().merging(["development": try f.count("development")]) { a, _ in a }
    do {
      switch what {
      case "unknown term":
        try f.store.recordDevelopment(personReference: c.reference, draft("2026-winter"), as: f.practitioner)
      case "a band that does not exist":
        let parsed = try DevelopmentDraft.parse(
          term: "2026-spring", wellComm: "purple", communication: "on-track", physical: "on-track",
          personalSocialEmotional: "on-track")
        try f.store.recordDevelopment(personReference: c.reference, parsed, as: f.practitioner)
      case "literacy outside reception":
        var d = draft("2026-spring")
        d.literacy = .onTrack
        try f.store.recordDevelopment(personReference: c.reference, d, as: f.practitioner)
      case "an adult":
        try f.store.recordDevelopment(
          personReference: mother.reference, draft("2026-spring"), as: f.practitioner)
      case "an expected child":
        try f.store.recordDevelopment(
          personReference: unborn.reference, draft("2026-spring"), as: f.practitioner)
      case "a child outside the user's hubs":
        try f.store.recordDevelopment(
          personReference: c.reference, draft("2026-spring"), as: f.otherHubPractitioner)
      default:
        try f.store.recordDevelopment(
          personReference: c.reference, DevelopmentDraft(term: "2026-spring", wellComm: .amber),
          as: f.practitioner)
      }
      Issue.record("\(what) was recorded")
    } catch let error as DomainError {
      if field.isEmpty {
        guard case .forbidden(let why) = error else { return #expect(Bool(false), "\(error)") }
        #expect(why.contains("north"))
      } else {
        #expect(error.issues.map(\.field).contains(field), "\(error)")
      }
    }
    let after = try f.counts().merging(["development": try f.count("development")]) { a, _ in a }
    #expect(after == before)
  }
}

@Suite("Development: GLD")
struct GoodLevelOfDevelopmentTests {
  let terms = StoreFixture.config.terms
  /// Born in May 2021: reception in 2025-26, its summer term 2026-summer.
  let born = LocalDate(year: 2021, month: 5, day: 1)!

  func record(_ term: String = "2026-summer", _ change: (inout DevelopmentRecord) -> Void = { _ in })
    -> DevelopmentRecord
  {
    var r = DevelopmentRecord(
      meta: RecordMeta(at: Date(timeIntervalSince1970: 0), authorID: "u"), personID: "p", familyID: "f",
      term: term, recordedOn: LocalDate(year: 2026, month: 6, day: 1)!, wellComm: .green,
      communication: .onTrack, physical: .onTrack, personalSocialEmotional: .onTrack, literacy: .onTrack,
      maths: .onTrack)
    change(&r)
    return r
  }

  @Test func expectedInEveryAreaAchievesIt() {
    #expect(GoodLevelOfDevelopment.of(record(), dateOfBirth: born, terms: terms)?.outcome == .achieved)
  }

  @Test(arguments: DevelopmentArea.allCases)
  func oneAreaBelowExpectedFailsIt(_ area: DevelopmentArea) {
    for rating in [EYFSRating.emerging, .below] {
      let r = record {
        switch area {
        case .communication: $0.communication = rating
        case .physical: $0.physical = rating
        case .personalSocialEmotional: $0.personalSocialEmotional = rating
        case .literacy: $0.literacy = rating
        case .maths: $0.maths = rating
        }
      }
      let gld = GoodLevelOfDevelopment.of(r, dateOfBirth: born, terms: terms)
      #expect(gld?.outcome == .notAchieved)
      #expect(gld?.short == [area])
    }
  }

  @Test func aWellCommBandDoesNotDecideIt() {
    #expect(
      GoodLevelOfDevelopment.of(record { $0.wellComm = .red }, dateOfBirth: born, terms: terms)?.outcome
        == .achieved)
  }

  @Test(arguments: DevelopmentArea.specific)
  func anUnratedSpecificAreaLeavesItUnknown(_ area: DevelopmentArea) {
    let r = record { if area == .literacy { $0.literacy = nil } else { $0.maths = nil } }
    let gld = GoodLevelOfDevelopment.of(r, dateOfBirth: born, terms: terms)
    #expect(gld?.outcome == .unknown)
    #expect(gld?.missing == [area])
    // A prime area below expected is known to fail it, rated or not.
    let failing = record {
      $0.maths = nil
      $0.physical = .below
    }
    #expect(GoodLevelOfDevelopment.of(failing, dateOfBirth: born, terms: terms)?.outcome == .notAchieved)
  }

  @Test func itIsJudgedOnlyInTheSummerOfReception() {
    #expect(GoodLevelOfDevelopment.of(record("2026-spring"), dateOfBirth: born, terms: terms) == nil)
    // A year younger: 2026-summer is the summer before reception.
    #expect(
      GoodLevelOfDevelopment.of(record(), dateOfBirth: LocalDate(year: 2022, month: 5, day: 1)!, terms: terms)
        == nil)
    #expect(GoodLevelOfDevelopment.of(record("2026-winter"), dateOfBirth: born, terms: terms) == nil)
  }
}

@Suite("Development: journey and cohort")
struct DevelopmentViewTests {
  /// Six terms of one child, with contacts, referrals and escalations made
  /// as the clock passes through them; each term's counts and items match
  /// counts made in SQL over the term's window (its first day up to the
  /// next term's first day).
  @Test func aJourneyOfSixTermsMatchesTheRecords() throws {
    let clock = MovingClock("2024-01-08")
    let f = try StoreFixture(clock: { clock.now })
    let terms = StoreFixture.config.terms
    let family = try f.family()
    let c = try child(f, family, born: "2021-05-01")
    let six = ["2024-spring", "2024-summer", "2024-autumn", "2025-spring", "2025-summer", "2025-autumn"]
    let bands: [WellCommBand] = [.red, .red, .amber, .amber, .green, .amber]
    for (i, name) in six.enumerated() {
      let term = terms.term(named: name)!
      clock.set(term.start.adding(days: 12))
      var d = draft(name, bands[i], i < 2 ? .below : .onTrack)
      d.recordedOn = nil
      if name == "2025-autumn" { d.literacy = .emerging }
      try f.store.recordDevelopment(personReference: c.reference, d, as: f.practitioner)
      for n in 0..<(i % 3) {
        _ = try f.store.logContact(
          familyID: family.meta.id,
          ContactDraft(
            type: "phone", at: clock.now.addingTimeInterval(Double(-n) * 86_400), summary: "Call \(n)"),
          as: f.practitioner)
      }
      if i == 1 || i == 4 {
        try f.store.addReferral(
          personReference: c.reference,
          ReferralDraft(service: "slt", reason: "Speech", consentRecorded: true),
          as: f.practitioner)
      }
      if i == 3 {
        _ = try f.store.escalate(
          familyID: family.meta.id,
          EscalationDraft(toLevel: .targeted, reason: "Missed visits", urgency: .routine),
          as: f.practitioner)
      }
      if name == "2025-summer" {
        // A contact in the summer holiday counts with the summer term.
        clock.set(LocalDate("2025-08-10")!)
        _ = try f.store.logContact(
          familyID: family.meta.id, ContactDraft(type: "phone", at: clock.now, summary: "Holiday call"),
          as: f.practitioner)
      }
    }
    clock.set(LocalDate("2026-01-20")!)

    let journey = try f.store.journey(personReference: c.reference, as: f.practitioner)
    // The six recorded terms and the current one, unrecorded.
    #expect(journey.terms.map(\.term.name) == six + ["2026-spring"])
    #expect(journey.terms.map { $0.record?.wellComm } == bands.map(Optional.some) + [nil])
    #expect(journey.terms.map(\.reception) == [false, false, false, false, false, true, true])
    #expect(journey.terms[5].record?.literacy == .emerging)
    #expect(journey.terms[0].record?.communication == .below)

    func sqlCount(_ table: String, _ column: String, _ term: SchoolTerm) throws -> Int {
      let end = terms.next(term)!.start
      return try f.store.read {
        try Int.fetchOne(
          $0,
          sql: """
            SELECT COUNT(*) FROM \(table) WHERE family_id = ? AND deleted = 0
              AND substr(\(column), 1, 10) >= ? AND substr(\(column), 1, 10) < ?
            """, arguments: [family.meta.id, term.start.description, end.description]) ?? 0
      }
    }
    var totals = (0, 0, 0)
    for column in journey.terms {
      #expect(column.contacts.count == (try sqlCount("contact", "at", column.term)), "\(column.term)")
      #expect(
        column.referrals.count == (try sqlCount("referral", "created_at", column.term)), "\(column.term)")
      #expect(
        column.escalations.count == (try sqlCount("escalation", "raised_at", column.term)), "\(column.term)")
      totals.0 += column.contacts.count
      totals.1 += column.referrals.count
      totals.2 += column.escalations.count
    }
    // Nothing fell between terms, and the records are what SQL holds.
    #expect(totals.0 == (try f.count("contact")))
    #expect(totals.1 == 2)
    #expect(totals.2 == 1)
    #expect(journey.terms[4].contacts.map(\.summary).contains("Holiday call"))
    let stored = try f.store.read {
      try Row.fetchAll(
        $0, sql: "SELECT term, wellcomm FROM development WHERE person_id = ?", arguments: [c.meta.id])
    }
    #expect(
      Dictionary(uniqueKeysWithValues: stored.map { ($0["term"] as String, $0["wellcomm"] as String) })
        == Dictionary(uniqueKeysWithValues: zip(six, bands.map(\.rawValue))))
  }

  @Test func aJourneyOutsideTheUsersListsIsRefused() throws {
    let f = try StoreFixture()
    let c = try child(f, try f.family(hub: "south", consent: nil), born: "2022-05-01")
    #expect(throws: DomainError.self) {
      try f.store.journey(personReference: c.reference, as: f.practitioner)
    }
    #expect(throws: DomainError.self) {
      try f.store.developmentList(personReference: c.reference, as: f.practitioner)
    }
  }

  /// Children of two hubs recorded in two terms, with movement both ways;
  /// the cohort's counts are checked against counts made in SQL.
  @Test func aCohortWithMovementMatchesSQL() throws {
    let f = try StoreFixture()
    let moves: [(WellCommBand?, WellCommBand, EYFSRating)] = [
      (.red, .amber, .emerging), (.red, .amber, .below), (.amber, .green, .onTrack), (.amber, .red, .below),
      (.green, .green, .onTrack), (.green, .amber, .emerging), (nil, .green, .onTrack), (.red, .red, .below),
    ]
    let north = try f.family(name: "North")
    let south = try f.family(name: "South", hub: "south")
    var made = 0
    for (i, (from, to, rating)) in moves.enumerated() {
      let c = try child(f, north, born: i == 0 ? "2021-05-01" : "2022-0\(i % 9 + 1)-01")
      if let from {
        try f.store.recordDevelopment(
          personReference: c.reference, draft("2025-autumn", from, on: "2025-10-01"), as: f.practitioner)
      }
      var d = draft("2026-spring", to, rating, on: "2026-02-01")
      if i == 0 { d.literacy = .below }
      try f.store.recordDevelopment(personReference: c.reference, d, as: f.practitioner)
      made += 1
    }
    // One child recorded only in the previous term, and one in the other hub.
    let left = try child(f, north, born: "2022-03-03")
    try f.store.recordDevelopment(
      personReference: left.reference, draft("2025-autumn", .red), as: f.practitioner)
    let elsewhere = try child(f, south, born: "2022-03-03")
    try f.store.recordDevelopment(
      personReference: elsewhere.reference, draft("2026-spring", .red, .below), as: f.otherHubPractitioner)

    let cohort = try f.store.cohort(hub: "north", term: "2026-spring", as: f.practitioner)
    #expect(cohort.previousTerm?.name == "2025-autumn")
    let hubFilter =
      "JOIN person p ON p.id = d.person_id JOIN family f ON f.id = p.family_id WHERE f.hub_id = 'north' AND d.deleted = 0"
    func scalar(_ sql: String, _ args: StatementArguments = []) throws -> Int {
      try f.store.read { try Int.fetchOne($0, sql: sql, arguments: args) ?? 0 }
    }
    #expect(cohort.children == made)
    #expect(
      cohort.children
        == (try scalar("SELECT COUNT(*) FROM development d \(hubFilter) AND d.term = '2026-spring'")))
    for band in WellCommBand.allCases {
      #expect(
        cohort.count(band)
          == (try scalar(
            "SELECT COUNT(*) FROM development d \(hubFilter) AND d.term = '2026-spring' AND d.wellcomm = ?",
            [band.rawValue])))
      for to in WellCommBand.allCases {
        let sql = """
          SELECT COUNT(*) FROM development d JOIN development b ON b.person_id = d.person_id AND b.term = '2025-autumn'
            AND b.deleted = 0 \(hubFilter.replacingOccurrences(of: "WHERE", with: "WHERE b.wellcomm = ? AND"))
            AND d.term = '2026-spring' AND d.wellcomm = ?
          """
        #expect(
          cohort.moved(from: band, to: to) == (try scalar(sql, [band.rawValue, to.rawValue])),
          "\(band) → \(to)")
      }
    }
    for area in DevelopmentArea.allCases {
      for rating in EYFSRating.allCases {
        #expect(
          cohort.count(area, rating)
            == (try scalar(
              "SELECT COUNT(*) FROM development d \(hubFilter) AND d.term = '2026-spring' AND d.\(area.rawValue) = ?",
              [rating.rawValue])),
          "\(area) \(rating)")
      }
    }
    // The movement written out: two red to amber, one amber to red, and so on.
    #expect(cohort.moved(from: .red, to: .amber) == 2)
    #expect(cohort.moved(from: .amber, to: .red) == 1)
    #expect(cohort.recordedInBoth == 7)
    #expect((cohort.improved, cohort.unchanged, cohort.fell) == (3, 2, 2))
    #expect(cohort.rated(.literacy) == 1)
    #expect(abs(cohort.share(.green) - 3.0 / 8.0) < 1e-9)

    // The partnership, as pat's lists show it, takes in the consenting south family.
    let all = try f.store.cohort(hub: nil, term: "2026-spring", as: f.practitioner)
    #expect(all.children == made + 1)
    #expect(all.count(.red) == cohort.count(.red) + 1)
    #expect(throws: DomainError.self) {
      try f.store.cohort(hub: "north", term: "2026-winter", as: f.practitioner)
    }
  }
}
