import Foundation
import StartWellCore
import Testing

@Suite("Metrics: settings and small numbers")
struct MetricsModelTests {
  private func parse(_ metricsJSON: String) throws -> Configuration {
    var files = try realConfigFiles()
    files["metrics.json"] = Data(metricsJSON.utf8)
    return try ConfigurationParser.parse(files: files)
  }

  @Test("metrics.json gives the small number")
  func smallNumber() throws {
    #expect(try realConfig().metrics.smallNumber == 5)
    #expect(try parse(#"{"smallNumber": 10}"#).metrics.smallNumber == 10)
  }

  @Test(
    "a bad small number names the file and the key",
    arguments: [#"{"smallNumber": "five"}"#, #"{"smallNumber": 1}"#, #"{}"#, #"{"smallNumber": 2.5}"#])
  func badSmallNumber(json: String) throws {
    let error = #expect(throws: ConfigurationError.self) { try parse(json) }
    #expect(error?.file == "metrics.json")
    #expect(error?.key == "smallNumber")
  }

  @Test("a missing metrics.json is named")
  func missingFile() throws {
    var files = try realConfigFiles()
    files["metrics.json"] = nil
    let error = #expect(throws: ConfigurationError.self) { try ConfigurationParser.parse(files: files) }
    #expect(error?.file == "metrics.json")
  }

  @Test("every metric id is unique and names its section")
  func catalogue() {
    let ids = MetricCatalogue.all.map(\.id)
    #expect(Set(ids).count == ids.count)
    for d in MetricCatalogue.all { #expect(d.id.hasPrefix(d.section.rawValue + ".")) }
    // The impact metrics come from the configured approaches, one each.
    #expect(MetricCatalogue.section(.impact).isEmpty)
    let approach = Approach(id: "elklan", name: "ELKLAN")
    let impact = MetricCatalogue.impact(approach, minimumGroup: 5)
    #expect(impact.id == "impact.elklan" && impact.section == .impact)
    #expect(MetricCatalogue.definition("impact.elklan", approaches: [approach], minimumGroup: 5) == impact)
    #expect(MetricCatalogue.definition("impact.makaton", approaches: [approach], minimumGroup: 5) == nil)
  }

  @Test("small counts, shares and their remainders are blanked; nought and large ones kept")
  func suppression() {
    let f = Figure.count(3, families: 3).suppressingSmallNumbers(below: 5)
    #expect(f.count == nil && f.families == nil && f.suppressed)
    #expect(Figure.count(0).suppressingSmallNumbers(below: 5) == Figure.count(0))
    #expect(Figure.count(5).suppressingSmallNumbers(below: 5) == Figure.count(5))
    let smallPart = Figure.share(2, of: 40).suppressingSmallNumbers(below: 5)
    #expect(smallPart.numerator == nil && smallPart.denominator == 40 && smallPart.percent == nil)
    let smallRest = Figure.share(38, of: 40).suppressingSmallNumbers(below: 5)
    #expect(smallRest.numerator == nil && smallRest.suppressed)
    let smallWhole = Figure.share(0, of: 4).suppressingSmallNumbers(below: 5)
    #expect(smallWhole.numerator == nil && smallWhole.denominator == nil)
    let fewTimes = Figure(count: 4, median: 3, p90: 9, unit: .days).suppressingSmallNumbers(below: 5)
    #expect(fewTimes.median == nil && fewTimes.p90 == nil)
    #expect(Figure.share(20, of: 40).suppressingSmallNumbers(below: 5) == Figure.share(20, of: 40))
  }

  @Test("percentages round half up")
  func percent() {
    #expect(Figure.share(1, of: 8).percent == 13)
    #expect(Figure.share(1, of: 3).percent == 33)
    #expect(Figure.share(0, of: 0).percent == nil)
  }
}
