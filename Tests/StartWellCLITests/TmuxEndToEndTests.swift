import Foundation
import Testing

/// End-to-end tests of the interactive client: the built binary runs inside a
/// detached tmux session, keys go in with `send-keys` and the screen comes
/// back with `capture-pane -p`. Every wait polls for text (never a fixed
/// sleep) and gives up after 15 seconds. Skipped when tmux is not installed.
@Suite(
  .serialized,
  .enabled(
    if: TmuxSession.tmuxPath != nil && CLIBinary.url != nil, "needs tmux and the built startwell binary"))
struct TmuxEndToEndTests {
  @Test func searchOpenLogContactResizeAndEscape() throws {
    let box = try Sandbox()
    try box.ok(["demo", "--families", "300", "--seed", "7", "--quiet"])
    // A family in practitioner1's own hub, so opening it needs no break-the-glass reason.
    let rows = try box.ok(
      ["family", "search", "--hub", "north", "--limit", "1", "--json"], as: "practitioner1"
    ).jsonArray()
    let row = try #require(rows.first)
    let name = try #require(row["name"] as? String)
    let postcode = try #require(row["postcode"] as? String)
    let reference = try #require(row["reference"] as? String)
    let surname = try #require(name.split(separator: " ").first.map(String.init))

    let tmux = try TmuxSession(box: box, user: "practitioner1", cols: 120, rows: 40)
    try tmux.waitFor("My caseload")
    try tmux.waitFor("sync: off")

    // Search by surname (and postcode, to make the match unique), open the
    // family. Both are pasted as two lines: the line break joins the search
    // as a space instead of ending it and running the postcode as keys.
    tmux.keys("F")
    try tmux.waitFor("Search:")
    tmux.keys("/")
    tmux.paste("\(surname)\n\(postcode)")
    try tmux.waitFor("\(surname) \(postcode)")
    try tmux.waitFor("1–1 of 1")
    tmux.keys("Enter", "Enter")
    try tmux.waitFor("\(reference)  ")
    try tmux.waitFor("Members (")

    // Read the chronology, then log a contact with c.
    tmux.keys("2")
    try tmux.waitFor("When")
    let summary = "Tmux check-in \(UUID().uuidString.prefix(8))"
    tmux.keys("c")
    try tmux.waitFor("Log a contact with")
    tmux.keys("Tab", "Tab", "Tab")
    tmux.type(summary)
    tmux.keys("C-o")
    try tmux.waitFor("Contact saved.")
    try tmux.waitFor("Home visit: \(summary)")

    // The contact is in the store, as the command line sees it.
    let shown = try box.ok(["family", "show", reference, "--json"], as: "practitioner1")
    #expect(shown.stdout.contains(summary))

    // Resize 120×40 → 80×24 → 120×40: the screen follows each size and is whole.
    try tmux.resize(cols: 80, rows: 24)
    let small = try tmux.waitUntil("the 80×24 layout") { screen in
      let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
      return lines.count >= 24 && screen.contains("Home visit: \(summary)") && lines[0].contains("sync: off")
        && !lines.contains { $0.count > 80 }
    }
    #expect(small.contains("\(reference)  "))
    try tmux.resize(cols: 70, rows: 20)
    try tmux.waitFor("Terminal too small: need 80×24, have 70×20")
    try tmux.resize(cols: 120, rows: 40)
    let large = try tmux.waitFor("Home visit: \(summary)")
    #expect(!large.contains("Terminal too small"))
    #expect(large.split(separator: "\n").first?.contains("sync: off") == true)

    // Esc goes back at once: the families list is on screen well within 200 ms.
    let before = Date()
    tmux.keys("Escape")
    try tmux.waitFor("Filters:", timeout: 2)
    let elapsed = Date().timeIntervalSince(before)
    #expect(elapsed < 0.5, "Esc took \(elapsed) s")

    tmux.keys("Q")
    try tmux.waitForExit()
  }

