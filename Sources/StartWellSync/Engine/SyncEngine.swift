import Foundation
import StartWellCore
import StartWellStore
import Synchronization

/// Sync between this terminal's store and a shared folder.
///
/// Every terminal appends immutable, numbered, hash-chained batch files to a
/// folder of its own and reads everyone else's; nothing on the share is ever
/// rewritten. A sync pushes, then pulls:
///
/// ```swift
/// let engine = try SyncEngine(store: store)
/// let report = try engine.sync()
/// print(report.pull.applied, report.pull.quarantined)
/// ```
///
/// One engine serialises its own runs; two processes on one data folder are
/// safe too, because staging a batch and moving a cursor are both checked
/// inside database transactions.
public final class SyncEngine: Sendable {
  public let store: Store
  let ledger: SyncLedger
  let explicitShare: (any ShareBackend)?
  let environment: [String: String]
  /// The opened key, so a passphrase is stretched once per engine, not once per sync.
  /// Kept with what it was opened from: a new key change or key source opens it again.
  let cachedKey = Mutex<(store: String, source: ShareKeySource, rotations: [Int], key: ShareKey)?>(nil)
  let running = Mutex<Void>(())

  /// The most operations put in one batch before looking for the end of a transaction.
  public static let batchLimit = 5_000
  /// Own staging files older than this are leftovers of a crash and are removed.
  static let staleStaging: TimeInterval = 600

