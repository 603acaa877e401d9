/// One child's WellComm band in one term and in the next: the unit the
/// impact of approaches is measured in. A child recorded over several
/// terms gives one movement per pair of consecutive terms.
public struct ImpactMovement: Hashable, Sendable, Codable {
  public var childID: String
  public var familyID: String
  /// The hub of the child's family.
  public var hubID: String
  /// The starting term's name (`2026-autumn`) and the next term's.
  public var startTerm: String
  public var endTerm: String
  public var startBand: WellCommBand
  public var endBand: WellCommBand
  /// The child's age band at the start of the starting term (`ImpactMovement.ageBand`).
  public var ageBand: String
  /// The approaches the child took part in during the starting term.
  public var approaches: Set<String>

  public init(
    childID: String, familyID: String, hubID: String, startTerm: String, endTerm: String,
    startBand: WellCommBand, endBand: WellCommBand, ageBand: String, approaches: Set<String>
  ) {
    self.childID = childID
    self.familyID = familyID
    self.hubID = hubID
    self.startTerm = startTerm
    self.endTerm = endTerm
    self.startBand = startBand
    self.endBand = endBand
    self.ageBand = ageBand
    self.approaches = approaches
  }

  public enum Direction: String, Sendable, CaseIterable {
    case improved, unchanged, worse
  }

  /// Improved: a band nearer green (red to amber, amber to green, red to
  /// green); worse: further from it.
  public var direction: Direction {
    let from = startBand.rank
    let to = endBand.rank
    return to < from ? .improved : to == from ? .unchanged : .worse
  }

  /// The label of a child's age band: their age in whole years on `day`
  /// ("under 2", "age 2", "age 3", "age 4", "5 and over"). Children a year
  /// apart develop differently enough that they are compared only with
  /// children of their own year of age.
  public static func ageBand(dateOfBirth: LocalDate, on day: LocalDate) -> String {
    ageBands[min(max(dateOfBirth.years(until: day), 1), 5) - 1]
  }

  /// The labels by whole years of age: under 2, 2, 3, 4, 5 and over.
  private static let ageBands = ["under 2", "age 2", "age 3", "age 4", "5 and over"]
}
