import Foundation
import Testing

/// `startwell net mark` and `net assign` as a real process.
@Suite("startwell net mark and assign")
struct NetMarksCLITests {
  /// The casebook's family with its review passed: its child is in the net under review-overdue.
  private func inTheNet() throws -> Casebook {
    let book = try Casebook()
    try book.sandbox.sqlite(
      "UPDATE cases SET next_review = '2020-01-01'; "
        + "UPDATE family SET case_next_review = '2020-01-01' WHERE case_id IS NOT NULL")
    return book
  }

  @Test("a mark shows in the table and the JSON; an assignment replaces it")
  func markAndAssign() throws {
    let book = try inTheNet()
    let s = book.sandbox
    let marked = try s.ok(
      ["net", "mark", book.child, "--rule", "review-overdue", "--note", "Review booked for Monday"],
      as: "supervisor1")
    #expect(marked.stdout.contains("seen by supervisor1 on "))
    let table = try s.ok(["net"], as: "supervisor1")
    #expect(table.stdout.contains("(seen by supervisor1 on "))
    #expect(table.stdout.contains("Review booked for Monday"))
    let json = try s.ok(["net", "--json"], as: "supervisor1").jsonArray()
    let reasons = try #require(json.first?["reasons"] as? [[String: Any]])
    let mark = try #require(reasons.first?["mark"] as? [String: Any])
    #expect(mark["status"] as? String == "seen")
    #expect(mark["markedBy"] as? String == "supervisor1")
    #expect(mark["note"] as? String == "Review booked for Monday")
    #expect(mark["assignee"] is NSNull)

    try s.ok(
      ["net", "assign", book.child, "--rule", "review-overdue", "--to", "practitioner1"], as: "supervisor1")
    let assigned = try s.ok(["net", "--json"], as: "supervisor1").jsonArray()
    let now = try #require((assigned.first?["reasons"] as? [[String: Any]])?.first?["mark"] as? [String: Any])
    #expect(now["status"] as? String == "assigned")
    #expect(now["assignee"] as? String == "practitioner1")
    #expect(try s.ok(["net"], as: "supervisor1").stdout.contains("assigned to practitioner1"))
    #expect(
      try s.sqlite("SELECT COUNT(*) FROM net_mark").trimmingCharacters(in: .whitespacesAndNewlines) == "1")

    // The facts change (a new review date, still passed): the row shows unmarked.
    try s.sqlite(
      "UPDATE cases SET next_review = '2020-02-01'; "
        + "UPDATE family SET case_next_review = '2020-02-01' WHERE case_id IS NOT NULL")
    let moved = try s.ok(["net", "--json"], as: "supervisor1").jsonArray()
    #expect((moved.first?["reasons"] as? [[String: Any]])?.first?["mark"] is NSNull)
  }

  @Test(
    "a practitioner, bad input and a row not in the net are refused, naming the field; nothing is written")
  func refusals() throws {
    let book = try inTheNet()
    let s = book.sandbox
    let practitioner = try s.run(
      ["net", "mark", book.child, "--rule", "review-overdue", "--note", "Seen"], as: "practitioner1")
    #expect(!practitioner.ok)
    #expect(practitioner.stderr.contains("supervise caseloads"))
    let rule = try s.run(["net", "mark", book.child, "--rule", "bogus", "--note", "Seen"], as: "supervisor1")
    #expect(!rule.ok && rule.stderr.contains("rule: 'bogus' is not a net rule"))
    let note = try s.run(
      ["net", "mark", book.child, "--rule", "review-overdue", "--note", " "], as: "supervisor1")
    #expect(!note.ok && note.stderr.contains("note: is required"))
    let absent = try s.run(
      ["net", "mark", book.child, "--rule", "no-contact", "--note", "Seen"], as: "supervisor1")
    #expect(!absent.ok && absent.stderr.contains("rule: ") && absent.stderr.contains("not in the net"))
    let to = try s.run(
      ["net", "assign", book.child, "--rule", "review-overdue", "--to", "practitioner2"], as: "supervisor1")
    #expect(!to.ok && to.stderr.contains("to: practitioner2 is not a practitioner of hub north"))
    let child = try s.run(
      ["net", "mark", "P-NOSUCH00", "--rule", "review-overdue", "--note", "Seen"], as: "supervisor1")
    #expect(!child.ok && child.stderr.contains("child: no child with reference"))
    #expect(
      try s.sqlite("SELECT COUNT(*) FROM net_mark").trimmingCharacters(in: .whitespacesAndNewlines) == "0")
  }
}
