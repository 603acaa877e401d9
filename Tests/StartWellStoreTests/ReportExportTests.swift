import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore

/// The formats, `--explain`, small numbers and scope on the demo store.
@Suite("Report: formats, explain, small numbers, scope")
struct ReportExportTests {
  var report: MetricsReport { ReportCountTests.report }

  /// A CSV as rows of cells (RFC 4180: quoted cells, doubled quotes, CRLF).
  static func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var cell = ""
    var quoted = false
    var chars = Array(text)
    var i = 0
    while i < chars.count {
      let c = chars[i]
      if quoted {
        if c == "\"" {
          if i + 1 < chars.count && chars[i + 1] == "\"" {
            cell.append("\"")
            i += 1
          } else {
            quoted = false
          }
        } else {
          cell.append(c)
        }
      } else if c == "\"" {
        quoted = true
      } else if c == "," {
        row.append(cell)
        cell = ""
      } else if c == "\r\n" || c == "\n" {
        row.append(cell)
        rows.append(row)
        row = []
        cell = ""
      } else {
        cell.append(c)
      }
      i += 1
    }
    chars = []
    return rows
  }

  /// Each figure as the cells every format must agree on.
  static func cells(_ f: Figure) -> [String?] {
    [
      f.count.map(String.init), f.numerator.map(String.init), f.denominator.map(String.init),
      f.percent.map(String.init), FigureText.number(f.median), FigureText.number(f.p90),
    ]
  }

  @Test("text, CSV and JSON give identical figures", arguments: [false, true])
  func formatsAgree(suppressed: Bool) throws {
    let shown = suppressed ? report.suppressingSmallNumbers() : report
    let decoded = try JSONDecoder().decode(MetricsReport.self, from: try ReportJSON.encode(shown))
    let csv = Self.parseCSV(ReportCSV.render(shown).text)
    let header = try #require(csv.first)
    #expect(header == ReportCSV.header)
    func column(_ row: [String], _ name: String) -> String? {
      let value = row[header.firstIndex(of: name)!]
      return value.isEmpty || value == FigureText.suppressed ? nil : value
    }
    let text = ReportText.render(shown, suppressed: suppressed)
    var csvRows = csv.dropFirst().filter { $0[4] != "impact" }.makeIterator()
    for metric in shown.metrics {
      let other = try #require(decoded.metric(metric.id))
      #expect(other.figure == metric.figure, "JSON \(metric.id)")
      #expect(other.breakdown == metric.breakdown, "JSON \(metric.id)")
      #expect(text.contains("[\(metric.id)]: \(FigureText.summary(metric.figure))"), "text \(metric.id)")
      for figure in [metric.figure] + metric.breakdown.map(\.figure) {
        let next = csvRows.next()
        let row = try #require(next)
        #expect(row[4] == metric.id)
        let fromCSV = ["count", "numerator", "denominator", "percent", "median", "p90"].map {
          column(row, $0)
        }
        #expect(fromCSV == Self.cells(figure), "CSV \(metric.id) \(row[7])")
      }
      for row in metric.breakdown {
        #expect(text.contains(FigureText.summary(row.figure)), "text \(metric.id) \(row.key)")
      }
    }
    let rest = csvRows.next()
    #expect(rest == nil)
  }

  @Test("CSV cells that a spreadsheet would run are neutralised, and quoting follows RFC 4180")
  func csvSafety() {
    #expect(
      CSVWriter.cell("=HYPERLINK(\"http://x\",\"click\")")
        == "\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\"")
    #expect(CSVWriter.cell("+44 summary") == "'+44 summary")
    #expect(CSVWriter.cell("-1") == "'-1")
    #expect(CSVWriter.cell("@SUM(A1)") == "'@SUM(A1)")
    #expect(CSVWriter.cell("\tlead") == "'\tlead")
    #expect(CSVWriter.cell("\rlead") == "\"'\rlead\"")
    #expect(CSVWriter.cell("a, b") == "\"a, b\"")
    #expect(CSVWriter.cell("plain") == "plain")
    var csv = CSVWriter(header: ["name", "summary"])
    csv.row(["=HYPERLINK(\"x\")", "+ten"])
    #expect(csv.text == "name,summary\r\n\"'=HYPERLINK(\"\"x\"\")\",'+ten\r\n")
    #expect(csv.data(bom: true).prefix(3) == Data([0xEF, 0xBB, 0xBF]))
    #expect(csv.data(bom: false).first == UInt8(ascii: "n"))
  }

  @Test("a family named =HYPERLINK(...) and a summary starting + never reach a CSV as a formula")
  func hostileNames() throws {
    let f = try StoreFixture()
    let family = try f.family(name: "=HYPERLINK(\"http://evil\",\"x\")")
    _ = try f.store.logContact(
      familyID: family.meta.id,
      ContactDraft(type: "phone", at: StoreFixture.fixedNow.addingTimeInterval(-3_600), summary: "+SUM(1,2)"),
      as: f.practitioner)
    let request = ReportRequest(from: LocalDate("2026-03-01")!, to: LocalDate("2026-03-02")!)
    let report = try f.store.report(request, for: f.supervisor)
    let explained = try f.store.explainMetric(MetricCatalogue.contactsByType.id, request, for: f.supervisor)
    #expect(explained.records.count == 1)
    for text in [ReportCSV.render(report).text, ExplanationCSV.render(explained).text] {
      #expect(!text.contains("HYPERLINK") && !text.contains("SUM(1,2)"))
      for row in Self.parseCSV(text) {
        for cell in row {
          #expect(!(cell.first.map { CSVWriter.formulaStarts.contains($0) } ?? false), "\(cell)")
        }
      }
    }
  }

  // MARK: Explain

  func explain(_ id: String, as user: User? = nil) throws -> MetricExplanation {
    try ReportFixture.shared.store.explainMetric(
      id, ReportFixture.request, for: user ?? ReportFixture.shared.admin)
  }

  @Test("explain lists exactly the contacts counted (throughput)")
  func explainThroughput() throws {
    let ids = try ReportFixture.shared.store.read { db in
      try String.fetchSet(db, sql: "SELECT c.id \(ReportCountTests.contactsInRange)")
    }
    let e = try explain(MetricCatalogue.contactsByType.id)
    #expect(Set(e.records.map(\.id)) == ids && e.records.count == ids.count)
    #expect(e.records.allSatisfy { $0.entity == "contact" && $0.family?.hasPrefix("F-") == true })
  }

  @Test("explain lists exactly the escalations of the share, each marked (quality)")
  func explainQuality() throws {
    let e = try explain(MetricCatalogue.escalationsDecidedInTarget.id)
    let f = try #require(report.metric(MetricCatalogue.escalationsDecidedInTarget.id)).figure
    #expect(e.records.filter { $0.value == "yes" }.count == f.numerator)
    #expect(e.records.filter { $0.value != "not-counted" }.count == f.denominator)
    #expect(e.records.allSatisfy { $0.reference?.hasPrefix("E-") == true })
  }

  @Test("explain lists exactly the children of the movement (outcomes)")
  func explainOutcomes() throws {
    let e = try explain(MetricCatalogue.wellCommMovement.id)
    let m = try #require(report.metric(MetricCatalogue.wellCommMovement.id))
    #expect(e.records.count == m.figure.count)
    for row in m.breakdown { #expect(e.records.filter { $0.key == row.key }.count == row.figure.count) }
  }

  @Test("explain lists exactly the children in the net under each rule (safeguarding)")
  func explainSafeguarding() throws {
    let e = try explain(MetricCatalogue.netByRule.id)
    let net = try ReportFixture.shared.store.net(for: ReportFixture.people.everywhere)
    for rule in NetRule.all {
      let expected = Set(net.filter { $0.reasons.contains { $0.rule == rule.id } }.map(\.childID))
      #expect(Set(e.records.filter { $0.key == rule.id }.map(\.id)) == expected, "\(rule.id)")
    }
  }

  @Test(
    "the records behind domestic abuse figures are refused to a role that may not see those notifications")
  func notificationSight() throws {
    let id = MetricCatalogue.domesticAbuseNotifications.id
    #expect(throws: DomainError.self) { try explain(id, as: ReportFixture.people.practitioner) }
    #expect(try explain(id, as: ReportFixture.people.supervisor).records.count == 5)
  }

  @Test("an unknown metric is refused, naming the known ones")
  func unknownMetric() throws {
    #expect(throws: DomainError.self) { try explain("throughput.nothing") }
  }

  // MARK: Small numbers

  @Test("small numbers are blanked in exports and shown on screen")
  func suppression() throws {
    let small = report.metrics.flatMap { [$0.figure] + $0.breakdown.map(\.figure) }
      .filter { Figure.isSmall($0.count, below: 5) }
    #expect(!small.isEmpty, "the demo should have small figures")
    let exported = report.suppressingSmallNumbers()
    for figure in exported.metrics.flatMap({ [$0.figure] + $0.breakdown.map(\.figure) }) {
      for v in [figure.count, figure.numerator, figure.denominator, figure.children, figure.families] {
        #expect(!Figure.isSmall(v, below: 5))
      }
    }
    #expect(ReportCSV.render(exported).text.contains(FigureText.suppressed))
    let screen = ReportText.render(report, suppressed: false)
    #expect(!screen.contains(FigureText.suppressed))
    let twos = try #require(
      report.metric(MetricCatalogue.escalationsToSocialCare.id)?.breakdown.first { $0.key == "urgent" })
    #expect(Figure.isSmall(twos.figure.count, below: 5))
    #expect(screen.contains("Urgent     \(twos.figure.count!)"))
  }

  @Test("every export is in the audit, with no figures or names")
  func exportAudit() throws {
    let store = ReportFixture.shared.store
    let user = ReportFixture.people.supervisor
    let shown = try store.report(
      ReportRequest(from: ReportFixture.request.from, to: ReportFixture.request.to, hub: "north"), for: user)
    try store.recordReportExport(shown, format: "csv", as: user)
    let detail = try store.read { db in
      try String.fetchOne(
        db,
        sql: "SELECT detail FROM audit WHERE action = 'export' AND username = ? ORDER BY seq DESC LIMIT 1",
        arguments: [user.username])
    }
    #expect(detail == "metrics report 2025-03-16 to 2026-03-15, hub north, csv; figures under 5 suppressed")
  }

  // MARK: Scope

  @Test("each role sees its own hubs; an admin the partnership")
  func scopeByRole() throws {
    let config = StoreFixture.config
    let request = ReportFixture.request
    #expect(try ReportSight.scope(request, for: ReportFixture.shared.admin, config: config).hubs.count == 5)
    #expect(
      try ReportSight.scope(request, for: ReportFixture.people.supervisor, config: config).hubs == [
        "north", "south",
      ])
    #expect(
      try ReportSight.scope(request, for: ReportFixture.people.practitioner, config: config).hubs == ["north"]
    )
    let practitioner = try ReportFixture.shared.store.report(request, for: ReportFixture.people.practitioner)
    let north = try ReportFixture.shared.store.report(
      ReportRequest(from: request.from, to: request.to, hub: "north"), for: ReportFixture.shared.admin)
    #expect(practitioner.sections == north.sections)
  }

  @Test("an SDF's report counts that SDF's families only")
  func sdfScope() throws {
    let request = ReportRequest(
      from: ReportFixture.request.from, to: ReportFixture.request.to, sdf: "north-moorside")
    let report = try ReportFixture.shared.store.report(request, for: ReportFixture.people.practitioner)
    #expect(report.scope.kind == .sdf && report.scope.hubs == ["north"])
    let expected = try ReportFixture.count(
      """
      SELECT COUNT(*) FROM contact c JOIN family f ON f.id = c.family_id
      WHERE c.at >= \(ReportCountTests.start) AND c.at < \(ReportCountTests.end) AND c.deleted = 0 AND c.in_error = 0
        AND f.deleted = 0 AND f.sdf_id = 'north-moorside'
      """)
    #expect(expected > 0)
    #expect(report.metric(MetricCatalogue.contactsByType.id)?.figure.count == expected)
  }

  @Test("the impact section is in its place with one metric per configured approach")
  func impactPlace() {
    let section = report.section(.impact)
    #expect(report.sections.map(\.id) == ReportSectionID.allCases)
    #expect(section?.note == nil)
    let approaches = ReportFixture.shared.store.config.approaches
    #expect(!approaches.isEmpty)
    #expect(section?.metrics.map(\.id) == approaches.map { "impact.\($0.id)" })
    #expect(section?.metrics.allSatisfy { $0.section == .impact && $0.dimension == .group } == true)
  }

  @Test(
    "a hub outside sight, an unknown hub or SDF, and a range backwards are refused, naming the field",
    arguments: [
      (ReportRequest(from: LocalDate("2025-01-01")!, to: LocalDate("2025-12-31")!, hub: "south"), "hub"),
      (
        ReportRequest(from: LocalDate("2025-01-01")!, to: LocalDate("2025-12-31")!, sdf: "south-riverside"),
        "sdf"
      ),
      (ReportRequest(from: LocalDate("2025-01-01")!, to: LocalDate("2025-12-31")!, hub: "atlantis"), "hub"),
      (ReportRequest(from: LocalDate("2025-01-01")!, to: LocalDate("2025-12-31")!, sdf: "atlantis-1"), "sdf"),
      (ReportRequest(from: LocalDate("2025-12-31")!, to: LocalDate("2025-01-01")!), "from"),
    ])
  func refused(request: ReportRequest, field: String) throws {
    do {
      _ = try ReportFixture.shared.store.report(request, for: ReportFixture.people.practitioner)
      Issue.record("expected a refusal")
    } catch let DomainError.invalid(issues) {
      #expect(issues.map(\.field) == [field])
    }
  }
}
