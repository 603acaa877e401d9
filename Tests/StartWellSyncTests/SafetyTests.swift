import Foundation
import StartWellCore
import StartWellStore
import Testing

@testable import StartWellSync

@Suite("Keys, tampering, clocks and a missing share")
struct SafetyTests {
  @Test("a wrong key file is refused with a clear message")
  func wrongKeyFile() throws {
    let share = try TestShare()
    let other = TempFolder("key")
    let wrong = other.sub("wrong.key")
    _ = try ShareKey.createKeyFile(at: wrong)
    let store = try Store.inMemory(config: testConfig)
    let error = syncError {
      try SyncEngine.join(store: store, share: share.backend, keyFile: wrong, environment: [:])
    }
    #expect(error == .wrongKey(expected: "file"))
    #expect(error?.description.contains("the share key is wrong") == true)
    #expect(try SyncLedger(store: store).join() == nil)
  }

  @Test("no key at all is refused")
  func noKey() throws {
    let share = try TestShare()
    let store = try Store.inMemory(config: testConfig)
    #expect(
      syncError { try SyncEngine.join(store: store, share: share.backend, keyFile: nil, environment: [:]) }
        == .noKey)
  }

  @Test("a key file others can read is refused")
  func openKeyFile() throws {
    let share = try TestShare()
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: share.keyFile.path)
    let store = try Store.inMemory(config: testConfig)
    let error = syncError {
      try SyncEngine.join(store: store, share: share.backend, keyFile: share.keyFile, environment: [:])
    }
    #expect(error == .keyFileTooOpen(share.keyFile.path))
  }

  @Test("a passphrase share opens with the passphrase and refuses another")
  func passphrase() throws {
    let folder = TempFolder("phrase")
    let root = folder.sub("share")
    try SyncEngine.initShare(path: root, keyFile: nil, passphrase: "correct horse battery")
    let a = try Store.inMemory(config: testConfig)
    let good = [ShareKeySource.passphraseVariable: "correct horse battery"]
    try SyncEngine.join(store: a, share: FolderShare(root: root), keyFile: nil, environment: good)
    let b = try Store.inMemory(config: testConfig)
    let error = syncError {
      try SyncEngine.join(
        store: b, share: FolderShare(root: root), keyFile: nil,
        environment: [ShareKeySource.passphraseVariable: "wrong horse"])
    }
    #expect(error == .wrongKey(expected: "passphrase"))
    let manifest = try JSONDecoder().decode(
      ShareManifest.self, from: Data(contentsOf: root.appendingPathComponent("STORE.json")))
    #expect(manifest.kdf.name == "scrypt")
    #expect(manifest.keySource == "passphrase")
    #expect(Data(base64Encoded: manifest.kdf.salt)?.count == 16)
  }

  @Test("share init makes a key file readable by its owner only, and refuses an existing share")
  func initShare() throws {
    let folder = TempFolder("init")
    let key = folder.sub("k/share.key")
    try SyncEngine.initShare(path: folder.sub("share"), keyFile: key)
    let mode = try FileManager.default.attributesOfItem(atPath: key.path)[.posixPermissions] as? Int
    #expect(mode == 0o600)
    #expect(
      syncError { try SyncEngine.initShare(path: folder.sub("share"), keyFile: key) }
        == .shareExists(folder.sub("share").path))
  }

  @Test("a tampered file fails authentication and is quarantined")
  func tampered() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    try a.addFamily("Original")
    _ = try a.engine.sync()
    // Flip one byte of the ciphertext and rename the file to match its new hash,
    // as someone altering it with care would.
    let file = share.log(a.store.deviceID)[0]
    var envelope = try JSONDecoder().decode(BatchEnvelope.self, from: Data(contentsOf: file))
    var bytes = Data(base64Encoded: envelope.ciphertext)!
    bytes[10] ^= 0x01
    envelope.ciphertext = bytes.base64EncodedString()
    let altered = try ShareFormat.encoder().encode(envelope)
    try FileManager.default.removeItem(at: file)
    let name = ShareFormat.batchName(seq: 1, hash: ShareFormat.sha256Hex(altered))
    try altered.write(to: file.deletingLastPathComponent().appendingPathComponent(name))
    let report = try b.engine.sync()
    #expect(report.pull.applied == 0)
    #expect(report.pull.quarantined.count == 1)
    #expect(report.pull.quarantined.first?.reason.contains("authentication") == true)
    #expect(try b.families().isEmpty)
  }

  @Test("a clock two days ahead is flagged, not applied, and does not move other clocks")
  func clockSkew() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let skewed = try share.terminal("Skewed", offset: 2 * 86_400)
    try skewed.addFamily("From the future")
    let normal = try a.addFamily("Ordinary")
    _ = try skewed.engine.sync()
    _ = try a.engine.sync()
    let report = try b.engine.sync()
    #expect(report.pull.skewed.map(\.device) == [skewed.store.deviceID])
    #expect(report.pull.skewed.first.map { $0.hoursAhead > 47 } == true)
    #expect(try b.families() == [normal])
    // B's next edit carries B's own time, not the skewed terminal's.
    try b.logContact(normal)
    let latest = try b.outboxOps().map(\.clock).max()!
    let bNow = Int64(b.store.now().timeIntervalSince1970 * 1000)
    #expect(latest.millis <= bNow + 1_000)
    let status = try b.engine.status()
    #expect(
      status.devices.first { $0.device == skewed.store.deviceID }?.skew?.contains("2 days ahead") == true)
    // Held back, not lost: once the clocks agree the batch applies.
    share.clock.advance(2 * 86_400)
    let later = try b.engine.sync()
    #expect(later.pull.skewed.isEmpty)
    #expect(try b.families().count == 2)
    #expect(try b.engine.status().devices.allSatisfy { $0.skew == nil })
  }

  @Test("a vanished, empty or shrunken share is refused and nothing is deleted locally")
  func vanishedShare() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    for i in 0..<3 {
      try a.addFamily("F\(i)")
      _ = try a.engine.sync()
    }
    _ = try b.engine.sync()
    _ = try b.engine.sync()
    let hash = try b.store.canonicalStateHash()
    try b.addFamily("Offline work")
    let pending = try b.engine.status().pending

    // Unmounted: the folder is gone.
    let moved = share.folder.sub("moved")
    try FileManager.default.moveItem(at: share.root, to: moved)
    #expect(syncError { _ = try b.engine.sync() } == .shareMissing(share.root.path))
    #expect(try b.engine.status().summary == .offline)

    // An empty mount point.
    try FileManager.default.createDirectory(at: share.root, withIntermediateDirectories: true)
    #expect(syncError { _ = try b.engine.sync() } == .notAShare(share.root.path))

    // The right store, but the logs are gone.
    try FileManager.default.copyItem(
      at: moved.appendingPathComponent("STORE.json"), to: share.root.appendingPathComponent("STORE.json"))
    if case .shareEmpty? = syncError({ _ = try b.engine.sync() }) {
    } else {
      Issue.record("expected shareEmpty")
    }

    // Much smaller than last time.
    try FileManager.default.removeItem(at: share.root)
    try FileManager.default.copyItem(at: moved, to: share.root)
    for file in share.log(a.store.deviceID).dropFirst() { try FileManager.default.removeItem(at: file) }
    if case .shareShrunk? = syncError({ _ = try b.engine.sync() }) {
    } else {
      Issue.record("expected shareShrunk")
    }

    #expect(try b.families().count == 4)
    #expect(try b.engine.status().pending == pending)
    _ = hash

    // Back again: sync resumes.
    try FileManager.default.removeItem(at: share.root)
    try FileManager.default.moveItem(at: moved, to: share.root)
    let report = try b.engine.sync()
    #expect(report.push.batches.count == 1)
    #expect(try b.engine.status().summary == .synced)
  }

  @Test("a copied data folder is refused at join and at sync")
  func clonedDataFolder() throws {
    let share = try TestShare()
    let folder = TempFolder("clone")
    let original = folder.sub("original")
    let clock = share.clock
    var a: Store? = try Store.open(directory: original, config: testConfig, now: { clock.now })
    try SyncEngine.join(store: a!, share: share.backend, keyFile: share.keyFile, environment: [:])
    try a!.writer.write { db in
      try db.execute(
        sql:
          "INSERT OR IGNORE INTO users(id, username, display_name, role, hubs, active) VALUES ('system', 'system', 'W', 'supervisor', '[\"north\"]', 1)"
      )
    }
    _ = try a!.addFamily(FamilyDraft(name: "One", postcode: "LS6 2AB", hubID: "north"), as: worker)
    a = nil
    // Copy the data folder while it is closed, as someone cloning a laptop would.
    try FileManager.default.copyItem(at: original, to: folder.sub("copy"))
    let first = try Store.open(directory: original, config: testConfig, now: { clock.now })
    let copy = try Store.open(directory: folder.sub("copy"), config: testConfig, now: { clock.now })
    #expect(first.deviceID == copy.deviceID)
    _ = try SyncEngine(store: first, share: share.backend, environment: [:]).sync()
    _ = try copy.addFamily(FamilyDraft(name: "Two", postcode: "LS6 2AB", hubID: "north"), as: worker)
    // The copy's first batch 1 differs from the original's, already on the share.
    let error = syncError { _ = try SyncEngine(store: copy, share: share.backend, environment: [:]).sync() }
    if case .cloned? = error {} else { Issue.record("expected cloned, got \(String(describing: error))") }
    #expect(error?.description.contains("copy of another terminal") == true)
    // A fresh copy joining again is refused too.
    let third = folder.sub("third")
    try FileManager.default.copyItem(at: original, to: third)
    let thirdStore = try Store.open(directory: third, config: testConfig, now: { clock.now })
    try thirdStore.writer.write { db in try db.execute(sql: "DELETE FROM sync_batch") }
    let joinError = syncError {
      try SyncEngine.join(store: thirdStore, share: share.backend, keyFile: share.keyFile, environment: [:])
    }
    if case .cloned? = joinError {} else { Issue.record("expected cloned at join") }
  }
}
