import StartWellCore
import Testing

/// A small configuration whose weights make band boundaries easy to hit.
private func scoringConfig(includeNoContact: Bool = true, noContactDays: Int = 30) throws -> Configuration {
  var config = try realConfig()
  config.riskFactors = [
    RiskFactorDefinition(id: "one", name: "One point", weight: 1),
    RiskFactorDefinition(id: "nine", name: "Nine points", weight: 9),
    RiskFactorDefinition(id: "ten", name: "Ten points", weight: 10),
    RiskFactorDefinition(id: "zero", name: "Zero points", weight: 0),
  ]
  if includeNoContact {
    config.riskFactors.append(RiskFactorDefinition(id: "no-contact", name: "No recent contact", weight: 5))
  }
  config.riskBands = RiskBands(medium: 10, high: 20)
  config.thresholds.noContactDays = noContactDays
  return config
}

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

  @Test("a factor counts once however many members carry it, and the reason names them all")
  func oncePerFactor() throws {
    let config = try realConfig()
    let inputs = RiskInputs(
      memberFlags: [("send", "Amy Smith"), ("domestic-abuse", "Jo Smith"), ("send", "Ben Smith")],
      daysSinceLastContact: 10)
    let result = RiskScorer.assess(inputs, config: config)
    #expect(result.score == 15 + 40)
    #expect(result.band == .high)
    #expect(result.reasons.map(\.factorID) == ["send", "domestic-abuse"])
    #expect(result.reasons[0].detail == "Amy Smith, Ben Smith")
    #expect(result.reasons[0].name == "SEND")
    #expect(result.reasons[0].weight == 15)
    #expect(result.reasons[1].detail == "Jo Smith")
    #expect(result.reasons.reduce(0) { $0 + $1.weight } == result.score)
  }

  @Test("flags for factors not in the configuration are ignored")
  func unknownFlags() throws {
    let result = RiskScorer.assess(
      RiskInputs(memberFlags: [("made-up", "Amy"), ("send", "Amy")], daysSinceLastContact: 1),
      config: try realConfig())
    #expect(result.score == 15)
    #expect(result.reasons.map(\.factorID) == ["send"])
    #expect(result.band == .low)
  }

  @Test(
    "scores on either side of each band boundary",
    arguments: [
      ([String](), RiskBand.low, 0),
      (["nine"], .low, 9),
      (["ten"], .medium, 10),
      (["nine", "one"], .medium, 10),
      (["ten", "nine"], .medium, 19),
      (["ten", "nine", "one"], .high, 20),
      (["ten", "nine", "one", "zero"], .high, 20),
      (["nine", "nine", "nine", "one"], .medium, 10),
    ])
  func boundaries(factors: [String], band: RiskBand, score: Int) throws {
    let inputs = RiskInputs(memberFlags: factors.map { ($0, "Member") }, daysSinceLastContact: 0)
    let result = RiskScorer.assess(inputs, config: try scoringConfig())
    #expect(result.score == score)
    #expect(result.band == band)
    #expect(result.effectiveBand == band)
  }

  @Test(
    "no contact counts only beyond the threshold or when there was none",
    arguments: [(0, false), (29, false), (30, false), (31, true), (400, true)])
  func noContactDays(days: Int, counted: Bool) throws {
    let result = RiskScorer.assess(
      RiskInputs(memberFlags: [], daysSinceLastContact: days), config: try scoringConfig(noContactDays: 30))
    #expect(result.score == (counted ? 5 : 0))
    if counted {
      let reason = try #require(result.reasons.first)
      #expect(reason.factorID == "no-contact")
      #expect(reason.name == "No recent contact")
      #expect(reason.detail == "last contact \(days) days ago")
    } else {
      #expect(result.reasons.isEmpty)
    }
  }

  @Test("a family never contacted gets the no-contact factor")
  func neverContacted() throws {
    let result = RiskScorer.assess(
      RiskInputs(memberFlags: [], daysSinceLastContact: nil), config: try realConfig())
    #expect(result.score == 10)
    #expect(result.reasons.map(\.detail) == ["no contact recorded"])
  }

  @Test("real thresholds: 90 days is fine, 91 is not")
  func realThreshold() throws {
    let config = try realConfig()
    #expect(
      RiskScorer.assess(RiskInputs(memberFlags: [], daysSinceLastContact: 90), config: config).score == 0)
    #expect(
      RiskScorer.assess(RiskInputs(memberFlags: [], daysSinceLastContact: 91), config: config).score == 10)
  }

  @Test("without a no-contact factor configured, contact gaps do not score")
  func noContactNotConfigured() throws {
    let config = try scoringConfig(includeNoContact: false)
    #expect(
      RiskScorer.assess(RiskInputs(memberFlags: [], daysSinceLastContact: nil), config: config).reasons
        .isEmpty)
    #expect(
      RiskScorer.assess(RiskInputs(memberFlags: [], daysSinceLastContact: 999), config: config).score == 0)
  }

  @Test("the no-contact factor counts once even if also raised as a member flag")
  func noContactOnce() throws {
    let inputs = RiskInputs(memberFlags: [("no-contact", "Amy")], daysSinceLastContact: 120)
    let result = RiskScorer.assess(inputs, config: try realConfig())
    #expect(result.score == 10)
    #expect(result.reasons.count == 1)
  }

  @Test("an override replaces the band shown, not the computed one")
  func override() throws {
    let config = try realConfig()
    let flagged = RiskInputs(memberFlags: [("domestic-abuse", "Jo")], daysSinceLastContact: 1, override: .low)
    let result = RiskScorer.assess(flagged, config: config)
    #expect(result.band == .medium)
    #expect(result.override == .low)
    #expect(result.effectiveBand == .low)

    let quiet = RiskScorer.assess(
      RiskInputs(memberFlags: [], daysSinceLastContact: 1, override: .high), config: config)
    #expect(quiet.band == .low)
    #expect(quiet.effectiveBand == .high)

    let none = RiskScorer.assess(RiskInputs(memberFlags: [], daysSinceLastContact: 1), config: config)
    #expect(none.override == nil)
    #expect(none.effectiveBand == .low)
  }

  @Test("risk bands order low < medium < high")
  func bandOrder() {
    #expect(RiskBand.low < .medium)
    #expect(RiskBand.medium < .high)
    #expect(!(RiskBand.high < .low))
  }
}
