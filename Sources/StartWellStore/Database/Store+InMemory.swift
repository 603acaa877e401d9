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

  /// The migrated empty database every in-memory store is copied from, made
  /// once, on first use. Only the schema is in it: no device, clock or key.
  private static let migratedTemplate = Result {
    let queue = try DatabaseQueue(configuration: makeConfiguration())
    try Schema.migrator.migrate(queue)
    return queue
  }
}
