import StartWellCore
import Testing

/// The impact comparison on a hand-made set of movements, with every count
/// and rate worked out by hand beside it.
@Suite("Impact of approaches: the comparison")
struct ImpactComparisonTests {
  static let elklan = Approach(id: "elklan", name: "ELKLAN")
  static let toddleTalk = Approach(id: "toddle-talk", name: "Toddle Talk")
  static let chatter = Approach(id: "chatter-matters", name: "Chatter Matters")

  /// `n` children of one group moving from `from` to `to`, ids `prefix-1`...
  static func moves(
    _ n: Int, _ prefix: String, hub: String, age: String, _ from: WellCommBand, _ to: WellCommBand,
    took: Set<String> = []
  ) -> [ImpactMovement] {
    (1...n).map {
      ImpactMovement(
        childID: "\(prefix)-\($0)", familyID: "F-\(prefix)-\($0)", hubID: hub, startTerm: "2026-autumn",
        endTerm: "2027-spring", startBand: from, endBand: to, ageBand: age, approaches: took)
    }
  }

  /// - north, amber, age 3: ELKLAN 6 (4 improved, 1 unchanged, 1 worse);
  ///   others 8 (2 improved, 5 unchanged, 1 worse), one of whom took Toddle Talk.
  /// - north, red, age 2: ELKLAN 2 (1 improved, 1 unchanged); others 10 unchanged.
  /// - south, amber, age 3: ELKLAN 5 (3 improved, 2 unchanged); others 3 improved.
  /// - south, red, age 4: ELKLAN 5 (2 improved, 3 unchanged); others 5 (1 improved, 4 unchanged:
  ///   red cannot fall further).
  /// - south, green, age 4: no taker; 7 others unchanged.
  static let movements: [ImpactMovement] =
    moves(4, "na-ti", hub: "north", age: "age 3", .amber, .green, took: ["elklan"])
    + moves(1, "na-tu", hub: "north", age: "age 3", .amber, .amber, took: ["elklan"])
    + moves(1, "na-tw", hub: "north", age: "age 3", .amber, .red, took: ["elklan"])
    + moves(2, "na-oi", hub: "north", age: "age 3", .amber, .green)
    + moves(4, "na-ou", hub: "north", age: "age 3", .amber, .amber)
    + moves(1, "na-tt", hub: "north", age: "age 3", .amber, .amber, took: ["toddle-talk"])
    + moves(1, "na-ow", hub: "north", age: "age 3", .amber, .red)
    + moves(1, "nr-ti", hub: "north", age: "age 2", .red, .amber, took: ["elklan"])
    + moves(1, "nr-tu", hub: "north", age: "age 2", .red, .red, took: ["elklan"])
    + moves(10, "nr-ou", hub: "north", age: "age 2", .red, .red)
    + moves(3, "sa-ti", hub: "south", age: "age 3", .amber, .green, took: ["elklan"])
    + moves(2, "sa-tu", hub: "south", age: "age 3", .amber, .amber, took: ["elklan"])
    + moves(3, "sa-oi", hub: "south", age: "age 3", .amber, .green)
    + moves(2, "sr-ti", hub: "south", age: "age 4", .red, .amber, took: ["elklan"])
    + moves(3, "sr-tu", hub: "south", age: "age 4", .red, .red, took: ["elklan"])
    + moves(1, "sr-oi", hub: "south", age: "age 4", .red, .green)
    + moves(3, "sr-ou", hub: "south", age: "age 4", .red, .red)
    + moves(1, "sr-ow", hub: "south", age: "age 4", .red, .red)
    + moves(7, "sg-ou", hub: "south", age: "age 4", .green, .green)

  static func compare() -> [ApproachImpact] {
    ImpactComparison.compare(
      movements, approaches: [elklan, toddleTalk, chatter], minimumGroup: 5)
  }

  func counts(_ c: MovementCounts) -> [Int] { [c.children, c.improved, c.unchanged, c.worse] }

  @Test("one result per approach, in the configuration's order")
  func order() {
    #expect(Self.compare().map(\.approach.id) == ["elklan", "toddle-talk", "chatter-matters"])
  }

