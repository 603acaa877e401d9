import Foundation
import Testing

/// Two terminals sharing one folder: the client open on terminal B shows a
/// contact logged on terminal A once both have synced, with no key pressed
/// on B. Skipped when tmux is not installed.
@Suite(
  .serialized,
  .enabled(
    if: TmuxSession.tmuxPath != nil && CLIBinary.url != nil, "needs tmux and the built startwell binary"))
struct TmuxSyncTests {
  @Test func contactFromTerminalAAppearsOnTerminalBWithoutAKey() throws {
    let a = try Sandbox()
    let b = try Sandbox()
    let share = a.root.appendingPathComponent("share").path
    let key = a.root.appendingPathComponent("share.key").path

    // Terminal A: a store with a practitioner and a family, published to a new share.
    try a.ok(["init"], as: "admin")
    try a.ok(
      [
        "user", "add", "practitioner1", "--role", "practitioner", "--hub", "north", "--name",
        "Pat Practitioner",
      ],
      as: "admin")
    let added = try a.ok(
      ["family", "add", "--name", "Okafor", "--postcode", "LS6 2AB", "--hub", "north", "--json"],
      as: "practitioner1")
    let reference = try #require(try added.jsonObject()["reference"] as? String)
    try a.ok(["share", "init", share, "--key-file", key], as: "admin")
    try a.ok(["sync"], as: "admin")

    // Terminal B: a new data folder joins with no users and no login, and
    // receives the users and the family at its first sync.
    try b.ok(["share", "join", share, "--key-file", key])
    try b.ok(["sync"])
    let found = try b.ok(["family", "show", reference, "--json"], as: "practitioner1")
    #expect(found.stdout.contains("Okafor"))

    // The client on B, syncing every second, with the family's chronology open.
    let tmux = try TmuxSession(
      box: b, user: "practitioner1", cols: 120, rows: 40, environment: ["STARTWELL_SYNC_INTERVAL": "1"])
    try tmux.waitFor("My caseload")
    try tmux.waitFor("sync: synced")
    tmux.keys("F")
    try tmux.waitFor("Filters:")
    tmux.keys("/")
    tmux.type("Okafor")
    try tmux.waitFor("1–1 of 1")
    // The first Enter leaves the search box for the list, the second opens the row.
    tmux.keys("Enter")
    try tmux.waitFor("Enter open")
    tmux.keys("Enter")
    try tmux.waitFor("\(reference)  Okafor")
    tmux.keys("2")
    try tmux.waitFor("Nothing recorded yet")

    // Terminal A logs a contact and syncs. From here on no key goes to B.
    let summary = "Call from terminal A \(UUID().uuidString.prefix(8))"
    try a.ok(["contact", "log", reference, "--type", "phone", "--summary", summary], as: "practitioner1")
    try a.ok(["sync"], as: "practitioner1")
    let screen = try tmux.waitFor(summary, timeout: 30)
    #expect(screen.contains("\(reference)  Okafor"), "still on the family, as left")
    #expect(screen.split(separator: "\n").first?.contains("sync: synced") == true)

    tmux.keys("Q")
    try tmux.waitForExit()
  }

  @Test func aVanishedShareShowsOfflineAndTheReason() throws {
    let a = try Sandbox()
    let share = a.root.appendingPathComponent("share")
    let key = a.root.appendingPathComponent("share.key").path
    try a.ok(["init"], as: "admin")
    try a.ok(
      ["user", "add", "practitioner1", "--role", "practitioner", "--hub", "north"], as: "admin")
    try a.ok(["share", "init", share.path, "--key-file", key], as: "admin")
    try a.ok(["sync"], as: "admin")

    let tmux = try TmuxSession(
      box: a, user: "practitioner1", cols: 120, rows: 40, environment: ["STARTWELL_SYNC_INTERVAL": "1"])
    try tmux.waitFor("sync: synced")
    // The share is unmounted under the running client.
    let moved = a.root.appendingPathComponent("share-away")
    try FileManager.default.moveItem(at: share, to: moved)
    try tmux.waitFor("sync: offline", timeout: 30)
    tmux.keys("y")
    try tmux.waitFor("Last attempt failed: the share")
    // Back again: the next run succeeds with no key pressed.
    try FileManager.default.moveItem(at: moved, to: share)
    try tmux.waitFor("sync: synced", timeout: 30)
    tmux.keys("Q")
    try tmux.waitForExit()
  }
}
