import CSQLiteTuning
import Foundation
import GRDB
import StartWellCore
import Synchronization

/// The local store of one terminal: a SQLite database with its schema, the
/// configuration it was opened with, and this terminal's device id and clock.
///
/// Modelled on GRDB's `AppDatabase`: it wraps a `DatabaseWriter` and runs the
/// migrator when it opens. Every write goes through `write(as:_:)`, which
/// changes rows, queues one outbox operation per changed field and appends
/// the audit event in a single transaction.
public final class Store: Sendable {
  public let writer: any DatabaseWriter
  public let config: StartWellCore.Configuration
  /// The definition of every synced record; tests pass a newer one to play an upgrade.
  public let registry: RecordRegistry
  public let deviceID: String
  /// The wall clock; tests substitute a fixed one.
  public let now: @Sendable () -> Date
  /// Where "today" is: the user's calendar decides what is overdue. UTC
  /// unless the front end passes the terminal's zone, so tests stay fixed.
  public let zone: DisplayZone
  let clock: Mutex<ClockState>
  /// This terminal's own signing key: it signs every batch this terminal
  /// publishes, and the system account's transactions.
  public let deviceIdentity: SigningIdentity
  /// How hard new passwords are stretched; a strong store refuses keys wrapped for tests.
  public let keyDerivation: KeyDerivation
  /// The keys of users signed in through this store, by user id.
  let keyring = Mutex<[String: SigningIdentity]>([:])
  /// A second connection that folds the write-ahead log back into the
  /// database in the background, so no save pays for a checkpoint.
  let checkpointer: Checkpointer?

  public init(
    _ writer: any DatabaseWriter, config: StartWellCore.Configuration,
    now: @escaping @Sendable () -> Date = { Date() },
    checkpointer: DatabaseQueue? = nil, registry: RecordRegistry = .current,
    keyDerivation: KeyDerivation = .strong, zone: DisplayZone = .utc
  ) throws {
    self.zone = zone
    self.writer = writer
    self.keyDerivation = keyDerivation
    self.registry = registry
    self.checkpointer = checkpointer.map(Checkpointer.init)
    self.config = config
    self.now = now
    try Schema.migrator.migrate(writer)
    let (device, last, identity) = try writer.write { db -> (String, HLC?, SigningIdentity) in
      var device = try StoreMeta.get(db, .deviceID)
      if device == nil {
        device = DeviceID.make()
        try StoreMeta.set(db, .deviceID, device!)
        try StoreMeta.set(db, .createdAt, Timestamp.format(now()))
      }
      let identity: SigningIdentity
      if let held = try StoreMeta.get(db, .deviceKey).flatMap(SigningIdentity.init(rawBase64:)) {
        identity = held
      } else {
        identity = SigningIdentity()
        try StoreMeta.set(db, .deviceKey, identity.rawBase64)
      }
      let last = try StoreMeta.get(db, .clock).flatMap(HLC.init)
      return (device!, last, identity)
    }
    self.deviceID = device
    self.deviceIdentity = identity
    self.clock = Mutex(ClockState(device: device, last: last))
    try applyParkedAfterUpgrade()
    try rescoreIfRiskConfigurationChanged()
  }

  /// Operations parked by an older version that this one knows are applied now, in clock order.
  private func applyParkedAfterUpgrade() throws {
    let stored = try read { try StoreMeta.get($0, .registryVersion).flatMap(Int.init) }
    guard stored != registry.version else { return }
    if stored ?? 0 < registry.version {
      try applyParked()
    } else {
      try writer.write { try StoreMeta.set($0, .registryVersion, String(registry.version)) }
    }
  }

  /// Opens (creating if needed) the store file in `directory`, readable by its owner only.
  ///
  /// `statements`, when given, hears of every statement the store's
  /// connections run, and may ask for its text with the arguments written
  /// in: the benchmark replays them straight through SQLite to measure the
  /// floor under each figure.
  public static func open(
    directory: URL, config: StartWellCore.Configuration, now: @escaping @Sendable () -> Date = { Date() },
    statements: StatementListener? = nil,
    keyDerivation: KeyDerivation = .from(environment: ProcessInfo.processInfo.environment),
    zone: DisplayZone = .utc
  ) throws -> Store {
    let fm = FileManager.default
    try fm.createDirectory(
      at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    try fm.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.path)
    let file = directory.appendingPathComponent(fileName)
    // Create the file with owner-only permissions before SQLite opens it;
    // SQLite gives its -wal and -shm files the same mode as the database.
    if !fm.fileExists(atPath: file.path) {
      let fd = Glibc.open(file.path, O_CREAT | O_WRONLY | O_EXCL, 0o600)
      if fd >= 0 { close(fd) }
    }
    try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
    let pool = try DatabasePool(path: file.path, configuration: makeConfiguration(statements: statements))
    let checkpointer = try DatabaseQueue(path: file.path, configuration: makeConfiguration())
    return try Store(
      pool, config: config, now: now, checkpointer: checkpointer, keyDerivation: keyDerivation, zone: zone)
  }

  public static let fileName = "startwell.sqlite"

  /// Set once, before the process's first connection: see
  /// `startwell_sqlite_disable_memory_statistics`. The report's readers
  /// work side by side, and with statistics on they queue on one lock.
  static let memoryStatisticsOff: Int32 = startwell_sqlite_disable_memory_statistics()

  /// Hears of one statement; calling the argument gives its expanded text.
  public typealias StatementListener = @Sendable (_ sql: () -> String) -> Void

