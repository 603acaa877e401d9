import Foundation
import GRDB
import StartWellCore
import StartWellStore
import Testing

@testable import StartWellSync

#if canImport(Glibc)
  import Glibc
#endif

/// A folder share whose writes can be made to fail as a read-only or full
/// share fails them, and which counts the files it reads.
final class FaultyShare: ShareBackend, @unchecked Sendable {
  let base: FolderShare
  private let lock = NSLock()
  private var currentFault: Int32?
  private var readCounts: [String: Int] = [:]

  init(_ base: FolderShare) { self.base = base }

  /// An `errno` every write fails with (`EROFS`, `ENOSPC`), or nil.
  var fault: Int32? {
    get { lock.withLock { currentFault } }
    set { lock.withLock { currentFault = newValue } }
  }

  func reads(_ path: String) -> Int { lock.withLock { readCounts[path] ?? 0 } }
  func resetReads() { lock.withLock { readCounts = [:] } }

  var location: String { base.location }
  func isReachable() -> Bool { base.isReachable() }
  func list(_ folder: String) throws -> [String] { try base.list(folder) }
  func read(_ path: String) throws -> Data? {
    lock.withLock { readCounts[path, default: 0] += 1 }
    return try base.read(path)
  }
  func stamp(_ path: String) -> ShareFileStamp? { base.stamp(path) }
  func createIfAbsent(_ path: String, _ data: Data, staging: String) throws -> CreateOutcome {
    if let fault {
      throw SyncError.io("cannot create \(location)/\(path): \(String(cString: strerror(fault)))")
    }
    return try base.createIfAbsent(path, data, staging: staging)
  }
  func remove(_ path: String) throws {
    if let fault {
      throw SyncError.io("cannot remove \(location)/\(path): \(String(cString: strerror(fault)))")
    }
    try base.remove(path)
  }
}

extension TestShare {
  /// A terminal whose view of the share can be made to fail writes.
  func faultyTerminal(_ name: String) throws -> (Terminal, FaultyShare) {
    let faulty = FaultyShare(backend)
    let clock = self.clock
    let t = try Terminal(name, share: { _ in faulty }, keyFile: keyFile, now: { clock.now })
    return (t, faulty)
  }

  func logFolder(_ device: String) throws -> URL {
    let dir = root.appendingPathComponent("devices/\(device)/log")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }
}

/// A batch file name for `seq` that no real batch has.
func junkName(_ seq: Int64, _ salt: Int = 0) -> String {
  ShareFormat.batchName(seq: seq, hash: ShareFormat.sha256Hex(Data("junk \(seq) \(salt)".utf8)))
}