  /// A practitioner's day in the client, each step checked through the
  /// command line: a contact with the father present, two follow-ups done,
  /// a child's SEND status, a birth, a move to another hub; then a
  /// practitioner of the receiving hub closes the case.
  @Test func aPractitionersDay() throws {
    let box = try Sandbox()
    try box.ok(["demo", "--families", "50", "--seed", "11", "--quiet"])
    let today = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
    let due = String(ISO8601DateFormatter().string(from: Date().addingTimeInterval(20 * 86_400)).prefix(10))
    let family = try box.ok(
      ["family", "add", "--name", "Dayfield", "--postcode", "LS6 2AB", "--hub", "north", "--json"],
      as: "practitioner1"
    ).jsonObject()
    let ref = try #require(family["reference"] as? String)
    func person(_ given: String, _ relationship: String, dob: String, _ extra: [String] = []) throws -> String
    {
      let p = try box.ok(
        [
          "person", "add", ref, "--given", given, "--family-name", "Dayfield", "--dob", dob, "--relationship",
          relationship, "--json",
        ] + extra, as: "practitioner1"
      ).jsonObject()
      return try #require(p["reference"] as? String)
    }
    _ = try person("Dana", "mother", dob: "1991-02-03", ["--sex", "female"])
    _ = try person("Dev", "father", dob: "1989-05-06", ["--sex", "male"])
    let kid = try person("Kit", "child", dob: "2022-07-08")
    let baby = try person("Bee", "child", dob: due, ["--expected"])
    for (summary, day) in [("Nursery form", today), ("Health visitor call", today)] {
      try box.ok(
        ["contact", "log", ref, "--type", "phone", "--summary", summary, "--follow-up", day],
        as: "practitioner1")
    }
    func show(as user: String = "practitioner1") throws -> [String: Any] {
      try box.ok(["family", "show", ref, "--json"], as: user).jsonObject()
    }

    let tmux = try TmuxSession(box: box, user: "practitioner1", cols: 120, rows: 40)
    try tmux.waitFor("My caseload")
    tmux.keys("F")
    try tmux.waitFor("Search:")
    tmux.keys("/")
    tmux.type("Dayfield")
    try tmux.waitFor("1–1 of 1")
    tmux.keys("Enter", "Enter")
    try tmux.waitFor("Members (4)")

    // A contact with the father present: the Present row ticks members, adults first.
    tmux.keys("c")
    try tmux.waitFor("Log a contact with")
    tmux.keys("Tab", "Tab", "Space", "Tab")  // Dev, the elder adult, comes first
    tmux.type("Home visit with Dev")
    tmux.keys("C-o")
    try tmux.waitFor("Contact saved.")
    let entries = try #require(try show()["chronology"] as? [[String: Any]])
    let visit = try #require(
      entries.first { ($0["title"] as? String)?.contains("Home visit with Dev") == true })
    #expect((visit["detail"] as? String)?.contains("Present: Dev") == true)

    // Both follow-ups done from the actions tab, each after a confirmation.
    tmux.keys("5")
    try tmux.waitFor("Follow up: Health visitor call")
    // Each row goes once the reload arrives; the next Enter waits for that.
    func rows(_ screen: String) -> Int { screen.components(separatedBy: "follow-up Follow up: ").count - 1 }
    for left in [1, 0] {
      tmux.keys("Enter")
      try tmux.waitFor("Mark done (final)")
      tmux.keys("y")
      try tmux.waitUntil("\(left) follow-up rows") { rows($0) == left }
    }
    try tmux.waitFor("No open actions or follow-ups.")
    #expect((try show()["followUps"] as? [Any])?.isEmpty == true)

    // Kit's SEND status, in the person form: Kit is the third member.
    tmux.keys("1", "P")
    try tmux.waitFor("Edit a person in Dayfield")
    tmux.keys("Right", "Right")
    try tmux.waitFor("Kit Dayfield (child)")
    for _ in 0..<8 { tmux.keys("Tab") }
    tmux.keys("Space", "C-o")
    try tmux.waitFor("Kit Dayfield's details saved.")
    let audit = try box.ok(["audit", "log", "--json"], as: "admin").stdout
    #expect(audit.contains("\(kid): send_status changed"))

