import Foundation
import Testing

/// `startwell development` as a real process.
@Suite("startwell development")
struct DevelopmentCLITests {
  @Test("record, edit, list, journey and cohort")
  func recordAndRead() throws {
    let book = try Casebook()
    let s = book.sandbox
    try s.ok(
      [
        "development", "record", book.child, "--term", "2026-spring", "--wellcomm", "red", "--communication",
        "below", "--physical", "emerging", "--psed", "on-track", "--setting", "Little Acorns", "--on",
        "2026-02-01",
      ], as: "practitioner1")
    let recorded = try s.ok(
      [
        "development", "record", book.child, "--term", "2026-summer", "--wellcomm", "amber",
        "--communication",
        "emerging", "--physical", "on-track", "--psed", "on-track", "--on", "2026-05-01",
      ], as: "practitioner1")
    #expect(recorded.stdout.contains("Recorded 2026-summer"))
    // The same term again edits it: one record, the named field changed.
    try s.ok(
      ["development", "record", book.child, "--term", "2026-summer", "--notes", "Joining in at group"],
      as: "supervisor1")
    #expect(try s.count("development") == 2)
    let list = try s.ok(["development", "list", book.child, "--json"], as: "practitioner1").jsonArray()
    #expect(list.map { $0["term"] as? String } == ["2026-spring", "2026-summer"])
    #expect(list.last?["notes"] as? String == "Joining in at group")
    #expect(list.last?["wellcomm"] as? String == "amber")
    #expect(list.last?["literacy"] is NSNull)
    let text = try s.ok(["development", "list", book.child], as: "practitioner1").stdout
    #expect(text.contains("Little Acorns"))

    let journey = try s.ok(["development", "journey", book.child, "--json"], as: "practitioner1").jsonObject()
    let terms = try #require(journey["terms"] as? [[String: Any]])
    #expect(terms.prefix(2).map { $0["term"] as? String } == ["2026-spring", "2026-summer"])
    #expect((terms.first?["record"] as? [String: Any])?["wellcomm"] as? String == "red")
    #expect(
      try s.ok(["development", "journey", book.child], as: "practitioner1").stdout.contains("WELLCOMM"))

    let cohort = try s.ok(
      ["development", "cohort", "--hub", "north", "--term", "2026-summer"], as: "supervisor1")
    #expect(cohort.stdout.contains("1 children recorded"))
    #expect(cohort.stdout.contains("█"))
    #expect(cohort.stdout.contains("FROM \\ TO"))
    let json = try s.ok(
      ["development", "cohort", "--hub", "north", "--term", "2026-summer", "--json"], as: "supervisor1"
    ).jsonObject()
    let moves = try #require(json["transitions"] as? [[String: Any]])
    #expect(
      moves.first { $0["from"] as? String == "red" && $0["to"] as? String == "amber" }?["count"] as? Int == 1)
    #expect(json["recordedInBoth"] as? Int == 1)
  }

  @Test("bad input names the field and writes nothing")
  func refusals() throws {
    let book = try Casebook()
    let s = book.sandbox
    let full = [
      "--wellcomm", "green", "--communication", "on-track", "--physical", "on-track", "--psed", "on-track",
    ]
    let cases: [([String], String, String)] = [
      (
        ["development", "record", book.child, "--term", "2026-spring", "--wellcomm", "purple"],
        "practitioner1", "wellcomm: 'purple'"
      ),
      (
        ["development", "record", book.child, "--term", "2026-winter"] + full, "practitioner1",
        "term: '2026-winter'"
      ),
      (
        ["development", "record", book.child, "--term", "2026-spring", "--literacy", "on-track"] + full,
        "practitioner1", "literacy: is rated only in the reception year"
      ),
      (["development", "record", book.mother, "--term", "2026-spring"] + full, "practitioner1", "person: "),
      (["development", "record", book.child, "--term", "2026-spring"] + full, "practitioner2", "hub north"),
    ]
    for (args, user, message) in cases {
      let result = try s.run(args, as: user)
      #expect(!result.ok, "\(args)")
      #expect(result.stderr.contains(message), "\(result.stderr)")
    }
    #expect(try s.count("development") == 0)
  }
}