@Suite("A damaged share")
struct ShareDamageTests {
  @Test("junk dropped on the share and deleted again does not stop sync, and nothing is lost")
  func junkDeleted() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    try a.addFamily("From A")
    try syncAll([a, b])
    let dir = try share.logFolder(a.store.deviceID)
    var junk: [URL] = []
    for i in 0..<10 {
      let url = dir.appendingPathComponent(junkName(Int64(2 + i), i))
      try Data("not a batch \(i)".utf8).write(to: url)
      junk.append(url)
    }
    let seen = try b.engine.sync()
    #expect(seen.pull.quarantined.count == 10)
    for url in junk { try FileManager.default.removeItem(at: url) }
    // Before: "holds 1 files but held 11 at the last sync", for good.
    try a.addFamily("Second from A")
    try syncAll([a, b])
    #expect(try b.families().count == 2)
    #expect(try b.engine.status().quarantine.isEmpty)
    #expect(try b.engine.status().summary == .synced)
    #expect(try a.appliedOpIDs() == b.appliedOpIDs())
  }

  @Test("a deleted batch is published again byte for byte, and every reader catches up")
  func deletedBatchRepublished() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    for i in 0..<3 {
      try a.addFamily("F\(i)")
      _ = try a.engine.sync()
    }
    _ = try b.engine.sync()
    try b.addFamily("From B")
    let second = share.log(a.store.deviceID)[1]
    let original = try Data(contentsOf: second)
    try FileManager.default.removeItem(at: second)
    let c = try share.terminal("C")
    let stuck = try c.engine.sync()
    #expect(stuck.pull.gaps == [GapNotice(device: a.store.deviceID, missingSeq: 2)])

    // Before: never published again, and A's status said "synced".
    let report = try a.engine.sync()
    #expect(report.push.republished.map(\.seq) == [2])
    #expect(try Data(contentsOf: second) == original)
    #expect(try a.engine.status().summary == .synced)
    try syncAll([a, b, c])
    #expect(try c.families().count == 4)
    let held = try Set(a.appliedOpIDs())
    for t in [b, c] { #expect(try t.appliedOpIDs() == held) }
    // No change was delivered twice.
    #expect(try c.count("SELECT COUNT(*) FROM op_log") == held.count)
  }

  @Test("a batch that cannot be published again keeps the writer's status from saying synced")
  func missingBatchOnReadOnlyShare() throws {
    let share = try TestShare()
    let (a, faulty) = try share.faultyTerminal("A")
    for i in 0..<3 {
      try a.addFamily("F\(i)")
      _ = try a.engine.sync()
    }
    try FileManager.default.removeItem(at: share.log(a.store.deviceID)[1])
    faulty.fault = EROFS
    let report = try a.engine.sync()
    #expect(report.pushError?.contains("Read-only file system") == true)
    let status = try a.engine.status()
    #expect(status.summary != .synced)
    #expect(status.lastError?.contains("could not publish") == true)
    faulty.fault = nil
    #expect(try a.engine.sync().push.republished.count == 1)
    #expect(try a.engine.status().summary == .synced)
  }

  @Test("a share much smaller than last time is refused until an admin accepts it, which is audited")
  func acceptChange() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    for i in 0..<4 {
      try a.addFamily("F\(i)")
      _ = try a.engine.sync()
    }
    _ = try b.engine.sync()
    let aside = share.folder.sub("aside")
    try FileManager.default.createDirectory(at: aside, withIntermediateDirectories: true)
    for file in share.log(a.store.deviceID).dropFirst() {
      try FileManager.default.moveItem(at: file, to: aside.appendingPathComponent(file.lastPathComponent))
    }
    guard case .shareShrunk(_, let now, let before)? = syncError({ _ = try b.engine.sync() }) else {
      Issue.record("expected shareShrunk")
      return
    }
    #expect((now, before) == (1, 4))
    #expect(try b.engine.status().lastError?.contains("accept-change") == true)

    try b.engine.acceptShareChange(by: worker)
    let audit = try b.store.read { db in
      try String.fetchAll(db, sql: "SELECT action FROM audit WHERE action = 'share-accept-change'")
    }
    #expect(audit.count == 1)
    _ = try b.engine.sync()
    #expect(try b.engine.status().summary == .synced)
    // The writer is refused too until told; then it restores its own log and the reader catches up.
    #expect(syncError { _ = try a.engine.sync() } != nil)
    try a.engine.acceptShareChange(by: worker)
    #expect(try a.engine.sync().push.republished.count == 3)
    _ = try b.engine.sync()
    #expect(try b.families().count == 4)
  }

  @Test("pull goes on when push cannot (a full or read-only share), and the failure is recorded")
  func pullWhenPushFails() throws {
    for fault in [ENOSPC, EROFS] {
      let share = try TestShare()
      let a = try share.terminal("A")
      let (b, faulty) = try share.faultyTerminal("B")
      try syncAll([a, b])
      try b.addFamily("From B")
      try a.addFamily("From A")
      _ = try a.engine.sync()
      faulty.fault = fault
      // Before: the push failure ended the sync, so A's change never arrived.
      let report = try b.engine.sync()
      #expect(report.pull.applied > 0)
      #expect(report.pushError?.contains(String(cString: strerror(fault))) == true)
      let status = try b.engine.status()
      #expect(status.pending > 0)
      #expect(status.lastError == report.pushError)
      #expect(status.summary != .synced)
      #expect(try b.families().count == 2)
      faulty.fault = nil
      try syncAll([b, a])
      #expect(try a.families().count == 2)
      #expect(try b.engine.status().summary == .synced)
    }
  }

  @Test("pipes, links, devices, folders and huge files on the share are refused without reading or waiting")
  func oddEntries() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let (b, faulty) = try share.faultyTerminal("B")
    try a.addFamily("From A")
    try syncAll([a, b])
    let dir = try share.logFolder(a.store.deviceID)
    let device = a.store.deviceID
    let fifo = junkName(2, 1)
    let link = junkName(3, 2)
    let folder = junkName(4, 3)
    let huge = junkName(5, 4)
    let garbage = junkName(6, 5)
    #expect(mkfifo(dir.appendingPathComponent(fifo).path, 0o644) == 0)
    try FileManager.default.createSymbolicLink(
      atPath: dir.appendingPathComponent(link).path, withDestinationPath: "/dev/zero")
    try FileManager.default.createDirectory(
      at: dir.appendingPathComponent(folder), withIntermediateDirectories: true)
    let big = dir.appendingPathComponent(huge)
    #expect(FileManager.default.createFile(atPath: big.path, contents: nil))
    #expect(truncate(big.path, 200 << 20) == 0)
    try Data("garbage".utf8).write(to: dir.appendingPathComponent(garbage))
    // A device whose `log` is a plain file.
    let plain = share.root.appendingPathComponent("devices/dplainlog")
    try FileManager.default.createDirectory(at: plain, withIntermediateDirectories: true)
    try Data("x".utf8).write(to: plain.appendingPathComponent("log"))
    // Real changes both ways in the same sync.
    try b.addFamily("From B")

    faulty.resetReads()
    let first = try b.engine.sync()
    let reasons = Dictionary(uniqueKeysWithValues: first.pull.quarantined.map { ($0.path, $0.reason) })
    let path = { (name: String) in "devices/\(device)/log/\(name)" }
    #expect(reasons[path(fifo)]?.contains("named pipe") == true)
    #expect(reasons[path(link)]?.contains("symbolic link") == true)
    #expect(reasons[path(folder)]?.contains("a folder") == true)
    #expect(reasons[path(huge)]?.contains("200 MB") == true)
    #expect(reasons[path(garbage)] != nil)
    #expect(reasons["devices/dplainlog/log"]?.contains("not a folder") == true)
    #expect(first.pull.quarantined.count == 6)
    #expect(first.push.batches.count == 1)

    // Next time: nothing reported as new, nothing unchanged read again, all still listed.
    faulty.resetReads()
    let second = try b.engine.sync()
    #expect(second.pull.quarantined.isEmpty)
    for name in [fifo, link, folder, huge, garbage] { #expect(faulty.reads(path(name)) == 0) }
    #expect(try b.engine.status().quarantine.count == 6)

    // A changed file is read again.
    try Data("garbage, longer now".utf8).write(to: dir.appendingPathComponent(garbage))
    faulty.resetReads()
    _ = try b.engine.sync()
    #expect(faulty.reads(path(garbage)) == 1)

    // Sync still moves changes both ways.
    try a.addFamily("Second from A")
    try syncAll([a, b])
    #expect(try a.families().count == 3)
    #expect(try b.families().count == 3)

    // Removed, they leave the list.
    for name in [fifo, link, folder, huge, garbage] {
      try FileManager.default.removeItem(at: dir.appendingPathComponent(name))
    }
    try FileManager.default.removeItem(at: plain)
    _ = try b.engine.sync()
    #expect(try b.engine.status().quarantine.isEmpty)
  }

  @Test("a STORE.json that is a pipe or a link is refused with a sentence, without waiting")
  func storeFileNotRegular() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let store = share.root.appendingPathComponent(ShareFormat.storeFile)
    let saved = try Data(contentsOf: store)
    try FileManager.default.removeItem(at: store)
    #expect(mkfifo(store.path, 0o644) == 0)
    guard case .unsupportedShare(let why)? = syncError({ _ = try a.engine.sync() }) else {
      Issue.record("expected unsupportedShare")
      return
    }
    #expect(why.contains("named pipe"))
    try FileManager.default.removeItem(at: store)
    try FileManager.default.createSymbolicLink(atPath: store.path, withDestinationPath: "/dev/zero")
    #expect(syncError { _ = try a.engine.sync() }?.description.contains("symbolic link") == true)
    try FileManager.default.removeItem(at: store)
    try saved.write(to: store)
    _ = try a.engine.sync()
  }

  @Test(
    "key settings in STORE.json outside sane bounds are refused with a sentence",
    arguments: [
      ("rounds", -1), ("rounds", 1 << 62), ("rounds", 0), ("rounds", 1000), ("rounds", 1 << 30),
      ("blockSize", 0), ("blockSize", -3), ("blockSize", 1 << 40), ("parallelism", 0),
      ("parallelism", 1 << 20),
    ])
  func keySettings(field: String, value: Int) throws {
    let folder = TempFolder("kdf")
    let root = folder.sub("share")
    try SyncEngine.initShare(path: root, keyFile: nil, passphrase: "correct horse battery")
    let url = root.appendingPathComponent(ShareFormat.storeFile)
    var json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    var kdf = json["kdf"] as! [String: Any]
    kdf[field] = value
    json["kdf"] = kdf
    try JSONSerialization.data(withJSONObject: json).write(to: url)
    let store = try Store.inMemory(config: testConfig)
    let error = syncError {
      try SyncEngine.join(
        store: store, share: FolderShare(root: root), keyFile: nil,
        environment: [ShareKeySource.passphraseVariable: "correct horse battery"])
    }
    guard case .badKeySettings(let why)? = error else {
      Issue.record("expected badKeySettings, got \(String(describing: error))")
      return
    }
    #expect(why.contains(field) || why.contains("memory") || why.contains("minutes"))
    // Straight to the key derivation too: a sentence, never a crash or a crypto error code.
    let manifest = try JSONDecoder().decode(ShareManifest.self, from: Data(contentsOf: url))
    #expect(throws: SyncError.self) { try ShareKey.derive(passphrase: "x", kdf: manifest.kdf) }
  }

  @Test("a salt of the wrong length is refused")
  func saltLength() throws {
    let kdf = ShareManifest.KDF(
      name: "scrypt", salt: Data([1, 2, 3]).base64EncodedString(), rounds: 1 << 15, blockSize: 8,
      parallelism: 1)
    #expect(throws: SyncError.badKeySettings("the salt must be 16 to 64 bytes in base64")) {
      try ShareKey.check(kdf)
    }
  }

  @Test("retries wait longer after each failure, up to a cap, and start again after a success")
  func retryBackoff() {
    #expect(SyncRetry.delay(interval: 30, failures: 0) == 30)
    #expect(SyncRetry.delay(interval: 30, failures: 1) == 60)
    #expect(SyncRetry.delay(interval: 30, failures: 3) == 240)
    #expect(SyncRetry.delay(interval: 30, failures: 50) == 300)
    #expect(SyncRetry.delay(interval: 0.5, failures: 50) == 8)
    #expect(SyncRetry.delay(interval: 600, failures: 5) == 600)
  }
}

