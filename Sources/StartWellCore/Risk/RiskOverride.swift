import Foundation

/// A supervisor's decision on a family's risk band: an override to a band,
/// or the clearing of one (`band` nil), with the reason, who and when.
public struct RiskOverrideDecision: Hashable, Sendable, Codable {
  public var id: String
  public var familyID: String
  public var band: RiskBand?
  public var previous: RiskBand?
  public var reason: String
  public var decidedBy: String
  public var decidedAt: Date

  public init(
    id: String, familyID: String, band: RiskBand?, previous: RiskBand?, reason: String, decidedBy: String,
    decidedAt: Date
  ) {
    self.id = id
    self.familyID = familyID
    self.band = band
    self.previous = previous
    self.reason = reason
    self.decidedBy = decidedBy
    self.decidedAt = decidedAt
  }

  /// The decision that explains the band in force: the latest that set it.
  /// After two terminals overrode at once and a person settled the conflict,
  /// that is the decision whose band they kept.
  public static func inForce(_ decisions: [RiskOverrideDecision], band: RiskBand?) -> RiskOverrideDecision? {
    guard let band else { return nil }
    return decisions.filter { $0.band == band }.max { ($0.decidedAt, $0.id) < ($1.decidedAt, $1.id) }
  }
}
