import Foundation
import StartWellCore
import StartWellStore

/// What every row of one run shares: the configuration, the dataset, a
/// scratch folder, and (made on first use) a working copy of the dataset
/// opened by the store beside a second copy for the floor.
final class BenchRun {
  let config: Configuration
  let configDir: String
  let dataset: Dataset
  let scratch: URL
  let log = StatementLog()
  /// The user the list and search rows browse as.
  let username = "practitioner1"

  init(config: Configuration, configDir: String, dataset: Dataset, scratch: URL) {
    self.config = config
    self.configDir = configDir
    self.dataset = dataset
    self.scratch = scratch
  }

  /// The folder this executable is in, where `swift build` also puts `startwell`.
  var binaries: URL {
    URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.deletingLastPathComponent()
  }

  private var opened: (store: Store, floor: RawDatabase, folder: URL)?

  /// Copy A, opened by the store with its statements heard, and copy B,
  /// opened straight through SQLite. Both start from the same bytes, and a
  /// floor replays on B exactly what the store ran on A, so the two stay
  /// row for row alike.
  func working() throws -> (store: Store, floor: RawDatabase, folder: URL) {
    if let opened { return opened }
    note("copying the dataset twice, for the store and for its floor")
    let a = try dataset.copy(to: scratch.appendingPathComponent("store"))
    let b = try dataset.copy(to: scratch.appendingPathComponent("floor"))
    let store = try Store.open(directory: a, config: config, statements: log.listener)
    // The floor's copy gets the same schema: a dataset made by an earlier
    // version is brought up to date by the store's migrations on opening.
    _ = try Store.open(directory: b, config: config)
    let floor = try RawDatabase(path: b.appendingPathComponent(Store.fileName).path)
    try floor.configureLikeTheStore()
    opened = (store, floor, a)
    return opened!
  }

  /// A user of the dataset, signed in (their key unlocked), as the client signs them in.
  func user(_ username: String) throws -> User {
    let store = try working().store
    guard try store.user(named: username) != nil else {
      throw BenchError("the dataset has no user \(username)")
    }
    return try store.authenticate(username: username, password: ProcessRows.password)
  }

  /// Times each piece of work on the store, recording what it ran, then
  /// times replaying each piece's statements on the floor copy.
  /// `pause` is slept before each piece, on both sides.
  func compare(_ work: [() throws -> Void], pause: UInt32 = 0) throws -> (Samples, Samples) {
    let (_, floor, _) = try working()
    var product = Samples()
    var captured: [[String]] = []
    for piece in work {
      if pause > 0 { usleep(pause) }
      let (_, statements) = try product.time { try log.record(piece) }
      captured.append(statements)
    }
    var raw = Samples()
    var costs: [String: Double] = [:]
    for statements in captured {
      if pause > 0 { usleep(pause) }
      try raw.time { try floor.replay(statements, costs: &costs) }
      // The store folds its write-ahead log back in on a background
      // connection after each save, off the saving path; so does the floor.
      if statements.contains(where: { $0.hasPrefix("INSERT") || $0.hasPrefix("UPDATE") }) {
        try floor.execute("PRAGMA wal_checkpoint(PASSIVE)")
      }
    }
    slowest = costs.sorted { $0.value > $1.value }.prefix(3).map {
      Statement(sql: String($0.key.prefix(400)), share: $0.value / max(raw.values.reduce(0, +), 1e-9))
    }
    return (product, raw)
  }

  /// The statements that took longest in the last floor, and their share of its time.
  struct Statement: Encodable {
    var sql: String
    var share: Double
  }
  private(set) var slowest: [Statement] = []
  func takeSlowest() -> [Statement] {
    defer { slowest = [] }
    return slowest
  }
}
