import Foundation
import Testing

/// A supervisor's hour in the real client: the queue is worked with each
/// escalation's reason in view, in the list and in every decision dialog,
/// and three escalations are decided. The outcome is read back through the
/// command line, so what the screen said was done is what the store holds.
@Suite(
  .serialized,
  .enabled(
    if: TmuxSession.tmuxPath != nil && CLIBinary.url != nil, "needs tmux and the built startwell binary"))
struct TmuxSupervisorTests {
  struct Raised {
    var reference: String
    var reason: String
  }

  @Test func aSupervisorWorksTheQueueWithTheReasonsInView() throws {
    let box = try Sandbox()
    try box.ok(["demo", "--families", "200", "--seed", "7", "--quiet"])
    // Escalations raised until three can be decided from "raised": how many
    // the demo holds raised depends on the day it is made.
    let families = try box.ok(
      ["family", "search", "--hub", "north", "--limit", "40", "--json"], as: "practitioner1"
    )
    .jsonArray().compactMap { $0["reference"] as? String }
    let reasons = ["Father's drinking worse", "Mother's low mood returning", "Eviction notice served"]
    var next = 0
    for family in families.reversed() {
      guard try open(box).count < 3, next < reasons.count else { break }
      // A family with an escalation already open at that step is refused; the next one is tried.
      let result = try box.run(
        ["escalate", family, "--to", "specialist", "--urgency", "urgent", "--reason", reasons[next]],
        as: "practitioner1")
      if result.status == 0 { next += 1 }
    }
    let raised = try open(box)
    try #require(raised.count >= 3, "the demo store has \(raised.count) raised escalations in the north")

    let tmux = try TmuxSession(box: box, user: "supervisor1", cols: 120, rows: 40)
    try tmux.waitFor("Needs you")
    tmux.keys("E")
    let queue = try tmux.waitUntil("the queue's rows") { rows($0).count >= raised.count }
    // The reason is a column of the list: the start of each one is on screen.
    for e in raised { #expect(queue.contains(String(e.reason.prefix(12))), "\(e.reference) shows no reason") }

    // Accept the first, decline the second, step the third up then down again.
    let (first, second, third) = (raised[0], raised[1], raised[2])
    try decide(tmux, first, key: "a", dialog: "Acknowledge", note: "Reading the file today")
    _ = try tmux.waitUntil("\(first.reference) acknowledged") {
      row($0, first.reference)?.contains("acknowledged") == true
    }
    try decide(tmux, first, key: "A", dialog: "Accept", note: "Agreed: step up")
    _ = try tmux.waitUntil("\(first.reference) accepted") {
      row($0, first.reference)?.contains("accepted") == true
    }

    try decide(tmux, second, key: "a", dialog: "Acknowledge", note: "")
    _ = try tmux.waitUntil("\(second.reference) acknowledged") {
      row($0, second.reference)?.contains("acknowledged") == true
    }
    try decide(tmux, second, key: "d", dialog: "Decline", note: "Universal offer meets the need for now")
    _ = try tmux.waitUntil("\(second.reference) leaves the queue") { row($0, second.reference) == nil }

    try decide(tmux, third, key: "a", dialog: "Acknowledge", note: "")
    _ = try tmux.waitUntil("\(third.reference) acknowledged") {
      row($0, third.reference)?.contains("acknowledged") == true
    }
    try decide(tmux, third, key: "s", dialog: "Step", note: "Support from the school is enough")
    _ = try tmux.waitUntil("\(third.reference) leaves the queue") { row($0, third.reference) == nil }
    tmux.keys("Q")
    try tmux.waitForExit()

    // The store holds each decision, with its note, as the command line reads it.
    let all = try box.ok(["escalation", "list", "--status", "all", "--json"], as: "supervisor1").jsonArray()
    func stored(_ e: Raised) -> [String: Any]? { all.first { $0["reference"] as? String == e.reference } }
    #expect(stored(first)?["status"] as? String == "accepted")
    #expect(stored(second)?["status"] as? String == "declined")
    #expect(stored(second)?["decisionNote"] as? String == "Universal offer meets the need for now")
    #expect(stored(third)?["status"] as? String == "stepped-down")
  }

  /// The north's raised escalations, in the queue's order as the command line lists them.
  private func open(_ box: Sandbox) throws -> [Raised] {
    try box.ok(["escalation", "list", "--json"], as: "supervisor1").jsonArray()
      .filter { $0["status"] as? String == "raised" && $0["hub"] as? String == "north" }
      .compactMap { e in
        guard let reference = e["reference"] as? String, let reason = e["reason"] as? String else {
          return nil
        }
        return Raised(reference: reference, reason: reason)
      }
  }

  /// Selects the escalation's row, opens the decision with `key`, checks the
  /// dialog names it and shows its reason, then writes the note and saves.
  private func decide(_ tmux: TmuxSession, _ e: Raised, key: String, dialog: String, note: String) throws {
    let screen = try tmux.waitUntil("\(e.reference) in the queue") { row($0, e.reference) != nil }
    let index = try #require(rows(screen).firstIndex { $0.hasPrefix(e.reference) })
    tmux.keys("g")
    for _ in 0..<index { tmux.keys("j") }
    tmux.keys(key)
    _ = try tmux.waitUntil("the \(dialog) dialog for \(e.reference)") { screen in
      screen.split(separator: "\n").contains { $0.contains("┌─ \(dialog)") && $0.contains(e.reference) }
    }
    try tmux.waitFor("Reason: \(e.reason.prefix(30))")
    if !note.isEmpty { tmux.type(note) }
    tmux.keys("Enter")
  }

  /// The queue's rows: every line that starts with an escalation reference.
  private func rows(_ screen: String) -> [String] {
    screen.split(separator: "\n").map(String.init).filter { $0.hasPrefix("E-") }
  }

  private func row(_ screen: String, _ reference: String) -> String? {
    rows(screen).first { $0.hasPrefix(reference) }
  }
}
