import Foundation
import GRDB
import StartWellCore
import StartWellStore
import Testing

@testable import StartWellSync

/// The `startwell` binary built beside this test bundle.
let startwellBinary: URL? = {
  let bundle = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
  for dir in [bundle, bundle.deletingLastPathComponent()] {
    let candidate = dir.appendingPathComponent("startwell")
    if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
  }
  return nil
}()

/// One terminal driven through the real command line, with its own data folder.
struct CLITerminal {
  let data: URL
  let name: String

  struct Run {
    var status: Int32
    var killed: Bool
    var stdout: String
    var stderr: String
  }

  @discardableResult
  func run(
    _ arguments: [String], crashAt: String? = nil, expectSuccess: Bool = true, password: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
  )
    throws -> Run
  {
    let process = Process()
    process.executableURL = startwellBinary!
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["STARTWELL_DATA_DIR"] = data.path
    env["STARTWELL_CONFIG_DIR"] = packageRoot().appendingPathComponent("Config").path
    env[KeyDerivation.testVariable] = "1"
    env["STARTWELL_USER"] = "admin"
    env["STARTWELL_PASSWORD"] = password ?? "admin password 1"
    env["STARTWELL_NEW_PASSWORD"] = "worker password 1"
    env[CrashPoint.variable] = crashAt
    env.removeValue(forKey: ShareKeySource.passphraseVariable)
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let result = Run(
      status: process.terminationStatus, killed: process.terminationReason == .uncaughtSignal,
      stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    if expectSuccess && (result.status != 0 || result.killed) {
      Issue.record(
        "\(name): startwell \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderr)",
        sourceLocation: sourceLocation)
    }
    return result
  }

  func addFamily(_ familyName: String) throws {
    try run(
      ["family", "add", "--name", familyName, "--postcode", "LS6 2AB", "--hub", "north", "--as", "worker"],
      passwordOf: "worker")
  }

  func run(_ arguments: [String], passwordOf user: String) throws {
    // The worker logs in with its own password.
    let process = Process()
    process.executableURL = startwellBinary!
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["STARTWELL_DATA_DIR"] = data.path
    env["STARTWELL_CONFIG_DIR"] = packageRoot().appendingPathComponent("Config").path
    env[KeyDerivation.testVariable] = "1"
    env["STARTWELL_USER"] = user
    env["STARTWELL_PASSWORD"] = "worker password 1"
    env.removeValue(forKey: CrashPoint.variable)
    process.environment = env
    let err = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = err
    try process.run()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    if process.terminationStatus != 0 {
      Issue.record(
        "\(name): startwell \(arguments.joined(separator: " ")): \(String(decoding: stderr, as: UTF8.self))")
    }
  }

  func openStore() throws -> Store { try Store.open(directory: data, config: testConfig) }
}

/// A share with a first terminal that made the users, and more terminals joined to it.
struct CLIFixture {
  let folder = TempFolder("cli")
  var share: URL { folder.sub("share") }
  var key: URL { folder.sub("share.key") }

  func first() throws -> CLITerminal {
    let a = CLITerminal(data: folder.sub("A"), name: "A")
    try a.run(["init", "--username", "admin"])
    try a.run(["user", "add", "worker", "--role", "supervisor", "--hub", "north"])
    try a.run(["share", "init", share.path, "--key-file", key.path])
    return a
  }

