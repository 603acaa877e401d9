import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The built `startwell` binary, found next to the test bundle so it works
/// whatever scratch path the build used; `STARTWELL_BIN` overrides it.
enum CLIBinary {
  static let url: URL? = {
    let fm = FileManager.default
    if let env = ProcessInfo.processInfo.environment["STARTWELL_BIN"], !env.isEmpty {
      return URL(fileURLWithPath: env)
    }
    var candidates: [URL] = []
    // The test bundle (.xctest) sits in the same build products folder as the executable.
    for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
      candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("startwell"))
    }
    candidates.append(Bundle.main.bundleURL.appendingPathComponent("startwell"))
    candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("startwell"))
    if let first = CommandLine.arguments.first {
      candidates.append(
        URL(fileURLWithPath: first).deletingLastPathComponent().appendingPathComponent("startwell"))
    }
    candidates.append(packageRoot.appendingPathComponent(".build/debug/startwell"))
    return candidates.first { fm.isExecutableFile(atPath: $0.path) }
  }()

  /// The package root, from this file's place in Tests/StartWellCLITests.
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static var configDirectory: URL { packageRoot.appendingPathComponent("Config") }
}

/// What a library says that a person must never be shown: SQLite's and
/// GRDB's wording and the SQL it quotes. Every command run by the harness is
/// checked for it, whatever the test is about.
enum RawErrorText {
  static let fragments = ["SQLite error", "GRDB", "while executing"]

  static func expectAbsent(
    from stderr: String, of args: [String], sourceLocation: SourceLocation = #_sourceLocation
  ) {
    for fragment in fragments {
      #expect(
        !stderr.contains(fragment),
        "raw error text '\(fragment)' on stderr of startwell \(args.joined(separator: " ")): \(stderr)",
        sourceLocation: sourceLocation)
    }
  }
}

struct CLIResult {
  var status: Int32
  var stdout: String
  var stderr: String

  var ok: Bool { status == 0 }
  var stderrLines: [Substring] { stderr.split(separator: "\n") }

  func json() throws -> Any {
    try JSONSerialization.jsonObject(with: Data(stdout.utf8))
  }

  func jsonArray() throws -> [[String: Any]] {
    try #require(try json() as? [[String: Any]], "expected a JSON array, got: \(stdout)")
  }

  func jsonObject() throws -> [String: Any] {
    try #require(try json() as? [String: Any], "expected a JSON object, got: \(stdout)")
  }
}

/// A private data folder for one test, and a way to run the real binary against it.
final class Sandbox {
  let root: URL
  let dataDir: URL
  /// Every account's password: real accounts need one that passes the
  /// password rule; once `demo` has loaded, the demo accounts' `demo`.
  var password = "casebook password"

  init() throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent("startwell-cli-\(UUID().uuidString)")
    dataDir = root.appendingPathComponent("data")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: root) }

  var storeFile: URL { dataDir.appendingPathComponent("startwell.sqlite") }

  /// Runs `startwell args…` with this sandbox's data folder, acting as `user` when given.
  /// Whatever happens, stderr must hold no raw database or library text.
  @discardableResult
  func run(
    _ args: [String], as user: String? = nil, environment extra: [String: String] = [:], dataDir: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> CLIResult {
    let binary = try #require(
      CLIBinary.url, "startwell binary not found; build it first or set STARTWELL_BIN")
    var arguments = args
    if dataDir { arguments += ["--data-dir", self.dataDir.path] }
    if let user { arguments += ["--as", user] }
    var env: [String: String] = [
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
      "HOME": root.path,
      "LANG": "C.UTF-8",
      "STARTWELL_PASSWORD": password,
      "STARTWELL_NEW_PASSWORD": password,
      // Stores made by the tests stretch passwords cheaply; a real store refuses such keys.
      "STARTWELL_TEST_KEY_DERIVATION": "1",
      "STARTWELL_CONFIG_DIR": CLIBinary.configDirectory.path,
    ]
    for (k, v) in extra { env[k] = v }
    env = env.filter { !$0.value.isEmpty }

    let out = root.appendingPathComponent("out-\(UUID().uuidString)")
    let err = root.appendingPathComponent("err-\(UUID().uuidString)")
    defer {
      unlink(out.path)
      unlink(err.path)
    }
    // The shell only changes into the sandbox, so a ./Config in the test's own
    // working directory can never be picked up, then becomes the binary.
    let status = try Spawn.run(
      "/bin/sh", ["-c", "cd \"$0\" && exec \"$@\"", root.path, binary.path] + arguments, environment: env,
      stdout: out.path, stderr: err.path)
    let stdout = String(decoding: (try? Data(contentsOf: out)) ?? Data(), as: UTF8.self)
    let stderr = String(decoding: (try? Data(contentsOf: err)) ?? Data(), as: UTF8.self)
    RawErrorText.expectAbsent(from: stderr, of: args, sourceLocation: sourceLocation)
    if status == 0 && args.first == "demo" { password = "demo" }
    return CLIResult(status: status, stdout: stdout, stderr: stderr)
  }

  /// Runs and requires success, showing stderr when it fails.
  @discardableResult
  func ok(_ args: [String], as user: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws
    -> CLIResult
  {
    let result = try run(args, as: user, sourceLocation: sourceLocation)
    #expect(
      result.ok, "startwell \(args.joined(separator: " ")) failed: \(result.stderr)",
      sourceLocation: sourceLocation)
    return result
  }

  /// A statement run with the sqlite3 shell, as someone tampering with the file would.
  @discardableResult
  func sqlite(_ sql: String) throws -> String {
    let out = root.appendingPathComponent("sql-\(UUID().uuidString)")
    defer { unlink(out.path) }
    let status = try Spawn.run(
      "/usr/bin/env", ["sqlite3", storeFile.path, sql], environment: ProcessInfo.processInfo.environment,
      stdout: out.path, stderr: out.path)
    let text = String(decoding: (try? Data(contentsOf: out)) ?? Data(), as: UTF8.self)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(status == 0, "sqlite3 failed: \(text)")
    return text
  }

  func count(_ table: String) throws -> Int {
    Int(try sqlite("SELECT COUNT(*) FROM \(table)")) ?? -1
  }

  /// Row counts of every table a bad command might wrongly write to.
  func counts() throws -> [String: Int] {
    var out: [String: Int] = [:]
    for table in [
      "family", "person", "cases", "contact", "escalation", "referral", "outbox", "audit", "users",
    ] {
      out[table] = try count(table)
    }
    return out
  }
}

