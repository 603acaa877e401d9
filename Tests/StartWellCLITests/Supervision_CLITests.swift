import Foundation
import Testing

/// `startwell supervision` and its lists as a real process.
@Suite("startwell supervision")
struct SupervisionCLITests {
  @Test("the summary, caseload, reviews, overdue and queue print tables and JSON")
  func listsAndJSON() throws {
    let book = try Casebook()
    let s = book.sandbox
    try s.sqlite(
      "UPDATE cases SET next_review = '2020-01-01'; "
        + "UPDATE family SET case_next_review = '2020-01-01' WHERE case_id IS NOT NULL")
    let summary = try s.ok(["supervision", "--json"], as: "supervisor1").jsonObject()
    #expect(summary["openCases"] as? Int == 1)
    #expect(summary["reviewsOverdue"] as? Int == 1)
    #expect(summary["childrenInNet"] as? Int == 1)
    #expect(summary["unmarkedNetRows"] as? Int == 1)
    #expect(try s.ok(["supervision"], as: "supervisor1").stdout.contains("reviews overdue"))

    let loads = try s.ok(["supervision", "caseload", "--json"], as: "supervisor1").jsonArray()
    #expect(loads.count == 1)
    #expect(loads.first?["lead"] as? String == "practitioner1")
    #expect(loads.first?["open"] as? Int == 1)
    #expect(try s.ok(["supervision", "caseload"], as: "supervisor1").stdout.contains("practitioner1"))

    let reviews = try s.ok(["supervision", "reviews", "--json"], as: "supervisor1").jsonArray()
    #expect(reviews.first?["family"] as? String == book.family)
    #expect(reviews.first?["overdue"] as? Bool == true)

    #expect(try s.ok(["supervision", "overdue", "--json"], as: "supervisor1").jsonArray().isEmpty)
    #expect(try s.ok(["supervision", "queue"], as: "supervisor1").stdout.contains("No escalations"))
  }

  @Test("a practitioner and bad input are refused, naming the field")
  func refusals() throws {
    let book = try Casebook()
    let s = book.sandbox
    let practitioner = try s.run(["supervision"], as: "practitioner1")
    #expect(!practitioner.ok && practitioner.stderr.contains("supervise caseloads"))
    let hub = try s.run(["supervision", "caseload", "--hub", "atlantis"], as: "supervisor1")
    #expect(!hub.ok && hub.stderr.contains("hub: 'atlantis' is not a hub"))
    let due = try s.run(["supervision", "reviews", "--due-within", "-3"], as: "supervisor1")
    #expect(!due.ok && due.stderr.contains("due-within"))
    let owner = try s.run(["supervision", "overdue", "--owner", "nobody"], as: "supervisor1")
    #expect(!owner.ok && owner.stderr.contains("owner: no user named 'nobody'"))
  }
}
