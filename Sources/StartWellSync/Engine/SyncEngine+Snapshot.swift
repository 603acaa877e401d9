import Foundation
import StartWellCore
import StartWellStore

extension SyncEngine {
  /// Writes the whole synced state of this terminal to
  /// `snapshots/<id>/` on the share, so a new terminal can start from it
  /// instead of replaying every batch.
  ///
  /// Pushes first: a snapshot may hold only what the share already holds,
  /// so its frontier (the last batch of every device it includes) tells a
  /// new terminal exactly where each log continues. Chunks go out first and
  /// the manifest last, so a snapshot without its manifest is one still
  /// being written (or abandoned) and is never read.
  ///
  /// On a share with a root, `admin` must be the founding admin, logged in:
  /// new terminals trust only a snapshot their root key signed.
  public func writeSnapshot(signedBy admin: User? = nil) throws -> SnapshotWriteReport {
    try writeSnapshot(pushFirst: true, signedBy: admin)
  }

  func writeSnapshot(pushFirst: Bool, signedBy admin: User? = nil) throws -> SnapshotWriteReport {
    try running.withLock { _ in
      try recordingFailure {
        let session = try session()
        let signer = try snapshotSigner(admin, session)
        let listing = try listChecked(session)
        let pushed = pushFirst ? try push(session, listing: listing) : PushReport()
        var report = try writeSnapshot(session, signer: signer)
        report.pushed = pushed
        return report
      }
    }
  }

  /// The founding admin's key on a share with a root; nothing on one
  /// without (a demo share, whose accounts have no authority to protect).
  private func snapshotSigner(_ admin: User?, _ session: Session) throws -> SnapshotCodec.Signer? {
    guard let rootKey = session.manifest.rootKey else { return nil }
    let rootName =
      (try? store.users())?.first { $0.id == session.manifest.rootUser }?.username ?? "the founding admin"
    guard let admin, let identity = store.identity(for: admin.id), identity.publicKey == rootKey else {
      throw SyncError.snapshotRefused(
        "a snapshot must be signed by the founding admin (\(rootName)), logged in here: new terminals trust "
          + "only the store's root key, which they hold before they hold any record")
    }
    return SnapshotCodec.Signer(user: admin.id, identity: identity)
  }

  private func writeSnapshot(_ session: Session, signer: SnapshotCodec.Signer?) throws -> SnapshotWriteReport
  {
    let id = SnapshotCodec.newID(now: store.now())
    let storeID = session.manifest.storeId
    let folder = SnapshotCodec.folder(id)
    let staging = ShareFormat.stagingFolder(store.deviceID)
    let key = session.key
    var chunks: [SnapshotManifest.Chunk] = []
    var rows = 0

    func publish(_ name: String, _ bytes: Data) throws {
      let outcome = try session.share.createIfAbsent("\(folder)/\(name)", bytes, staging: staging)
      guard outcome != .different else { throw SyncError.publishConflict("\(folder)/\(name)") }
    }

    let frontier: [SnapshotFrontier]
    do {
      frontier = try ledger.exportSnapshot(chunkRows: SnapshotCodec.chunkRows) { run in
        let index = chunks.count + 1
        let plain = try SnapshotCodec.chunkPayload(run, store: storeID, snapshot: id, chunk: index)
        let bytes = try SnapshotCodec.seal(
          plain, kind: SnapshotEnvelope.chunkKind, store: storeID, snapshot: id, chunk: index, key: key)
        let name = SnapshotCodec.chunkName(index)
        try publish(name, bytes)
        chunks.append(
          .init(name: name, sha256: ShareFormat.sha256Hex(bytes), table: run.table, rows: run.rows.count))
        rows += run.rows.count
      }
    } catch let error as SnapshotStoreError {
      throw SyncError.snapshotRefused(error.description)
    }
    let manifest = SnapshotManifest(
      format: ShareFormat.version, store: storeID, snapshot: id, device: store.deviceID,
      created: Timestamp.format(store.now()), rows: rows, chunks: chunks, frontier: frontier)
    let bytes = try SnapshotCodec.seal(
      try ShareFormat.encoder().encode(manifest), kind: SnapshotEnvelope.manifestKind, store: storeID,
      snapshot: id, chunk: 0, key: key, signer: signer)
    try publish(SnapshotCodec.manifestName, bytes)
    return SnapshotWriteReport(
      snapshotID: id, chunks: chunks.count, rows: rows, frontier: frontier, pushed: PushReport())
  }

