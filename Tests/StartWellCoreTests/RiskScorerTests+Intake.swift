import Foundation
import StartWellCore
import Testing

/// The intake's factors, each worked by hand against the real configuration:
/// antenatal high risk 30, domestic abuse 40, two-year offer not taken 15;
/// a domestic abuse notification counts 90 days after the incident, an
/// antenatal one 84 days after the expected date of delivery.
extension RiskScorerTests {
  private static let day = LocalDate("2026-03-02")!
  /// Contacted the day before, so no-contact stays out of the sums.
  private static let contacted = RiskFacts.Contact(recordID: "c1", on: LocalDate("2026-03-01")!)
  private static let members = [
    RiskFacts.Member(id: "mum", name: "Sara Khan", send: false, ehcp: false, flags: []),
    RiskFacts.Member(id: "kid", name: "Amara Khan", send: false, ehcp: false, flags: []),
  ]

  private static func notice(
    _ kind: NotificationKind, on person: String, source: String,
    _ details: [String: CheckedNotification.DetailValue]
  ) -> RiskFacts.Notice {
    RiskFacts.Notice(
      recordID: "n-\(kind.rawValue)", reference: "N-\(kind == .antenatal ? "ANTE1234" : "ABUS1234")",
      kind: kind, personID: person, source: source, receivedOn: LocalDate("2026-02-01")!, details: details)
  }

  private static let antenatal = notice(
    .antenatal, on: "mum", source: "Jo Clarke",
    [
      "edd": .text("2026-05-01"), "midwife": .text("Jo Clarke"),
      "criteria": .list(["substance-misuse", "teenage-parent"]),
    ])

