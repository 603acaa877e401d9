import Foundation
import StartWellCore
import StartWellStore
import Synchronization
import TerminalUI
import Testing

@testable import StartWellApp

/// The report screen fed a report made by hand (the screen reads its report
/// through `ReportSource.maker`), at 80×24 and 120×40.
@Suite struct ReportSnapshotTests {
  enum Screen: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case report, scrolled = "report-scrolled", rule = "report-rule"
    case impactRule = "report-impact-rule"
    var testDescription: String { rawValue }
  }

  @Test(arguments: Screen.allCases, SnapshotTests.Size.allCases)
  func screen(_ screen: Screen, _ size: SnapshotTests.Size) throws {
    let fx = try Fixture()
    try ReportSource.$maker.withValue({ r, _ in Self.report(r) }) {
      let h = Harness(fx, as: fx.supervisor, size: size.size)
      h.press(.character("M"))
      switch screen {
      case .report: break
      // The last metric chosen: the list has scrolled to the end.
      case .scrolled: h.press(.character("G"))
      // The rule of the first metric, new cases, with its figure in each term of its trend.
      case .rule: h.press(.enter)
      // The rule of the impact of an approach, one above the last metric:
      // each group's rows in full, the one too small to compare saying so.
      case .impactRule:
        h.press(.character("G"))
        h.press(.up)
        h.press(.enter)
      }
      Snapshot.check(h.screen, named: "\(screen.rawValue)-\(size.rawValue)")
    }
  }

  @Test("M opens the report from each home screen, for the current term and the user's hubs")
  func opensFromHome() throws {
    let fx = try Fixture()
    let asked = Mutex<[ReportChoice]>([])
    try ReportSource.$maker.withValue({ r, _ in
      asked.withLock { $0.append(r) }
      return Self.report
    }) {
      let lead = try HuddleSnapshotTests.lead(fx)
      for user in [fx.practitioner, lead, fx.supervisor, fx.admin] {
        let h = Harness(fx, as: user)
        let home = h.state.route
        h.press(.character("M"))
        #expect(h.state.route == .report, "from \(home)")
        #expect(contains(h.screen, "Contacts by type"))
      }
    }
    // Fixture.now is 2025-03-14, in the spring term that began on 2025-01-06.
    let first = try #require(asked.withLock { $0.first })
    #expect(first == ReportChoice(from: LocalDate("2025-01-06")!, to: LocalDate("2025-03-14")!, hub: nil))
  }

  @Test("the keys change the range and the hub; Esc closes the rule before leaving")
  func keys() throws {
    let fx = try Fixture()
    let asked = Mutex<[ReportChoice]>([])
    try ReportSource.$maker.withValue({ r, _ in
      asked.withLock { $0.append(r) }
      return Self.report
    }) {
      let h = Harness(fx, as: fx.admin)
      h.press(.character("M"), .character("["), .character("m"), .character("h"))
      h.press(.enter)
      #expect(contains(h.screen, "Rule: Cases opened on a day in the range"))
      h.press(.escape)
      #expect(h.state.route == .report)
      #expect(!h.screen.contains("Rule: "))
      h.press(.escape)
      #expect(h.state.route != .report)
    }
    // A term's report comes with the five terms before it, oldest first, for the trends; the 12 months alone.
    let requests = asked.withLock { $0 }
    try #require(requests.count == 14)
    #expect(requests[1].from == LocalDate("2023-04-17"))
    #expect(requests[5].to == LocalDate("2024-12-20"))
    #expect(requests[6].from == LocalDate("2024-09-03"))
    #expect(
      requests[12] == ReportChoice(from: LocalDate("2024-03-15")!, to: LocalDate("2025-03-14")!, hub: nil))
    #expect(requests[13].hub == "north")
  }

  @Test("small numbers are shown whole on screen; monochrome draws no colour and reverses the choice")
  func wholeAndMonochrome() throws {
    let fx = try Fixture()
    try ReportSource.$maker.withValue({ r, _ in Self.report(r) }) {
      let h = Harness(store: fx.store, user: fx.supervisor, theme: .monochrome)
      h.press(.character("M"))
      let screen = h.screen
      #expect(contains(screen, "Group session"))
      #expect(!screen.contains(FigureText.suppressed))
      let grid = h.grid
      var reversed = false
      for row in 0..<grid.rows {
        for col in 0..<grid.cols {
          #expect(!grid[row, col].style.hasColor)
          if grid[row, col].style.reverse && row > 0 && row < grid.rows - 1 { reversed = true }
        }
      }
      #expect(reversed, "the selected metric is reversed")
    }
  }

  @Test("the client's report is the store's: the fixture's contacts, counted for the user's hub")
  func fromTheStore() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.supervisor)
    h.press(.character("M"))
    let r = h.state.screenState(ReportState.self)
    let shown = try #require(r.report)
    let expected = try fx.store.report(ReportRequest(from: shown.from, to: shown.to), for: fx.supervisor)
    #expect(shown == expected)
    #expect(shown.scope.hubs == ["north"])
    #expect(contains(h.screen, "Contacts by type"))
  }

  /// The report for a choice: each term its own number of new cases, so
  /// that trend has a shape.
  static func report(_ choice: ReportChoice) -> MetricsReport {
    var r = report
    let step = (choice.from.year - 2023) * 3 + choice.from.month / 4
    r.sections[0].metrics[0].figure = .count(20 + 4 * step, families: 20 + 4 * step)
    return r
  }

  /// A report for the north hub with every section, a trend over terms and
  /// small counts (shown whole here).
  static let report: MetricsReport = {
    let c = MetricCatalogue.self
    func terms(_ parts: [(String, Int, Int)]) -> [BreakdownRow] {
      parts.map { BreakdownRow(key: $0.0, label: $0.0, figure: .share($0.1, of: $0.2)) }
    }
    let throughput = ReportSection(
      id: .throughput,
      metrics: [
        Metric(definition: c.newCases, figure: .count(42, families: 42)),
        Metric(
          definition: c.contactsByType, figure: .count(310), dimension: .type,
          breakdown: [
            BreakdownRow(key: "home-visit", label: "Home visit", figure: .count(200)),
            BreakdownRow(key: "phone", label: "Phone call", figure: .count(107)),
            BreakdownRow(key: "group", label: "Group session", figure: .count(3)),
          ]),
        Metric(
          definition: c.referralsByService, figure: .count(61), dimension: .service,
          breakdown: [
            BreakdownRow(key: "slt", label: "Speech and language", figure: .count(34)),
            BreakdownRow(key: "hv", label: "Health visiting", figure: .count(27)),
          ]),
      ])
    let quality = ReportSection(
      id: .quality,
      metrics: [
        Metric(
          definition: c.followUpsOnTime, figure: .share(31, of: 40), dimension: nil,
          breakdown: terms([
            ("2024-spring", 20, 40), ("2024-summer", 24, 40), ("2024-autumn", 28, 40),
            ("2025-spring", 31, 40),
          ])),
        Metric(
          definition: c.referralWaiting,
          figure: Figure(shape: .duration, count: 17, median: 12, p90: 30.5, unit: .days),
          dimension: .service,
          breakdown: [
            BreakdownRow(
              key: "slt", label: "Speech and language",
              figure: Figure(shape: .duration, count: 12, median: 14, p90: 31, unit: .days)),
            BreakdownRow(
              key: "hv", label: "Health visiting",
              figure: Figure(shape: .duration, count: 5, median: 6, p90: 9, unit: .days)),
          ]),
      ])
    let outcomes = ReportSection(
      id: .outcomes,
      metrics: [
        Metric(
          definition: c.wellCommMovement, figure: .share(27, of: 60, children: 60), dimension: nil,
          breakdown: terms([
            ("2024-spring", 6, 20), ("2024-summer", 8, 20), ("2024-autumn", 10, 20), ("2025-spring", 15, 20),
          ])),
        Metric(
          definition: c.fatherFamilies, figure: .share(19, of: 80, families: 80), dimension: .hub,
          breakdown: [BreakdownRow(key: "north", label: "North", figure: .share(19, of: 80, families: 80))]),
      ])
    let impact = ReportSection(
      id: .impact,
      metrics: [
        Metric(
          definition: MetricCatalogue.impact(Approach(id: "elklan", name: "ELKLAN"), minimumGroup: 5),
          figure: Figure(shape: .share, numerator: 4, denominator: 6, unit: .children, children: 7),
          dimension: .group,
          breakdown: [
            BreakdownRow(
              key: "north/amber/age 3/took-part", label: "took part · amber, age 3, north",
              figure: Figure(shape: .share, numerator: 4, denominator: 6, unit: .children)),
            BreakdownRow(
              key: "north/amber/age 3/similar", label: "similar · amber, age 3, north",
              figure: Figure(shape: .share, numerator: 2, denominator: 8, unit: .children)),
            BreakdownRow(
              key: "north/red/age 2/too-small", label: "too small · red, age 2, north",
              figure: .noted(ImpactMetrics.tooSmall)),
          ])
      ])
    let safeguarding = ReportSection(
      id: .safeguarding,
      metrics: [
        Metric(
          definition: c.netByRule, figure: .count(23, children: 23), dimension: .rule,
          breakdown: [
            BreakdownRow(key: "no-contact", label: "No contact", figure: .count(20, children: 20)),
            BreakdownRow(key: "review-overdue", label: "Review overdue", figure: .count(3, children: 3)),
          ])
      ])
    return MetricsReport(
      from: LocalDate("2025-01-06")!, to: LocalDate("2025-03-14")!,
      scope: ReportScope(kind: .hub, id: "north", hubs: ["north"], label: "hub north"),
      asOf: LocalDate("2025-03-14")!, smallNumber: 5,
      sections: [throughput, quality, outcomes, impact, safeguarding])
  }()
}