  /// Starts a blank store from the snapshot that covers the most history
  /// and verifies completely.
  ///
  /// Only a store with no records, no cursors and no batches of its own
  /// qualifies; any other store merges batches as usual. A snapshot that
  /// fails any check is reported as quarantined and the next one is tried;
  /// with none left, the caller's pull replays every log from the start.
  func bootstrapIfBlank(_ session: Session) throws -> (SnapshotBootstrapReport?, [QuarantinedFile]) {
    guard try ledger.isBlank() else { return (nil, []) }
    // A `snapshots` that is not a folder holds no snapshot; the logs are replayed.
    var listed: [String] = []
    do {
      listed = try session.share.list(ShareFormat.snapshotsFolder)
    } catch SyncError.refusedFile {}
    var setAside: [QuarantinedFile] = []
    var candidates: [(id: String, manifest: SnapshotManifest)] = []
    for id in listed.filter(SnapshotCodec.isSnapshotID) {
      let manifestPath = "\(SnapshotCodec.folder(id))/\(SnapshotCodec.manifestName)"
      // No manifest yet: still being written, or abandoned by a crash. Neither is an error.
      let data: Data
      do {
        guard let read = try session.share.read(manifestPath) else { continue }
        data = read
      } catch SyncError.refusedFile(_, let reason) {
        setAside.append(try quarantine(manifestPath, device: "", reason))
        continue
      }
      let manifest: SnapshotManifest
      do {
        manifest = try openManifest(data, id: id, session)
      } catch {
        setAside.append(try quarantine(manifestPath, device: "", error.reason))
        continue
      }
      // The rule for batches: a writer whose wall clock is more than ε ahead is not believed yet.
      let written = Timestamp.parse(manifest.created).map {
        ClockState.millis($0) - ClockState.millis(store.now())
      }
      if let ahead = written, ahead > ClockState.maxDrift {
        setAside.append(
          try quarantine(
            manifestPath, device: manifest.device,
            "it was written by a terminal whose clock was \(ClockWarning.span(ahead)) ahead of this one's; "
              + "check the clocks"))
        continue
      }
      candidates.append((id, manifest))
    }
    // The most batches covered first, not the latest date: a snapshot's name
    // and date come from one terminal's wall clock, which may be wrong.
    candidates.sort { a, b in
      let (ca, cb) = (
        a.manifest.frontier.reduce(0) { $0 + $1.seq }, b.manifest.frontier.reduce(0) { $0 + $1.seq }
      )
      return ca != cb ? ca > cb : a.id > b.id
    }
    for (id, manifest) in candidates {
      let manifestPath = "\(SnapshotCodec.folder(id))/\(SnapshotCodec.manifestName)"
      let started = ContinuousClock.now
      do {
        var readSeconds = 0.0
        let loaded = try ledger.loadSnapshot(frontier: manifest.frontier) { insert in
          try feed(manifest, session, insert, readSeconds: &readSeconds)
        }
        let elapsed = started.duration(to: .now)
        return (
          SnapshotBootstrapReport(
            snapshotID: id, rows: loaded.rows, families: loaded.families, frontier: manifest.frontier,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
            readSeconds: readSeconds, indexSeconds: loaded.indexSeconds),
          setAside
        )
      } catch let bad as SnapshotChunkFailure {
        setAside.append(try quarantine(bad.path, device: manifest.device, bad.reason))
      } catch SnapshotStoreError.notEmpty {
        // Another process of this terminal got there first; its data stands.
        return (nil, setAside)
      } catch let error as SnapshotStoreError {
        setAside.append(try quarantine(manifestPath, device: manifest.device, error.description))
      }
    }
    return (nil, setAside)
  }

  private func quarantine(_ path: String, device: String, _ reason: String) throws -> QuarantinedFile {
    let why = "snapshot not used: \(reason)"
    try ledger.quarantine(path: path, device: device, reason: why)
    return QuarantinedFile(
      path: path, device: device, reason: why, firstSeen: store.now(), lastSeen: store.now())
  }

  private func openManifest(_ data: Data, id: String, _ session: Session) throws(BadFile) -> SnapshotManifest
  {
    let storeID = session.manifest.storeId
    let plain = try SnapshotCodec.openManifest(
      data, store: storeID, snapshot: id, key: session.key, rootKey: session.manifest.rootKey)
    guard let manifest = try? JSONDecoder().decode(SnapshotManifest.self, from: plain),
      manifest.format == ShareFormat.version, manifest.store == storeID, manifest.snapshot == id,
      manifest.frontier.allSatisfy({ ShareFormat.isDeviceID($0.device) && $0.seq > 0 }),
      Set(manifest.frontier.map(\.device)).count == manifest.frontier.count,
      manifest.chunks.enumerated().allSatisfy({ $0.element.name == SnapshotCodec.chunkName($0.offset + 1) })
    else { throw BadFile("the manifest's sealed content is not a valid snapshot manifest") }
    return manifest
  }

