import Foundation
import GRDB
import StartWellCore
import StartWellStore
import Testing

@testable import StartWellSync

#if canImport(Glibc)
  import Glibc
#endif

/// Runs a system tool, returning whether it succeeded.
@discardableResult
func tool(_ path: String, _ arguments: [String]) -> Bool {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: path)
  process.arguments = arguments
  process.standardOutput = FileHandle.nullDevice
  process.standardError = FileHandle.nullDevice
  guard (try? process.run()) != nil else { return false }
  process.waitUntilExit()
  return process.terminationStatus == 0
}

/// Whether this machine lets the tests mount a small tmpfs (root in a container that allows it).
let canMountTmpfs: Bool = {
  guard getuid() == 0 else { return false }
  let probe = FileManager.default.temporaryDirectory.appendingPathComponent(
    "startwell-mount-probe-\(getpid())")
  try? FileManager.default.createDirectory(at: probe, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: probe) }
  guard tool("/usr/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", probe.path]) else { return false }
  tool("/usr/bin/umount", [probe.path])
  return true
}()

@Suite(
  "sync --watch against a damaged share",
  .enabled(if: startwellBinary != nil, "needs the startwell binary built beside the tests"),
  .enabled(if: canMountTmpfs, "needs to mount a small tmpfs, to make the share read-only and full for real"))
struct WatchProcessTests {
  /// Polls `condition` every 0.2 s until it holds or `seconds` pass.
  func eventually(_ seconds: Double = 60, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if try condition() { return true }
      Thread.sleep(forTimeInterval: 0.2)
    }
    return try condition()
  }

  func status(_ t: CLITerminal) throws -> [String: Any] {
    let out = try t.run(["sync", "status", "--json"]).stdout
    return (try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]) ?? [:]
  }

  /// The peak resident memory of a running process, in kB.
  func peakKB(_ pid: Int32) -> Int? {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
      return Int(line.split(separator: " ").dropFirst().first ?? "")
    }
    return nil
  }

  @Test("sync --watch keeps going through a read-only share, a full share, a pipe and a 200 MB file")
  func watchSurvives() throws {
    let fixture = CLIFixture()
    let share = fixture.share
    try FileManager.default.createDirectory(at: share, withIntermediateDirectories: true)
    #expect(tool("/usr/bin/mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", share.path]))
    defer { tool("/usr/bin/umount", ["-l", share.path]) }

    let a = try fixture.first()
    try a.addFamily("First")
    try a.run(["sync"])
    let b = try fixture.joiner("B")
    try b.run(["sync"])

    let watch = Process()
    watch.executableURL = startwellBinary!
    watch.arguments = ["sync", "--watch", "--interval", "0.2"]
    var env = ProcessInfo.processInfo.environment
    env["STARTWELL_DATA_DIR"] = b.data.path
    env["STARTWELL_CONFIG_DIR"] = packageRoot().appendingPathComponent("Config").path
    env[KeyDerivation.testVariable] = "1"
    env["STARTWELL_USER"] = "admin"
    env["STARTWELL_PASSWORD"] = "admin password 1"
    env.removeValue(forKey: CrashPoint.variable)
    env.removeValue(forKey: ShareKeySource.passphraseVariable)
    watch.environment = env
    let outURL = fixture.folder.sub("watch.out")
    let errURL = fixture.folder.sub("watch.err")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    watch.standardOutput = try FileHandle(forWritingTo: outURL)
    watch.standardError = try FileHandle(forWritingTo: errURL)
    try watch.run()
    // A child of the test runner starts with most signals blocked; SIGKILL always ends it.
    defer { if watch.isRunning { kill(watch.processIdentifier, SIGKILL) } }
    let pending = { (t: CLITerminal) in (try self.status(t)["pending"] as? Int) ?? -1 }
    let lastError = { (t: CLITerminal) in (try self.status(t)["lastError"] as? String) ?? "" }

    // Read-only: B's change cannot leave, the watch says why and goes on.
    #expect(tool("/usr/bin/mount", ["-o", "remount,ro", share.path]))
    try b.addFamily("From B, read-only")
    #expect(try eventually { try lastError(b).contains("read-only") })
    #expect(watch.isRunning)
    #expect(tool("/usr/bin/mount", ["-o", "remount,rw", share.path]))
    #expect(try eventually { try pending(b) == 0 })

    // Full: the same.
    let filler = share.appendingPathComponent("filler")
    #expect(tool("/usr/bin/dd", ["if=/dev/zero", "of=\(filler.path)", "bs=64k"]) == false)
    try b.addFamily("From B, share full")
    #expect(try eventually { try lastError(b).contains("No space left") })
    #expect(watch.isRunning)
    try FileManager.default.removeItem(at: filler)
    #expect(try eventually { try pending(b) == 0 })

    // A pipe and a 200 MB (sparse) file with batch names in A's log, and a real batch behind them.
    let aDevice = try a.openStore().deviceID
    let log = share.appendingPathComponent("devices/\(aDevice)/log")
    let fifo = junkName(40, 1)
    let huge = junkName(41, 2)
    #expect(mkfifo(log.appendingPathComponent(fifo).path, 0o644) == 0)
    #expect(tool("/usr/bin/truncate", ["-s", "200M", log.appendingPathComponent(huge).path]))
    try a.addFamily("From A, after the junk")
    try a.run(["sync"])
    #expect(
      try eventually {
        try b.openStore().read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM family") ?? 0 } == 4
      })
    #expect(try eventually { ((try status(b)["quarantine"] as? [Any])?.count ?? 0) == 2 })
    // Several more rounds with the files still there.
    Thread.sleep(forTimeInterval: 2)
    #expect(watch.isRunning)
    #expect(try lastError(b).isEmpty)

    let peak = peakKB(watch.processIdentifier)
    kill(watch.processIdentifier, SIGKILL)
    watch.waitUntilExit()
    let out = try String(contentsOf: outURL, encoding: .utf8)
    let err = try String(contentsOf: errURL, encoding: .utf8)
    print("sync --watch peak RSS (VmHWM): \(peak.map(String.init) ?? "?") kB")
    #expect(peak != nil)
    #expect((peak ?? .max) < 200 * 1024, "peak RSS \(peak ?? -1) kB")
    // Each damaged file is reported once, not on every round.
    #expect(out.components(separatedBy: fifo).count - 1 == 1, "\(out)")
    #expect(out.components(separatedBy: huge).count - 1 == 1, "\(out)")
    // Failures in words for people, each said once while it lasts.
    #expect(err.components(separatedBy: "read-only").count - 1 == 1, "\(err)")
    #expect(!err.contains("Error Domain"), "\(err)")
    for name in [fifo, huge] { try FileManager.default.removeItem(at: log.appendingPathComponent(name)) }
    for t in [a, b, a] { try t.run(["sync"]) }
    try expectConverged([a, b], families: 4)
  }
}