    // Bee is born today.
    tmux.keys("b")
    try tmux.waitFor("Record a birth in Dayfield")
    tmux.keys("Tab")
    tmux.type(today)
    tmux.keys("C-o")
    try tmux.waitFor("recorded as born on \(today)")
    let members = try #require(try show()["members"] as? [[String: Any]])
    let bee = try #require(members.first { $0["reference"] as? String == baby })
    #expect(bee["expected"] as? Bool == false)
    #expect(bee["dateOfBirth"] as? String == today)

    // Moved to the south hub: it leaves practitioner1's screen and lists.
    tmux.keys("m")
    try tmux.waitFor("Move Dayfield out of")
    tmux.keys("Tab", "Tab")
    tmux.type("Rehoused in the south of the city")
    tmux.keys("C-o")
    try tmux.waitFor("moved to South Start Well Hub")
    let moved = try show(as: "practitioner2")
    #expect((moved["family"] as? [String: Any])?["hub"] as? String == "south")
    #expect((moved["case"] as? [String: Any])?["flaggedForHuddle"] as? Bool == true)
    tmux.keys("Q")
    try tmux.waitForExit()

    // A practitioner of the receiving hub closes the case with a reason.
    let south = try TmuxSession(box: box, user: "practitioner2", cols: 80, rows: 24)
    try south.waitFor("My caseload")
    south.keys("F")
    try south.waitFor("Search:")
    south.keys("/")
    south.type("Dayfield")
    try south.waitFor("1–1 of 1")
    south.keys("Enter", "Enter")
    try south.waitFor("Members (4)")
    south.keys("X")
    try south.waitFor("Close Dayfield's case")
    south.type("Family settled; no further support needed")
    south.keys("C-o")
    try south.waitFor("case closed.")
    let closed = try #require(try show(as: "practitioner2")["case"] as? [String: Any])
    #expect(closed["status"] as? String == "closed")
    south.keys("Q")
    try south.waitForExit()
  }

  @Test(
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "needs the sqlite3 shell"))
  func escapeSequencesInNamesDoNotReachTheTerminal() throws {
    let box = try Sandbox()
    try box.ok(["demo", "--families", "50", "--seed", "3", "--quiet"])
    // The store refuses control characters from the command line, so the
    // hostile name is planted the way a bad sync file would carry it.
    _ = try box.ok(
      ["family", "add", "--name", "Evilname", "--postcode", "LS6 2AB", "--hub", "north"], as: "practitioner1")
    try TmuxSession.sqlite(
      box,
      "UPDATE family SET name = 'Evil' || char(27) || '[2J' || char(27) || ']0;pwned' || char(7) WHERE name = 'Evilname'"
    )
    let tmux = try TmuxSession(box: box, user: "practitioner1", cols: 120, rows: 40)
    try tmux.waitFor("My caseload")
    tmux.keys("F")
    try tmux.waitFor("Filters:")
    tmux.keys("/")
    tmux.type("evil")
    let screen = try tmux.waitUntil("the hostile name, escaped, as the only match") {
      $0.contains("Evil\\e[2J\\e]0;pwned\\x07") && $0.contains("1–1 of 1")
    }
    #expect(!screen.contains("\u{1B}"))
    #expect(screen.split(separator: "\n").first?.contains("StartWell") == true)
    tmux.keys("Escape", "Q")
    try tmux.waitForExit()
  }
}

/// One detached tmux session on a private server socket, so the tests never
/// touch a tmux the developer is using.
final class TmuxSession {
  static let tmuxPath: String? = {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
      let path = "\(dir)/tmux"
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
  }()

  let socket = "startwell-e2e-\(UUID().uuidString.prefix(8))"
  let name = "sw"
  let box: Sandbox

  /// `environment` adds variables for the client, e.g. `STARTWELL_SYNC_INTERVAL`.
  init(box: Sandbox, user: String, cols: Int, rows: Int, environment: [String: String] = [:]) throws {
    self.box = box
    let binary = try #require(CLIBinary.url).path
    let extra = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    let command =
      ([
        "env", "STARTWELL_PASSWORD=\(box.password)", "STARTWELL_TEST_KEY_DERIVATION=1", "LANG=C.UTF-8",
        "TERM=xterm-256color", "HOME=\(box.root.path)",
        "STARTWELL_CONFIG_DIR=\(CLIBinary.configDirectory.path)",
      ] + extra + [binary, "--data-dir", box.dataDir.path, "--as", user]).map(Self.quote).joined(
        separator: " ")
    let result = run(["new-session", "-d", "-s", name, "-x", "\(cols)", "-y", "\(rows)", command])
    try #require(result.status == 0, "tmux new-session failed: \(result.output)")
    // Keep the pane after exit so a crash leaves its last screen to read.
    _ = run(["set-option", "-t", name, "remain-on-exit", "on"])
  }

