import Foundation
import Testing

/// A supervisor takes in a domestic abuse notification through the form in
/// the real client, with the child's given name misspelt; triage offers the
/// family's child as the top candidate, and attaching the notification to
/// them is what the store then holds.
@Suite(
  .serialized,
  .enabled(
    if: TmuxSession.tmuxPath != nil && CLIBinary.url != nil, "needs tmux and the built startwell binary"))
struct TmuxIntakeTests {
  @Test func aSupervisorTakesInANotificationAndAttachesItToTheSuggestedChild() throws {
    // The Okafor family of the north hub, with Tobi born 2023-02-10 (`family add`, `person add`).
    let book = try Casebook()
    let box = book.sandbox
    let tobi = try box.sqlite("SELECT id FROM person WHERE reference = '\(book.child)'")

    let tmux = try TmuxSession(box: box, user: "supervisor1", cols: 80, rows: 24)
    try tmux.waitFor("Notifications awaiting triage")
    tmux.keys("I")
    try tmux.waitFor("Nothing is waiting for triage.")
    tmux.keys("a")
    try tmux.waitFor("Take in a notification")
    // Kind: domestic abuse. "Toby" for Tobi; the rest as the police sent it.
    tmux.type("d")
    try tmux.waitFor("Domestic abuse notification")
    tmux.keys("Tab")
    tmux.type("Toby")
    tmux.keys("Tab")
    tmux.type("Okafor")
    tmux.keys("Tab")
    tmux.type("2023-02-10")
    tmux.keys("Tab", "Tab")
    tmux.type("LS6 2AB")
    tmux.keys("Tab", "Tab")
    tmux.type("Moorside Nursery")
    tmux.keys("Tab")
    tmux.type("2025-01-05")
    tmux.keys("Tab")
    tmux.type("WY/2025/0105")
    tmux.keys("Tab")
    tmux.type("c")
    try tmux.waitFor("Child present")
    tmux.keys("C-o")

    // Triage opens on the notification just taken in, the child first among the candidates.
    // Waits for the whole screen: the notification's fields are drawn after the candidates.
    let triage = try tmux.waitUntil("triage with the candidates") {
      $0.contains("Candidates (") && $0.contains(book.child) && $0.contains("Date of birth")
    }
    let reference = try #require(
      triage.range(of: #"Triage (N-[0-9A-Z]+)"#, options: .regularExpression).map {
        String(triage[$0].dropFirst("Triage ".count))
      }, "no notification reference on the triage screen:\n\(triage)")
    let rows = triage.split(separator: "\n").filter { $0.contains("P-") && $0.contains("Okafor") }
    #expect(rows.first?.contains(book.child) == true, "the child is not the top candidate:\n\(triage)")
    #expect(triage.contains("*Date of birth"), "no matched field marked:\n\(triage)")

    tmux.keys("Enter")
    try tmux.waitFor("Attach \(reference) to \(book.child)")
    tmux.keys("y")
    try tmux.waitFor("\(reference) attached to \(book.child)")
    try tmux.waitFor("Nothing is waiting for triage.")

    let held = try box.sqlite(
      "SELECT triage || '|' || person_id FROM notification WHERE reference = '\(reference)'")
    #expect(held == "attached:\(tobi)|\(tobi)")
    // The person as received is kept, misspelling and all.
    #expect(try box.sqlite("SELECT given_name FROM notification WHERE reference = '\(reference)'") == "Toby")
    tmux.keys("Q")
    try tmux.waitForExit()
  }
}
