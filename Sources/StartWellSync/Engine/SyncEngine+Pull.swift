import Foundation
import StartWellCore
import StartWellStore

extension SyncEngine {
  /// Reads every other device's new batches in order and applies them.
  ///
  /// Per device: the next sequence number is looked up; each file claiming it
  /// is verified (format, envelope against its path, hash against its name,
  /// authentication, chain); exactly one good file is applied together with
  /// the cursor move. A missing number (a gap), a bad file or a clock too far
  /// ahead stops that device until a later sync; the other devices go on.
  ///
  /// `keeping` names quarantined files found bad earlier in this run (a
  /// snapshot), whose entries must not be cleared as if they now verified.
  func pull(_ session: Session, listing: ShareListing, keeping: Set<String> = []) throws -> PullReport {
    var report = PullReport()
    var stillBad = keeping
    let devices = listing.logs.keys.sorted().filter { $0 != store.deviceID }
    var cursors = Dictionary(uniqueKeysWithValues: try ledger.cursors().map { ($0.device, $0) })
    let newcomers = devices.filter { cursors[$0] == nil }
    if !newcomers.isEmpty {
      try ledger.noteDevices(newcomers, genesis: ShareFormat.genesisHash)
      cursors = Dictionary(uniqueKeysWithValues: try ledger.cursors().map { ($0.device, $0) })
    }
    // Known bad files that have not changed since: not read again, not reported again.
    let known = try ledger.quarantineStamps()
    for entry in listing.damaged {
      stillBad.insert(entry.path)
      if try ledger.quarantine(path: entry.path, device: entry.device, reason: entry.reason) {
        report.quarantined.append(
          QuarantinedFile(
            path: entry.path, device: entry.device, reason: entry.reason, firstSeen: store.now(),
            lastSeen: store.now()))
      }
    }
    var moved = 0
    for device in devices {
      report.devices += 1
      guard let cursor = cursors[device] else { continue }
      let files = listing.logs[device] ?? []
      let before = report.batches.count
      try pull(
        device: device, from: cursor, files: files, session, known: known, into: &report, bad: &stillBad)
      if report.batches.count > before { moved += 1 }
    }
    try judgeOwnClock(&report, moved: moved)
    // Entries for files that now verify, or are gone, no longer need reporting.
    let cleared = try ledger.quarantined().map(\.path).filter { !stillBad.contains($0) }
    try ledger.release(paths: cleared)
    return report
  }

  private func pull(
    device: String, from start: DeviceCursor, files: [LogFile], _ session: Session,
    known: [String: (reason: String, size: Int64, modified: Int64, inode: Int64)],
    into report: inout PullReport,
    bad: inout Set<String>
  ) throws {
    var cursor = start
    let bySeq = Dictionary(grouping: files, by: \.seq)
    let key = session.key
    let storeID = session.manifest.storeId
    let deviceKey = try terminalKey(device, session)

    // How each file looked when it was read, for files whose content is at fault.
    var stamps: [String: ShareFileStamp] = [:]

    func verify(_ file: LogFile) throws -> Result<VerifiedBatch, BadFile>? {
      let stamp = session.share.stamp(file.path)
      if let stamp, let seen = known[file.path], seen.size == stamp.size, seen.modified == stamp.modified,
        seen.inode == Int64(bitPattern: stamp.inode)
      {
        // Set aside before and unchanged since: its verdict stands without reading it again.
        stamps[file.path] = stamp
        return .failure(BadFile(seen.reason))
      }
      let data: Data
      do {
        // A file listed a moment ago may vanish (a file-sync tool renaming it); skip it this time.
        guard let read = try session.share.read(file.path) else { return nil }
        data = read
      } catch SyncError.refusedFile(_, let reason) {
        stamps[file.path] = stamp
        return .failure(BadFile(reason))
      }
      let opened = BatchCodec.open(
        data, store: storeID, device: device, seq: file.seq, namePrefix: file.hashPrefix, key: key,
        deviceKey: deviceKey)
      if case .failure(let why) = opened, !why.waits { stamps[file.path] = stamp }
      return opened
    }

    /// Records a bad file; it is reported only the first time it is set aside.
    func setAside(_ file: LogFile, _ reason: String) throws {
      bad.insert(file.path)
      // Only a file bad in itself keeps its stamp; one set aside for where it
      // stands (a broken chain, a duplicate) is looked at again every time.
      let stamp = stamps[file.path]
      let isNew = try ledger.quarantine(
        path: file.path, device: device, reason: reason, size: stamp?.size, modified: stamp?.modified,
        inode: stamp.map { Int64(bitPattern: $0.inode) })
      if isNew {
        report.quarantined.append(
          QuarantinedFile(
            path: file.path, device: device, reason: reason, firstSeen: store.now(), lastSeen: store.now()))
      }
    }

    // Files at numbers already applied: only a number claimed twice needs a
    // look, to report the file that is not the one applied.
    for (seq, claims) in bySeq where seq <= cursor.seq && claims.count > 1 {
      let applied = try ledger.appliedHash(device: device, seq: seq)
      for file in claims where applied.map({ !$0.hasPrefix(file.hashPrefix) }) ?? false {
        switch try verify(file) {
        case .failure(let why)?: try setAside(file, why.reason)
        case .success?:
          try setAside(file, "a second batch \(seq) from this device; the other one was applied")
        case nil: break
        }
      }
    }

    var stopped = false
    var next = cursor.seq + 1
    var gap = false
    while !stopped {
      guard let claims = bySeq[next] else {
        gap = files.contains(where: { $0.seq > next })
        break
      }
      var good: [(LogFile, VerifiedBatch)] = []
      for file in claims {
        switch try verify(file) {
        case .failure(let why)?: try setAside(file, why.reason)
        case .success(let batch)?:
          if batch.prev == cursor.hash {
            good.append((file, batch))
          } else {
            try setAside(file, "breaks the chain: it follows a batch this terminal never received")
          }
        case nil: break
        }
      }
      guard good.count == 1, let (file, batch) = good.first else {
        // Two valid files with one number: the device's log forked (a copied data
        // folder); neither can be chosen without losing the other's changes.
        for (file, _) in good where good.count > 1 {
          try setAside(file, "duplicate batch number \(next) with different content")
        }
        break
      }
      if let ahead = Self.aheadOfUs(batch, now: store.now()) {
        // Applying it would let this device's edits beat every edit made
        // anywhere for as long as its clock is ahead, and would drag our
        // clock forward with it. Hold it back (it is not lost) until the clocks agree.
        let detail = "batch \(next) is \(ClockWarning.span(ahead)) ahead of this terminal's clock"
        try ledger.flagSkew(device: device, detail: detail)
        report.skewed.append(SkewNotice(device: device, seq: next, hoursAhead: Double(ahead) / 3_600_000))
        stopped = true
        continue
      }
      CrashPoint.hit("pull.before-apply")
      // Nothing in a verified batch stops the pull: the gate refuses or parks
      // each operation it cannot accept, and the cursor moves on.
      let applied = try ledger.applyBatch(
        device: device, expecting: (cursor.seq, cursor.hash), seq: next, hash: batch.hash, ops: batch.ops,
        latestClock: batch.latestClock)
      CrashPoint.hit("pull.after-apply")
      // Nil: another process of this terminal applied it first; it goes on from there.
      guard let applied else { break }
      report.applied += applied.applied
      report.duplicates += applied.duplicates
      report.superseded += applied.superseded
      report.refused += applied.refused
      report.parked += applied.parked
      report.batches.append(
        BatchSummary(device: device, seq: next, operations: batch.ops.count, file: file.name))
      cursor.seq = next
      cursor.hash = batch.hash
      next += 1
    }

    // Later files are checked too, so every bad file is reported in one sync
    // even when it sits behind a gap. Only the chain needs their predecessor.
    for file in files where file.seq > next && !bad.contains(file.path) {
      if case .failure(let why)? = try verify(file) { try setAside(file, why.reason) }
    }
    // A gap is a batch missing before a later one; junk with a high number is no sign of one.
    if gap && files.contains(where: { $0.seq > next && !bad.contains($0.path) }) {
      report.gaps.append(GapNotice(device: device, missingSeq: next))
    }
  }