  /// An engine for `store`. Without `share`, it uses the folder recorded by `share join`.
  public init(
    store: Store, share: (any ShareBackend)? = nil,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws {
    self.store = store
    self.ledger = try SyncLedger(store: store)
    self.explicitShare = share
    self.environment = environment
  }

  /// Everything a run needs, checked before anything is read or written.
  struct Session {
    var share: any ShareBackend
    var join: ShareJoin
    var manifest: ShareManifest
    var key: ShareKey
  }

  func session() throws -> Session {
    guard let join = try ledger.join() else { throw SyncError.notConfigured }
    let share = explicitShare ?? FolderShare(root: URL(fileURLWithPath: join.path))
    let manifest = try Self.manifest(of: share)
    guard manifest.storeId == join.storeID else {
      throw SyncError.differentStore(path: share.location, share: manifest.storeId, joined: join.storeID)
    }
    guard
      let source = ShareKeySource.resolve(
        keyFile: join.keyFile.map { URL(fileURLWithPath: $0) }, environment: environment)
    else { throw SyncError.noKey }
    let rotations = try KeyRotation.readAll(share, store: manifest.storeId)
    let generations = rotations.map(\.generation)
    if let cached = cachedKey.withLock({ $0 }), cached.store == manifest.storeId, cached.source == source,
      cached.rotations == generations
    {
      return Session(share: share, join: join, manifest: manifest, key: cached.key)
    }
    let key = try ShareKey.open(source, manifest: manifest, rotations: rotations)
    try refuseIfBehind(key, rotations: rotations, manifest: manifest, share: share)
    cachedKey.withLock { $0 = (manifest.storeId, source, generations, key) }
    return Session(share: share, join: join, manifest: manifest, key: key)
  }

  /// Refuses to go on with an old share key once an admin has rotated it:
  /// this terminal could neither read what is sealed under the new key nor
  /// be allowed to keep sealing under the old one. A rotation file nobody
  /// with authority signed is not a rotation, and stops nothing.
  func refuseIfBehind(
    _ key: ShareKey, rotations: [KeyRotation], manifest: ShareManifest, share: any ShareBackend
  ) throws {
    for rotation in rotations.reversed() where rotation.generation > key.generation {
      let signedByAdmin = try rotation.userKey == manifest.rootKey || store.isAdminKey(rotation.userKey)
      guard signedByAdmin else { continue }
      let name = (try? store.users())?.first { $0.id == rotation.user }?.username ?? "an admin"
      throw SyncError.shareKeyRotated(
        generation: rotation.generation, by: name, on: String(rotation.created.prefix(10)),
        path: share.location)
    }
  }

  /// Reads `STORE.json`, telling a missing share from a folder that is not one.
  static func manifest(of share: any ShareBackend) throws -> ShareManifest {
    guard share.isReachable() else { throw SyncError.shareMissing(share.location) }
    let read: Data?
    do {
      read = try share.read(ShareFormat.storeFile)
    } catch SyncError.refusedFile(_, let reason) {
      throw SyncError.unsupportedShare("\(ShareFormat.storeFile) \(reason)")
    }
    guard let data = read else { throw SyncError.notAShare(share.location) }
    struct Probe: Decodable { var format: Int }
    guard let probe = try? JSONDecoder().decode(Probe.self, from: data) else {
      throw SyncError.unsupportedShare("\(ShareFormat.storeFile) is not readable JSON")
    }
    guard probe.format == ShareFormat.version || probe.format == ShareFormat.unsignedVersion else {
      throw SyncError.unsupportedShare(
        "it is format version \(probe.format); this version reads \(ShareFormat.version)")
    }
    guard let manifest = try? JSONDecoder().decode(ShareManifest.self, from: data),
      manifest.kind == ShareManifest.kindValue
    else { throw SyncError.unsupportedShare("\(ShareFormat.storeFile) is incomplete") }
    try ShareKey.check(manifest.kdf)
    return manifest
  }

  /// Lists the share and refuses when it looks unmounted or swapped: an
  /// empty or much smaller share is far more likely a wrong mount than
  /// colleagues deleting their history, and reading it as deletions is how
  /// other products lost data.
  ///
  /// Only valid batches count (this terminal's own, and batches applied
  /// here), so junk dropped on the share and removed again changes nothing.
  /// An admin who removed files on purpose resets the count with
  /// `acceptShareChange(by:)`.
  func listChecked(_ session: Session) throws -> ShareListing {
    let listing = try ShareListing.read(session.share)
    let path = session.share.location
    if let before = session.join.validBatches {
      let now = try validBatches(in: listing)
      // Empty means no batch at all, not none this terminal knows, and one
      // batch gone is not a share much smaller: a single deleted batch (its
      // writer publishes it again) must not look like an unmounted share.
      if before > 0 && listing.fileCount == 0 { throw SyncError.shareEmpty(path: path, before: before) }
      if now * 2 < before && before - now >= 2 {
        throw SyncError.shareShrunk(path: path, now: now, before: before)
      }
    } else if session.join.fileCount > 0 && listing.fileCount == 0 {
      // Counted before valid batches were told from junk: only "empty" is certain.
      throw SyncError.shareEmpty(path: path, before: session.join.fileCount)
    }
    return listing
  }

  /// Files in `listing` that are known good batches: this terminal's own, or
  /// ones it applied (same number and hash).
  func validBatches(in listing: ShareListing) throws -> Int {
    let own = try ledger.ownBatchHashes()
    let applied = try ledger.appliedHashes()
    var count = 0
    for (device, files) in listing.logs {
      let known = device == store.deviceID ? own : applied[device] ?? [:]
      for file in files where known[file.seq]?.hasPrefix(file.hashPrefix) ?? false { count += 1 }
    }
    return count
  }

  /// Resets the "share is much smaller" guard after an admin confirms the
  /// share really changed; the next sync counts afresh. Audited.
  public func acceptShareChange(by user: User) throws {
    guard try ledger.join() != nil else { throw SyncError.notConfigured }
    try ledger.acceptShareChange(by: user)
  }

  // MARK: - Public operations

  /// Publishes local changes.
  public func push() throws -> PushReport {
    try running.withLock { _ in
      try recordingFailure {
        let session = try session()
        let listing = try listChecked(session)
        return try push(session, listing: listing)
      }
    }
  }

  /// Applies other terminals' new batches.
  public func pull() throws -> PullReport {
    try running.withLock { _ in
      try recordingFailure {
        let session = try session()
        let listing = try listChecked(session)
        let (_, setAside) = try bootstrapIfBlank(session)
        var pulled = try pull(session, listing: listing, keeping: Set(setAside.map(\.path)))
        pulled.quarantined.insert(contentsOf: setAside, at: 0)
        return pulled
      }
    }
  }

  /// Push, then pull. A sync that finds nothing new writes no file and applies nothing.
  ///
  /// A push that fails (a read-only or full share) does not stop the pull:
  /// the failure is recorded for `sync status`, returned in
  /// `SyncReport.pushError`, and the other terminals' changes still arrive.
  public func sync() throws -> SyncReport {
    try running.withLock { _ in
      try recordingFailure {
        let session = try session()
        let listing = try listChecked(session)
        let (loaded, setAside) = try bootstrapIfBlank(session)
        var pushed = PushReport()
        var pushError: String?
        do {
          pushed = try push(session, listing: listing)
        } catch let error as SyncError where error.stopsPull {
          throw error
        } catch {
          pushError = "could not publish this terminal's changes: \(PeopleError.message(for: error))"
        }
        var pulled = try pull(session, listing: listing, keeping: Set(setAside.map(\.path)))
        pulled.quarantined.insert(contentsOf: setAside, at: 0)
        let valid = try validBatches(in: listing) + pushed.batches.count + pushed.republished.count
        if let pushError {
          try ledger.recordPartial(pushError, fileCount: listing.fileCount, validBatches: valid)
        } else {
          try ledger.recordSuccess(fileCount: listing.fileCount, validBatches: valid)
        }
        var report = SyncReport(
          push: pushed, pull: pulled, conflicts: try store.conflicts().count, shareFiles: listing.fileCount,
          snapshot: loaded)
        report.pushError = pushError
        return report
      }
    }
  }

  /// Pending changes, devices, conflicts and quarantine, from local state only
  /// (it never touches the share, so the interface can call it freely).
  public func status() throws -> SyncStatus {
    let join = try ledger.join()
    let own = try ledger.ownBatches()
    let held = try store.heldCounts()
    var status = SyncStatus(
      configured: join != nil, sharePath: join?.path, storeID: join?.storeID, deviceID: store.deviceID,
      pending: try ledger.pendingCount(), published: own.last(where: \.published)?.seq ?? 0,
      lastSync: join?.lastSync, lastError: join?.lastError, offline: join?.isOffline ?? false,
      devices: try ledger.cursors().map {
        DeviceStatus(device: $0.device, seq: $0.seq, lastApplied: $0.lastApplied, skew: $0.skewDetail)
      },
      conflicts: try store.conflicts().count, quarantine: try ledger.quarantined())
    status.refused = held.refused
    status.parked = held.parked
    status.clashes = try store.usernameClashes().map(\.username)
    status.twoOpenCases = try store.familiesWithTwoOpenCases()
    status.clockWarning = try store.clockWarning()?.message ?? store.serverClockWarning()
    return status
  }

  /// Runs `body`, recording any failure for `sync status` and the header,
  /// in words for people whatever threw it.
  func recordingFailure<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as SyncError {
      if error != .notConfigured {
        try? ledger.recordFailure(error.description, offline: error.isShareUnavailable)
      }
      throw error
    } catch {
      try? ledger.recordFailure(PeopleError.message(for: error), offline: false)
      throw error
    }
  }
}
