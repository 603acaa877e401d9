import Foundation
import GRDB
import StartWellCore

/// What taking a new device identity did.
public struct NewIdentity: Sendable, Equatable {
  public var retired: String
  public var device: String
  /// Changes not on the share, given new clocks under the new identity to publish.
  public var reissued: Int
  /// Changes the share already holds under the old identity (a later copy of
  /// this folder published them): dropped here, read back from the old log.
  public var alreadyShared: Int
}

extension SyncLedger {
  /// Gives this data folder a new device identity, for a folder restored
  /// from a backup (or copied) whose old identity has moved on without it.
  ///
  /// In one transaction: the old identity becomes a device this terminal
  /// reads like any other, from the last batch of it this folder published
  /// (`published`), so what the old identity published later is taken in;
  /// its own batches are forgotten; and every change not yet on the share
  /// is given a new operation id and the same clock under the new device,
  /// keeping its value and what it replaced, so it sorts, and is judged,
  /// where the old one did. Changes the old identity already
  /// published (`onShare`) are dropped from the outbox and come back from
  /// its log. The store must be opened again afterwards: its device id is
  /// fixed for the life of a `Store`.
  public func takeNewIdentity(
    _ device: String, key: SigningIdentity, published: (seq: Int64, hash: String), onShare: Set<String>,
    as user: User
  ) throws -> NewIdentity {
    let old = store.deviceID
    return try store.writer.write { db in
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT * FROM outbox WHERE batch IS NULL OR batch > ? ORDER BY seq
          """, arguments: [published.seq])
      let pending = try rows.map(Outbox.operation)
      // Each transaction is signed again under the new identity by its author,
      // when their key is unlocked here (the system account's is the new device key).
      var groups: [(tx: Int64?, author: SigningIdentity?, ops: [ChangeOperation])] = []
      let last = store.currentClock()
      let clock = ClockState(
        device: device, last: HLC(millis: last.millis, counter: last.counter, device: device))
      var renamed: [HLC: HLC] = [:]
      var result = NewIdentity(retired: old, device: device, reissued: 0, alreadyShared: 0)
      let now = store.now()
      try db.execute(sql: "DELETE FROM outbox")
      for (row, op) in zip(rows, pending) {
        if onShare.contains(op.opID) {
          result.alreadyShared += 1
          continue
        }
        // The same moment under the new device: the change keeps its place
        // in every field's order, its author's authority at that moment, and
        // the clock it shares with the rest of its workflow step.
        let moved = HLC(millis: op.clock.millis, counter: op.clock.counter, device: device)
        let tx: Int64? = row["tx"]
        if groups.last.map({ $0.tx != tx || tx == nil }) ?? true {
          let author = op.user == Store.systemUser.id ? key : store.identity(for: op.user)
          groups.append((tx, author, []))
        }
        let fresh = ChangeOperation(
          opID: UUID().uuidString.lowercased(), clock: moved, device: device,
          user: op.user, entity: op.entity, recordID: op.recordID, field: op.field, value: op.value,
          replaces: op.replaces.map { renamed[$0] ?? $0 },
          alsoReplaces: op.alsoReplaces?.map { renamed[$0] ?? $0 },
          signer: groups[groups.count - 1].author?.publicKey)
        groups[groups.count - 1].ops.append(fresh)
        renamed[op.clock] = moved
        try reissue(db, op, as: fresh, at: now)
        result.reissued += 1
      }
      for group in groups where !group.ops.isEmpty {
        guard let author = group.author else { continue }
        let tx = (try Int64.fetchOne(db, sql: "SELECT MAX(tx) FROM outbox_tx") ?? 0) + 1
        try Outbox.sign(db, tx: tx, user: group.ops[0].user, identity: author, ops: group.ops)
        for op in group.ops {
          try db.execute(sql: "UPDATE outbox SET tx = ? WHERE op_id = ?", arguments: [tx, op.opID])
        }
      }
      // The old identity's published batches are read like another device's from now on.
      try db.execute(
        sql: """
          INSERT OR REPLACE INTO sync_seen(device, seq, hash)
          SELECT ?, seq, hash FROM sync_batch WHERE seq <= ? AND published_at IS NOT NULL
          """, arguments: [old, published.seq])
      try db.execute(sql: "DELETE FROM sync_batch")
      let stamp = Timestamp.format(now)
      try db.execute(
        sql: """
          INSERT OR REPLACE INTO sync_cursor(device, seq, hash, first_seen, last_applied) VALUES (?, ?, ?, ?, ?)
          """, arguments: [old, published.seq, published.hash, stamp, stamp])
      try StoreMeta.set(db, .deviceID, device)
      try StoreMeta.set(db, .deviceKey, key.rawBase64)
      // The old identity's batches are checked against its key from now on, like any other terminal's.
      try db.execute(
        sql: "INSERT OR REPLACE INTO device_key(device, public_key, first_seen) VALUES (?, ?, ?)",
        arguments: [old, store.deviceIdentity.publicKey, Timestamp.format(store.now())])
      try StoreMeta.set(db, .clock, clock.last.description)
      try AuditChain.append(
        db, at: now, user: user, action: "share.rejoin", entity: Entity.user.rawValue, recordID: user.id,
        familyID: nil,
        detail:
          "device \(old) retired, now \(device); \(result.reissued) change(s) to publish again, "
          + "\(result.alreadyShared) already on the share")
      return result
    }
  }

  /// Replaces an unpublished operation by the same change under the new identity.
  private func reissue(_ db: Database, _ op: ChangeOperation, as fresh: ChangeOperation, at now: Date) throws
  {
    try FieldHistory.remove(db, op)
    try db.execute(sql: "DELETE FROM op_log WHERE op_id = ?", arguments: [op.opID])
    try OperationLog.insert(db, fresh, status: .accepted, reason: nil, at: now)
    // Under its new device and clock the change is new content, signed again by the caller.
    try Outbox.append(db, fresh, transaction: nil)
    try db.execute(
      sql: "UPDATE field_clock SET clock = ? WHERE entity = ? AND record_id = ? AND field = ? AND clock = ?",
      arguments: [fresh.clock.description, op.entity, op.recordID, op.field, op.clock.description])
  }
}
