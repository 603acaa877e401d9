import Foundation
import StartWellCore
import StartWellStore
import Testing

@testable import StartWellSync

@Suite("Sync health: one decision of offline for `sync status` and the client's header")
struct SyncHealthTests {
  @Test("any failed last attempt is offline; a good sync clears it")
  func offlineRule() {
    #expect(!SyncHealth.isOffline(unreachable: false, lastError: nil))
    #expect(SyncHealth.isOffline(unreachable: true, lastError: "the share is not there"))
    #expect(SyncHealth.isOffline(unreachable: false, lastError: "the share key is wrong"))
  }

  @Test("conflicts come first, then offline, then pending changes")
  func order() {
    #expect(SyncHealth.summary(configured: false, conflicts: 2, offline: true, pending: 3) == .notConfigured)
    #expect(SyncHealth.summary(configured: true, conflicts: 2, offline: true, pending: 3) == .conflicts(2))
    #expect(SyncHealth.summary(configured: true, conflicts: 0, offline: true, pending: 3) == .offline)
    #expect(SyncHealth.summary(configured: true, conflicts: 0, offline: false, pending: 3) == .pending(3))
    #expect(SyncHealth.summary(configured: true, conflicts: 0, offline: false, pending: 0) == .synced)
  }

  @Test("a share that can be reached but not used makes `sync status` offline, as the header always said")
  func reachableButFailing() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    try a.addFamily("Okafor")
    _ = try a.engine.sync()
    #expect(try a.engine.status().summary == .synced)

    // A share written by a newer version: reachable, but sync refuses.
    let manifest = share.root.appendingPathComponent("STORE.json")
    let original = try Data(contentsOf: manifest)
    let newer = String(decoding: original, as: UTF8.self).replacingOccurrences(
      of: "\"format\":\(ShareFormat.version)", with: "\"format\":99")
    #expect(newer != String(decoding: original, as: UTF8.self))
    try Data(newer.utf8).write(to: manifest)
    try a.addFamily("Khan")
    guard case .unsupportedShare? = syncError({ _ = try a.engine.sync() }) else {
      Issue.record("expected unsupportedShare")
      return
    }
    let status = try a.engine.status()
    #expect(status.lastError?.contains("cannot be used by this version") == true)
    #expect(status.offline)
    #expect(status.summary == .offline)

    // Put right: the next good sync clears it.
    try original.write(to: manifest)
    _ = try a.engine.sync()
    #expect(try a.engine.status().summary == .synced)
    #expect(try a.engine.status().offline == false)
  }
}
