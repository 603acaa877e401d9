import Foundation
import GRDB
import StartWellCore
import StartWellStore
import Testing

@testable import StartWellSync

/// The package root, found by walking up from this file.
func packageRoot() -> URL {
  var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  while dir.path != "/" {
    if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
    dir = dir.deletingLastPathComponent()
  }
  fatalError("Package.swift not found above \(#filePath)")
}

/// The real configuration in `Config/`, parsed once.
let testConfig: StartWellCore.Configuration = {
  let folder = packageRoot().appendingPathComponent("Config")
  var files: [String: Data] = [:]
  for name in StartWellCore.Configuration.fileNames {
    files[name] = try? Data(contentsOf: folder.appendingPathComponent(name))
  }
  return try! ConfigurationParser.parse(files: files)
}()

/// A fresh temporary folder, removed when the returned value is released by the test.
final class TempFolder: @unchecked Sendable {
  let url: URL

  init(_ label: String = "sync") {
    url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "startwell-\(label)-\(UUID().uuidString.prefix(8))", isDirectory: true)
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  func sub(_ name: String) -> URL { url.appendingPathComponent(name) }

  deinit { try? FileManager.default.removeItem(at: url) }
}

/// A wall clock tests move by hand.
final class TestClock: @unchecked Sendable {
  private let lock = NSLock()
  private var current: Date

  init(_ start: Date = Date(timeIntervalSince1970: 1_750_000_000)) { current = start }

  var now: Date {
    lock.lock()
    defer { lock.unlock() }
    return current
  }

  func advance(_ seconds: TimeInterval) {
    lock.lock()
    current += seconds
    lock.unlock()
  }
}

/// How wrong one terminal's wall clock is, in seconds; tests change it.
final class WallError: @unchecked Sendable {
  private let lock = NSLock()
  private var current: TimeInterval

  init(_ seconds: TimeInterval = 0) { current = seconds }

  var seconds: TimeInterval {
    get {
      lock.lock()
      defer { lock.unlock() }
      return current
    }
    set {
      lock.lock()
      current = newValue
      lock.unlock()
    }
  }
}

/// The user every test terminal acts as. Its row is created directly (as the
/// store's own system user is), so it exists on every terminal without syncing.
let worker = User(
  id: "system", username: "system", displayName: "Worker", role: .supervisor,
  hubs: ["north", "south", "east"])

/// One terminal: its own in-memory store and sync engine.
final class Terminal: @unchecked Sendable {
  let store: Store
  let engine: SyncEngine
  let name: String

  /// `share` gives the backend this terminal sees, given its device id.
  /// The terminals of one test share: a user made on one signs in on all.
  var group: KeyGroup?

  init(
    _ name: String, share: (String) -> any ShareBackend, keyFile: URL?, now: @escaping @Sendable () -> Date,
    join: Bool = true, registry: RecordRegistry = .current, demo: Bool = false
  ) throws {
    self.name = name
    store = try Store.inMemory(config: testConfig, now: now, registry: registry)
    let share = share(store.deviceID)
    try store.writer.write { db in
      try db.execute(
        sql: """
          INSERT OR IGNORE INTO users(id, username, display_name, role, hubs, active)
          VALUES ('system', 'system', 'Worker', 'supervisor', '["north","south","east"]', 1)
          """)
    }
    if join {
      try SyncEngine.join(store: store, share: share, keyFile: keyFile, demo: demo, environment: [:])
    }
    engine = try SyncEngine(store: store, share: share, environment: [:])
  }

  /// A terminal around a store that already exists (a data folder restored from a backup).
  init(_ name: String, store: Store, share: any ShareBackend) throws {
    self.name = name
    self.store = store
    engine = try SyncEngine(store: store, share: share, environment: [:])
  }

  @discardableResult
  func addFamily(_ name: String = "Family") throws -> String {
    try store.addFamily(FamilyDraft(name: name, postcode: "LS6 2AB", hubID: "north"), as: worker).meta.id
  }

