import Foundation
import Testing

/// `startwell huddle` and the actions it sets, as a real process.
@Suite("startwell huddle")
struct HuddleCLITests {
  /// The casebook with a huddle lead for the north hub and the family's case
  /// due for review today, so it is on Moorside's agenda.
  func book() throws -> Casebook {
    let book = try Casebook()
    try book.sandbox.ok(
      ["user", "add", "lead1", "--role", "huddle-lead", "--hub", "north", "--name", "Lee Lead"], as: "admin")
    try book.sandbox.ok(["case", "review", book.family, "--on", todayUTC()], as: "practitioner1")
    return book
  }

  /// Row counts of every table a huddle command might write to.
  func counts(_ s: Sandbox) throws -> [String: Int] {
    var out = try s.counts()
    for table in ["huddle", "huddle_item", "action"] { out[table] = try s.count(table) }
    return out
  }

  @Test("agenda, start, record with two actions, list and close, in tables and JSON")
  func wholeHuddle() throws {
    let book = try book()
    let s = book.sandbox
    let agenda = try s.ok(["huddle", "agenda", "--sdf", "north-moorside"], as: "lead1")
    #expect(agenda.stdout.contains(book.family))
    #expect(agenda.stdout.contains("review: review due \(todayUTC()), due today"))
    let json = try s.ok(["huddle", "agenda", "--sdf", "north-moorside", "--json"], as: "lead1").jsonArray()
    #expect(json.count == 1)
    let reasons = try #require(json.first?["reasons"] as? [[String: Any]])
    #expect(reasons.map { $0["rule"] as? String } == ["review"])

    let started = try s.ok(
      ["huddle", "start", "--sdf", "north-moorside", "--attendee", "practitioner1", "supervisor1", "--json"],
      as: "lead1"
    ).jsonObject()
    let huddle = try #require((started["huddle"] as? [String: Any])?["id"] as? String)
    #expect(Set(started["attendees"] as? [String] ?? []) == ["lead1", "practitioner1", "supervisor1"])
    #expect(started["next"] as? String == book.family)

    let recorded = try s.ok(
      [
        "huddle", "record", String(huddle.suffix(8)), "--family", book.family, "--discussion",
        "Nursery worried about speech", "--decision", "Refer to speech and language",
        "--action", "practitioner1|\(todayUTC(addingDays: 2))|Ring the nursery",
        "--action", "supervisor1|\(todayUTC(addingDays: 14))|Check the referral went",
      ], as: "lead1")
    #expect(recorded.stdout.contains("Recorded \(book.family)"))
    #expect(recorded.stdout.contains("(2 actions)"))

    let list = try s.ok(["huddle", "list", "--sdf", "north-moorside", "--json"], as: "supervisor1")
      .jsonArray()
    #expect(list.count == 1)
    #expect(list.first?["status"] as? String == "open" && list.first?["discussed"] as? Int == 1)
    #expect(list.first?["actions"] as? Int == 2 && list.first?["lead"] as? String == "lead1")

    let closed = try s.ok(["huddle", "close", huddle], as: "lead1")
    #expect(closed.stdout.contains("1 discussed, 0 skipped, 0 not reached, 2 actions"))
    let table = try s.ok(["huddle", "list"], as: "lead1")
    #expect(table.stdout.contains("closed"))

    // The decision is in the family's chronology, the actions in their owners' lists.
    let family = try s.ok(["family", "show", book.family], as: "practitioner1")
    #expect(family.stdout.contains("Huddle decision: Refer to speech and language"))
    let mine = try s.ok(["action", "list", "--owner", "practitioner1", "--json"], as: "practitioner1")
      .jsonArray()
    #expect(mine.map { $0["description"] as? String } == ["Ring the nursery"])
    #expect((mine.first?["huddleItem"] as? String)?.isEmpty == false)

    // A closed huddle takes nothing more.
    let before = try counts(s)
    let late = try s.run(
      ["huddle", "record", huddle, "--family", book.family, "--discussion", "", "--decision", "Late"],
      as: "lead1")
    #expect(!late.ok)
    #expect(late.stderr.contains("a closed huddle is final"))
    #expect(try counts(s) == before)
  }

