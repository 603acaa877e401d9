import Foundation
import StartWellCore
import Testing

/// A small configuration whose weights make band boundaries easy to hit.
private func scoringConfig(includeNoContact: Bool = true, noContactDays: Int = 30) throws -> Configuration {
  var config = try realConfig()
  config.riskFactors = [
    RiskFactorDefinition(id: "send", name: "SEND", weight: 9),
    RiskFactorDefinition(id: "wellcomm-red", name: "WellComm red", weight: 1),
    RiskFactorDefinition(id: "domestic-abuse", name: "DA", weight: 10),
    RiskFactorDefinition(id: "set-by-hand", name: "By hand", weight: 0),
  ]
  if includeNoContact {
    config.riskFactors.append(RiskFactorDefinition(id: "no-contact", name: "No recent contact", weight: 5))
  }
  config.riskBands = RiskBands(medium: 10, high: 20)
  config.thresholds.noContactDays = noContactDays
  return config
}

private let today = LocalDate("2026-03-02")!

private func member(
  _ id: String, _ name: String, send: Bool = false, ehcp: Bool = false, flags: [String] = []
) -> RiskFacts.Member {
  RiskFacts.Member(id: id, name: name, send: send, ehcp: ehcp, flags: flags)
}

/// A domestic abuse notification landed on p1.
private func abuseNotice(incident: LocalDate) -> RiskFacts.Notice {
  RiskFacts.Notice(
    recordID: "n1", reference: "N-AAAAAAAA", kind: .domesticAbuse, personID: "p1", source: "WY-1",
    receivedOn: incident,
    details: ["incident-date": .text(incident.description), "police-ref": .text("WY-1")])
}

/// Contacted yesterday, so "no contact" stays out of the way.
private let recent = RiskFacts.Contact(recordID: "c1", on: LocalDate("2026-03-01")!)

@Suite("Risk scoring")
struct RiskScorerTests {
  @Test(
    "band thresholds are inclusive lower bounds",
    arguments: [
      (0, RiskBand.low), (24, .low), (25, .medium), (26, .medium), (49, .medium), (50, .high), (51, .high),
      (1000, .high), (-5, .low),
    ])
  func bands(score: Int, band: RiskBand) {
    #expect(RiskBands(medium: 25, high: 50).band(for: score) == band)
  }

  @Test("SEND or an EHCP on a member: 15, once per family, naming each member and what they have")
  func send() throws {
    let facts = RiskFacts(
      members: [
        member("p1", "Amy Smith", send: true), member("p2", "Ben Smith", ehcp: true),
        member("p3", "Cat Smith"),
      ], lastContact: recent)
    let result = RiskScorer.assess(facts, today: today, config: try realConfig())
    #expect(result.score == 15)
    let reason = try #require(result.reasons.first)
    #expect(result.reasons.count == 1)
    #expect(reason.factorID == "send")
    #expect(reason.evidence.map(\.member) == ["Amy Smith", "Ben Smith"])
    #expect(reason.evidence.map(\.recordID) == ["p1", "p2"])
    #expect(reason.evidence.map(\.recordKind) == ["person", "person"])
    #expect(reason.detail == "Amy Smith (SEND); Ben Smith (EHCP)")
    #expect(RiskScorer.storedScore(facts, config: try realConfig()) == 15)
  }

  @Test("the child's latest WellComm band red: 20, with the child, the record and its date")
  func wellcommRed() throws {
    let red = RiskFacts.Development(
      recordID: "d2", personID: "p1", term: "2026-spring", recordedOn: LocalDate("2026-01-12")!,
      wellcomm: .red)
    let green = RiskFacts.Development(
      recordID: "d3", personID: "p2", term: "2026-spring", recordedOn: LocalDate("2026-01-13")!,
      wellcomm: .green)
    let facts = RiskFacts(
      members: [member("p1", "Amy Smith"), member("p2", "Ben Smith")], latestDevelopment: [red, green],
      lastContact: recent)
    let result = RiskScorer.assess(facts, today: today, config: try realConfig())
    #expect(result.score == 20)
    let evidence = try #require(result.reasons.first?.evidence)
    #expect(evidence.count == 1)
    #expect(evidence[0].member == "Amy Smith")
    #expect(evidence[0].recordKind == "development")
    #expect(evidence[0].recordID == "d2")
    #expect(evidence[0].date == LocalDate("2026-01-12"))
  }

  @Test(
    "no contact counts only beyond the threshold, with the last contact's record and date",
    arguments: [(0, false), (29, false), (30, false), (31, true), (400, true)])
  func noContactDays(days: Int, counted: Bool) throws {
    let last = today.adding(days: -days)
    let facts = RiskFacts(members: [], lastContact: RiskFacts.Contact(recordID: "c9", on: last))
    let result = RiskScorer.assess(facts, today: today, config: try scoringConfig(noContactDays: 30))
    #expect(result.score == (counted ? 5 : 0))
    if counted {
      let reason = try #require(result.reasons.first)
      #expect(reason.factorID == "no-contact")
      #expect(reason.evidence.first?.recordID == "c9")
      #expect(reason.evidence.first?.date == last)
      #expect(reason.detail == "last contact \(last), \(days) days ago")
    } else {
      #expect(result.reasons.isEmpty)
    }
    // The stored score never holds a dated factor: time alone moves it.
    #expect(RiskScorer.storedScore(facts, config: try scoringConfig(noContactDays: 30)) == 0)
  }

