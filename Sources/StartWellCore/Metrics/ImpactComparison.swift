/// How the children's WellComm bands moved: improved, unchanged or worse,
/// with the children behind the counts.
public struct MovementCounts: Hashable, Sendable, Codable {
  public var improved = 0
  public var unchanged = 0
  public var worse = 0
  /// The child behind each movement counted, in the order counted. A child
  /// moving over two term pairs is counted (and listed) once for each.
  public var childIDs: [String] = []

  public init() {}

  /// Movements counted: a child once for each pair of terms.
  public var children: Int { improved + unchanged + worse }

  /// The share of the movements that improved, or nil when there are none.
  public var improvedShare: Double? { children == 0 ? nil : Double(improved) / Double(children) }

  public mutating func add(_ movement: ImpactMovement) { add(movement.direction, of: movement.childID) }

  mutating func add(_ direction: ImpactMovement.Direction, of childID: String) {
    switch direction {
    case .improved: improved += 1
    case .unchanged: unchanged += 1
    case .worse: worse += 1
    }
    childIDs.append(childID)
  }

  public mutating func add(_ other: MovementCounts) {
    improved += other.improved
    unchanged += other.unchanged
    worse += other.worse
    childIDs += other.childIDs
  }
}

/// The two rates compared, or why none is given.
public enum ImpactRates: Hashable, Sendable {
  /// The share of the takers whose band improved, and that of the similar
  /// children who did not take part.
  case rates(takers: Double, comparison: Double)
  /// A plain sentence saying why no rate is given (a group too small).
  case tooSmall(String)
}

/// One comparable group: children with the same starting band, age band and hub.
public struct ImpactGroup: Hashable, Sendable {
  public var startBand: WellCommBand
  public var ageBand: String
  public var hubID: String
  /// Children who took part in the approach in their starting term.
  public var takers: MovementCounts
  /// Similar children who did not take part in it.
  public var comparison: MovementCounts
  public var rates: ImpactRates
}

/// One approach's impact: its comparable groups and the totals over them.
public struct ApproachImpact: Hashable, Sendable {
  public var approach: Approach
  /// The groups with at least one taker, by hub, starting band and age band.
  public var groups: [ImpactGroup]
  /// Every taker, and every similar child who did not take part (in the
  /// groups that have a taker).
  public var takers: MovementCounts
  public var comparison: MovementCounts
  /// The takers and the comparison children of the groups large enough to
  /// compare: the counts behind `rates`.
  public var comparedTakers: MovementCounts
  public var comparedComparison: MovementCounts
  /// Over the groups large enough to compare. The comparison's rate is
  /// weighted by the takers in each group: what the takers' rate would be
  /// if they had moved as the similar children who did not take part did.
  public var rates: ImpactRates
}

/// Compares the band movement of children who took part in an approach with
/// that of similar children who did not. A pure function of the movements,
/// so the report and its tests get the same answer from the same data.
public enum ImpactComparison {
  /// The rule sentence the report shows beside the comparison.
  public static let rule =
    "For each approach, children who took part in it during a term are compared with similar children who did not: "
    + "the same WellComm band at the start of the term, the same age band and the same hub. "
    + "A child's band improved when it moved nearer green by the next term's check. "
    + "A group with fewer children than the small number on either side gives no rate."

  public static func compare(_ movements: [ImpactMovement], approaches: [Approach], minimumGroup: Int)
    -> [ApproachImpact]
  {
    // The movements are grouped by their places, and the groups put in
    // order, once for every approach: a year's movements at scale are
    // hundreds of thousands, each with several strings.
    var byKey: [GroupKey: [Int]] = [:]
    for i in movements.indices { byKey[GroupKey(movements[i]), default: []].append(i) }
    let groups = byKey.sorted { order($0.key, $1.key) }
    // Whether each movement's child took part in each approach, worked out
    // once: most took part in none, and their sets are not searched.
    var took = [[Bool]](repeating: [Bool](repeating: false, count: movements.count), count: approaches.count)
    for i in movements.indices where !movements[i].approaches.isEmpty {
      for a in approaches.indices where movements[i].approaches.contains(approaches[a].id) {
        took[a][i] = true
      }
    }
    let moved = Moved(directions: movements.map(\.direction), childIDs: movements.map(\.childID))
    return approaches.indices.map {
      impact(of: approaches[$0], in: groups, moved, took: took[$0], minimumGroup: max(1, minimumGroup))
    }
  }

