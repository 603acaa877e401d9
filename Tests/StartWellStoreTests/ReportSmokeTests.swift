import Foundation
import StartWellCore
import Testing

@testable import StartWellStore

@Suite("Report: smoke")
struct ReportSmokeTests {
  @Test func printsTheReport() throws {
    let (store, admin) = ReportFixture.shared
    let report = try store.report(ReportFixture.request, for: admin)
    print(ReportText.render(report, suppressed: false))
    #expect(report.metrics.count == MetricCatalogue.all.count)
  }
}
