import Foundation
import Testing

/// `startwell notify`, as a real process.
@Suite("startwell notify")
struct IntakeCLITests {
  static let gpEarly = [
    "notify", "add", "--kind", "gp-early", "--given", "Tobi", "--family-name", "Okafor", "--dob",
    "2023-02-10",
    "--postcode", "LS6 2AB", "--concern", "development", "--summary", "Slow to talk", "--practice",
    "Moor Surgery", "--json",
  ]

  @Test("add offers the child held, list queues it, triage attaches it to them")
  func addListTriage() throws {
    let book = try Casebook()
    let s = book.sandbox
    let added = try s.ok(Self.gpEarly, as: "practitioner1").jsonObject()
    let notification = try #require(added["notification"] as? [String: Any])
    let reference = try #require(notification["reference"] as? String)
    #expect(added["alreadyHeld"] as? Bool == false)
    #expect((notification["details"] as? [String: Any])?["concern"] as? String == "development")
    let candidates = try #require(added["candidates"] as? [[String: Any]])
    #expect(candidates.first?["person"] as? String == book.child)
    #expect(candidates.first?["visible"] as? Bool == true)
    #expect((candidates.first?["fields"] as? [String])?.contains("date-of-birth") == true)
    let again = try s.ok(Self.gpEarly, as: "practitioner1").jsonObject()
    #expect(again["alreadyHeld"] as? Bool == true)
    #expect((again["notification"] as? [String: Any])?["reference"] as? String == reference)

    let queue = try s.ok(["notify", "list", "--untriaged", "--json"], as: "practitioner1").jsonArray()
    #expect(queue.count == 1)
    #expect((queue.first?["notification"] as? [String: Any])?["reference"] as? String == reference)
    #expect(queue.first?["waitedWorkingDays"] as? Int == 0)
    #expect(queue.first?["targetWorkingDays"] as? Int == 5)
    #expect(try s.ok(["notify", "list", "--json"], as: "practitioner2").jsonArray().isEmpty)

    let shown = try s.ok(["notify", "triage", reference, "--json"], as: "practitioner1").jsonObject()
    #expect((shown["candidates"] as? [[String: Any]])?.first?["person"] as? String == book.child)
    let triaged = try s.ok(
      ["notify", "triage", reference, "--attach", book.child, "--note", "Known to us", "--json"],
      as: "practitioner1"
    ).jsonObject()
    let triage = try #require(triaged["triage"] as? [String: Any])
    #expect(triage["outcome"] as? String == "attached")
    #expect(triage["target"] as? String == book.child)
    #expect(triage["by"] as? String == "practitioner1")
    #expect(try s.ok(["notify", "list", "--untriaged", "--json"], as: "practitioner1").jsonArray().isEmpty)
    let table = try s.ok(["notify", "list"], as: "practitioner1").stdout
    #expect(table.contains(reference) && table.contains("attached to a member: \(book.child)"))

    // Taken in by the south hub, the north child is offered by reference, hub and score only.
    let otherSummary = Self.gpEarly.map { $0 == "Slow to talk" ? "Not talking yet" : $0 }
    let south = try s.ok(otherSummary, as: "practitioner2").jsonObject()
    #expect(south["alreadyHeld"] as? Bool == false)
    let hidden = try #require((south["candidates"] as? [[String: Any]])?.first)
    #expect(hidden["person"] as? String == book.child && hidden["hub"] as? String == "north")
    #expect(hidden["visible"] as? Bool == false)
    for key in ["family", "fields", "givenName", "dateOfBirth", "postcode", "strength"] {
      #expect(hidden[key] is NSNull, "\(key) of a family outside the user's sight is shown")
    }
  }

  static let antenatal = """
    given,family-name,dob,postcode,edd,criteria,midwife
    Ada,Okafor,1994-05-06,LS6 2AB,2026-09-01,substance-misuse;homelessness,Jo Midwife
    Bea,Stone,1990-01-02,LS7 1AA,2026-10-01,,Jo Midwife
    Cat,Nash,1998-03-04,LS8 2BB,2026-11-01,teenage-parent,Sam Midwife
    """

  @Test("an import killed part-way leaves none of its rows; run again, it takes in all of them once")
  func killedImport() throws {
    let book = try Casebook()
    let s = book.sandbox
    let file = s.root.appendingPathComponent("antenatal.csv")
    try Self.antenatal.write(to: file, atomically: true, encoding: .utf8)
    let args = ["notify", "import", file.path, "--kind", "antenatal", "--json"]

    let killed = try s.run(
      args, as: "practitioner1", environment: ["STARTWELL_CRASH_AT": "import.between-rows"])
    #expect(killed.status == 128 + 9, "not killed: \(killed.status) \(killed.stderr)")
    #expect(try s.count("notification") == 0)
    #expect(try s.sqlite("SELECT COUNT(*) FROM audit WHERE action = 'import'") == "0")

    let first = try s.ok(args, as: "practitioner1").jsonObject()
    #expect((first["counts"] as? [String: Int])?["accepted"] == 3)
    #expect(try s.count("notification") == 3)
    let second = try s.ok(args, as: "practitioner1").jsonObject()
    #expect((second["counts"] as? [String: Int])?["already-held"] == 3)
    #expect(try s.count("notification") == 3)

    // A bad row is reported with its line and field; the good one is applied; the status says so.
    let mixed = s.root.appendingPathComponent("mixed.csv")
    try
      "given,family-name,dob,edd,midwife\nDee,Ray,1990-02-30,2026-09-01,Jo\nEve,Ray,1991-02-03,2026-09-01,Jo\n"
      .write(to: mixed, atomically: true, encoding: .utf8)
    let partial = try s.run(["notify", "import", mixed.path, "--kind", "antenatal"], as: "practitioner1")
    #expect(partial.status == 2)
    #expect(partial.stderr.contains("error: 1 of 2 rows refused; the other rows were applied"))
    #expect(partial.stdout.contains("2     refused   dob: '1990-02-30' is not a date"))
    #expect(try s.count("notification") == 4)
  }

  @Test("an unknown kind, an unknown field and two outcomes are refused, naming what is wrong")
  func badArguments() throws {
    let s = try Sandbox()
    let kind = try s.run(["notify", "add", "--kind", "midwife", "--given", "A", "--family-name", "B"])
    #expect(kind.status != 0)
    #expect(
      kind.stderr
        == "error: --kind: 'midwife' is not a kind of notification; use antenatal, gp-early, domestic-abuse\n"
    )
    let field = try s.run(
      ["notify", "add", "--kind", "gp-early", "--given", "A", "--family-name", "B", "--colour", "red"])
    #expect(field.status != 0)
    #expect(
      field.stderr
        == "error: --colour is not a field of a GP early notification; its fields are --concern, --summary, --practice\n"
    )
    let two = try s.run(["notify", "triage", "N-ABC123", "--attach", "P-ABC123", "--not-ours", "out-of-area"])
    #expect(two.status != 0)
    #expect(two.stderr == "error: give one outcome, not 2: --attach and --not-ours were given\n")
    let sdf = try s.run(["notify", "triage", "N-ABC123", "--sdf", "north-moorside"])
    #expect(sdf.stderr == "error: --sdf goes with --new-family only\n")
  }
}
