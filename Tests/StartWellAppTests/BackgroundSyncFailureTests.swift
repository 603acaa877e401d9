import Foundation
import StartWellCore
import StartWellStore
import StartWellSync
import Testing

@testable import StartWellApp

#if canImport(Glibc)
  import Glibc
#endif

/// A folder share whose writes fail as a full share's do.
private struct FullShare: ShareBackend {
  let base: FolderShare
  var location: String { base.location }
  func isReachable() -> Bool { base.isReachable() }
  func list(_ folder: String) throws -> [String] { try base.list(folder) }
  func read(_ path: String) throws -> Data? { try base.read(path) }
  func stamp(_ path: String) -> ShareFileStamp? { base.stamp(path) }
  func createIfAbsent(_ path: String, _ data: Data, staging: String) throws -> CreateOutcome {
    throw SyncError.io("cannot write a file in \(location): \(String(cString: strerror(ENOSPC)))")
  }
  func remove(_ path: String) throws { try base.remove(path) }
}

@Suite struct BackgroundSyncFailureTests {
  @Test("background sync on a full share still pulls, and says why its own changes did not leave")
  func fullShare() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "startwell-bg-\(UUID().uuidString.prefix(8))")
    defer { try? FileManager.default.removeItem(at: folder) }
    let root = folder.appendingPathComponent("share")
    let key = folder.appendingPathComponent("share.key")
    try SyncEngine.initShare(path: root, keyFile: key)
    let share = FolderShare(root: root, durable: false)
    let writer = try Store.inMemory(config: Fixture.config())
    let reader = try Store.inMemory(config: Fixture.config())
    for store in [writer, reader] {
      try SyncEngine.join(store: store, share: share, keyFile: key, environment: [:])
    }
    func addUser(_ store: Store, _ name: String) throws {
      // The account every sync test acts as, made directly as the store's own system user is.
      let system = User(
        id: "system", username: "system", displayName: "Worker", role: .supervisor, hubs: ["north"])
      try store.writer.write { db in
        try db.execute(
          sql: """
            INSERT OR IGNORE INTO users(id, username, display_name, role, hubs, active)
            VALUES ('system', 'system', 'Worker', 'supervisor', '["north"]', 1)
            """)
      }
      try store.write(as: system) { tx in
        try tx.insert(
          .user, id: UUID().uuidString.lowercased(),
          [
            "username": .text(name), "display_name": .text(name), "role": .text("practitioner"),
            "hubs": .json(["north"]), "active": .integer(1),
          ])
      }
    }
    try addUser(writer, "fromwriter")
    _ = try SyncEngine(store: writer, share: share, environment: [:]).sync()
    try addUser(reader, "fromreader")

    let engine = try SyncEngine(store: reader, share: FullShare(base: share), environment: [:])
    let sync = BackgroundSync(interval: 60) { engine }
    let outcome = sync.syncOnce()
    #expect(outcome.error?.contains("No space left") == true)
    #expect(outcome.overview?.lastError?.contains("No space left") == true)
    #expect(outcome.applied > 0)
    #expect(try engine.status().summary == .offline)
    #expect(try engine.status().pending > 0)
  }
}
