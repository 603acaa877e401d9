import Foundation
import Testing

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

  init() throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent("startwell-cli-\(UUID().uuidString)")
    dataDir = root.appendingPathComponent("data")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: root) }

  var storeFile: URL { dataDir.appendingPathComponent("startwell.sqlite") }

  /// Runs `startwell args…` with this sandbox's data folder, acting as `user` when given.
  @discardableResult
  func run(
    _ args: [String], as user: String? = nil, environment extra: [String: String] = [:], dataDir: Bool = true
  ) throws -> CLIResult {
    let binary = try #require(CLIBinary.url, "startwell binary not found; build it first or set STARTWELL_BIN")
    var arguments = args
    if dataDir { arguments += ["--data-dir", self.dataDir.path] }
    if let user { arguments += ["--as", user] }
    var env: [String: String] = [
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
      "HOME": root.path,
      "LANG": "C.UTF-8",
      "STARTWELL_PASSWORD": "demo",
      "STARTWELL_NEW_PASSWORD": "demo",
      "STARTWELL_CONFIG_DIR": CLIBinary.configDirectory.path,
    ]
    for (k, v) in extra { env[k] = v }
    env = env.filter { !$0.value.isEmpty }

    // Output goes to files, not pipes, so a large listing can never fill a pipe and stall the child.
    let id = UUID().uuidString
    let outURL = root.appendingPathComponent("out-\(id)")
    let errURL = root.appendingPathComponent("err-\(id)")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.environment = env
    process.currentDirectoryURL = root
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = out
    process.standardError = err
    try process.run()
    process.waitUntilExit()
    try out.close()
    try err.close()
    let stdout = String(decoding: try Data(contentsOf: outURL), as: UTF8.self)
    let stderr = String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
    try? FileManager.default.removeItem(at: outURL)
    try? FileManager.default.removeItem(at: errURL)
    return CLIResult(status: process.terminationStatus, stdout: stdout, stderr: stderr)
  }

  /// Runs and requires success, showing stderr when it fails.
  @discardableResult
  func ok(_ args: [String], as user: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws
    -> CLIResult
  {
    let result = try run(args, as: user)
    #expect(result.ok, "startwell \(args.joined(separator: " ")) failed: \(result.stderr)", sourceLocation: sourceLocation)
    return result
  }

  /// A statement run with the sqlite3 shell, as someone tampering with the file would.
  @discardableResult
  func sqlite(_ sql: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sqlite3", storeFile.path, sql]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(process.terminationStatus == 0, "sqlite3 failed: \(text)")
    return text
  }

  func count(_ table: String) throws -> Int {
    Int(try sqlite("SELECT COUNT(*) FROM \(table)")) ?? -1
  }

  /// Row counts of every table a bad command might wrongly write to.
  func counts() throws -> [String: Int] {
    var out: [String: Int] = [:]
    for table in ["family", "person", "cases", "contact", "escalation", "referral", "outbox", "audit", "users"] {
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
    try s.ok(["user", "add", "supervisor1", "--role", "supervisor", "--hub", "north", "--name", "Sam Supervisor"], as: "admin")
    try s.ok(["user", "add", "practitioner1", "--role", "practitioner", "--hub", "north", "--name", "Pat Practitioner"], as: "admin")
    try s.ok(["user", "add", "practitioner2", "--role", "practitioner", "--hub", "south"], as: "admin")
    let fam = try s.ok(
      ["family", "add", "--name", "Okafor", "--postcode", "ls6 2ab", "--hub", "north", "--sdf", "north-moorside",
       "--address", "12 Moor Lane", "--json"],
      as: "practitioner1")
    family = try #require(try fam.jsonObject()["reference"] as? String)
    let mum = try s.ok(
      ["person", "add", family, "--given", "Ada", "--family-name", "Okafor", "--dob", "1994-05-06",
       "--relationship", "mother", "--nhs", "943 476 5919", "--json"],
      as: "practitioner1")
    mother = try #require(try mum.jsonObject()["reference"] as? String)
    let kid = try s.ok(
      ["person", "add", family, "--given", "Tobi", "--family-name", "Okafor", "--dob", "2023-02-10",
       "--relationship", "child", "--json"],
      as: "practitioner1")
    child = try #require(try kid.jsonObject()["reference"] as? String)
  }
}

/// Today in UTC, as the store sees it.
func todayUTC(addingDays days: Int = 0) -> String {
  var calendar = Calendar(identifier: .gregorian)
  calendar.timeZone = TimeZone(identifier: "UTC")!
  let date = calendar.date(byAdding: .day, value: days, to: Date())!
  let c = calendar.dateComponents([.year, .month, .day], from: date)
  return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
}