  /// What is counted of each movement, apart from the movements: each
  /// approach counts every movement of a group that has a taker.
  private struct Moved {
    var directions: [ImpactMovement.Direction]
    var childIDs: [String]

    func count(_ i: Int, in counts: inout MovementCounts) { counts.add(directions[i], of: childIDs[i]) }
  }

  private struct GroupKey: Hashable {
    var startBand: WellCommBand
    var ageBand: String
    var hubID: String
    init(_ m: ImpactMovement) {
      startBand = m.startBand
      ageBand = m.ageBand
      hubID = m.hubID
    }
  }

  private static func impact(
    of approach: Approach, in groups: [(key: GroupKey, value: [Int])], _ moved: Moved,
    took: [Bool], minimumGroup: Int
  ) -> ApproachImpact {
    var result = ApproachImpact(
      approach: approach, groups: [], takers: MovementCounts(), comparison: MovementCounts(),
      comparedTakers: MovementCounts(), comparedComparison: MovementCounts(),
      rates: .tooSmall("No child took part in \(approach.name) in these terms."))
    var weightedComparison = 0.0
    for (key, members) in groups {
      // Most groups have no taker of a given approach: those are passed
      // over before their comparison children are counted.
      guard members.contains(where: { took[$0] }) else { continue }
      var takers = MovementCounts()
      var comparison = MovementCounts()
      for i in members {
        if took[i] { moved.count(i, in: &takers) } else { moved.count(i, in: &comparison) }
      }
      let rates = groupRates(takers, comparison, key, approach, minimumGroup)
      result.groups.append(
        ImpactGroup(
          startBand: key.startBand, ageBand: key.ageBand, hubID: key.hubID, takers: takers,
          comparison: comparison, rates: rates))
      result.takers.add(takers)
      result.comparison.add(comparison)
      if case .rates(_, let comparisonRate) = rates {
        result.comparedTakers.add(takers)
        result.comparedComparison.add(comparison)
        weightedComparison += comparisonRate * Double(takers.children)
      }
    }
    if let takerRate = result.comparedTakers.improvedShare {
      result.rates = .rates(
        takers: takerRate, comparison: weightedComparison / Double(result.comparedTakers.children))
    } else if result.takers.children > 0 {
      result.rates = .tooSmall(
        "No group of similar children is large enough to compare: each needs at least \(minimumGroup) "
          + "children who took part in \(approach.name) and \(minimumGroup) who did not.")
    }
    return result
  }

  private static func groupRates(
    _ takers: MovementCounts, _ comparison: MovementCounts, _ key: GroupKey, _ approach: Approach,
    _ minimumGroup: Int
  ) -> ImpactRates {
    guard takers.children >= minimumGroup, comparison.children >= minimumGroup,
      let takerRate = takers.improvedShare, let comparisonRate = comparison.improvedShare
    else {
      return .tooSmall(
        "Too few to compare: \(children(takers.children)) took part in \(approach.name) and "
          + "\(children(comparison.children)) did not (\(key.startBand.rawValue) at the start, \(key.ageBand), "
          + "hub \(key.hubID)); each side needs at least \(minimumGroup).")
    }
    return .rates(takers: takerRate, comparison: comparisonRate)
  }

  private static func children(_ n: Int) -> String { n == 1 ? "1 child" : "\(n) children" }

  private static func order(_ a: GroupKey, _ b: GroupKey) -> Bool {
    (a.hubID, a.startBand.rank, a.ageBand) < (b.hubID, b.startBand.rank, b.ageBand)
  }
}
