import Foundation
import GRDB
import StartWellCore

extension Store {
  /// An in-memory store for tests.
  ///
  /// Tests open thousands of stores, and running every migration on each
  /// was a large share of their time: each store starts as a copy of one
  /// migrated empty database instead. `Store.init` still runs the migrator,
  /// which finds nothing left to do, and gives the copy its own device id
  /// and key.
  public static func inMemory(
    config: StartWellCore.Configuration, now: @escaping @Sendable () -> Date = { Date() },
    registry: RecordRegistry = .current, zone: DisplayZone = .utc
  ) throws -> Store {
    let queue = try DatabaseQueue(configuration: makeConfiguration())
    try migratedTemplate.get().backup(to: queue)
    return try Store(queue, config: config, now: now, registry: registry, keyDerivation: .test, zone: zone)
  }

  /// A copy of this store in memory, with the same users signed in, for
  /// tests that build one fixture and start each test from a copy of it.
  /// The copy is the same terminal (device id, key and clock), so it is
  /// never synced with the store it was copied from.
  public func inMemoryCopy() throws -> Store {
    let queue = try DatabaseQueue(configuration: Self.makeConfiguration())
    try writer.backup(to: queue)
    let copy = try Store(
      queue, config: config, now: now, registry: registry, keyDerivation: keyDerivation, zone: zone)
    let state = clock.withLock { $0 }
    copy.clock.withLock { $0 = state }
    for (user, key) in keyring.withLock({ $0 }) { copy.unlock(user, key) }
    return copy
  }

  /// The migrated empty database every in-memory store is copied from, made
  /// once, on first use. Only the schema is in it: no device, clock or key.
  private static let migratedTemplate = Result {
    let queue = try DatabaseQueue(configuration: makeConfiguration())
    try Schema.migrator.migrate(queue)
    return queue
  }
}
