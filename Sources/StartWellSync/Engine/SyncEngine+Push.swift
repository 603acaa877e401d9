import Foundation
import StartWellCore
import StartWellStore

extension SyncEngine {
  /// Publishes every staged batch, then stages and publishes new ones until
  /// the outbox is empty.
  ///
  /// Each step can be interrupted and resumed. A batch is first staged in the
  /// database with its exact bytes (and its operations marked with its
  /// number) in one transaction; publishing then links those bytes into
  /// place, and a retry after a crash finds either no file (and links it) or
  /// the identical file (and only records it).
  ///
  /// `byteLimit` is the largest batch file written where the operations
  /// allow (readers refuse larger ones); tests lower it.
  func push(_ session: Session, listing: ShareListing, byteLimit: Int = ShareFormat.batchReadLimit) throws
    -> PushReport
  {
    var report = PushReport()
    guard session.manifest.format == ShareFormat.version else { throw SyncError.unsignedShare }
    let device = store.deviceID
    try refuseIfCloned(
      ownLog: listing.logs[device] ?? [], share: session.share, storeID: session.manifest.storeId,
      key: session.key)
    try removeStaleStaging(session)
    for batch in try ledger.ownBatches(unpublishedOnly: true) {
      try publish(batch, session, into: &report)
    }
    let lost = try republishMissing(session, listing: listing, into: &report)
    // Operations that reached the outbox without passing the gate here (put
    // there by hand) are judged as every other terminal will judge them.
    try store.admitUnloggedOutbox()
    // Each batch anchors the local audit chain's head on the share.
    let auditHead = try store.auditHead()
    var limit = Self.batchLimit
    while true {
      let staged: OwnBatch?
      do {
        staged = try ledger.stageBatch(limit: limit) { ops, transactions, seq, prev in
          let sealed = try BatchCodec.seal(
            ops: ops, transactions: transactions, store: session.manifest.storeId, device: device, seq: seq,
            prev: prev, created: store.now(), key: session.key, signer: store.deviceIdentity,
            auditHead: auditHead)
          // Readers refuse a batch above their limit, so one is never written:
          // fewer operations are taken instead (the staging rolls back).
          if sealed.bytes.count > byteLimit && ops.count > 1 && limit > 1 {
            throw OversizedBatch()
          }
          return sealed
        }
      } catch is OversizedBatch {
        limit = max(1, limit / 4)
        continue
      }
      limit = Self.batchLimit
      guard let staged else { break }
      CrashPoint.hit("push.after-stage")
      try publish(staged, session, into: &report)
    }
    // New changes went out first; a batch that cannot be restored still needs a person.
    if let lost { throw SyncError.ownBatchLost(seq: lost.seq, file: lost.file) }
    return report
  }

  /// Publishes again, byte for byte, every own batch that was published but
  /// is no longer on the share (deleted by hand, lost in a restore): other
  /// terminals read a log in order, so one missing file would hold back
  /// every later change of this terminal on all of them. Returns the first
  /// missing batch whose bytes this data folder no longer holds.
  private func republishMissing(
    _ session: Session, listing: ShareListing, into report: inout PushReport
  ) throws -> (seq: Int64, file: String)? {
    let device = store.deviceID
    let onShare = Set((listing.logs[device] ?? []).map(\.name))
    var lost: (seq: Int64, file: String)?
    for batch in try ledger.publishedBatches() {
      let name = ShareFormat.batchName(seq: batch.seq, hash: batch.hash)
      guard !onShare.contains(name) else { continue }
      guard let bytes = try ledger.ownBatchBytes(seq: batch.seq), ShareFormat.sha256Hex(bytes) == batch.hash
      else {
        if lost == nil { lost = (batch.seq, name) }
        continue
      }
      let outcome = try session.share.createIfAbsent(
        "\(ShareFormat.logFolder(device))/\(name)", bytes, staging: ShareFormat.stagingFolder(device))
      guard outcome != .different else { throw SyncError.publishConflict(name) }
      if outcome == .created {
        report.republished.append(
          BatchSummary(device: device, seq: batch.seq, operations: batch.opCount, file: name))
      }
    }
    return lost
  }

  private func publish(_ batch: OwnBatch, _ session: Session, into report: inout PushReport) throws {
    guard let bytes = batch.bytes else { return try ledger.markPublished(seq: batch.seq) }
    let device = store.deviceID
    let name = ShareFormat.batchName(seq: batch.seq, hash: batch.hash)
    // Another file with this number means a copy of this data folder published first.
    try refuseIfCloned(
      ownLog: try ShareListing.log(of: device, in: session.share).filter {
        $0.seq == batch.seq && $0.name != name
      },
      share: session.share, storeID: session.manifest.storeId, key: session.key)
    let outcome = try session.share.createIfAbsent(
      "\(ShareFormat.logFolder(device))/\(name)", bytes, staging: ShareFormat.stagingFolder(device))
    guard outcome != .different else { throw SyncError.publishConflict(name) }
    CrashPoint.hit("push.after-link")
    try ledger.markPublished(seq: batch.seq)
    CrashPoint.hit("push.after-confirm")
    // The file server stamped the new file with its own clock: the one clock
    // no terminal sets, so this terminal can tell its own clock is wrong.
    if outcome == .created,
      let server = session.share.serverTime(of: "\(ShareFormat.logFolder(device))/\(name)")
    {
      try store.noteServerClock(server)
    }
    report.batches.append(BatchSummary(device: device, seq: batch.seq, operations: batch.opCount, file: name))
  }

  private struct OversizedBatch: Error {}

  /// A batch in our own log, signed with our own key, that this data folder
  /// did not write can only come from a copy of this folder (or an old
  /// backup of it) syncing as the same device. Publishing on would fork the
  /// log, so refuse and say so. A file not signed with our key (junk, or
  /// one written with the share key alone) is foreign: readers set it aside.
  func refuseIfCloned(ownLog: [LogFile], share: any ShareBackend, storeID: String, key: ShareKey) throws {
    guard !ownLog.isEmpty else { return }
    let ours = try ledger.ownBatchHashes()
    for file in ownLog {
      if let hash = ours[file.seq], hash.hasPrefix(file.hashPrefix) { continue }
      let data: Data
      do {
        guard let read = try share.read(file.path) else { continue }
        data = read
      } catch SyncError.refusedFile {
        continue  // not a batch at all, so not a copy's
      }
      let opened = BatchCodec.open(
        data, store: storeID, device: store.deviceID, seq: file.seq, namePrefix: file.hashPrefix, key: key,
        deviceKey: store.deviceIdentity.publicKey)
      if case .success = opened { throw SyncError.cloned(device: store.deviceID, file: file.name) }
    }
  }

  /// Removes staging files an interrupted push left behind. Only this
  /// device's staging folder is touched, and only files old enough that no
  /// push of ours can still be writing them.
  private func removeStaleStaging(_ session: Session) throws {
    let folder = ShareFormat.stagingFolder(store.deviceID)
    let now = Date().timeIntervalSince1970
    for name in try session.share.list(folder) where name.hasSuffix(".tmp") {
      let parts = name.split(separator: ".")
      guard parts.count >= 4, let millis = Double(parts[parts.count - 3]) else { continue }
      if now - millis / 1000 > Self.staleStaging { try? session.share.remove("\(folder)/\(name)") }
    }
  }
}