  @Test("a family is added, moved first and skipped; show lists the running order and the next to take")
  func addMoveSkip() throws {
    let book = try book()
    let s = book.sandbox
    let other = try #require(
      try s.ok(
        ["family", "add", "--name", "Brown", "--postcode", "ls6 2ab", "--hub", "north", "--json"],
        as: "practitioner1"
      ).jsonObject()["reference"] as? String)
    let huddle = try #require(
      (try s.ok(
        ["huddle", "start", "--sdf", "north-moorside", "--attendee", "practitioner1", "--json"], as: "lead1"
      ).jsonObject()["huddle"] as? [String: Any])?["id"] as? String)
    #expect(try s.ok(["huddle", "add", huddle, "--family", other], as: "lead1").stdout.contains("is item 2"))
    try s.ok(["huddle", "move", huddle, "--family", other, "--to", "1"], as: "lead1")
    try s.ok(["huddle", "skip", huddle, "--family", other], as: "lead1")
    let state = try s.ok(["huddle", "show", huddle, "--json"], as: "lead1").jsonObject()
    let items = try #require(state["items"] as? [[String: Any]])
    #expect(items.map { $0["family"] as? String } == [other, book.family])
    #expect(items.map { $0["state"] as? String } == ["skipped", "pending"])
    #expect(items.first?["origin"] as? [String] == ["added"])
    #expect(state["next"] as? String == book.family)
    let table = try s.ok(["huddle", "show", huddle], as: "lead1")
    #expect(table.stdout.contains("Next: \(book.family)"))
    let before = try counts(s)
    let far = try s.run(["huddle", "move", huddle, "--family", other, "--to", "7"], as: "lead1")
    #expect(!far.ok && far.stderr.contains("position: 7 is not between 1 and 2"))
    #expect(try counts(s) == before)
  }

  @Test("bad input to each command names the field and writes nothing")
  func badInput() throws {
    let book = try book()
    let s = book.sandbox
    let huddle = try #require(
      (try s.ok(
        ["huddle", "start", "--sdf", "north-moorside", "--attendee", "practitioner1", "--json"], as: "lead1"
      ).jsonObject()["huddle"] as? [String: Any])?["id"] as? String)
    let before = try counts(s)
    let cases: [([String], String, String)] = [
      (["huddle", "agenda", "--sdf", "atlantis"], "lead1", "sdf: 'atlantis' is not an SDF"),
      (
        ["huddle", "agenda", "--sdf", "north-moorside", "--date", "soon"], "lead1",
        "date: 'soon' is not a date"
      ),
      (
        ["huddle", "start", "--sdf", "north-moorside", "--attendee", "ghost"], "lead1",
        "attendee: no user named 'ghost'"
      ),
      (
        ["huddle", "start", "--sdf", "north-moorside", "--attendee", "practitioner2"], "lead1",
        "attendee: practitioner2 does not work in hub north"
      ),
      (
        ["huddle", "start", "--sdf", "north-moorside", "--attendee", "supervisor1"], "practitioner1",
        "may run a huddle"
      ),
      (
        [
          "huddle", "record", huddle, "--family", book.family, "--discussion", "", "--decision", "Visit",
          "--action", "practitioner1|\(todayUTC(addingDays: 3))|Fine", "--action",
          "practitioner1|tomorrow|Visit",
        ],
        "lead1", "action 2 due: 'tomorrow' is not a date"
      ),
      (
        [
          "huddle", "record", huddle, "--family", book.family, "--discussion", "", "--decision", "Visit",
          "--action", "nobody-here",
        ],
        "lead1", "action 1: 'nobody-here' is not OWNER|DUE|TEXT"
      ),
      (
        ["huddle", "record", huddle, "--family", "F-NOPE", "--discussion", "", "--decision", "Visit"],
        "lead1", "family: no family with reference 'F-NOPE'"
      ),
      (
        [
          "huddle", "record", "0000000000", "--family", book.family, "--discussion", "", "--decision",
          "Visit",
        ],
        "lead1", "huddle: no huddle with id '0000000000'"
      ),
      (
        ["huddle", "record", huddle, "--family", book.family, "--discussion", "", "--decision", " "],
        "lead1", "decision: is required"
      ),
      (["huddle", "close", "abc"], "lead1", "huddle: 'abc' is too short"),
      (["huddle", "list", "--sdf", "atlantis"], "lead1", "sdf: 'atlantis' is not an SDF"),
    ]
    for (args, user, message) in cases {
      let result = try s.run(args, as: user)
      #expect(!result.ok, "\(args) succeeded")
      #expect(result.stderr.contains(message), "\(args): \(result.stderr)")
    }
    #expect(try counts(s) == before)
  }

  @Test("action done takes a note, and action list --overdue lists an action once its due date has passed")
  func overdueAndNote() throws {
    let lib = try #require(
      ClockCLITests.faketime, "libfaketime is missing; `bash .ci/run` installs the faketime package")
    let book = try book()
    let s = book.sandbox
    let huddle = try #require(
      (try s.ok(
        ["huddle", "start", "--sdf", "north-moorside", "--attendee", "practitioner1", "--json"], as: "lead1"
      ).jsonObject()["huddle"] as? [String: Any])?["id"] as? String)
    try s.ok(
      [
        "huddle", "record", huddle, "--family", book.family, "--discussion", "", "--decision", "Visit",
        "--action", "practitioner1|\(todayUTC(addingDays: 2))|Home visit",
        "--action", "practitioner1|\(todayUTC(addingDays: 2))|Ring the setting",
      ], as: "lead1")
    let listed = try s.ok(["action", "list", "--json"], as: "practitioner1").jsonArray()
    let done = try #require(
      listed.first { $0["description"] as? String == "Ring the setting" }?["id"] as? String)
    let marked = try s.ok(
      ["action", "done", done, "--note", "Setting rang back", "--json"], as: "practitioner1")
    #expect(try marked.jsonObject()["doneNote"] as? String == "Setting rang back")
    #expect(
      try s.ok(["action", "list", "--overdue"], as: "practitioner1").stdout.contains("No overdue actions."))

    // Three days on, by the terminal's clock, the open one is overdue; the done one is not.
    let later = ["LD_PRELOAD": lib, "FAKETIME": "+3d", "FAKETIME_DONT_RESET": "1"]
    let overdue = try s.run(
      ["action", "list", "--overdue", "--json"], as: "practitioner1", environment: later)
    #expect(overdue.ok, "\(overdue.stderr)")
    let rows = try overdue.jsonArray()
    #expect(rows.map { $0["description"] as? String } == ["Home visit"])
    #expect(rows.first?["overdue"] as? Bool == true)
  }
}
