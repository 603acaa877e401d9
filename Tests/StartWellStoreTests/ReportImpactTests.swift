import Foundation
import StartWellCore
import Testing

@testable import StartWellStore

/// The impact of approaches in the report, on a hand-made store (clock
/// 2026-03-02; autumn 2025 to spring 2026; small number 5). In north,
/// amber at age 3: five took part in ELKLAN (three improved) and six
/// similar children did not (two improved). Red at age 2: one took part,
/// one did not, too few to compare. In south, one more took part, outside
/// a north practitioner's scope.
@Suite("Report: impact of approaches")
struct ReportImpactTests {
  struct Setup {
    let f: StoreFixture
    let takers: [Person]
    let southTaker: Person
  }

  static let request = ReportRequest(from: LocalDate("2025-09-01")!, to: LocalDate("2026-03-01")!)

  func setup() throws -> Setup {
    let h = ImpactStoreTests()
    let f = try StoreFixture()
    let north = try f.family(name: "North")
    let south = try f.family(name: "South", postcode: "LS7 1AA", hub: "south")
    func child(_ given: String, _ born: String, _ start: WellCommBand, _ end: WellCommBand) throws -> Person {
      let p = try h.person(f, north, given, born: born)
      try h.band(f, p, "2025-autumn", start)
      try h.band(f, p, "2026-spring", end)
      return p
    }
    var takers: [Person] = []
    for (i, end) in [WellCommBand.green, .green, .green, .amber, .amber].enumerated() {
      takers.append(try child("Taker\(i)", "2022-05-01", .amber, end))
    }
    var similar: [Person] = []
    for (i, end) in [WellCommBand.green, .green, .amber, .amber, .amber, .red].enumerated() {
      similar.append(try child("Similar\(i)", "2022-05-01", .amber, end))
    }
    takers.append(try child("Small", "2023-06-01", .red, .amber))
    _ = try child("SmallOther", "2023-06-01", .red, .red)
    let southTaker = try h.person(f, south, "Sol", born: "2022-05-01")
    try h.band(f, southTaker, "2025-autumn", .amber, south: true)
    try h.band(f, southTaker, "2026-spring", .green, south: true)
    try h.session(f, north, on: "2025-10-10", approach: "elklan", present: takers)
    // A session of another approach for the similar children: not ELKLAN.
    try h.session(f, north, on: "2025-10-11", approach: "toddle-talk", present: [similar[0]])
    try h.session(f, south, on: "2025-10-10", approach: "elklan", present: [southTaker])
    return Setup(f: f, takers: takers, southTaker: southTaker)
  }

  func elklan(_ s: Setup) throws -> Metric {
    let report = try s.f.store.report(Self.request, for: s.f.practitioner)
    return try #require(report.metric("impact.elklan"))
  }