  /// Reads, verifies and decodes chunks on worker threads, a few ahead, while
  /// this thread (the database's) inserts them in order: the load then takes
  /// about as long as the slower of the two, not their sum.
  private func feed(
    _ manifest: SnapshotManifest, _ session: Session, _ insert: (SnapshotRows) throws -> Void,
    readSeconds: inout Double
  ) throws {
    let share = session.share
    let key = session.key
    let storeID = session.manifest.storeId
    let folder = SnapshotCodec.folder(manifest.snapshot)
    let chunks = manifest.chunks
    let snapshot = manifest.snapshot
    let workers = max(1, min(4, ProcessInfo.processInfo.activeProcessorCount))
    let pipeline = ChunkPipeline(ahead: 2 * workers + 2)
    pipeline.start(count: chunks.count, workers: workers) { i in
      let entry = chunks[i]
      let path = "\(folder)/\(entry.name)"
      do {
        guard let data = try share.read(path) else { throw BadFile("chunk \(entry.name) is missing") }
        return .success(
          try SnapshotCodec.openChunk(
            data, entry: entry, index: i + 1, store: storeID, snapshot: snapshot, key: key))
      } catch let bad as BadFile {
        return .failure(SnapshotChunkFailure(path: path, reason: bad.reason))
      } catch {
        return .failure(SnapshotChunkFailure(path: path, reason: "cannot be read: \(error)"))
      }
    }
    // Workers waiting for room stop when the load ends, whether it succeeded or not.
    defer { pipeline.stop() }
    for i in 0..<chunks.count {
      let began = ContinuousClock.now
      let rows = try pipeline.take(i).get()
      let waited = began.duration(to: .now)
      readSeconds += Double(waited.components.seconds) + Double(waited.components.attoseconds) * 1e-18
      try insert(rows)
      pipeline.retire(consume rows)
    }
  }
}

/// A chunk that failed; the whole load rolls back and the snapshot is set aside.
struct SnapshotChunkFailure: Error {
  var path: String
  var reason: String
}

/// Chunks decoded by worker threads, handed over in order. Worker `w` takes
/// chunks `w`, `w + workers`, ... and never runs more than `ahead` chunks
/// past the consumer, so memory stays at a few chunks whatever the snapshot's size.
private final class ChunkPipeline: @unchecked Sendable {
  typealias Outcome = Result<SnapshotRows, SnapshotChunkFailure>
  private let condition = NSCondition()
  private var ready: [Int: Outcome] = [:]
  private var consumed = 0
  private var stopped = false
  private let ahead: Int

  /// Frees inserted chunks. Tearing down twenty thousand rows of strings
  /// was a sixth of the database thread's time, and that thread is the
  /// one the whole load waits on.
  private let disposal = DispatchQueue(label: "snapshot-chunk-disposal", qos: .utility)

  init(ahead: Int) { self.ahead = ahead }

  /// Hands an inserted chunk to another thread to be freed.
  ///
  /// The rows move into a box before the block is queued, so the block holds
  /// the only reference. Captured directly, the caller kept one until the
  /// call returned; the block often ran first on the other core, and then
  /// this thread freed them after all (a twentieth of its time).
  func retire(_ rows: consuming SnapshotRows) {
    let retired = Retired(rows)
    disposal.async { retired.rows = nil }
  }

  private final class Retired: @unchecked Sendable {
    var rows: SnapshotRows?
    init(_ rows: consuming SnapshotRows) { self.rows = rows }
  }

  func start(count: Int, workers: Int, decode: @escaping @Sendable (Int) -> Outcome) {
    for w in 0..<workers {
      Thread.detachNewThread { [self] in
        var i = w
        while i < count {
          condition.lock()
          while !stopped && i >= consumed + ahead { condition.wait() }
          let stop = stopped
          condition.unlock()
          if stop { return }
          let outcome = decode(i)
          condition.lock()
          ready[i] = outcome
          condition.broadcast()
          condition.unlock()
          i += workers
        }
      }
    }
  }

  func take(_ i: Int) -> Outcome {
    condition.lock()
    defer { condition.unlock() }
    while ready[i] == nil { condition.wait() }
    let outcome = ready.removeValue(forKey: i)!
    consumed = i + 1
    condition.broadcast()
    return outcome
  }

  func stop() {
    condition.lock()
    stopped = true
    ready.removeAll()
    condition.broadcast()
    condition.unlock()
  }
}
