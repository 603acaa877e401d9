import Foundation
import StartWellCore
import Testing

/// A report made by hand: a label with markup characters, a share, waiting
/// times, a trend over four terms, small counts, and the impact note.
enum SampleReport {
  static let awkwardLabel = "Home <visit> & \"chat\" 'n' =1"

  static func make() -> MetricsReport {
    let c = MetricCatalogue.self
    let throughput = ReportSection(
      id: .throughput,
      metrics: [
        Metric(definition: c.newCases, figure: .count(42, families: 40)),
        Metric(
          definition: c.contactsByType, figure: .count(310), dimension: .type,
          breakdown: [
            BreakdownRow(key: "home-visit", label: awkwardLabel, figure: .count(200)),
            BreakdownRow(key: "phone", label: "Phone call", figure: .count(107)),
            BreakdownRow(key: "group", label: "Group session", figure: .count(3)),
          ]),
      ])
    let quality = ReportSection(
      id: .quality,
      metrics: [
        Metric(definition: c.followUpsOnTime, figure: .share(31, of: 40)),
        Metric(
          definition: c.referralWaiting,
          figure: Figure(shape: .duration, count: 17, median: 12, p90: 30.5, unit: .days),
          dimension: .service,
          breakdown: [
            BreakdownRow(
              key: "slt", label: "Speech and language",
              figure: Figure(shape: .duration, count: 12, median: 14, p90: 31, unit: .days)),
            BreakdownRow(
              key: "health-visiting", label: "Health visiting",
              figure: Figure(shape: .duration, count: 5, median: 6, p90: 9, unit: .days)),
          ]),
      ])
    let outcomes = ReportSection(
      id: .outcomes,
      metrics: [
        Metric(
          definition: c.wellCommMovement, figure: .share(27, of: 60, children: 60), dimension: nil,
          breakdown: [
            BreakdownRow(key: "2025-spring", label: "2025-spring", figure: .share(10, of: 20)),
            BreakdownRow(key: "2024-autumn", label: "2024-autumn", figure: .share(6, of: 20)),
            BreakdownRow(key: "2025-summer", label: "2025-summer", figure: .share(11, of: 20)),
            BreakdownRow(key: "2025-autumn", label: "2025-autumn", figure: .share(15, of: 20)),
          ]),
        Metric(definition: c.fatherFamilies, figure: .share(19, of: 80, families: 80)),
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
      from: LocalDate("2025-09-01")!, to: LocalDate("2025-12-19")!,
      scope: ReportScope(kind: .hub, id: "north", hubs: ["north"], label: "hub <north> & co"),
      asOf: LocalDate("2025-12-20")!, smallNumber: 5,
      sections: [throughput, quality, outcomes, impact, safeguarding])
  }
}

@Suite("Metrics report: HTML")
struct ReportHTMLTests {
  let html = ReportHTML.render(SampleReport.make())

  @Test("no script, no external resource, and the page forbids both")
  func selfContained() {
    #expect(!html.lowercased().contains("<script"))
    #expect(!html.contains("src="))
    #expect(!html.contains("<link"))
    #expect(!html.contains("url("))
    #expect(!html.contains("@import"))
    #expect(html.contains("Content-Security-Policy\" content=\"default-src 'none'"))
    // The SVG namespace is an identifier, not something fetched: it is the only address on the page.
    let addresses = html.components(separatedBy: "://").count - 1
    #expect(addresses == html.components(separatedBy: "http://www.w3.org/2000/svg").count - 1)
  }

  @Test("labels and the scope are escaped wherever they appear")
  func escaping() {
    #expect(!html.contains(SampleReport.awkwardLabel))
    #expect(!html.contains("<visit>"))
    #expect(!html.contains("<north>"))
    #expect(html.contains("Home &lt;visit&gt; &amp; &quot;chat&quot; &#39;n&#39; =1"))
    #expect(html.contains("hub &lt;north&gt; &amp; co"))
    #expect(ReportHTML.escape("a\u{1B}[31mb") == "a\\u{1b}[31mb")
  }

  @Test("every figure has its rule; shares use the model's rounding")
  func figuresAndRules() {
    for metric in SampleReport.make().metrics {
      #expect(html.contains(ReportHTML.escape(metric.rule)), "rule of \(metric.id)")
      #expect(html.contains("id=\"\(metric.id)\""))
    }
    #expect(html.contains("<p class=\"figure\">78% (31 of 40)</p>"))
    #expect(html.contains("median 12, 90th percentile 30.5 days (17 measured)"))
    #expect(html.contains("<p class=\"figure\">42 (40 families)</p>"))
    for metric in SampleReport.make().suppressingSmallNumbers().metrics {
      #expect(html.contains(ReportHTML.escape(FigureText.summary(metric.figure))), "figure of \(metric.id)")
      for row in metric.breakdown {
        let cell = "<td>\(ReportHTML.escape(FigureText.summary(row.figure)))</td>"
        #expect(html.contains(cell), "row \(row.key) of \(metric.id)")
      }
    }
    #expect(html.contains("<td>too small to compare</td>"))
    #expect(!html.contains("pending"))
  }

  @Test("small numbers are suppressed in the file")
  func suppressed() {
    #expect(!html.contains(">3<"))
    #expect(html.contains("Group session</th><td>[c]</td>"))
    #expect(html.contains("Review overdue</th><td>[c]</td>"))
    // The page says what the mark means.
    #expect(html.contains("[c]: suppressed, from 1 to 4"))
  }

  @Test("a trend over terms is a sparkline in term order; breakdowns are bar charts")
  func charts() throws {
    #expect(html.components(separatedBy: "<svg class=\"sparkline\"").count == 2)
    #expect(html.components(separatedBy: "<svg class=\"bars\"").count == 6)
    let spark = try #require(
      html.range(of: "<svg class=\"sparkline\"").map { String(html[$0.lowerBound...]) })
    let title = try #require(spark.range(of: "<title>").map { String(spark[$0.upperBound...].prefix(200)) })
    #expect(title.contains("2024-autumn 30% (6 of 20); 2025-spring 50% (10 of 20); 2025-summer"))
  }
}
