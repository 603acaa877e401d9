/// One reason a family's risk score is what it is.
public struct RiskReason: Hashable, Sendable, Codable {
  public var factorID: String
  public var name: String
  public var weight: Int
  /// Who or what raised it, e.g. a child's name or "last contact 94 days ago".
  public var detail: String

  public init(factorID: String, name: String, weight: Int, detail: String) {
    self.factorID = factorID
    self.name = name
    self.weight = weight
    self.detail = detail
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

/// The facts about a family that the risk factors look at.
public struct RiskInputs: Sendable {
  /// Flags raised on members, as (factor id, member name).
  public var memberFlags: [(factor: String, member: String)]
  public var daysSinceLastContact: Int?
  public var override: RiskBand?

  public init(
    memberFlags: [(factor: String, member: String)], daysSinceLastContact: Int?, override: RiskBand? = nil
  ) {
    self.memberFlags = memberFlags
    self.daysSinceLastContact = daysSinceLastContact
    self.override = override
  }
}

/// Scores a family from configured, weighted factors, keeping the reason for every point.
public enum RiskScorer {
  /// The factor raised by the "no contact in N days" threshold rather than by a flag.
  public static let noContactFactor = "no-contact"

  public static func assess(_ inputs: RiskInputs, config: Configuration) -> RiskAssessment {
    var reasons: [RiskReason] = []
    // A factor counts once per family however many members carry it; the
    // detail lists them all so the reader sees who.
    var byFactor: [String: [String]] = [:]
    var order: [String] = []
    // "No contact" is decided from the contact dates below, never from a flag.
    for (factor, member) in inputs.memberFlags
    where config.riskFactor(factor) != nil && factor != noContactFactor {
      if byFactor[factor] == nil { order.append(factor) }
      byFactor[factor, default: []].append(member)
    }
    for id in order {
      let def = config.riskFactor(id)!
      reasons.append(
        RiskReason(
          factorID: id, name: def.name, weight: def.weight, detail: byFactor[id]!.joined(separator: ", ")))
    }
    if let def = config.riskFactor(noContactFactor) {
      let limit = config.thresholds.noContactDays
      if let days = inputs.daysSinceLastContact, days > limit {
        reasons.append(
          RiskReason(
            factorID: def.id, name: def.name, weight: def.weight, detail: "last contact \(days) days ago"))
      } else if inputs.daysSinceLastContact == nil {
        reasons.append(
          RiskReason(factorID: def.id, name: def.name, weight: def.weight, detail: "no contact recorded"))
      }
    }
    let score = reasons.reduce(0) { $0 + $1.weight }
    return RiskAssessment(
      score: score, band: config.riskBands.band(for: score), reasons: reasons, override: inputs.override)
  }
}