  static func makeConfiguration(statements: StatementListener? = nil) -> GRDB.Configuration {
    _ = memoryStatisticsOff
    var c = GRDB.Configuration()
    // Arguments stay out of traces and errors unless a trace is asked for.
    c.publicStatementArguments = statements != nil
    c.foreignKeysEnabled = true
    c.busyMode = .timeout(5)
    c.prepareDatabase { db in
      // FULL makes each commit durable across power loss, which is what
      // "a saved contact is never lost" needs; WAL keeps it cheap.
      try db.execute(sql: "PRAGMA synchronous = FULL")
      // The background checkpointer does this work; the writer only
      // checkpoints itself if the log grows past about 40 MB regardless.
      try db.execute(sql: "PRAGMA wal_autocheckpoint = 10000")
      if let statements {
        db.trace(options: .statement) { event in statements { event.expandedDescription } }
      }
    }
    return c
  }

  /// Runs `body` in one transaction that records outbox operations and audit events.
  /// If anything throws, nothing of it is written.
  public func write<T>(as user: User, _ body: (ChangeRecorder) throws -> T) throws -> T {
    let value = try writer.write { db in
      let recorder = ChangeRecorder(db: db, store: self, user: user)
      let result = try body(recorder)
      try recorder.finish()
      return result
    }
    checkpointer?.schedule()
    return value
  }

  public func read<T>(_ body: (Database) throws -> T) throws -> T {
    try writer.read(body)
  }

  /// Keeps a user's unlocked key for this store's writes as them.
  public func unlock(_ userID: String, _ identity: SigningIdentity) {
    keyring.withLock { $0[userID] = identity }
  }

  /// Forgets a user's key: their next write needs a new login.
  public func lock(_ userID: String) { _ = keyring.withLock { $0.removeValue(forKey: userID) } }

  public func identity(for userID: String) -> SigningIdentity? { keyring.withLock { $0[userID] } }

  func tick(after replaced: HLC? = nil) -> HLC { clock.withLock { $0.tick(now: now(), after: replaced) } }

  func currentClock() -> HLC { clock.withLock { $0.last } }

  /// Folds in this store's own persisted clock (written by another process).
  func absorb(_ persisted: HLC) {
    clock.withLock { state in _ = state.receive(persisted, now: now()) }
  }

  /// Folds a remote clock into ours; false if it was more than `ClockState.maxSkew` ahead.
  public func receive(clock remote: HLC) -> Bool {
    clock.withLock { $0.receive(remote, now: now()) }
  }

  /// Today's date as the store sees it.
  public var today: LocalDate { zone.day(now()) }
}

/// Device ids are random, made once per data folder, and never derived from the host,
/// so two copied data folders can be told apart once one of them is re-keyed.
public enum DeviceID {
  public static func make() -> String {
    var rng = SystemRandomNumberGenerator()
    return String(ReferenceCode.make(prefix: "D", using: &rng).dropFirst(2)).lowercased()
      + String(ReferenceCode.make(prefix: "D", using: &rng).dropFirst(2)).lowercased()
  }
}

/// Small key-value facts about the store itself.
public enum StoreMeta {
  public enum Key: String {
    case deviceID = "device_id"
    case createdAt = "created_at"
    case clock
    case kind
    case auditHead = "audit_head"
    /// This terminal's private signing key (raw, base64).
    case deviceKey = "device_key"
    /// The founding admin's user id and public key: the root every user's
    /// authority chains back to, from `STORE.json`.
    case rootUser = "root_user"
    case rootKey = "root_key"
    /// Set when the store's users are demo users (password `demo`).
    case demoUsers = "demo_users"
    /// The device that created the shared store: the only one whose system
    /// account may make users (the founding admin).
    case founderDevice = "founder_device"
    /// The registry version this store last ran with, to spot an upgrade.
    case registryVersion = "registry_version"
    /// The risk configuration the stored scores were computed with (`Configuration.riskFingerprint`).
    case riskFingerprint = "risk_fingerprint"
    /// How far behind an admin let the wall clock be and still write (milliseconds).
    case clockAccepted = "clock_accepted"
    /// This terminal's wall clock minus the file server's, when more than ε (milliseconds).
    case serverClockOffset = "server_clock_offset"
  }

  public static func get(_ db: Database, _ key: Key) throws -> String? {
    try String.fetchOne(db, sql: "SELECT value FROM store_meta WHERE key = ?", arguments: [key.rawValue])
  }

  public static func remove(_ db: Database, _ key: Key) throws {
    try db.execute(sql: "DELETE FROM store_meta WHERE key = ?", arguments: [key.rawValue])
  }

  public static func set(_ db: Database, _ key: Key, _ value: String) throws {
    try db.execute(
      sql:
        "INSERT INTO store_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      arguments: [key.rawValue, value])
  }
}

/// Whether a store holds demo data or real records; demo data is never mixed into a real store.
public enum StoreKind: String, Sendable {
  case empty, demo, real
}

/// Runs passive checkpoints on its own connection, at most one at a time,
/// shortly after writes. A passive checkpoint never blocks a writer.
final class Checkpointer: Sendable {
  private let connection: DatabaseQueue
  private let queue = DispatchQueue(label: "startwell.checkpoint", qos: .utility)
  private let pending = Mutex(false)

  init(_ connection: DatabaseQueue) { self.connection = connection }

  func schedule() {
    let already = pending.withLock { busy -> Bool in
      defer { busy = true }
      return busy
    }
    if already { return }
    queue.asyncAfter(deadline: .now() + 0.2) { [self] in
      pending.withLock { $0 = false }
      try? connection.writeWithoutTransaction { try $0.checkpoint(.passive) }
    }
  }
}
