import Foundation
import Testing

/// `startwell report` as a real process, on a demo store.
@Suite("startwell report")
struct ReportCLITests {
  @Test("CSV to a file with a BOM, its export audited; text, CSV and JSON agree; bad input refused")
  func reportEndToEnd() throws {
    let s = try Sandbox()
    try s.ok(["demo", "--families", "60", "--seed", "3", "--quiet"], as: "admin")
    let range = ["report", "--from", "2025-01-01", "--to", "2026-12-31"]
    let file = s.root.appendingPathComponent("report.csv")
    try s.ok(range + ["--format", "csv", "--bom", "--output", file.path], as: "supervisor1")
    let bytes = try Data(contentsOf: file)
    #expect(bytes.prefix(3) == Data([0xEF, 0xBB, 0xBF]))
    let csv = String(decoding: bytes.dropFirst(3), as: UTF8.self)
    #expect(csv.hasPrefix("from,to,scope,section,metric,"))
    #expect(csv.contains("\r\n"))
    #expect(try s.sqlite("SELECT COUNT(*) FROM audit WHERE action = 'export'") == "1")

    // The contacts' total is the same in each format (on screen the figure is whole).
    let json = try s.ok(range + ["--format", "json"], as: "supervisor1").jsonObject()
    let sections = try #require(json["sections"] as? [[String: Any]])
    let metrics = sections.flatMap { ($0["metrics"] as? [[String: Any]]) ?? [] }
    let contacts = try #require(metrics.first { $0["id"] as? String == "throughput.contacts-by-type" })
    let count = try #require((contacts["figure"] as? [String: Any])?["count"] as? Int)
    let text = try s.ok(range, as: "supervisor1").stdout
    #expect(text.contains("[throughput.contacts-by-type]: \(count) ("))
    #expect(csv.contains(",throughput.contacts-by-type,Contacts by type,,,,\(count),"))

    // An approach's impact is a metric of the report, its records listed like any other's.
    let impact = try s.ok(range + ["--explain", "impact.elklan"], as: "supervisor1").stdout
    #expect(impact.hasPrefix("ELKLAN [impact.elklan]: "))
    #expect(text.contains("[impact.elklan]: ") && !text.contains("not part of this build"))

    let refusals: [([String], String)] = [
      (["report", "--from", "2025-13-01", "--to", "2025-12-31"], "--from must be a date"),
      (["report", "--from", "2025-12-31", "--to", "2025-01-01"], "is after --to"),
      (range + ["--explain", "nothing.here"], "is not a metric"),
      (range + ["--explain", "impact.makaton"], "'impact.makaton' is not a metric"),
      (range + ["--hub", "atlantis"], "'atlantis' is not a hub"),
      (range + ["--hub", "south"], "outside supervisor1's hubs"),
    ]
    for (args, message) in refusals {
      let result = try s.run(args, as: "supervisor1")
      #expect(!result.ok && result.stderr.hasPrefix("error: ") && result.stderr.contains(message), "\(args)")
    }
  }
}
