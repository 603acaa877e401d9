import Foundation
import Testing

/// A practitioner records a child's development check through the form in
/// the real client, the record is read back through the command line, and
/// the child's journey shows the term's cells.
@Suite(
  .serialized,
  .enabled(
    if: TmuxSession.tmuxPath != nil && CLIBinary.url != nil, "needs tmux and the built startwell binary"))
struct TmuxDevelopmentTests {
  /// Today in UTC, the zone the client runs in here, as "YYYY-MM-DD".
  static var today: String { TmuxHuddleTests.day(0) }

  /// The first family of the practitioner's hub whose first child of two
  /// to five is the first such member, so the form opens on that child.
  func youngChild(_ box: Sandbox) throws -> (family: String, child: String, name: String)? {
    let families = try box.ok(
      ["family", "search", "--hub", "north", "--limit", "40", "--json"], as: "practitioner1"
    ).jsonArray().compactMap { $0["reference"] as? String }
    let year = Int(Self.today.prefix(4))!
    let monthDay = String(Self.today.dropFirst(5))
    for family in families {
      let members =
        try box.ok(["family", "show", family, "--json"], as: "practitioner1").jsonObject()["members"]
        as? [[String: Any]] ?? []
      for m in members where m["relationship"] as? String == "child" && m["expected"] as? Bool == false {
        guard let born = m["dateOfBirth"] as? String, let by = Int(born.prefix(4)) else { continue }
        let age = year - by - (String(born.dropFirst(5)) > monthDay ? 1 : 0)
        if (2...5).contains(age), let ref = m["reference"] as? String {
          return (family, ref, "\(m["givenName"] as? String ?? "") \(m["familyName"] as? String ?? "")")
        }
      }
    }
    return nil
  }

  @Test func aPractitionerRecordsDevelopmentThroughTheFormAndOpensTheJourney() throws {
    let box = try Sandbox()
    try box.ok(["demo", "--families", "200", "--seed", "7", "--quiet"])
    let found = try #require(try youngChild(box), "no north family with a child of two to five")

    let tmux = try TmuxSession(box: box, user: "practitioner1", cols: 80, rows: 24)
    try tmux.waitFor("My caseload")
    tmux.keys(":")
    try tmux.waitFor("Esc close")
    tmux.type(found.family)
    tmux.keys("Enter")
    try tmux.waitFor("Members (")
    tmux.keys("d")
    try tmux.waitFor("Development check in")
    try tmux.waitFor(found.name)
    // WellComm amber, communication emerging, physical on track, PSED below;
    // past literacy and maths to the setting, cleared and typed.
    tmux.keys("Tab", "Tab")
    tmux.type("a")
    tmux.keys("Tab")
    tmux.type("e")
    tmux.keys("Tab")
    tmux.type("o")
    tmux.keys("Tab")
    tmux.type("b")
    tmux.keys("Tab", "Tab", "Tab", "C-u")
    tmux.type("Tmux Nursery")
    tmux.keys("C-o")
    let saved = try tmux.waitFor("saved for \(found.name)")
    let term = try #require(
      saved.range(of: #"Development (\d{4}-(autumn|spring|summer))"#, options: .regularExpression).map {
        String(saved[$0].dropFirst("Development ".count))
      }, "no term in the saved message:\n\(saved)")

    let records = try box.ok(["development", "list", found.child, "--json"], as: "practitioner1").jsonArray()
    let record = try #require(records.first { $0["term"] as? String == term })
    #expect(records.filter { $0["term"] as? String == term }.count == 1)
    #expect(record["wellcomm"] as? String == "amber")
    #expect(record["communication"] as? String == "emerging")
    #expect(record["physical"] as? String == "on-track")
    #expect(record["psed"] as? String == "below")
    #expect(record["setting"] as? String == "Tmux Nursery")
    #expect(record["recordedOn"] as? String == Self.today)

    // The record just made is the newest on the development tab; Enter opens the journey.
    tmux.keys("4", "G", "Enter")
    // Waits for the whole grid: its rows are drawn after the title.
    let journey = try tmux.waitUntil("the journey with its rows") {
      $0.contains("Journey of \(found.name)") && $0.contains("below")
    }
    #expect(journey.contains(term), "the journey has no \(term):\n\(journey)")
    #expect(journey.contains("◐ amber"), "no amber cell:\n\(journey)")
    #expect(journey.contains("○ below"), "no below cell:\n\(journey)")
    tmux.keys("Q")
    try tmux.waitForExit()
  }
}
