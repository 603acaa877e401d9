import Foundation
import Testing

/// The command line run as a real process against a private data folder.
@Suite("startwell casework commands")
struct CaseworkCLITests {
  @Test("contact, escalation and referral end to end, each step in the chronology and the audit")
  func endToEnd() throws {
    let book = try Casebook()
    let s = book.sandbox

    try s.ok(
      [
        "contact", "log", book.family, "--type", "home-visit", "--summary", "Mum worried about speech",
        "--notes", "Tobi has few words at 2", "--present", book.mother, book.child, "--significant",
        "--follow-up", todayUTC(addingDays: 14),
      ],
      as: "practitioner1")
    let raised = try s.ok(
      [
        "escalate", book.family, "--to", "early-help", "--reason", "Speech delay and low mood", "--urgency",
        "urgent",
        "--json",
      ],
      as: "practitioner1")
    let escalation = try #require(try raised.jsonObject()["reference"] as? String)

    let queue = try s.ok(["escalation", "list", "--json"], as: "supervisor1").jsonArray()
    #expect(
      queue.contains { $0["reference"] as? String == escalation && $0["status"] as? String == "raised" })

    try s.ok(["escalation", "ack", escalation], as: "supervisor1")
    try s.ok(["escalation", "accept", escalation, "--note", "Agreed: early help"], as: "supervisor1")

    let person = try s.ok(
      [
        "referral", "add", book.child, "--service", "slt", "--reason", "Few words at 2", "--consent",
        "--json",
      ],
      as: "practitioner1")
    let referral = try #require(try person.jsonObject()["reference"] as? String)
    for status in ["sent", "accepted", "seen"] {
      try s.ok(["referral", "update", referral, "--status", status], as: "practitioner1")
    }

    let detail = try s.ok(["family", "show", book.family, "--json"], as: "practitioner1").jsonObject()
    let caseInfo = try #require(detail["case"] as? [String: Any])
    #expect(caseInfo["level"] as? String == "early-help")