  @Test("a family never contacted gets the no-contact factor")
  func neverContacted() throws {
    let result = RiskScorer.assess(RiskFacts(members: []), today: today, config: try realConfig())
    #expect(result.score == 10)
    #expect(result.reasons.map(\.detail) == ["no contact recorded"])
  }

  @Test("real thresholds: 90 days is fine, 91 is not")
  func realThreshold() throws {
    let config = try realConfig()
    func score(_ days: Int) -> Int {
      RiskScorer.assess(
        RiskFacts(members: [], lastContact: .init(recordID: "c", on: today.adding(days: -days))),
        today: today,
        config: config
      ).score
    }
    #expect(score(90) == 0)
    #expect(score(91) == 10)
  }

  @Test("without a no-contact factor configured, contact gaps do not score")
  func noContactNotConfigured() throws {
    let config = try scoringConfig(includeNoContact: false)
    #expect(RiskScorer.assess(RiskFacts(members: []), today: today, config: config).reasons.isEmpty)
  }

  @Test(
    "any flag set by hand is a factor of its own, even one named after a computed or an intake factor",
    arguments: [
      "no-contact", "send", "wellcomm-red", "made-up", "domestic-abuse", "antenatal-high-risk",
      "two-year-offer-not-taken",
    ])
  func otherFlagsByHand(flag: String) throws {
    let facts = RiskFacts(members: [member("p1", "Amy Smith", flags: [flag])], lastContact: recent)
    let result = RiskScorer.assess(facts, today: today, config: try realConfig())
    #expect(result.reasons.map(\.factorID) == ["set-by-hand"])
    #expect(result.score == 10)
    #expect(result.reasons[0].detail == "Amy Smith: \(flag) (set by hand)")
    #expect(RiskScorer.storedScore(facts, config: try realConfig()) == 10)
  }

  @Test(
    "scores on either side of each band boundary",
    arguments: [
      (false, false, false, RiskBand.low, 0),
      (true, false, false, .low, 9),
      (true, true, false, .medium, 10),
      (false, false, true, .medium, 10),
      (true, false, true, .medium, 19),
      (true, true, true, .high, 20),
    ])
  func boundaries(send: Bool, red: Bool, abuse: Bool, band: RiskBand, score: Int) throws {
    let facts = RiskFacts(
      members: [member("p1", "Amy", send: send, flags: ["other"])],
      latestDevelopment: red
        ? [.init(recordID: "d", personID: "p1", term: "t", recordedOn: today, wellcomm: .red)] : [],
      lastContact: recent, notices: abuse ? [abuseNotice(incident: today.adding(days: -3))] : [])
    let result = RiskScorer.assess(facts, today: today, config: try scoringConfig())
    #expect(result.score == score)
    #expect(result.band == band)
    #expect(result.effectiveBand == band)
    #expect(result.reasons.reduce(0) { $0 + $1.weight } == result.score)
  }

  @Test("a weight changed in the configuration changes the score, and the fingerprint")
  func weightChange() throws {
    var config = try realConfig()
    let facts = RiskFacts(members: [member("p1", "Amy", send: true)], lastContact: recent)
    #expect(RiskScorer.assess(facts, today: today, config: config).score == 15)
    let before = config.riskFingerprint
    config.riskFactors[config.riskFactors.firstIndex { $0.id == "send" }!].weight = 35
    #expect(RiskScorer.assess(facts, today: today, config: config).score == 35)
    #expect(RiskScorer.assess(facts, today: today, config: config).band == .medium)
    #expect(config.riskFingerprint != before)
  }

  @Test("an override replaces the band shown, not the computed one")
  func override() throws {
    let config = try realConfig()
    let flagged = RiskFacts(
      members: [member("p1", "Jo")], lastContact: recent,
      notices: [abuseNotice(incident: today.adding(days: -3))])
    let result = RiskScorer.assess(flagged, today: today, config: config, override: .low)
    #expect(result.band == .medium)
    #expect(result.override == .low)
    #expect(result.effectiveBand == .low)

    let quiet = RiskScorer.assess(
      RiskFacts(members: [], lastContact: recent), today: today, config: config, override: .high)
    #expect(quiet.band == .low)
    #expect(quiet.effectiveBand == .high)
  }

  @Test("the decision in force is the latest that set the band in force")
  func decisionInForce() {
    func decision(_ id: String, _ band: RiskBand?, _ at: TimeInterval) -> RiskOverrideDecision {
      RiskOverrideDecision(
        id: id, familyID: "f", band: band, previous: nil, reason: id, decidedBy: "u",
        decidedAt: Date(timeIntervalSince1970: at))
    }
    let all = [
      decision("a", .high, 1), decision("b", .medium, 2), decision("c", .high, 3), decision("d", nil, 4),
    ]
    #expect(RiskOverrideDecision.inForce(all, band: .high)?.id == "c")
    #expect(RiskOverrideDecision.inForce(all, band: .medium)?.id == "b")
    #expect(RiskOverrideDecision.inForce(all, band: nil) == nil)
  }

  @Test("every dated factor is one the families list can add in SQL")
  func datedFactors() {
    #expect(
      RiskFactors.all.filter(\.isDated).map(\.id) == ["no-contact", "antenatal-high-risk", "domestic-abuse"])
  }

  @Test("risk bands order low < medium < high")
  func bandOrder() {
    #expect(RiskBand.low < .medium)
    #expect(RiskBand.medium < .high)
    #expect(!(RiskBand.high < .low))
  }
}
