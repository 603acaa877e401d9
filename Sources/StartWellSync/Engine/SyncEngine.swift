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
  private let cachedKey = Mutex<(store: String, key: ShareKey)?>(nil)
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
    if let cached = cachedKey.withLock({ $0 }), cached.store == manifest.storeId {
      return Session(share: share, join: join, manifest: manifest, key: cached.key)
    }
    guard
      let source = ShareKeySource.resolve(
        keyFile: join.keyFile.map { URL(fileURLWithPath: $0) }, environment: environment)
    else { throw SyncError.noKey }
    let key = try ShareKey.open(source, manifest: manifest)
    cachedKey.withLock { $0 = (manifest.storeId, key) }
    return Session(share: share, join: join, manifest: manifest, key: key)
  }

  /// Reads `STORE.json`, telling a missing share from a folder that is not one.
  static func manifest(of share: any ShareBackend) throws -> ShareManifest {
    guard share.isReachable() else { throw SyncError.shareMissing(share.location) }
    guard let data = try share.read(ShareFormat.storeFile) else { throw SyncError.notAShare(share.location) }
    struct Probe: Decodable { var format: Int }
    guard let probe = try? JSONDecoder().decode(Probe.self, from: data) else {
      throw SyncError.unsupportedShare("\(ShareFormat.storeFile) is not readable JSON")
    }
    guard probe.format == ShareFormat.version else {
      throw SyncError.unsupportedShare(
        "it is format version \(probe.format); this version reads \(ShareFormat.version)")
    }
    guard let manifest = try? JSONDecoder().decode(ShareManifest.self, from: data),
      manifest.kind == ShareManifest.kindValue
    else { throw SyncError.unsupportedShare("\(ShareFormat.storeFile) is incomplete") }
    return manifest
  }

  /// Lists the share and refuses when it looks unmounted or swapped: an
  /// empty or much smaller share is far more likely a wrong mount than
  /// colleagues deleting their history, and reading it as deletions is how
  /// other products lost data.
  func listChecked(_ session: Session) throws -> ShareListing {
    let listing = try ShareListing.read(session.share)
    let before = session.join.fileCount
    if before > 0 && listing.fileCount == 0 {
      throw SyncError.shareEmpty(path: session.share.location, before: before)
    }
    if listing.fileCount * 2 < before {
      throw SyncError.shareShrunk(path: session.share.location, now: listing.fileCount, before: before)
    }
    return listing
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
  public func sync() throws -> SyncReport {
    try running.withLock { _ in
      try recordingFailure {
        let session = try session()
        let listing = try listChecked(session)
        let (loaded, setAside) = try bootstrapIfBlank(session)
        let pushed = try push(session, listing: listing)
        var pulled = try pull(session, listing: listing, keeping: Set(setAside.map(\.path)))
        pulled.quarantined.insert(contentsOf: setAside, at: 0)
        try ledger.recordSuccess(fileCount: listing.fileCount)
        return SyncReport(
          push: pushed, pull: pulled, conflicts: try store.conflicts().count, shareFiles: listing.fileCount,
          snapshot: loaded)
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
    status.clockWarning = try store.clockWarning()?.message
    return status
  }

  func recordingFailure<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as SyncError {
      if error != .notConfigured {
        try? ledger.recordFailure(error.description, offline: error.isShareUnavailable)
      }
      throw error
    }
  }
}