/// A share whose listing fails with a raw Foundation error, as a flaky network mount can.
struct RawErrorShare: ShareBackend {
  let base: FolderShare
  var location: String { base.location }
  func isReachable() -> Bool { base.isReachable() }
  func list(_ folder: String) throws -> [String] { throw CocoaError(.fileReadUnknown) }
  func read(_ path: String) throws -> Data? { try base.read(path) }
  func createIfAbsent(_ path: String, _ data: Data, staging: String) throws -> CreateOutcome {
    try base.createIfAbsent(path, data, staging: staging)
  }
  func remove(_ path: String) throws { try base.remove(path) }
}

@Suite("Sync failures are recorded")
struct SyncFailureRecordTests {
  @Test("a failure that is not sync's own is recorded for sync status, in words for people")
  func rawErrorRecorded() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    _ = try a.engine.sync()
    let engine = try SyncEngine(store: a.store, share: RawErrorShare(base: share.backend), environment: [:])
    #expect(throws: CocoaError.self) { _ = try engine.sync() }
    let status = try engine.status()
    // Before: nothing was recorded and the status still said "synced".
    #expect(status.lastError == PeopleError.message(for: CocoaError(.fileReadUnknown)))
    #expect(status.lastError?.contains("Error Domain") == false)
    #expect(status.summary == .offline)
  }
}

@Suite("Batch size")
struct BatchSizeTests {
  @Test("a batch that would be larger than readers accept is cut at an earlier transaction instead")
  func oversizedBatchIsCut() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    for i in 0..<12 {
      try a.addFamily("Family \(i)")
      share.clock.advance(1)  // each transaction stamps its records with its own time
    }
    let session = try a.engine.session()
    let listing = try a.engine.listChecked(session)
    let limit = 16 << 10
    let report = try a.engine.push(session, listing: listing, byteLimit: limit)
    #expect(report.batches.count > 1)
    let sizes = try share.log(a.store.deviceID).map { try Data(contentsOf: $0).count }
    #expect(sizes.count == report.batches.count)
    // Only a single transaction may go over, and none does here.
    #expect(sizes.allSatisfy { $0 <= limit }, "\(sizes)")
    _ = try b.engine.sync()
    #expect(try b.families().count == 12)
    #expect(try a.engine.status().pending == 0)
  }
}
