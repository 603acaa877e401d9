import Foundation

/// One reason a family's risk score is what it is: a factor, its weight, and
/// every member and record that raised it.
public struct RiskReason: Hashable, Sendable, Codable {
  public var factorID: String
  public var name: String
  public var weight: Int
  public var evidence: [RiskEvidence]

  /// Who or what raised it, in one line, e.g. "Amy Smith: SEND; Ben Smith: EHCP".
  public var detail: String { evidence.map(\.detail).joined(separator: "; ") }

  public init(factorID: String, name: String, weight: Int, evidence: [RiskEvidence]) {
    self.factorID = factorID
    self.name = name
    self.weight = weight
    self.evidence = evidence
  }
}

public struct RiskAssessment: Hashable, Sendable, Codable {
  public var score: Int
  public var band: RiskBand
  public var reasons: [RiskReason]
  /// A supervisor's override of the computed band, when one is set.
  public var override: RiskBand?

  public var effectiveBand: RiskBand { override ?? band }
}

/// Scores a family from configured, weighted factors, keeping the reason for every point.
public enum RiskScorer {
  /// The whole score as of `today`, with its reasons. A factor counts once
  /// per family however many members or records raise it; its reason lists them all.
  public static func assess(
    _ facts: RiskFacts, today: LocalDate, config: Configuration, override: RiskBand? = nil
  ) -> RiskAssessment {
    let reasons = self.reasons(facts, today: today, config: config, factors: RiskFactors.all)
    let score = reasons.reduce(0) { $0 + $1.weight }
    return RiskAssessment(
      score: score, band: config.riskBands.band(for: score), reasons: reasons, override: override)
  }

  /// The part of the score that only the family's records decide, kept as
  /// `family.flag_score`; the dated factors are added when it is read.
  public static func storedScore(_ facts: RiskFacts, config: Configuration) -> Int {
    reasons(facts, today: nil, config: config, factors: RiskFactors.all.filter { !$0.isDated })
      .reduce(0) { $0 + $1.weight }
  }

  private static func reasons(
    _ facts: RiskFacts, today: LocalDate?, config: Configuration, factors: [RiskFactor]
  ) -> [RiskReason] {
    config.riskFactors.compactMap { def in
      guard let factor = factors.first(where: { $0.id == def.id }) else { return nil }
      let evidence = factor.evidence(facts, today: today, config: config)
      guard !evidence.isEmpty else { return nil }
      return RiskReason(factorID: def.id, name: def.name, weight: def.weight, evidence: evidence)
    }
  }
}

extension Configuration {
  /// A digest of everything that weighs a family's stored score: when it
  /// differs from the one the store last scored with, the stored scores are
  /// rebuilt (`Store.rescoreIfConfigurationChanged`).
  public var riskFingerprint: String {
    let factors = riskFactors.map { "\($0.id)=\($0.weight)" }.sorted().joined(separator: ",")
    // What makes a notification count is weighed in the stored columns
    // too (`family.antenatal_until`, `family.domestic_abuse_until`).
    let high = intake.highRiskCriteria.sorted().joined(separator: ",")
    let counts =
      "intake[high:\(high);antenatal+\(intake.antenatalFactorDaysAfterDelivery);abuse+\(intake.domesticAbuseFactorDays)]"
    return "factors[\(factors)] bands[\(riskBands.medium),\(riskBands.high)] \(counts)"
  }
}
