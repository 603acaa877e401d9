import Foundation
import GRDB
import StartWellCore

/// The share this terminal joined, and how its last sync went.
public struct ShareJoin: Sendable, Equatable {
  public var path: String
  public var storeID: String
  public var keyFile: String?
  public var joinedAt: Date
  public var lastSync: Date?
  public var lastAttempt: Date?
  public var lastError: String?
  /// The last attempt failed because the share could not be reached.
  public var offline: Bool
  /// Batch files seen on the share at the last successful sync, junk included.
  public var fileCount: Int
  /// Valid batches on the share at the last sync (own published ones and
  /// ones applied here); nil until a sync has counted them, or after an
  /// admin accepted a change of the share.
  public var validBatches: Int? = nil
}

/// One local transaction's signature, and how many of a batch's operations, in order, it covers.
public struct SignedTransaction: Sendable, Equatable {
  public var user: String
  /// Empty, with an empty signature, for operations no one signed.
  public var publicKey: String
  public var signature: String
  public var count: Int

  public init(user: String, publicKey: String, signature: String, count: Int) {
    self.user = user
    self.publicKey = publicKey
    self.signature = signature
    self.count = count
  }
}

/// One of this terminal's own batches: staged in the database, then published.
public struct OwnBatch: Sendable, Equatable {
  public var seq: Int64
  public var hash: String
  public var prev: String
  public var opCount: Int
  /// The exact file, kept so that a retry, or publishing it again after it
  /// went missing from the share, writes the same bytes. Nil only for
  /// batches an older version published (it dropped them).
  public var bytes: Data?
  public var published: Bool
}

/// How far this terminal has read another device's log.
public struct DeviceCursor: Sendable, Equatable {
  public var device: String
  public var seq: Int64
  public var hash: String
  public var firstSeen: Date
  public var lastApplied: Date?
  public var skewedAt: Date?
  public var skewDetail: String?
}

/// A file on the share that failed verification and is being passed over.
public struct QuarantinedFile: Sendable, Equatable, Codable {
  public var path: String
  public var device: String
  public var reason: String
  public var firstSeen: Date
  public var lastSeen: Date

  public init(path: String, device: String, reason: String, firstSeen: Date, lastSeen: Date) {
    self.path = path
    self.device = device
    self.reason = reason
    self.firstSeen = firstSeen
    self.lastSeen = lastSeen
  }
}

/// The local bookkeeping of sync, kept in the store's own database so that
/// applying a batch and moving the cursor past it commit together. Its
/// tables are made by the store's migrator.
public struct SyncLedger: Sendable {
  public let store: Store

  public init(store: Store) throws {
    self.store = store
  }

  private func stamp() -> String { Timestamp.format(store.now()) }
  private static func date(_ text: String?) -> Date? { text.flatMap(Timestamp.parse) }

  // MARK: - The joined share

