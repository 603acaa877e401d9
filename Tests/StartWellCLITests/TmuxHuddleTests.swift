import Foundation
import Testing

/// A huddle lead runs a whole huddle in the real client: the agenda, who
/// attends, a decision and two actions on three families (one added from
/// outside the agenda), the client closed half-way and the huddle resumed.
/// The outcome is read back through the command line, and the actions are
/// looked for on their owners' home screens.
@Suite(
  .serialized,
  .enabled(
    if: TmuxSession.tmuxPath != nil && CLIBinary.url != nil, "needs tmux and the built startwell binary"))
struct TmuxHuddleTests {
  static let sdf = "north-moorside"

  /// A day `days` from today, as the client (running in UTC) counts days.
  static func day(_ days: Int) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let d = calendar.date(byAdding: .day, value: days, to: Date())!
    let c = calendar.dateComponents([.year, .month, .day], from: d)
    return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
  }

  @Test func aLeadRunsAHuddleThatIsInterruptedAndResumed() throws {
    let box = try Sandbox()
    try box.ok(["demo", "--families", "200", "--seed", "7", "--quiet"])
    let agenda = try box.ok(["huddle", "agenda", "--sdf", Self.sdf, "--json"], as: "lead1").jsonArray()
      .compactMap { $0["family"] as? String }
    try #require(agenda.count >= 2, "the demo agenda of \(Self.sdf) has \(agenda.count) families")
    let outside = try #require(
      try box.ok(["family", "search", "--hub", "north", "--limit", "60", "--json"], as: "lead1").jsonArray()
        .filter { $0["level"] is String }  // a family with an open case
        .compactMap { $0["reference"] as? String }.first { !agenda.contains($0) })

    var tmux = try TmuxSession(box: box, user: "lead1", cols: 80, rows: 24)
    try tmux.waitFor(Self.sdf)
    tmux.keys("Enter")
    try tmux.waitFor("not started")
    tmux.keys("a")
    try tmux.waitFor("Attendees")
    tmux.type("practitioner1 practitioner6")
    tmux.keys("C-o")
    try tmux.waitFor("open with 3 attending")
    try tmux.waitFor("0 discussed")

    // The first two families on the agenda, in the order the lead meets them.
    try record(tmux, agenda[0], "one", discussed: 1)
    try record(tmux, agenda[1], "two", discussed: 2)

    // The terminal is closed in the middle of the huddle.
    tmux.keys("Q")
    try tmux.waitForExit()
    tmux = try TmuxSession(box: box, user: "lead1", cols: 80, rows: 24)
    try tmux.waitFor(Self.sdf)
    try tmux.waitFor("open, 2 of")
    tmux.keys("Enter")
    // It resumes on the next family still to discuss.
    let resumed = try tmux.waitFor("2 discussed")
    if agenda.count > 2 { #expect(resumed.contains("(\(agenda[2]))"), "resumed elsewhere:\n\(resumed)") }

    tmux.keys("+")
    try tmux.waitFor("Add a family")
    tmux.type(outside)
    tmux.keys("C-o")
    try tmux.waitFor("added to the end")
    // The added family is last in the running order, once the list has reloaded.
    try tmux.waitUntil("\(outside) selected at the end") { screen in
      if !screen.contains("(\(outside))") { tmux.keys("G") }
      return screen.contains("(\(outside))")
    }
    try record(tmux, outside, "three", discussed: 3)

    // Every decision is in its case's chronology, and the huddle holds all three.
    for (reference, n) in [(agenda[0], "one"), (agenda[1], "two"), (outside, "three")] {
      let chronology =
        try box.ok(["family", "show", reference, "--json"], as: "lead1").jsonObject()[
          "chronology"] as? [[String: Any]] ?? []
      #expect(
        chronology.contains { ($0["title"] as? String) == "Huddle decision: Decision \(n)" },
        "no decision in the chronology of \(reference)")
    }
    let list = try box.ok(["huddle", "list", "--sdf", Self.sdf, "--json"], as: "lead1").jsonArray()
    let today = try #require(list.first { ($0["date"] as? String) == Self.day(0) })
    #expect(today["discussed"] as? Int == 3)
    #expect(today["actions"] as? Int == 6)

    // The actions are on their owners' home screens.
    tmux.keys("Q")
    try tmux.waitForExit()
    for owner in ["practitioner1", "practitioner6"] {
      let home = try TmuxSession(box: box, user: owner, cols: 120, rows: 40)
      let screen = try home.waitFor("Due in 7 days")
      for n in ["one", "two", "three"] {
        let text = owner == "practitioner1" ? "Visit \(n)" : "Call \(n)"
        #expect(screen.contains(text), "\(owner)'s home has no '\(text)':\n\(screen)")
      }
    }
  }

  /// Records a discussion, a decision and two actions on the selected family.
  func record(_ tmux: TmuxSession, _ reference: String, _ n: String, discussed: Int) throws {
    try tmux.waitFor("(\(reference))")
    tmux.keys("Enter")
    try tmux.waitFor("Discussion")
    let fields = [
      "Discussion \(n)", "Decision \(n)", "practitioner1", Self.day(2), "Visit \(n)", "practitioner6",
      Self.day(4),
      "Call \(n)",
    ]
    for (i, text) in fields.enumerated() {
      if i > 0 { tmux.keys("Tab") }
      tmux.type(text)
    }
    tmux.keys("C-o")
    try tmux.waitFor("Recorded for \(reference), with 2 actions")
    try tmux.waitFor("\(discussed) discussed")
  }
}
