import Foundation
import GRDB
import StartWellCore
import StartWellStore
import Testing

@testable import StartWellSync

@Suite("A data folder restored from a backup")
struct RejoinTests {
  @Test("rejoins under a new identity: nothing it or its old identity wrote is lost or duplicated")
  func restoredBackup() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let admin = try b.addUser("ada", role: .admin)
    let family = try b.addFamily("Okafor")
    try syncAll([a, b])
    try b.logContact(family, "Written before the backup")
    let backup = try DatabaseQueue()
    try b.store.writer.backup(to: backup)
    // The old folder goes on after the backup was taken, then is lost.
    try b.logContact(family, "Written after the backup")
    _ = try b.engine.sync()

    let clock = share.clock
    func open() throws -> Store { try Store(backup, config: testConfig, now: { clock.now }) }
    var restored = try Terminal("Restored", store: try open(), share: share.backend)
    try restored.logContact(family, "Written on the restored folder")
    let refused = syncError { _ = try restored.engine.sync() }
    #expect(refused?.description.contains("startwell share rejoin") == true, "\(String(describing: refused))")

    #expect(throws: SyncError.self) {
      _ = try SyncEngine.rejoin(
        store: restored.store, share: share.backend, keyFile: share.keyFile, as: worker, environment: [:])
    }
    let report = try SyncEngine.rejoin(
      store: restored.store, share: share.backend, keyFile: share.keyFile, as: admin, environment: [:])
    #expect(report.laterBatches == 1)
    #expect(report.identity.alreadyShared > 0)
    #expect(report.identity.reissued > 0)
    restored = try Terminal("Restored", store: try open(), share: share.backend)
    #expect(restored.store.deviceID == report.identity.device)
    #expect(restored.store.deviceID != b.store.deviceID)

    try syncAll([a, restored])
    for t in [a, restored] {
      for summary in [
        "Written before the backup", "Written after the backup", "Written on the restored folder",
      ] {
        #expect(
          try t.count("SELECT COUNT(*) FROM contact WHERE summary = '\(summary)'") == 1,
          "\(t.name): \(summary)")
      }
    }
    #expect(try a.store.canonicalStateHash() == restored.store.canonicalStateHash())
    #expect(try restored.engine.status().pending == 0)
    #expect(try restored.engine.sync().push.batches.isEmpty)
    let retired = share.root.appendingPathComponent("devices/\(b.store.deviceID)/\(RetiredDevice.fileName)")
    let marker = try JSONDecoder().decode(RetiredDevice.self, from: Data(contentsOf: retired))
    #expect(marker.successor == restored.store.deviceID)
    #expect(
      try restored.store.auditEvents(familyReference: nil, reason: nil, as: admin, limit: 5).contains {
        $0.action == "share.rejoin"
      })
  }

  @Test("a change published again under the new identity keeps its place: a later edit elsewhere still wins")
  func reissuedKeepsItsPlace() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let admin = try b.addUser("ada", role: .admin)
    let family = try b.addFamily("Okafor")
    try syncAll([a, b])
    let backup = try DatabaseQueue()
    try b.store.writer.backup(to: backup)
    try b.logContact(family, "After the backup")
    _ = try b.engine.sync()

    let clock = share.clock
    func open() throws -> Store { try Store(backup, config: testConfig, now: { clock.now }) }
    let early = try Terminal("Restored", store: try open(), share: share.backend)
    try early.setFamily(family, ["address": .text("1 Earlier Road")])
    share.clock.advance(60)
    try a.setFamily(family, ["address": .text("2 Later Road")])
    _ = try a.engine.sync()
    share.clock.advance(60)
    _ = try SyncEngine.rejoin(
      store: early.store, share: share.backend, keyFile: share.keyFile, as: admin, environment: [:])
    let restored = try Terminal("Restored", store: try open(), share: share.backend)
    try syncAll([a, restored])
    for t in [a, restored] {
      #expect(try t.value("family", family, "address") == .text("2 Later Road"), "\(t.name)")
      #expect(try t.count("SELECT COUNT(*) FROM contact WHERE summary = 'After the backup'") == 1)
    }
    #expect(try a.store.canonicalStateHash() == restored.store.canonicalStateHash())
  }
}