  public func join() throws -> ShareJoin? {
    try store.read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM sync_share WHERE id = 1").map { row in
        ShareJoin(
          path: row["path"], storeID: row["store_id"], keyFile: row["key_file"],
          joinedAt: Self.date(row["joined_at"]) ?? Date(timeIntervalSince1970: 0),
          lastSync: Self.date(row["last_sync"]), lastAttempt: Self.date(row["last_attempt"]),
          lastError: row["last_error"], offline: row["offline"], fileCount: row["file_count"],
          validBatches: row["valid_batches"])
      }
    }
  }

  /// Records the share; joining the same store again only updates its path and key file.
  public func setJoin(path: String, storeID: String, keyFile: String?) throws {
    try store.writer.write { db in
      try db.execute(
        sql: """
          INSERT INTO sync_share(id, path, store_id, key_file, joined_at) VALUES (1, ?, ?, ?, ?)
          ON CONFLICT(id) DO UPDATE SET path = excluded.path, key_file = excluded.key_file
          """, arguments: [path, storeID, keyFile, stamp()])
    }
  }

  public func recordSuccess(fileCount: Int, validBatches: Int? = nil) throws {
    try store.writer.write { db in
      let now = stamp()
      try db.execute(
        sql: """
          UPDATE sync_share SET last_sync = ?, last_attempt = ?, last_error = NULL, offline = 0, file_count = ?,
            valid_batches = COALESCE(?, valid_batches)
          WHERE id = 1
          """, arguments: [now, now, fileCount, validBatches])
    }
  }

  /// A sync that pulled but could not publish: the share was read (so its
  /// counts are current), the failure is kept for `sync status`.
  public func recordPartial(_ message: String, fileCount: Int, validBatches: Int) throws {
    try store.writer.write { db in
      try db.execute(
        sql: """
          UPDATE sync_share SET last_attempt = ?, last_error = ?, offline = 0, file_count = ?, valid_batches = ?
          WHERE id = 1
          """, arguments: [stamp(), message, fileCount, validBatches])
    }
  }

  /// An admin's word that the share really changed (files were removed on
  /// purpose, or it was restored from an older backup): the "share is much
  /// smaller" guard starts again from what the next sync finds. Audited.
  public func acceptShareChange(by user: User) throws {
    try store.writer.write { db in
      guard
        let row = try Row.fetchOne(
          db, sql: "SELECT file_count, valid_batches, store_id FROM sync_share WHERE id = 1")
      else { return }
      let valid: Int? = row["valid_batches"]
      let files: Int = row["file_count"]
      try db.execute(
        sql:
          "UPDATE sync_share SET file_count = 0, valid_batches = NULL, last_error = NULL, offline = 0 WHERE id = 1"
      )
      try AuditChain.append(
        db, at: store.now(), user: user, action: "share-accept-change", entity: "share",
        recordID: row["store_id"], familyID: nil,
        detail: "accepted a change of the share: it held \(valid ?? files) batches at the last sync")
    }
  }

  public func recordFailure(_ message: String, offline: Bool) throws {
    try store.writer.write { db in
      try db.execute(
        sql: "UPDATE sync_share SET last_attempt = ?, last_error = ?, offline = ? WHERE id = 1",
        arguments: [stamp(), message, offline])
    }
  }

  // MARK: - Own batches

  /// Own batches in order. Bytes are loaded only for unpublished ones (or
  /// with `withBytes`): published batches keep theirs in the database, and
  /// loading every one would hold the whole log in memory.
  public func ownBatches(unpublishedOnly: Bool = false, withBytes: Bool = false) throws -> [OwnBatch] {
    try store.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT seq, hash, prev, op_count, published_at,
            \(unpublishedOnly || withBytes ? "bytes" : "NULL AS bytes") FROM sync_batch
          \(unpublishedOnly ? "WHERE published_at IS NULL" : "") ORDER BY seq
          """
      ).map(Self.batch)
    }
  }

  /// The kept bytes of own batch `seq`; nil when an older version dropped them.
  public func ownBatchBytes(seq: Int64) throws -> Data? {
    try store.read { db in
      try Data.fetchOne(db, sql: "SELECT bytes FROM sync_batch WHERE seq = ?", arguments: [seq])
    }
  }

  /// Own published batches: sequence number and hash, in order.
  public func publishedBatches() throws -> [(seq: Int64, hash: String, opCount: Int)] {
    try store.read { db in
      try Row.fetchAll(
        db, sql: "SELECT seq, hash, op_count FROM sync_batch WHERE published_at IS NOT NULL ORDER BY seq"
      ).map { ($0["seq"], $0["hash"], $0["op_count"]) }
    }
  }

  /// Own batch hashes by sequence number, for telling our files from a copy's.
  public func ownBatchHashes() throws -> [Int64: String] {
    try store.read { db in
      var hashes: [Int64: String] = [:]
      let rows = try Row.fetchCursor(db, sql: "SELECT seq, hash FROM sync_batch")
      while let row = try rows.next() { hashes[row["seq"]] = row["hash"] }
      return hashes
    }
  }

  private static func batch(_ row: Row) -> OwnBatch {
    OwnBatch(
      seq: row["seq"], hash: row["hash"], prev: row["prev"], opCount: row["op_count"], bytes: row["bytes"],
      published: (row["published_at"] as String?) != nil)
  }

  /// Takes the next pending operations and seals them into a batch, in one
  /// transaction: the batch row with its exact bytes is saved and the
  /// outbox rows are marked with its sequence number together. Whatever
  /// happens after, publishing that batch writes the same file.
  ///
  /// `build` receives the operations, the sequence number and the previous
  /// batch's hash, and returns the file bytes and their hash.
  public func stageBatch(
    limit: Int,
    build: ([ChangeOperation], [SignedTransaction], Int64, String) throws -> (bytes: Data, hash: String)
  ) throws -> OwnBatch? {
    try store.writer.write { db in
      let taken = try Self.takeBatch(db, limit: limit)
      guard let first = taken.first, let last = taken.last else { return nil }
      let previous = try Row.fetchOne(db, sql: "SELECT seq, hash FROM sync_batch ORDER BY seq DESC LIMIT 1")
      let seq: Int64 = (previous?["seq"] ?? 0) + 1
      let prev: String = previous?["hash"] ?? String(repeating: "0", count: 64)
      let transactions = try Self.transactions(db, first: first.seq, last: last.seq)
      let (bytes, hash) = try build(taken.map(\.op), transactions, seq, prev)
      try db.execute(
        sql: "INSERT INTO sync_batch(seq, hash, prev, op_count, bytes, staged_at) VALUES (?, ?, ?, ?, ?, ?)",
        arguments: [seq, hash, prev, taken.count, bytes, stamp()])
      try db.execute(
        sql: "UPDATE outbox SET batch = ? WHERE batch IS NULL AND seq BETWEEN ? AND ?",
        arguments: [seq, first.seq, last.seq])
      return OwnBatch(seq: seq, hash: hash, prev: prev, opCount: taken.count, bytes: bytes, published: false)
    }
  }

  /// Marks a batch as on the share. Its bytes are kept: should the file go
  /// missing from the share, the same file is published again.
  public func markPublished(seq: Int64) throws {
    try store.writer.write { db in
      try db.execute(
        sql: "UPDATE sync_batch SET published_at = ? WHERE seq = ? AND published_at IS NULL",
        arguments: [stamp(), seq])
    }
  }

  /// Operations not yet on the share: unbatched, or in a batch not yet published.
  public func pendingCount() throws -> Int {
    try store.read { db in
      let loose = try Outbox.pendingCount(db)
      let staged =
        try Int.fetchOne(
          db, sql: "SELECT COALESCE(SUM(op_count), 0) FROM sync_batch WHERE published_at IS NULL") ?? 0
      return loose + staged
    }
  }

  /// Up to `limit` pending operations, extended so that the batch ends on a
  /// transaction boundary.
  ///
  /// The outbox does not record transactions, but every local write stamps
  /// each record it touches with `updated_at` equal to the transaction's
  /// start time, and a record's operations in one transaction are
  /// contiguous. So a change of `updated_at` between two neighbouring runs of
  /// operations proves a boundary; where none can be proved the batch grows.
  static func takeBatch(_ db: Database, limit: Int) throws -> [(seq: Int64, op: ChangeOperation)] {
    var taken = try fetch(db, after: 0, count: limit)
    guard taken.count == limit else { return taken }
    // Signed transactions name their own boundary: the batch takes the rest of the last one.
    if let tx = try Int64.fetchOne(
      db, sql: "SELECT tx FROM outbox WHERE seq = ?", arguments: [taken.last!.seq])
    {
      let rest = try Row.fetchAll(
        db, sql: "SELECT * FROM outbox WHERE batch IS NULL AND seq > ? AND tx = ? ORDER BY seq",
        arguments: [taken.last!.seq, tx]
      ).map { row in (seq: row["seq"] as Int64, op: try Outbox.operation(row)) }
      return taken + rest
    }
    while true {
      if let cut = boundary(in: taken.map(\.op), from: limit) { return Array(taken[..<cut]) }
      let more = try fetch(db, after: taken.last!.seq, count: 1000)
      if more.isEmpty { return taken }
      taken += more
    }
  }

  private static func fetch(_ db: Database, after seq: Int64, count: Int) throws -> [(
    seq: Int64, op: ChangeOperation
  )] {
    try Row.fetchAll(
      db, sql: "SELECT * FROM outbox WHERE batch IS NULL AND seq > ? ORDER BY seq LIMIT ?",
      arguments: [seq, count]
    ).map { row in (row["seq"], try Outbox.operation(row)) }
  }

  /// The signed transactions of the outbox rows `first...last`, in order,
  /// each with how many of those rows it covers. Rows of no transaction
  /// (put in the outbox by hand) form unsigned runs, which every reader refuses.
  static func transactions(_ db: Database, first: Int64, last: Int64) throws -> [SignedTransaction] {
    let rows = try Row.fetchAll(
      db,
      sql: """
        SELECT o.tx, o.user_id AS op_user, t.user_id, t.public_key, t.signature
        FROM outbox o LEFT JOIN outbox_tx t ON t.tx = o.tx
        WHERE o.batch IS NULL AND o.seq BETWEEN ? AND ? ORDER BY o.seq
        """, arguments: [first, last])
    var out: [SignedTransaction] = []
    var current: Int64?? = .none
    for row in rows {
      let tx: Int64? = row["tx"]
      if case .some(let open) = current, open == tx, tx != nil {
        out[out.count - 1].count += 1
        continue
      }
      current = .some(tx)
      out.append(
        SignedTransaction(
          user: row["user_id"] ?? row["op_user"], publicKey: row["public_key"] ?? "",
          signature: row["signature"] ?? "", count: 1))
    }
    return out
  }

  /// The first index at or after `from` where a new transaction provably starts.
  static func boundary(in ops: [ChangeOperation], from: Int) -> Int? {
    // Runs of operations on one record, with the updated_at each carries.
    var runs: [(start: Int, end: Int, at: FieldValue?)] = []
    var i = 0
    while i < ops.count {
      var j = i
      var at: FieldValue?
      while j < ops.count && ops[j].entity == ops[i].entity && ops[j].recordID == ops[i].recordID {
        if ops[j].field == "updated_at" { at = ops[j].value }
        j += 1
      }
      runs.append((i, j, at))
      i = j
    }
    // The last run may continue past what was fetched, so it never proves anything.
    guard runs.count >= 3 else { return nil }
    for k in 1..<(runs.count - 1) where runs[k].start >= from {
      if let a = runs[k - 1].at, let b = runs[k].at, a != b { return runs[k].start }
    }
    return nil
  }

  // MARK: - Other devices

  public func cursors() throws -> [DeviceCursor] {
    try store.read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM sync_cursor ORDER BY device").map(Self.cursor)
    }
  }

  public func cursor(device: String) throws -> DeviceCursor? {
    try store.read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM sync_cursor WHERE device = ?", arguments: [device]).map(
        Self.cursor)
    }
  }

  private static func cursor(_ row: Row) -> DeviceCursor {
    DeviceCursor(
      device: row["device"], seq: row["seq"], hash: row["hash"],
      firstSeen: date(row["first_seen"]) ?? Date(timeIntervalSince1970: 0),
      lastApplied: date(row["last_applied"]),
      skewedAt: date(row["skewed_at"]), skewDetail: row["skew_detail"])
  }

  /// Starts following devices seen on the share for the first time.
  public func noteDevices(_ devices: [String], genesis: String) throws {
    try store.writer.write { db in
      for device in devices {
        try db.execute(
          sql: "INSERT OR IGNORE INTO sync_cursor(device, seq, hash, first_seen) VALUES (?, 0, ?, ?)",
          arguments: [device, genesis, stamp()])
      }
    }
  }

  /// Applies one verified batch and moves the device's cursor past it, in one
  /// transaction. Nil if the cursor had already moved (another process of this
  /// terminal applied the batch first).
  public func applyBatch(
    device: String, expecting previous: (seq: Int64, hash: String), seq: Int64, hash: String,
    ops: [ChangeOperation], latestClock: HLC?
  ) throws -> RemoteApplyReport? {
    try store.applyRemoteBatch { db -> RemoteApplyReport? in
      guard
        let row = try Row.fetchOne(
          db, sql: "SELECT seq, hash FROM sync_cursor WHERE device = ?", arguments: [device]),
        row["seq"] as Int64 == previous.seq, row["hash"] as String == previous.hash
      else { return nil }
      let report = try store.applyRemote(ops, in: db)
      try store.auditPulled(db, device: device, seq: seq, ops: ops, report: report)
      try db.execute(
        sql: """
          UPDATE sync_cursor SET seq = ?, hash = ?, last_applied = ?, skewed_at = NULL, skew_detail = NULL
          WHERE device = ?
          """, arguments: [seq, hash, stamp(), device])
      try db.execute(
        sql: "INSERT OR REPLACE INTO sync_seen(device, seq, hash) VALUES (?, ?, ?)",
        arguments: [device, seq, hash])
      // The caller checked the clock is within bounds; folding it in keeps our next edit after it.
      if let latestClock { _ = store.receive(clock: latestClock) }
      try store.saveClock(in: db)
      return report
    }
  }

  /// A terminal's public key as first read from its `device.json`.
  public func terminalKey(_ device: String) throws -> String? {
    try store.read { db in
      try String.fetchOne(db, sql: "SELECT public_key FROM device_key WHERE device = ?", arguments: [device])
    }
  }

  public func pinTerminalKey(_ device: String, _ key: String) throws {
    try store.writer.write { db in
      try db.execute(
        sql: "INSERT OR IGNORE INTO device_key(device, public_key, first_seen) VALUES (?, ?, ?)",
        arguments: [device, key, stamp()])
    }
  }

  /// The hashes of every batch applied here, by device and sequence number.
  public func appliedHashes() throws -> [String: [Int64: String]] {
    try store.read { db in
      var out: [String: [Int64: String]] = [:]
      let rows = try Row.fetchCursor(db, sql: "SELECT device, seq, hash FROM sync_seen")
      while let row = try rows.next() { out[row["device"], default: [:]][row["seq"]] = row["hash"] }
      return out
    }
  }

  /// The hash of the batch applied at `seq` of a device's log, if any.
  public func appliedHash(device: String, seq: Int64) throws -> String? {
    try store.read { db in
      try String.fetchOne(
        db, sql: "SELECT hash FROM sync_seen WHERE device = ? AND seq = ?", arguments: [device, seq])
    }
  }

  public func flagSkew(device: String, detail: String) throws {
    try store.writer.write { db in
      try db.execute(
        sql: "UPDATE sync_cursor SET skewed_at = COALESCE(skewed_at, ?), skew_detail = ? WHERE device = ?",
        arguments: [stamp(), detail, device])
    }
  }

  // MARK: - Quarantine

  /// Records a bad file; the same path reported again only refreshes its
  /// entry. Returns true when the entry is new. `size`, `modified` and
  /// `inode` describe the file as it was found, for a file whose fault is its
  /// own content (so it need not be read again while they stay the same);
  /// nil for one set aside for where it stands (a broken chain, a duplicate).
  @discardableResult
  public func quarantine(
    path: String, device: String, reason: String, size: Int64? = nil, modified: Int64? = nil,
    inode: Int64? = nil
  ) throws -> Bool {
    try store.writer.write { db in
      let known =
        try Bool.fetchOne(
          db, sql: "SELECT EXISTS(SELECT 1 FROM sync_quarantine WHERE path = ?)", arguments: [path]) ?? false
      let now = stamp()
      try db.execute(
        sql: """
          INSERT INTO sync_quarantine(path, device, reason, first_seen, last_seen, size, modified, inode)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT(path) DO UPDATE SET reason = excluded.reason, last_seen = excluded.last_seen,
            size = excluded.size, modified = excluded.modified, inode = excluded.inode
          """, arguments: [path, device, reason, now, now, size, modified, inode])
      return !known
    }
  }

  /// Forgets entries for files that now verify, or are no longer on the share.
  public func release(paths: [String]) throws {
    guard !paths.isEmpty else { return }
    try store.writer.write { db in
      for path in paths {
        try db.execute(sql: "DELETE FROM sync_quarantine WHERE path = ?", arguments: [path])
      }
    }
  }

  /// Quarantined files recorded with how they looked: path to reason, size,
  /// modification time and inode.
  public func quarantineStamps() throws -> [String: (
    reason: String, size: Int64, modified: Int64, inode: Int64
  )] {
    try store.read { db in
      var out: [String: (reason: String, size: Int64, modified: Int64, inode: Int64)] = [:]
      let rows = try Row.fetchCursor(
        db,
        sql: """
          SELECT path, reason, size, modified, inode FROM sync_quarantine
          WHERE size IS NOT NULL AND modified IS NOT NULL AND inode IS NOT NULL
          """)
      while let row = try rows.next() {
        out[row["path"]] = (row["reason"], row["size"], row["modified"], row["inode"])
      }
      return out
    }
  }

  public func quarantined() throws -> [QuarantinedFile] {
    try store.read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM sync_quarantine ORDER BY path").map { row in
        QuarantinedFile(
          path: row["path"], device: row["device"], reason: row["reason"],
          firstSeen: Self.date(row["first_seen"]) ?? Date(timeIntervalSince1970: 0),
          lastSeen: Self.date(row["last_seen"]) ?? Date(timeIntervalSince1970: 0))
      }
    }
  }
}