/// A store with an admin, a supervisor and a practitioner in the north hub, a
/// practitioner in the south hub, and one north family with a mother and a child.
struct Casebook {
  let sandbox: Sandbox
  let family: String
  let mother: String
  let child: String

  init() throws {
    let s = try Sandbox()
    sandbox = s
    try s.ok(["init"], as: "admin")
    try s.ok(
      ["user", "add", "supervisor1", "--role", "supervisor", "--hub", "north", "--name", "Sam Supervisor"],
      as: "admin")
    try s.ok(
      [
        "user", "add", "practitioner1", "--role", "practitioner", "--hub", "north", "--name",
        "Pat Practitioner",
      ], as: "admin")
    try s.ok(["user", "add", "practitioner2", "--role", "practitioner", "--hub", "south"], as: "admin")
    let fam = try s.ok(
      [
        "family", "add", "--name", "Okafor", "--postcode", "ls6 2ab", "--hub", "north", "--sdf",
        "north-moorside",
        "--address", "12 Moor Lane", "--json",
      ],
      as: "practitioner1")
    family = try #require(try fam.jsonObject()["reference"] as? String)
    let mum = try s.ok(
      [
        "person", "add", family, "--given", "Ada", "--family-name", "Okafor", "--dob", "1994-05-06",
        "--relationship", "mother", "--nhs", "943 476 5919", "--json",
      ],
      as: "practitioner1")
    mother = try #require(try mum.jsonObject()["reference"] as? String)
    let kid = try s.ok(
      [
        "person", "add", family, "--given", "Tobi", "--family-name", "Okafor", "--dob", "2023-02-10",
        "--relationship", "child", "--json",
      ],
      as: "practitioner1")
    child = try #require(try kid.jsonObject()["reference"] as? String)
  }
}

/// Runs programs to completion with `posix_spawn` and `waitpid`.
///
/// Foundation's `Process` is not used: it learns that a child ended when a
/// descriptor the child holds is closed, and any daemon forked meanwhile by a
/// concurrently running test (the tmux server of the end-to-end tests) can
/// inherit that descriptor and keep it open, so waiting would never end.
/// `waitpid` does not depend on descriptors, and output goes to files, never pipes.
enum Spawn {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  static func run(
    _ path: String, _ args: [String], environment: [String: String], stdout: String, stderr: String
  ) throws -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    if stderr == stdout {
      posix_spawn_file_actions_adddup2(&actions, 1, 2)
    } else {
      posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    }
    // The test runner's threads block some signals; a child must start with
    // none blocked and default handlers, like a program started from a shell.
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

    let argv: [UnsafeMutablePointer<CChar>?] = ([path] + args).map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for p in envp { free(p) } }

    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
    guard spawned == 0 else { throw Failure(description: "cannot start \(path): error \(spawned)") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      guard errno == EINTR else { throw Failure(description: "waitpid failed: \(errno)") }
    }
    let signal = status & 0x7f
    return signal == 0 ? (status >> 8) & 0xff : 128 + signal
  }
}

/// Today in UTC, as the store sees it under this harness (it sets no `TZ`).
func todayUTC(addingDays days: Int = 0) -> String {
  var calendar = Calendar(identifier: .gregorian)
  calendar.timeZone = TimeZone(identifier: "UTC")!
  let date = calendar.date(byAdding: .day, value: days, to: Date())!
  let c = calendar.dateComponents([.year, .month, .day], from: date)
  return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
}