    let chronology = try #require(detail["chronology"] as? [[String: Any]])
    let titles = chronology.compactMap { $0["title"] as? String }
    let expected = [
      "Mum worried about speech", "\(escalation) raised", "\(escalation) acknowledged",
      "\(escalation) accepted",
      "\(referral) to Speech and language therapy for Tobi Okafor: draft",
      "\(referral) to Speech and language therapy for Tobi Okafor: sent",
      "\(referral) to Speech and language therapy for Tobi Okafor: accepted",
      "\(referral) to Speech and language therapy for Tobi Okafor: seen",
    ]
    for fragment in expected {
      #expect(titles.contains { $0.contains(fragment) }, "chronology lacks '\(fragment)': \(titles)")
    }
    let times = chronology.compactMap { $0["at"] as? String }
    #expect(times == times.sorted(), "chronology is not in date order")
    #expect(
      chronology.first { ($0["title"] as? String)?.contains("Mum worried") == true }?["significant"] as? Bool
        == true)

    let audit = try s.ok(["audit", "log", book.family, "--json"], as: "supervisor1").jsonArray()
    let actions = audit.compactMap { $0["action"] as? String }
    for action in [
      "escalate", "escalation-ack", "escalation-accept", "referral-sent", "referral-accepted",
      "referral-seen",
    ] {
      #expect(actions.contains(action), "audit lacks \(action): \(actions)")
    }
    #expect(audit.contains { ($0["detail"] as? String)?.contains("contact logged (significant)") == true })

    let human = try s.ok(["family", "show", book.family], as: "practitioner1").stdout
    for heading in [
      "Family \(book.family)", "Consent", "Case (open", "Early help", "Risk: score", "Members", "Chronology",
      "Open actions", "Follow-ups",
    ] {
      #expect(human.contains(heading), "family show lacks '\(heading)'")
    }
    #expect(human.contains("Ada Okafor") && human.contains("9434765919"))
    #expect(
      human.split(separator: "\n").contains { $0.hasPrefix("! ") && $0.contains("Mum worried about speech") })
    #expect(human.contains("due \(todayUTC(addingDays: 14))"))
  }

  @Test("an action is set, listed, marked done and shown in the chronology; bad input saves nothing")
  func actionEndToEnd() throws {
    let book = try Casebook()
    let s = book.sandbox
    let due = todayUTC(addingDays: 7)

    let before = try s.counts()
    let actionRows = try s.count("action")
    let bad = try s.run(
      ["action", "add", book.family, "--owner", "practitioner2", "--due", due, "--text", "Visit"],
      as: "practitioner1")
    #expect(bad.status == 1)
    #expect(bad.stderrLines.count == 1)
    #expect(bad.stderr.hasPrefix("error: owner: practitioner2 does not work in hub north"), "\(bad.stderr)")
    #expect(try s.counts() == before)
    #expect(try s.count("action") == actionRows)

    let added = try s.ok(
      [
        "action", "add", book.family, "--owner", "practitioner1", "--due", due, "--text",
        "Ring the nursery about Tobi", "--json",
      ],
      as: "supervisor1"
    ).jsonObject()
    let id = try #require(added["id"] as? String)
    #expect(added["status"] as? String == "open")
    #expect(added["owner"] as? String == "practitioner1")
    #expect(added["due"] as? String == due)

    let listed = try s.ok(["action", "list", "--owner", "practitioner1", "--json"], as: "practitioner1")
      .jsonArray()
    #expect(listed.map { $0["id"] as? String } == [id])
    #expect(listed.first?["family"] as? String == book.family)
    #expect(listed.first?["familyName"] as? String == "Okafor")
    #expect(listed.first?["description"] as? String == "Ring the nursery about Tobi")
    #expect(listed.first?["overdue"] as? Bool == false)
    #expect(try s.ok(["action", "list", "--overdue", "--json"], as: "practitioner1").jsonArray().isEmpty)

    let done = try s.ok(["action", "done", String(id.prefix(8)), "--json"], as: "practitioner1").jsonObject()
    #expect(done["status"] as? String == "done")
    #expect(done["doneBy"] as? String == "practitioner1")
    #expect(done["doneAt"] is String)
    let again = try s.run(["action", "done", id], as: "practitioner1")
    #expect(again.status == 1)
    #expect(again.stderrLines.count == 1)
    #expect(again.stderr.contains("is already done by practitioner1"))

    let detail = try s.ok(["family", "show", book.family, "--json"], as: "practitioner1").jsonObject()
    let titles = try #require(detail["chronology"] as? [[String: Any]]).compactMap { $0["title"] as? String }
    let set = "Action set for Pat Practitioner, due \(due): Ring the nursery about Tobi"
    let finished = "Action done: Ring the nursery about Tobi"
    #expect(titles.filter { $0 == set || $0 == finished } == [set, finished], "\(titles)")
    #expect(try #require(detail["openActions"] as? [Any]).isEmpty)
    let human = try s.ok(["family", "show", book.family], as: "practitioner1").stdout
    #expect(human.contains(set) && human.contains(finished))
  }

  @Test("a practitioner may not accept an escalation")
  func practitionerCannotAccept() throws {
    let book = try Casebook()
    let s = book.sandbox
    let raised = try s.ok(
      ["escalate", book.family, "--to", "targeted", "--reason", "DA notification", "--json"],
      as: "practitioner1")
    let escalation = try #require(try raised.jsonObject()["reference"] as? String)
    try s.ok(["escalation", "ack", escalation], as: "supervisor1")
    let before = try s.counts()

    let refused = try s.run(["escalation", "accept", escalation], as: "practitioner1")
    #expect(refused.status != 0)
    #expect(refused.stderrLines.count == 1)
    #expect(
      refused.stderr.hasPrefix(
        "error: not permitted: practitioner1 is a practitioner; only supervisor may decide an escalation"))
    #expect(try s.sqlite("SELECT status FROM escalation") == "acknowledged")
    #expect(try s.counts() == before)
  }

  @Test("another hub's family needs a reason, and the reason is audited")
  func breakTheGlass() throws {
    let book = try Casebook()
    let s = book.sandbox
    let refused = try s.run(["family", "show", book.family], as: "practitioner2")
    #expect(refused.status != 0)
    #expect(refused.stderr.hasPrefix("error: "))
    #expect(refused.stderr.contains("--reason"))
    #expect(refused.stdout.isEmpty)

    let opened = try s.ok(
      ["family", "show", book.family, "--reason", "Covering duty desk for north", "--json"],
      as: "practitioner2")
    #expect(try opened.jsonObject()["access"] as? String == "break-glass")

    let audit = try s.ok(["audit", "log", book.family, "--json"], as: "supervisor1").jsonArray()
    #expect(
      audit.contains {
        $0["action"] as? String == "break-glass" && $0["username"] as? String == "practitioner2"
          && ($0["detail"] as? String)?.contains("Covering duty desk for north") == true
      })
    let human = try s.ok(["audit", "log"], as: "supervisor1").stdout
    #expect(human.contains("Covering duty desk for north"))
  }

  @Test("a practitioner may not read the audit log or manage users")
  func roleLimits() throws {
    let book = try Casebook()
    let audit = try book.sandbox.run(["audit", "log"], as: "practitioner1")
    #expect(audit.status == 1)
    #expect(audit.stderr.contains("view the audit log"))
    let add = try book.sandbox.run(["user", "add", "x1", "--role", "admin"], as: "supervisor1")
    #expect(add.status == 1)
    #expect(add.stderr.contains("manage users"))
  }
}