  /// A phone call, or with `approach` a group session of that approach.
  func logContact(_ familyID: String, _ summary: String = "Phone call", approach: String? = nil) throws {
    try store.logContact(
      familyID: familyID,
      ContactDraft(
        type: approach == nil ? "phone" : "group-session", at: store.now().addingTimeInterval(-60),
        summary: summary, approach: approach),
      as: worker)
  }

  func setLevel(_ familyID: String, _ level: CaseLevel) throws {
    let caseID = try caseID(of: familyID)
    try store.write(as: worker) { tx in
      _ = try tx.update(.caseRecord, id: caseID, ["level": .text(level.rawValue)])
    }
  }

  func setFamily(_ familyID: String, _ fields: [String: FieldValue]) throws {
    try store.write(as: worker) { tx in _ = try tx.update(.family, id: familyID, fields) }
  }

  func caseID(of familyID: String) throws -> String {
    try store.read { db in
      try String.fetchOne(
        db, sql: "SELECT id FROM cases WHERE family_id = ? ORDER BY id LIMIT 1", arguments: [familyID])
    } ?? ""
  }

  /// Families whose creating batch has arrived (an edit from a third terminal can arrive first),
  /// and that were not withdrawn (a new family made by a triage not kept).
  func completeFamilies() throws -> [String] {
    try store.read { db in
      try String.fetchAll(
        db,
        sql:
          "SELECT f.id FROM family f WHERE f.hub_id <> '' AND f.deleted = 0 AND EXISTS (SELECT 1 FROM cases c WHERE c.family_id = f.id) ORDER BY f.id"
      )
    }
  }

  func families() throws -> [String] {
    try store.read { db in try String.fetchAll(db, sql: "SELECT id FROM family ORDER BY id") }
  }

  func value(_ table: String, _ id: String, _ column: String) throws -> FieldValue {
    try store.read { db in
      FieldValue(
        try DatabaseValue.fetchOne(db, sql: "SELECT \(column) FROM \(table) WHERE id = ?", arguments: [id])
          ?? .null)
    }
  }

  func level(_ familyID: String) throws -> String? {
    try value("cases", try caseID(of: familyID), "level").textValue
  }

  func count(_ sql: String) throws -> Int {
    try store.read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
  }