  deinit {
    // Ending the session ends the client and, with it, the private server;
    // this needs no signal, unlike kill-server.
    _ = run(["kill-session", "-t", name])
    _ = run(["kill-server"])
  }

  static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

  /// Runs one tmux command and waits for it with `posix_spawn` and `waitpid`.
  /// Foundation's `Process` is not used here: the tmux server that
  /// `new-session` forks keeps descriptors `Process` watches, and waiting on
  /// it would never end. Output goes to a file, never a pipe, for the same reason.
  @discardableResult
  func run(_ args: [String]) -> (status: Int32, output: String) {
    let out = box.root.appendingPathComponent("tmux-\(UUID().uuidString)").path
    defer { unlink(out) }
    let tmux = Self.tmuxPath ?? "/usr/bin/tmux"
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    let argv: [UnsafeMutablePointer<CChar>?] =
      ([tmux, "-L", socket, "-f", "/dev/null"] + args).map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    // The test runner's threads block some signals; the tmux server and the
    // client under it must start with none blocked, or SIGWINCH never arrives.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    var all = sigset_t()
    sigfillset(&all)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid: pid_t = 0
    guard posix_spawn(&pid, tmux, &actions, &attributes, argv, environ) == 0 else {
      return (-1, "cannot start tmux")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let output = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    return ((status >> 8) & 0xff, output)
  }

  func capture() -> String { run(["capture-pane", "-p", "-t", name]).output }

  func keys(_ keys: String...) { run(["send-keys", "-t", name] + keys) }

  /// Sends text literally (no key-name lookup).
  func type(_ text: String) { run(["send-keys", "-t", name, "-l", text]) }

  /// Pastes `text` as a terminal would, bracketed when the client asked for it.
  func paste(_ text: String) {
    run(["set-buffer", "--", text])
    run(["paste-buffer", "-p", "-d", "-t", name])
  }

  func resize(cols: Int, rows: Int) throws {
    let result = run(["resize-window", "-t", name, "-x", "\(cols)", "-y", "\(rows)"])
    try #require(result.status == 0, "tmux resize-window failed: \(result.output)")
  }

  @discardableResult
  func waitFor(_ text: String, timeout: TimeInterval = 15, sourceLocation: SourceLocation = #_sourceLocation)
    throws
    -> String
  {
    try waitUntil("\"\(text)\"", timeout: timeout, sourceLocation: sourceLocation) { $0.contains(text) }
  }

  @discardableResult
  func waitUntil(
    _ what: String, timeout: TimeInterval = 15, sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: (String) -> Bool
  ) throws -> String {
    let deadline = Date().addingTimeInterval(timeout)
    var screen = ""
    repeat {
      screen = capture()
      if condition(screen) { return screen }
      usleep(10_000)  // poll interval, not a wait for the program
    } while Date() < deadline
    Issue.record(
      "timed out after \(timeout) s waiting for \(what); the screen was:\n\(screen)",
      sourceLocation: sourceLocation)
    throw TmuxTimeout()
  }

  /// Waits for the client to exit (the pane is left dead by remain-on-exit).
  func waitForExit() throws {
    let deadline = Date().addingTimeInterval(15)
    repeat {
      if run(["display-message", "-p", "-t", name, "#{pane_dead}"]).output.hasPrefix("1") { return }
      usleep(10_000)
    } while Date() < deadline
    Issue.record("the client did not exit")
    throw TmuxTimeout()
  }

  /// Runs SQL on the sandbox's store with the sqlite3 shell, for planting data the commands refuse.
  static func sqlite(_ box: Sandbox, _ sql: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = [box.storeFile.path, sql]
    try process.run()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "sqlite3 failed")
  }
}

struct TmuxTimeout: Error {}