@Suite(
  "share accept-change",
  .enabled(if: startwellBinary != nil, "needs the startwell binary built beside the tests"))
struct AcceptChangeCommandTests {
  @Test("only an admin may accept a change of the share; it is audited and sync resumes")
  func acceptChange() throws {
    let fixture = CLIFixture()
    let a = try fixture.first()
    for i in 0..<4 {
      try a.addFamily("F\(i)")
      try a.run(["sync"])
    }
    let b = try fixture.joiner("B")
    try b.run(["sync"])
    let aDevice = try a.openStore().deviceID
    let log = fixture.share.appendingPathComponent("devices/\(aDevice)/log")
    let names = try FileManager.default.contentsOfDirectory(atPath: log.path).sorted()
    let aside = fixture.folder.sub("aside")
    try FileManager.default.createDirectory(at: aside, withIntermediateDirectories: true)
    for name in names.dropFirst() {
      try FileManager.default.moveItem(
        at: log.appendingPathComponent(name), to: aside.appendingPathComponent(name))
    }
    let refused = try b.run(["sync"], expectSuccess: false)
    #expect(refused.status != 0)
    #expect(refused.stderr.contains("startwell share accept-change"), "\(refused.stderr)")

    let byWorker = try b.run(
      ["share", "accept-change", "--as", "worker"], expectSuccess: false, password: "worker password 1")
    #expect(byWorker.status != 0)
    #expect(try b.run(["sync"], expectSuccess: false).status != 0)
    try b.run(["share", "accept-change"])
    try b.run(["sync"])
    let audit = try b.run(["audit", "log", "--json"]).stdout
    #expect(audit.contains("share-accept-change"))
    try b.run(["audit", "verify"])
  }
}