  func outboxOps() throws -> [ChangeOperation] {
    try store.read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM outbox ORDER BY seq").map(Outbox.operation)
    }
  }

  /// Makes a user record directly, as an admin's `user add` would, with a
  /// new key that this terminal's store holds unlocked.
  @discardableResult
  func addUser(_ username: String, role: Role, hubs: [String] = ["north"], id: String? = nil) throws -> User {
    let user = User(
      id: id ?? UUID().uuidString.lowercased(), username: username, displayName: username, role: role,
      hubs: hubs)
    let identity = SigningIdentity()
    try store.write(as: worker) { tx in
      try tx.insert(
        .user, id: user.id,
        [
          "username": .text(username), "display_name": .text(username), "role": .text(role.rawValue),
          "hubs": .json(hubs), "active": .integer(1), "public_key": .text(identity.publicKey),
          "wrapped_key": .text(try WrappedKey.make(identity, password: "test password", rounds: 1 << 10)),
        ])
    }
    store.unlock(user.id, identity)
    keys[user.id] = identity
    TestKeys.remember(user.id, identity)
    group?.unlock(user.id, identity)
    return user
  }

  /// The keys of the users made here, to sign forged batches as a real author would.
  var keys: [String: SigningIdentity] = [:]

  /// One transaction of `ops`, all by the system account, signed with this terminal's key.
  func signedBySystem(_ ops: [ChangeOperation]) throws -> [SignedTransaction] {
    [
      SignedTransaction(
        user: "system", publicKey: store.deviceIdentity.publicKey,
        signature: try store.deviceIdentity.sign(TransactionDigest.message(ops)), count: ops.count)
    ]
  }

  /// Places operations straight into the outbox, as someone editing the
  /// store file by hand would, so that the next push carries them past this
  /// terminal's gate. Each run of one author's operations is signed with
  /// that author's key when this terminal holds it (the system account's
  /// is the terminal's own): the author themselves breaking the rules.
  func inject(_ ops: [ChangeOperation]) throws {
    try injectUnsigned(ops)
    var start = 0
    while start < ops.count {
      var end = start + 1
      while end < ops.count && ops[end].user == ops[start].user { end += 1 }
      let run = Array(ops[start..<end])
      let key = run[0].user == worker.id ? store.deviceIdentity : TestKeys.key(run[0].user)
      if let key { try queueSignature(run, by: run[0].user, key: key) }
      start = end
    }
  }

  /// Places operations in the outbox with no signature at all.
  func injectUnsigned(_ ops: [ChangeOperation]) throws {
    try store.writer.write { db in
      for op in ops {
        let value = String(decoding: try JSONEncoder().encode(op.value), as: UTF8.self)
        try db.execute(
          sql: """
            INSERT INTO outbox(op_id, clock, device, user_id, entity, record_id, field, value, replaces)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
          arguments: [
            op.opID, op.clock.description, op.device, op.user, op.entity, op.recordID, op.field, value,
            op.replaces?.description,
          ])
      }
    }
  }

  /// Signs outbox rows already placed as one transaction of `user`, with `key`.
  func queueSignature(_ ops: [ChangeOperation], by user: String, key: SigningIdentity) throws {
    try store.writer.write { db in
      let tx = (try Int64.fetchOne(db, sql: "SELECT MAX(tx) FROM outbox_tx") ?? 0) + 1000
      try db.execute(
        sql: "INSERT INTO outbox_tx(tx, user_id, public_key, signature) VALUES (?, ?, ?, ?)",
        arguments: [tx, user, key.publicKey, try key.sign(TransactionDigest.message(ops))])
      for op in ops {
        try db.execute(sql: "UPDATE outbox SET tx = ? WHERE op_id = ?", arguments: [tx, op.opID])
      }
    }
  }

  /// An operation stamped as this terminal's, authored by `user`.
  func forged(
    by user: String, _ entity: String, _ recordID: String, _ field: String, _ value: FieldValue,
    replaces: HLC? = nil, after offset: Int64 = 0
  ) -> ChangeOperation {
    let millis = Int64(store.now().timeIntervalSince1970 * 1000) + offset
    return ChangeOperation(
      opID: UUID().uuidString.lowercased(), clock: HLC(millis: millis, counter: 0, device: store.deviceID),
      device: store.deviceID, user: user, entity: entity, recordID: recordID, field: field, value: value,
      replaces: replaces)
  }

  /// The gate's verdict on an operation held here, if held.
  func status(of opID: String) throws -> String? {
    try store.read { db in
      try String.fetchOne(db, sql: "SELECT status FROM op_log WHERE op_id = ?", arguments: [opID])
    }
  }

  /// Every operation held and its verdict, to compare terminals.
  func verdicts() throws -> [String: String] {
    try store.read { db in
      var out: [String: String] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT op_id, status FROM op_log") { out[row[0]] = row[1] }
      return out
    }
  }

  /// Every operation held with its verdict and reason.
  func verdictsWithReasons() throws -> [String: HeldVerdict] {
    try store.read { db in
      var out: [String: HeldVerdict] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT op_id, status, reason FROM op_log") {
        out[row[0]] = HeldVerdict(status: row[1], reason: row[2])
      }
      return out
    }
  }

  func appliedOpIDs() throws -> Set<String> {
    try store.read { db in try Set(String.fetchAll(db, sql: "SELECT op_id FROM op_log")) }
  }
}

struct HeldVerdict: Equatable, CustomStringConvertible {
  var status: String
  var reason: String?
  var description: String { status + (reason.map { ": \($0)" } ?? "") }
}

/// The terminals of one test share, and the keys of the users made on any
/// of them: each user is signed in on every terminal, made before or after.
final class KeyGroup: @unchecked Sendable {
  private var terminals: [Terminal] = []
  private var keys: [String: SigningIdentity] = [:]

  func add(_ terminal: Terminal) {
    terminals.append(terminal)
    terminal.group = self
    for (user, key) in keys { terminal.store.unlock(user, key) }
  }

  func unlock(_ user: String, _ key: SigningIdentity) {
    keys[user] = key
    for t in terminals { t.store.unlock(user, key) }
  }
}

/// Every key a test made, so a user made on one terminal can sign in on
/// another (user ids are random, so parallel tests never share one).
enum TestKeys {
  nonisolated(unsafe) private static var keys: [String: SigningIdentity] = [:]
  private static let lock = NSLock()

  static func remember(_ user: String, _ key: SigningIdentity) {
    lock.lock()
    defer { lock.unlock() }
    keys[user] = key
  }

  static func key(_ user: String) -> SigningIdentity? {
    lock.lock()
    defer { lock.unlock() }
    return keys[user]
  }
}

/// A share folder with its key file, and terminals joined to it.
final class TestShare: @unchecked Sendable {
  let folder = TempFolder("share")
  let clock = TestClock()
  var root: URL { folder.sub("share") }
  var keyFile: URL { folder.sub("share.key") }
  var backend: FolderShare { FolderShare(root: root, durable: false) }
  let keys = KeyGroup()
  /// Set when the share was founded as a demo share.
  var demo = false

  /// `create: false` leaves the folder empty, for a test that creates the share from its founding terminal.
  init(create: Bool = true) throws {
    if create { try SyncEngine.initShare(path: root, keyFile: keyFile) }
  }

  /// Creates the share as `share init` does on `founder`, and joins it.
  func found(by founder: Terminal, demo: Bool = false) throws {
    self.demo = demo
    try SyncEngine.initShare(path: root, keyFile: keyFile, founder: founder.store, demo: demo)
    try SyncEngine.join(store: founder.store, share: backend, keyFile: keyFile, demo: demo, environment: [:])
  }

  /// `wall`, when given, is this terminal's own error, which a test can change (a clock put right, or going back).
  func terminal(
    _ name: String, offset: TimeInterval = 0, wall: WallError? = nil, join: Bool = true,
    registry: RecordRegistry = .current
  ) throws -> Terminal {
    let clock = self.clock
    let backend = self.backend
    let terminal = try Terminal(
      name, share: { _ in backend }, keyFile: keyFile,
      now: { clock.now.addingTimeInterval(offset + (wall?.seconds ?? 0)) }, join: join, registry: registry,
      demo: demo)
    keys.add(terminal)
    return terminal
  }

  /// Every file under the share with its modification time, for "nothing was written" checks.
  func files() -> [String: Date] {
    var out: [String: Date] = [:]
    let base = root.path
    guard let walker = FileManager.default.enumerator(atPath: base) else { return out }
    while let rel = walker.nextObject() as? String {
      let attrs = try? FileManager.default.attributesOfItem(atPath: base + "/" + rel)
      out[rel] = attrs?[.modificationDate] as? Date
    }
    return out
  }

  /// Batch files of one device, in order.
  func log(_ device: String) -> [URL] {
    let dir = root.appendingPathComponent("devices/\(device)/log")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
    return names.filter { ShareFormat.parseBatchName($0) != nil }.sorted().map {
      dir.appendingPathComponent($0)
    }
  }
}

/// Syncs every terminal, twice round, so that everyone has everyone's changes.
func syncAll(_ terminals: [Terminal], rounds: Int = 2) throws {
  for _ in 0..<rounds {
    for t in terminals { _ = try t.engine.sync() }
  }
}

/// Runs `body` and returns the `SyncError` it throws, recording an issue if it does not.
func syncError(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> SyncError? {
  do {
    try body()
    Issue.record("expected a SyncError", sourceLocation: sourceLocation)
  } catch let error as SyncError {
    return error
  } catch {
    Issue.record("expected a SyncError, got \(error)", sourceLocation: sourceLocation)
  }
  return nil
}