@Suite("startwell refuses bad input and writes nothing")
struct BadInputCLITests {
  /// Runs a command that must fail, and checks the message and that no table changed.
  func refuse(
    _ book: Casebook, _ args: [String], as user: String = "practitioner1", mentions fragments: [String],
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let before = try book.sandbox.counts()
    let result = try book.sandbox.run(args, as: user)
    #expect(result.status != 0, "expected failure: \(args)", sourceLocation: sourceLocation)
    #expect(
      result.stderrLines.count == 1, "one line on stderr, got: \(result.stderr)",
      sourceLocation: sourceLocation)
    #expect(result.stderr.hasPrefix("error: "), sourceLocation: sourceLocation)
    for fragment in fragments {
      #expect(
        result.stderr.contains(fragment), "'\(fragment)' not in: \(result.stderr)",
        sourceLocation: sourceLocation)
    }
    #expect(!result.stderr.contains("\u{1B}"), "raw ESC on stderr", sourceLocation: sourceLocation)
    #expect(try book.sandbox.counts() == before, "rows changed after \(args)", sourceLocation: sourceLocation)
  }

  @Test func badNHSNumber() throws {
    let book = try Casebook()
    try refuse(
      book,
      [
        "person", "add", book.family, "--given", "Kemi", "--family-name", "Okafor", "--dob", "2024-01-01",
        "--relationship", "child", "--nhs", "1234567890",
      ],
      mentions: ["nhs number", "1234567890", "mod-11"])
  }

  @Test func futureBirthForAChildNotExpected() throws {
    let book = try Casebook()
    let future = todayUTC(addingDays: 40)
    try refuse(
      book,
      [
        "person", "add", book.family, "--given", "Baby", "--family-name", "Okafor", "--dob", future,
        "--relationship", "child",
      ],
      mentions: ["date of birth", "future", "--expected"])
    // The same date is fine for an expected baby.
    try book.sandbox.ok(
      [
        "person", "add", book.family, "--given", "Baby", "--family-name", "Okafor", "--dob", future,
        "--relationship", "child", "--expected",
      ],
      as: "practitioner1")
  }

  @Test func malformedDate() throws {
    let book = try Casebook()
    let before = try book.sandbox.counts()
    let result = try book.sandbox.run(
      [
        "person", "add", book.family, "--given", "Kemi", "--family-name", "Okafor", "--dob", "2024-13-01",
        "--relationship", "child",
      ],
      as: "practitioner1")
    #expect(result.status == 1)
    #expect(result.stderr == "error: --dob: '2024-13-01' is not a date in the form YYYY-MM-DD\n")
    #expect(try book.sandbox.counts() == before)
    try refuse(
      book,
      ["contact", "log", book.family, "--type", "phone", "--summary", "Call", "--follow-up", "next week"],
      mentions: ["--follow-up", "YYYY-MM-DD"])
    try refuse(
      book, ["contact", "log", book.family, "--type", "phone", "--summary", "Call", "--at", "yesterday"],
      mentions: ["--at", "YYYY-MM-DD HH:MM"])
  }

  @Test func unknownFamilyReference() throws {
    let book = try Casebook()
    try refuse(
      book, ["contact", "log", "F-ZZZZZZZZ", "--type", "phone", "--summary", "Call"],
      mentions: ["no family with reference F-ZZZZZZZZ"])
    try refuse(book, ["family", "show", "F-ZZZZZZZZ"], mentions: ["no family with reference"])
  }

  @Test func unknownPresentPerson() throws {
    let book = try Casebook()
    try refuse(
      book,
      ["contact", "log", book.family, "--type", "phone", "--summary", "Call", "--present", "P-NOBODY00"],
      mentions: ["--present", "P-NOBODY00"])
  }

  @Test func illegalStatusTransition() throws {
    let book = try Casebook()
    let added = try book.sandbox.ok(
      ["referral", "add", book.child, "--service", "slt", "--reason", "Speech", "--consent", "--json"],
      as: "practitioner1")
    let referral = try #require(try added.jsonObject()["reference"] as? String)
    try refuse(
      book, ["referral", "update", referral, "--status", "seen"],
      mentions: ["cannot move referral from draft to seen", "allowed from draft: sent, closed"])
    #expect(try book.sandbox.sqlite("SELECT status FROM referral") == "draft")
  }

  @Test func overLongSummary() throws {
    let book = try Casebook()
    let summary = String(repeating: "a", count: 201)
    try refuse(
      book, ["contact", "log", book.family, "--type", "phone", "--summary", summary],
      mentions: ["summary", "201 characters", "limit is 200"])
    try book.sandbox.ok(
      ["contact", "log", book.family, "--type", "phone", "--summary", String(repeating: "a", count: 200)],
      as: "practitioner1")
  }

  @Test func nameWithEscapeCharacter() throws {
    let book = try Casebook()
    try refuse(
      book, ["family", "add", "--name", "Evil\u{1B}[2J", "--postcode", "LS6 2AB", "--hub", "north"],
      mentions: ["name", "control character"])
    try refuse(
      book,
      [
        "person", "add", book.family, "--given", "A\u{1B}]0;pwned\u{07}", "--family-name", "Okafor", "--dob",
        "2020-01-01",
        "--relationship", "child",
      ],
      mentions: ["given name", "control character"])
  }

  @Test func unknownContactTypeAndHub() throws {
    let book = try Casebook()
    try refuse(
      book, ["contact", "log", book.family, "--type", "telepathy", "--summary", "x"],
      mentions: ["type", "telepathy", "home-visit"])
    try refuse(
      book, ["family", "add", "--name", "X", "--postcode", "LS6 2AB", "--hub", "atlantis"],
      mentions: ["hub", "atlantis"])
    try refuse(
      book, ["family", "add", "--name", "X", "--postcode", "NOT A PC", "--hub", "north"],
      mentions: ["postcode"])
  }

  @Test("an argument of the wrong type fails with one error line and a usage exit code")
  func badArgument() throws {
    let book = try Casebook()
    let result = try book.sandbox.run(["family", "search", "--limit", "abc"], as: "practitioner1")
    #expect(result.status == 64)
    #expect(result.stderrLines.count == 1)
    #expect(result.stderr.hasPrefix("error: "))
    #expect(result.stderr.contains("--limit"))
    let level = try book.sandbox.run(["family", "search", "--level", "urgent"], as: "practitioner1")
    #expect(level.status == 64)
    #expect(level.stderr.hasPrefix("error: ") && level.stderr.contains("--level"))
    let missing = try book.sandbox.run(["escalate", book.family, "--reason", "x"], as: "practitioner1")
    #expect(missing.status == 64)
    #expect(missing.stderr.contains("--to"))
  }
}