  @Test(
    "a triaged antenatal notification with a high-risk criterion: 30 until EDD + 84 days, naming its source")
  func antenatalHighRisk() throws {
    let config = try realConfig()
    let facts = RiskFacts(members: Self.members, lastContact: Self.contacted, notices: [Self.antenatal])
    let result = RiskScorer.assess(facts, today: Self.day, config: config)
    #expect(result.score == 30)
    let reason = try #require(result.reasons.first)
    #expect(reason.factorID == "antenatal-high-risk")
    let e = try #require(reason.evidence.first)
    #expect(e.member == "Sara Khan")
    #expect(e.recordKind == "notification")
    #expect(e.recordReference == "N-ANTE1234")
    #expect(e.date == LocalDate("2026-05-01"))
    // 2026-05-01 + 84 days is 2026-07-24; teenage parent is not high risk.
    #expect(
      e.detail
        == "Sara Khan: antenatal notification N-ANTE1234 (Referring midwife: Jo Clarke), expected date of delivery 2026-05-01; high-risk criteria: Substance misuse; counts until 2026-07-24"
    )
    // Dated: the stored score leaves it out, and time alone ends it.
    #expect(RiskScorer.storedScore(facts, config: config) == 0)
    #expect(
      RiskScorer.assess(facts, today: LocalDate("2026-07-24")!, config: config).reasons.map(\.factorID)
        .contains("antenatal-high-risk"))
    #expect(
      !RiskScorer.assess(facts, today: LocalDate("2026-07-25")!, config: config).reasons.map(\.factorID)
        .contains("antenatal-high-risk"))
    #expect(IntakeRisk.until("antenatal-high-risk", facts, config.intake) == LocalDate("2026-07-24"))
  }

  @Test("an antenatal notification without a high-risk criterion raises nothing")
  func antenatalLowRisk() throws {
    var low = Self.antenatal
    low.details["criteria"] = .list(["teenage-parent", "late-booking"])
    let facts = RiskFacts(members: Self.members, lastContact: Self.contacted, notices: [low])
    #expect(RiskScorer.assess(facts, today: Self.day, config: try realConfig()).score == 0)
    #expect(IntakeRisk.until("antenatal-high-risk", facts, try realConfig().intake) == nil)
  }

  @Test("a triaged domestic abuse notification: 40 from the incident for 90 days, then it lapses")
  func domesticAbuse() throws {
    let config = try realConfig()
    let abuse = Self.notice(
      .domesticAbuse, on: "kid", source: "WY-1234",
      [
        "incident-date": .text("2026-02-28"), "police-ref": .text("WY-1234"),
        "category": .text("child-present"),
      ])
    let facts = RiskFacts(members: Self.members, lastContact: Self.contacted, notices: [abuse])
    let result = RiskScorer.assess(facts, today: Self.day, config: config)
    #expect(result.score == 40)
    #expect(result.band == .medium)
    let e = try #require(result.reasons.first?.evidence.first)
    #expect(result.reasons.first?.factorID == "domestic-abuse")
    #expect(e.member == "Amara Khan")
    #expect(e.recordReference == "N-ABUS1234")
    #expect(e.date == LocalDate("2026-02-28"))
    // 2026-02-28 + 90 days is 2026-05-29.
    #expect(
      e.detail
        == "Amara Khan: domestic abuse notification N-ABUS1234 (Police reference: WY-1234), incident 2026-02-28; counts until 2026-05-29"
    )
    let lastDay = LocalDate("2026-05-29")!
    let lastContact = RiskFacts.Contact(recordID: "c", on: lastDay)
    var later = facts
    later.lastContact = lastContact
    #expect(RiskScorer.assess(later, today: lastDay, config: config).score == 40)
    #expect(RiskScorer.assess(later, today: lastDay.adding(days: 1), config: config).score == 0)
    #expect(RiskScorer.storedScore(facts, config: config) == 0)
  }

  @Test("the two-year offer: 15 when the latest term a child was listed in shows the place not taken up")
  func twoYearOffer() throws {
    let config = try realConfig()
    func offer(_ child: String, _ term: String, eligible: Bool = true, taken: Bool) -> RiskFacts.TwoYearOffer
    {
      RiskFacts.TwoYearOffer(
        recordID: "\(child)-\(term)", personID: child, term: term, eligible: eligible, code: "TY123",
        listedOn: LocalDate("2025-08-20"), takenUp: taken)
    }
    let members =
      Self.members + [
        RiskFacts.Member(id: "ben", name: "Ben Khan", send: false, ehcp: false, flags: [])
      ]
    let offers = [
      // Amara: not taken in summer 2026, taken up in autumn 2026, the later
      // term (by name "autumn" sorts first): not raised.
      offer("kid", "2026-summer", taken: false), offer("kid", "2026-autumn", taken: true),
      // Ben: taken up in summer 2025, not in autumn 2025; a roll's row for
      // spring 2026 without a listing does not count as a listing.
      offer("ben", "2025-summer", taken: true), offer("ben", "2025-autumn", taken: false),
      offer("ben", "2026-spring", eligible: false, taken: true),
    ]
    let facts = RiskFacts(members: members, lastContact: Self.contacted, twoYearOffers: offers)
    let result = RiskScorer.assess(facts, today: Self.day, config: config)
    #expect(result.score == 15)
    let reason = try #require(result.reasons.first)
    #expect(reason.factorID == "two-year-offer-not-taken")
    #expect(reason.evidence.count == 1)
    let e = try #require(reason.evidence.first)
    #expect(e.member == "Ben Khan")
    #expect(e.recordKind == "two-year-offer")
    #expect(e.recordID == "ben-2025-autumn")
    #expect(e.recordReference == "2025-autumn")
    #expect(
      e.detail == "Ben Khan: eligible for a funded two-year place in 2025-autumn (code TY123), not taken up")
    // Stored: records alone decide it.
    #expect(RiskScorer.storedScore(facts, config: config) == 15)
  }

  @Test("terms order by calendar, not by name, in Swift and in SQL's reading of the name")
  func termOrder() {
    let names = ["2026-autumn", "2025-autumn", "2026-spring", "2026-summer"]
    let sorted = names.sorted { SchoolTerm.orderKey(named: $0)! < SchoolTerm.orderKey(named: $1)! }
    #expect(sorted == ["2025-autumn", "2026-spring", "2026-summer", "2026-autumn"])
    #expect(SchoolTerm.orderKey(named: "autumn") == nil)
    #expect(SchoolTerm.orderKeySQL("t").contains("WHEN 'spring' THEN 0"))
  }

  @Test("what makes a notification count is part of the risk fingerprint")
  func intakeFingerprint() throws {
    var config = try realConfig()
    let before = config.riskFingerprint
    config.intake.domesticAbuseFactorDays = 60
    #expect(config.riskFingerprint != before)
    let days = config.riskFingerprint
    config.intake.highRiskCriteria.insert("late-booking")
    #expect(config.riskFingerprint != days)
  }
}
