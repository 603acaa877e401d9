import Foundation
import Testing

@Suite("startwell demo")
struct DemoCLITests {
  @Test("the same seed gives the same families, and their surnames are searchable")
  func deterministicAndSearchable() throws {
    let a = try Sandbox()
    let b = try Sandbox()
    let loaded = try a.ok(["demo", "--families", "200", "--seed", "7", "--quiet"])
    try b.ok(["demo", "--families", "200", "--seed", "7", "--quiet"])
    for user in ["admin", "supervisor1", "lead1", "practitioner1", "practitioner2"] {
      #expect(loaded.stdout.contains(user), "demo output does not list \(user)")
    }
    #expect(loaded.stdout.contains("password: demo"))

    let search = ["family", "search", "--json", "--limit", "500", "--sort", "reference"]
    let first = try a.ok(search, as: "practitioner1")
    let second = try b.ok(search, as: "practitioner1")
    #expect(first.stdout == second.stdout)
    let rows = try first.jsonArray()
    #expect(!rows.isEmpty)

    let name = try #require(rows.first?["name"] as? String)
    let surname = try #require(name.split(whereSeparator: { $0 == " " || $0 == "/" }).first.map(String.init))
    let found = try a.ok(["family", "search", surname, "--json", "--limit", "500"], as: "practitioner1")
      .jsonArray()
    #expect(found.contains { $0["reference"] as? String == rows.first?["reference"] as? String })

    // A family in practitioner1's own hub, so no break-the-glass reason is needed.
    let reference = try #require(rows.first { $0["hub"] as? String == "north" }?["reference"] as? String)
    let show = try a.ok(["family", "show", reference, "--json"], as: "practitioner1").jsonObject()
    let chronology = try #require(show["chronology"] as? [[String: Any]])
    let times = chronology.compactMap { $0["at"] as? String }
    #expect(times == times.sorted())
    #expect(try a.ok(["audit", "verify"], as: "admin").stdout.hasPrefix("audit chain intact"))
  }

  @Test("demo data is never mixed into a store holding real records")
  func refusesRealStore() throws {
    let s = try Sandbox()
    try s.ok(["init"], as: "admin")
    let result = try s.run(["demo", "--families", "5"])
    #expect(result.status == 1)
    #expect(result.stderrLines.count == 1 && result.stderr.hasPrefix("error: "))
    #expect(try s.count("family") == 0)
  }
}