  func joiner(_ name: String) throws -> CLITerminal {
    let t = CLITerminal(data: folder.sub(name), name: name)
    try t.run(["share", "join", share.path, "--key-file", key.path])
    return t
  }
}

/// Everything two stores must agree on once synced, and the health of each file.
func expectConverged(
  _ terminals: [CLITerminal], families: Int, sourceLocation: SourceLocation = #_sourceLocation
) throws {
  var hashes: Set<String> = []
  var allOps: [String] = []
  var stores: [Store] = []
  for t in terminals {
    let store = try t.openStore()
    stores.append(store)
    hashes.insert(try store.canonicalStateHash())
    let (integrity, ops, count, quarantined) = try store.read { db in
      (
        try String.fetchAll(db, sql: "PRAGMA integrity_check"),
        try String.fetchAll(db, sql: "SELECT op_id FROM outbox"),
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM family") ?? 0,
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sync_quarantine") ?? 0
      )
    }
    #expect(integrity == ["ok"], "\(t.name): integrity", sourceLocation: sourceLocation)
    #expect(
      count == families, "\(t.name): \(count) families, expected \(families)", sourceLocation: sourceLocation)
    #expect(quarantined == 0, "\(t.name): quarantined files", sourceLocation: sourceLocation)
    allOps += ops
  }
  #expect(hashes.count == 1, "state hashes differ", sourceLocation: sourceLocation)
  #expect(Set(allOps).count == allOps.count, "an operation was duplicated", sourceLocation: sourceLocation)
  for (t, store) in zip(terminals, stores) {
    let applied = try store.read { db in Set(try String.fetchAll(db, sql: "SELECT op_id FROM op_log")) }
    #expect(Set(allOps).isSubset(of: applied), "\(t.name) lacks operations", sourceLocation: sourceLocation)
  }
}

@Suite(
  "Real processes", .enabled(if: startwellBinary != nil, "needs the startwell binary built beside the tests"))
struct ProcessTests {
  @Test("three startwell processes edit and sync one share concurrently, and converge")
  func threeProcesses() throws {
    let fixture = CLIFixture()
    let a = try fixture.first()
    try a.run(["sync"])
    let b = try fixture.joiner("B")
    let c = try fixture.joiner("C")
    for t in [b, c] { try t.run(["sync"]) }
    // Each terminal adds families and syncs, all three at once.
    let rounds = 3
    let group = DispatchGroup()
    final class Failures: @unchecked Sendable {
      let lock = NSLock()
      var messages: [String] = []
      func add(_ m: String) {
        lock.lock()
        messages.append(m)
        lock.unlock()
      }
    }
    let failures = Failures()
    for t in [a, b, c] {
      group.enter()
      DispatchQueue.global().async {
        defer { group.leave() }
        do {
          for i in 0..<rounds {
            try t.addFamily("\(t.name) family \(i)")
            try t.run(["sync"])
          }
        } catch {
          failures.add("\(t.name): \(error)")
        }
      }
    }
    group.wait()
    #expect(failures.messages.isEmpty)
    for _ in 0..<2 { for t in [a, b, c] { try t.run(["sync"]) } }
    try expectConverged([a, b, c], families: 3 * rounds)
    let status = try a.run(["sync", "status", "--json"]).stdout
    #expect(status.contains("\"state\" : \"synced\""))
  }

  @Test(
    "killed at any step of push or pull, a terminal loses and duplicates nothing", arguments: CrashPoint.all)
  func crashAt(_ point: String) throws {
    let fixture = CLIFixture()
    let a = try fixture.first()
    try a.addFamily("First")
    try a.run(["sync"])
    let b = try fixture.joiner("B")
    try b.run(["sync"])
    try b.addFamily("From B")
    try b.run(["sync"])
    // A has a change to push and B's batch to pull; the sync dies at `point`.
    try a.addFamily("Second")
    let crashed = try a.run(["sync"], crashAt: point, expectSuccess: false)
    #expect(crashed.killed, "the process should have been killed at \(point)")
    try a.run(["sync"])
    try b.run(["sync"])
    try a.run(["sync"])
    try expectConverged([a, b], families: 3)
    let log = try FileManager.default.contentsOfDirectory(
      atPath: fixture.share.appendingPathComponent("devices/\(try a.openStore().deviceID)/log").path)
    let seqs = log.compactMap { ShareFormat.parseBatchName($0)?.seq }
    #expect(Set(seqs).count == seqs.count, "a batch number was published twice")
    #expect(seqs.sorted() == Array(1...Int64(seqs.count)))
  }
}
