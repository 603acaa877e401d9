import Foundation
import StartWellCore
import StartWellStore
import Testing

@testable import StartWellSync

/// Invariants two real terminals break at once, and joining safely, through the command line.
@Suite(
  "Clashes between real processes",
  .enabled(if: startwellBinary != nil, "needs the startwell binary built beside the tests"))
struct ClashProcessTests {
  @Test(
    "two terminals add the same username offline; both keep syncing, show the clash, and a rename settles it")
  func sameUsernameOnTwoTerminals() throws {
    let fixture = CLIFixture()
    let a = try fixture.first()
    let b = try fixture.joiner("B")
    try a.run(["sync"])
    try b.run(["sync"])
    try a.run(["user", "add", "sam", "--role", "practitioner", "--hub", "north", "--name", "Sam North"])
    try b.run(["user", "add", "sam", "--role", "supervisor", "--hub", "north", "--name", "Sam South"])
    for _ in 0..<2 {
      try a.run(["sync"])
      try b.run(["sync"])
    }
    for t in [a, b] {
      let list = try t.run(["user", "list"])
      #expect(list.stdout.contains("sam (clash)"), "\(t.name): \(list.stdout)")
      let status = try t.run(["sync", "status"])
      #expect(status.stdout.contains("Two or more accounts are named sam"), "\(t.name): \(status.stdout)")
      let login = try t.run(
        ["family", "search", "Smith", "--as", "sam"], expectSuccess: false, password: "worker password 1")
      #expect(login.status != 0)
      #expect(login.stderr.contains("2 accounts are named sam"), "\(t.name): \(login.stderr)")
      #expect(!login.stderr.contains("SQLite") && !login.stderr.contains("UNIQUE"))
    }
    // Sync keeps going on both.
    try a.addFamily("After the clash")
    try a.run(["sync"])
    let pulled = try b.run(["sync"])
    #expect(pulled.status == 0)

    let users = try JSONSerialization.jsonObject(
      with: Data(try a.run(["user", "list", "--json"]).stdout.utf8))
    let rows = try #require(users as? [[String: Any]])
    let north = try #require(rows.first { ($0["displayName"] as? String) == "Sam North" })
    let id = try #require(north["id"] as? String)
    try a.run(["user", "rename", "sam", "--id", String(id.prefix(8)), "--to", "sam.north"])
    for _ in 0..<2 {
      try a.run(["sync"])
      try b.run(["sync"])
    }
    for t in [a, b] {
      #expect(!(try t.run(["user", "list"]).stdout.contains("(clash)")), "\(t.name) still shows a clash")
      try t.run(["family", "search", "Smith", "--as", "sam"], password: "worker password 1")
      try t.run(["family", "search", "Smith", "--as", "sam.north"], password: "worker password 1")
    }
  }

  @Test(
    "`init` then `share join` is refused with a message that says what to do; `init` on a joined terminal too"
  )
  func joinAfterInitIsRefused() throws {
    let fixture = CLIFixture()
    _ = try fixture.first()
    let c = CLITerminal(data: fixture.folder.sub("C"), name: "C")
    try c.run(["init", "--username", "admin"])
    let join = try c.run(
      ["share", "join", fixture.share.path, "--key-file", fixture.key.path], expectSuccess: false)
    #expect(join.status != 0)
    #expect(join.stderr.contains("already holds 1 user"), "\(join.stderr)")
    #expect(join.stderr.contains("new, empty data folder"), "\(join.stderr)")

    let d = try fixture.joiner("D")
    let initJoined = try d.run(["init", "--username", "eve"], expectSuccess: false)
    #expect(initJoined.status != 0)
    #expect(initJoined.stderr.contains("joined a shared store"), "\(initJoined.stderr)")
    try d.run(["sync"])
  }
}