  /// A terminal's public key, pinned the first time its `device.json` is
  /// read: a key written into that file later (by someone holding the share
  /// key) does not replace it.
  func terminalKey(_ device: String, _ session: Session) throws -> String? {
    if let pinned = try ledger.terminalKey(device) { return pinned }
    guard let data = try? session.share.read("\(ShareFormat.deviceFolder(device))/\(ShareFormat.deviceFile)"),
      let manifest = try? JSONDecoder().decode(DeviceManifest.self, from: data), manifest.device == device,
      let key = manifest.publicKey, SignatureCheck.isPublicKey(key)
    else { return nil }
    try ledger.pinTerminalKey(device, key)
    return key
  }

  /// How far a batch is ahead of this terminal, when it is too far to apply:
  /// its writer's wall clock more than `maxDrift` ahead of ours (a wrong
  /// clock), or its changes' clocks more than `maxSkew` ahead. A healthy
  /// writer whose logical clock another terminal moved forward (by at most
  /// `maxDrift`) is judged by its own wall clock, so it is never blamed.
  static func aheadOfUs(_ batch: VerifiedBatch, now: Date) -> Int64? {
    let wall = ClockState.millis(now)
    let written = batch.written.map { ClockState.millis($0) - wall } ?? 0
    let clocks = (batch.latestClock?.millis ?? wall) - wall
    if written > ClockState.maxDrift { return max(written, clocks) }
    if clocks > ClockState.maxSkew { return clocks }
    return nil
  }

  /// When every terminal that had something new is held as ahead, there are
  /// two or more of them, and they are most of the terminals it knows, this
  /// terminal's clock is the one that is wrong:
  /// say so, rather than blame each of them.
  private func judgeOwnClock(_ report: inout PullReport, moved: Int) throws {
    // Quiet terminals count against it: two wrong clocks among five terminals
    // are two wrong clocks, not a wrong clock here.
    let held = Set(report.skewed.map(\.device))
    let others = try ledger.cursors().filter { $0.device != store.deviceID }.count
    guard held.count >= 2, moved == 0, held.count * 2 > others else { return }
    report.ownClockSlow = true
    for notice in report.skewed {
      try ledger.flagSkew(
        device: notice.device,
        detail: "batch \(notice.seq) is \(ClockWarning.span(Int64(notice.hoursAhead * 3_600_000))) ahead, "
          + "as is every other terminal's news: this terminal's own clock is probably slow")
    }
  }
}