  @Test("each group with a taker is listed with its counts, by hub, band and age")
  func groups() throws {
    let elklan = Self.compare()[0]
    #expect(
      elklan.groups.map { "\($0.hubID) \($0.startBand.rawValue) \($0.ageBand)" } == [
        "north amber age 3", "north red age 2", "south amber age 3", "south red age 4",
      ])
    #expect(
      elklan.groups.map { counts($0.takers) } == [[6, 4, 1, 1], [2, 1, 1, 0], [5, 3, 2, 0], [5, 2, 3, 0]])
    // A child who took Toddle Talk and not ELKLAN is one of ELKLAN's comparison children.
    #expect(
      elklan.groups.map { counts($0.comparison) } == [
        [8, 2, 5, 1], [10, 0, 10, 0], [3, 3, 0, 0], [5, 1, 4, 0],
      ])
    #expect(elklan.groups[0].comparison.childIDs.contains("na-tt-1"))
  }

  @Test("a group large enough on both sides gives both rates")
  func groupRates() {
    let elklan = Self.compare()[0]
    #expect(elklan.groups[0].rates == .rates(takers: 4.0 / 6, comparison: 2.0 / 8))
    #expect(elklan.groups[3].rates == .rates(takers: 2.0 / 5, comparison: 1.0 / 5))
  }

  @Test("a group too small on either side says so instead of giving a rate")
  func tooSmallGroups() throws {
    let elklan = Self.compare()[0]
    #expect(
      elklan.groups[1].rates
        == .tooSmall(
          "Too few to compare: 2 children took part in ELKLAN and 10 children did not (red at the start, age 2, hub north); each side needs at least 5."
        ))
    guard case .tooSmall(let why) = elklan.groups[2].rates else {
      Issue.record("a comparison group of 3 gave a rate")
      return
    }
    #expect(why.contains("5 children took part in ELKLAN and 3 children did not"))
  }

  @Test("the totals count every child and weight the comparison by the takers in each compared group")
  func totals() {
    let elklan = Self.compare()[0]
    #expect(counts(elklan.takers) == [18, 10, 7, 1])
    #expect(counts(elklan.comparison) == [26, 6, 19, 1])
    #expect(counts(elklan.comparedTakers) == [11, 6, 4, 1])
    #expect(counts(elklan.comparedComparison) == [13, 3, 9, 1])
    // Takers 6 of 11 improved; had they moved as their groups' others did:
    // (6 × 2/8 + 5 × 1/5) / 11 = 2.5 / 11.
    guard case .rates(let takers, let comparison) = elklan.rates else {
      Issue.record("no total rate for ELKLAN")
      return
    }
    #expect(abs(takers - 6.0 / 11) < 1e-12)
    #expect(abs(comparison - 2.5 / 11) < 1e-12)
  }

  @Test("the records behind a figure are the children counted")
  func recordsBehind() {
    let elklan = Self.compare()[0]
    #expect(
      elklan.groups[0].takers.childIDs == ["na-ti-1", "na-ti-2", "na-ti-3", "na-ti-4", "na-tu-1", "na-tw-1"])
    #expect(elklan.takers.childIDs.count == 18)
    #expect(Set(elklan.takers.childIDs).isDisjoint(with: elklan.comparison.childIDs))
  }

  @Test("an approach whose every group is too small says so in its totals")
  func allTooSmall() {
    let toddle = Self.compare()[1]
    #expect(toddle.groups.count == 1)
    #expect(counts(toddle.takers) == [1, 0, 1, 0])
    #expect(counts(toddle.comparison) == [13, 6, 5, 2])
    #expect(
      toddle.rates
        == .tooSmall(
          "No group of similar children is large enough to compare: each needs at least 5 children who took part in Toddle Talk and 5 who did not."
        ))
  }

  @Test("an approach nobody took part in says so")
  func nobody() {
    let chatter = Self.compare()[2]
    #expect(chatter.groups.isEmpty && chatter.takers.children == 0)
    #expect(chatter.rates == .tooSmall("No child took part in Chatter Matters in these terms."))
  }

  @Test("a smaller minimum lets a small group be compared")
  func minimum() {
    let elklan = ImpactComparison.compare(Self.movements, approaches: [Self.elklan], minimumGroup: 2)[0]
    #expect(elklan.groups[1].rates == .rates(takers: 1.0 / 2, comparison: 0))
  }

  @Test("movement is judged by band: nearer green is improved")
  func direction() {
    let m = Self.moves(1, "x", hub: "h", age: "age 3", .red, .green)[0]
    #expect(m.direction == .improved)
    var worse = m
    worse.startBand = .green
    worse.endBand = .amber
    #expect(worse.direction == .worse)
  }

  @Test("age bands are whole years at the start of the term")
  func ageBands() {
    let dob = LocalDate("2023-09-10")!
    #expect(ImpactMovement.ageBand(dateOfBirth: dob, on: LocalDate("2025-09-09")!) == "under 2")
    #expect(ImpactMovement.ageBand(dateOfBirth: dob, on: LocalDate("2025-09-10")!) == "age 2")
    #expect(ImpactMovement.ageBand(dateOfBirth: dob, on: LocalDate("2027-09-10")!) == "age 4")
    #expect(ImpactMovement.ageBand(dateOfBirth: dob, on: LocalDate("2028-09-10")!) == "5 and over")
  }
}