  @Test func theTakersShareAndEachGroupsCountsAreExact() throws {
    let s = try setup()
    let m = try elklan(s)
    #expect(m.section == .impact && m.title == "ELKLAN" && m.dimension == .group)
    #expect(m.rule.contains("similar children who did not"))
    #expect(m.figure.numerator == 3 && m.figure.denominator == 5 && m.figure.percent == 60)
    #expect(m.figure.children == 6)
    #expect(
      m.breakdown.map(\.key) == [
        "north/amber/age 3/took-part", "north/amber/age 3/similar", "north/red/age 2/too-small",
      ])
    #expect(m.breakdown[0].label == "took part · amber, age 3, north")
    #expect(m.breakdown[0].figure.numerator == 3 && m.breakdown[0].figure.denominator == 5)
    #expect(m.breakdown[1].figure.numerator == 2 && m.breakdown[1].figure.denominator == 6)
    #expect(m.breakdown[1].figure.percent == 33)
    let small = m.breakdown[2].figure
    #expect(small.note == "too small to compare" && small.percent == nil && !small.hasNumbers)
  }

  @Test func anApproachNobodyTookPartInSaysSo() throws {
    let s = try setup()
    let report = try s.f.store.report(Self.request, for: s.f.practitioner)
    let m = try #require(report.metric("impact.keys-to-communication"))
    #expect(m.figure.note == ImpactMetrics.noTakers && m.figure.percent == nil && m.breakdown.isEmpty)
    // One similar child took part in Toddle Talk alone: too small to compare.
    let toddle = try #require(report.metric("impact.toddle-talk"))
    #expect(FigureText.summary(toddle.figure) == "no group large enough to compare (1 child)")
  }

  @Test func aTooSmallGroupSaysSoInTextCSVAndJSONWithoutARate() throws {
    let s = try setup()
    let report = try s.f.store.report(Self.request, for: s.f.practitioner)
    let text = ReportText.render(report, suppressed: false)
    #expect(text.contains("too small · red, age 2, north    too small to compare\n"))
    #expect(text.contains("took part · amber, age 3, north  60% (3 of 5)\n"))
    #expect(text.contains("similar · amber, age 3, north    33% (2 of 6)\n"))
    let exported = report.suppressingSmallNumbers()
    let csv = ReportCSV.render(exported).text
    let row = try #require(csv.split(separator: "\r\n").first { $0.contains("north/red/age 2/too-small") })
    let cells = Self.cells(String(row))
    let column = { (name: String) in cells[ReportCSV.header.firstIndex(of: name)!] }
    #expect(column("percent") == "" && column("numerator") == "" && column("denominator") == "")
    #expect(column("note") == "too small to compare" && column("suppressed") == "no")
    let json = try JSONSerialization.jsonObject(with: try ReportJSON.encode(exported)) as? [String: Any]
    let sections = try #require(json?["sections"] as? [[String: Any]])
    let impact = try #require(sections.first { $0["id"] as? String == "impact" })
    let metric = try #require(
      (impact["metrics"] as? [[String: Any]])?.first { $0["id"] as? String == "impact.elklan" })
    let rows = try #require(metric["breakdown"] as? [[String: Any]])
    let figure = try #require(rows.last?["figure"] as? [String: Any])
    #expect(figure["note"] as? String == "too small to compare")
    #expect(figure["percent"] is NSNull && figure["numerator"] is NSNull)
  }

  /// One CSV line's cells, quotes undone (the labels hold commas).
  static func cells(_ line: String) -> [String] {
    var cells: [String] = []
    var cell = ""
    var quoted = false
    var previous: Character?
    for c in line {
      if c == "\"" {
        if quoted, previous == "\"" { cell.append(c) }
        quoted.toggle()
      } else if c == ",", !quoted {
        cells.append(cell)
        cell = ""
      } else {
        cell.append(c)
      }
      previous = c
    }
    return cells + [cell]
  }

  @Test func smallNumbersAreSuppressedInExportsLikeTheOtherFigures() throws {
    let s = try setup()
    let m = try #require(
      try s.f.store.report(Self.request, for: s.f.practitioner).suppressingSmallNumbers().metric(
        "impact.elklan"))
    // 3 of 5 and 2 of 6: the small parts are blanked, the group sizes kept.
    #expect(m.figure.suppressed && m.figure.numerator == nil && m.figure.denominator == 5)
    #expect(m.breakdown[1].figure.suppressed && m.breakdown[1].figure.numerator == nil)
    #expect(FigureText.summary(m.breakdown[0].figure) == "[c] ([c] of 5)")
  }

  @Test func explainListsExactlyTheTakersReferencesInScope() throws {
    let s = try setup()
    let e = try s.f.store.explainMetric("impact.elklan", Self.request, for: s.f.practitioner)
    #expect(e.metricID == "impact.elklan" && e.title == "ELKLAN")
    #expect(e.records.compactMap(\.reference).sorted() == s.takers.map(\.reference).sorted())
    #expect(
      e.records.allSatisfy {
        $0.entity == "person" && $0.hub == "north" && $0.family?.hasPrefix("F-") == true
      })
    #expect(e.records.filter { $0.value == "improved" }.count == 4)
    #expect(!e.records.contains { $0.reference == s.southTaker.reference })
    let all = try s.f.store.explainMetric("impact.elklan", Self.request, for: s.f.admin)
    #expect(all.records.count == 7 && all.records.contains { $0.reference == s.southTaker.reference })
    let csv = ExplanationCSV.render(e).text
    #expect(!csv.contains("Taker") && csv.contains(s.takers[0].reference))
  }

  @Test func anUnknownApproachIsRefusedNamingTheField() throws {
    let s = try setup()
    let error = #expect(throws: DomainError.self) {
      try s.f.store.explainMetric("impact.makaton", Self.request, for: s.f.practitioner)
    }
    #expect(error?.issues.map(\.field) == ["explain"])
    #expect(error?.issues.first?.message.contains("impact.elklan") == true)
  }
}
