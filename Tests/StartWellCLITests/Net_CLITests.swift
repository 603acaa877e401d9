import Foundation
import Testing

/// `startwell net` as a real process.
@Suite("startwell net")
struct NetCLITests {
  @Test("table and JSON name the child, the family, the lead and the rule's facts")
  func tableAndJSON() throws {
    let book = try Casebook()
    let s = book.sandbox
    let empty = try s.ok(["net"], as: "supervisor1")
    #expect(empty.stdout.contains("No children in the net."))

    try s.sqlite(
      "UPDATE cases SET next_review = '2020-01-01'; "
        + "UPDATE family SET case_next_review = '2020-01-01' WHERE case_id IS NOT NULL")
    let table = try s.ok(["net", "--hub", "north"], as: "supervisor1")
    let lines = table.stdout.split(separator: "\n")
    #expect(lines.count == 2)
    #expect(lines.first?.contains("REASONS") == true)
    let line = String(lines.last ?? "")
    #expect(line.contains(book.child) && line.contains(book.family) && line.contains("practitioner1"))
    // The reasons are printed whole, however long.
    #expect(line.contains("review-overdue: review due 2020-01-01, "))
    #expect(line.hasSuffix(" days overdue"))

    let json = try s.ok(["net", "--rule", "review-overdue", "--json"], as: "supervisor1").jsonArray()
    #expect(json.count == 1)
    let row = try #require(json.first)
    #expect(row["child"] as? String == book.child && row["family"] as? String == book.family)
    #expect((row["childId"] as? String)?.isEmpty == false && (row["familyId"] as? String)?.isEmpty == false)
    let reasons = try #require(row["reasons"] as? [[String: Any]])
    #expect(reasons.map { $0["rule"] as? String } == ["review-overdue"])
    #expect((reasons.first?["facts"] as? String)?.hasPrefix("review due 2020-01-01, ") == true)

    let other = try s.ok(["net", "--rule", "no-contact", "--json"], as: "supervisor1").jsonArray()
    #expect(other.isEmpty)
    let elsewhere = try s.ok(["net", "--json"], as: "practitioner2").jsonArray()
    #expect(elsewhere.isEmpty)
  }

  @Test("an unknown rule or hub is refused, naming it and the known ones")
  func badFilters() throws {
    let book = try Casebook()
    let s = book.sandbox
    let rule = try s.run(["net", "--rule", "bogus"], as: "supervisor1")
    #expect(!rule.ok)
    #expect(rule.stderr.contains("rule: 'bogus' is not a net rule; known: no-contact, referral-waiting"))
    let hub = try s.run(["net", "--hub", "atlantis"], as: "supervisor1")
    #expect(!hub.ok)
    #expect(hub.stderr.contains("hub: 'atlantis' is not a hub; known: north"))
  }
}
