import Foundation
import StartWellCore
import StartWellStore
import StartWellSync

/// The sync targets, with the real engine on a share folder on local disk.
enum SyncRows {
  static let all: [BenchRow] = [push, idleSync, bootstrap]

  static func kit(_ run: BenchRun) throws -> Kit {
    Kit(config: run.config)
  }

  // MARK: - Push of 10,000 changes

  /// Five fresh on-disk stores each push 10,000 changes; beside them, the
  /// same ops read straight from SQLite and the same bytes written as plain
  /// files, each synced to disk.
  static let push = BenchRow(name: "push", what: "sync push of 10,000 changes", target: 1_000) { run in
    let kit = try kit(run)
    var product = Samples()
    var floor = Samples()
    // Ten thousand changes whatever the scale; a tiny run (CI's) makes fewer stores.
    let rounds = run.dataset.families >= BenchOptions.Scale.borough ? 5 : 2
    for round in 0..<rounds {
      let dir = run.scratch.appendingPathComponent("push/run\(round)")
      let share = try kit.newShare(in: dir)
      let data = dir.appendingPathComponent("data")
      let store = try Store.open(directory: data, config: kit.config, keyDerivation: .test)
      let terminal = try kit.terminal(store, share: share, tag: "p\(round)")
      // The user records go out first, so the timed push carries casework only.
      _ = try terminal.engine.push()
      let ledger = try SyncLedger(store: store)
      _ = try terminal.queueChanges(10_000)
      let pending = try ledger.pendingCount()
      let before = try batchFiles(share.root)
      let report = try product.time { try terminal.engine.push() }
      guard report.operations == pending, try ledger.pendingCount() == 0 else {
        throw BenchError("push published \(report.operations) of \(pending) operations")
      }
      let written = try batchFiles(share.root).subtracting(before)
      let raw = try RawDatabase(path: data.appendingPathComponent(Store.fileName).path, readOnly: true)
      let out = dir.appendingPathComponent("floor")
      try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
      let bytes = try written.sorted().map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
      try floor.time {
        try raw.execute("SELECT * FROM op_log ORDER BY clock DESC LIMIT \(pending)")
        for (n, data) in bytes.enumerated() {
          try PlainFiles.writeDurably(data, to: out.appendingPathComponent("batch-\(n)"))
        }
        try PlainFiles.syncFolder(out)
      }
    }
    return Figure(samples: product, floor: floor, note: "\(rounds) fresh on-disk stores")
  }

  private static func batchFiles(_ share: URL) throws -> Set<String> {
    var files: Set<String> = []
    let walker = FileManager.default.enumerator(
      at: share.appendingPathComponent("log"), includingPropertiesForKeys: nil)
    while let url = walker?.nextObject() as? URL {
      if url.pathExtension == "json" { files.insert(url.path) }
    }
    return files
  }

  // MARK: - A sync that finds nothing new, 50 terminals

  /// Beside it, the share's folders listed and each entry looked at, which
  /// is the least a sync must do to know nothing is new.
  static let idleSync = BenchRow(
    name: "idle-sync", what: "a sync that finds nothing new, 50 terminals on the share (no file written)",
    target: 100
  ) { run in
    let kit = try kit(run)
    let folder = run.scratch.appendingPathComponent("idle")
    let share = try kit.newShare(in: folder)
    let store = try Store.open(
      directory: folder.appendingPathComponent("data"), config: kit.config, keyDerivation: .test)
    let main = try kit.terminal(store, share: share, tag: "i0")
    try main.someWrites(0)
    _ = try main.engine.push()
    // The 49 others only need to have written their logs, so in-memory stores do.
    for n in 1..<50 {
      let other = try kit.terminal(try Store.inMemory(config: kit.config), share: share, tag: "i\(n)")
      try other.someWrites(n)
      _ = try other.engine.push()
    }
    // Catch up: the first sync applies everyone's batches, the second must find nothing.
    _ = try main.engine.sync()
    guard try main.engine.sync().isIdle else { throw BenchError("a second sync still found work") }
    let before = try ShareSnapshot(share.root)
    var product = Samples()
    var floor = Samples()
    for _ in 0..<50 {
      let report = try product.time { try main.engine.sync() }
      guard report.isIdle else { throw BenchError("a sync with nothing new found work: \(report)") }
      _ = try floor.time { try PlainFiles.walk(share.root) }
    }
    guard try ShareSnapshot(share.root) == before else {
      throw BenchError("a sync that found nothing new wrote to the share")
    }
    return Figure(
      samples: product, floor: floor, note: "\(before.entries) entries on the share; none written in 50 syncs"
    )
  }

  // MARK: - New terminal bootstrap from a snapshot

  /// The dataset founds a share and writes a snapshot; a new terminal then
  /// joins and runs its first sync, in a child process so its time and
  /// memory are its own. Beside it: the snapshot's bytes read as plain
  /// files, and the dataset's rows copied in bulk into an empty database.
  static let bootstrap = BenchRow(
    name: "bootstrap", what: "new terminal bootstrap from the share's snapshot (join + first sync)",
    target: 30_000
  ) { run in
    let folder = run.scratch.appendingPathComponent("bootstrap")
    let share = try kit(run).newShare(in: folder)
    let sourceDir = try run.dataset.copy(to: folder.appendingPathComponent("source"))
    let source = try Store.open(directory: sourceDir, config: run.config)
    // The dataset is demo data: it is shared as a demo share, which only a blank terminal joins.
    try SyncEngine.initShare(path: share.root, keyFile: share.keyFile, founder: source, demo: true)
    try SyncEngine.join(store: source, path: share.root, keyFile: share.keyFile, demo: true, environment: [:])
    let written = try SyncEngine(store: source, environment: [:]).writeSnapshot()
    let snapshotBytes = try folderBytes(share.root.appendingPathComponent(ShareFormat.snapshotsFolder))
    var product = Samples()
    var floor = Samples()
    var detail = ""
    let runs = run.dataset.families > 20_000 ? 3 : 5
    for round in 0..<runs {
      let newDir = folder.appendingPathComponent("new-terminal-\(round)")
      let output = try ProcessRows.spawn(
        run.binaries.appendingPathComponent("startwell-bench"),
        ["sync-join", newDir.path, share.root.path, share.keyFile.path, run.configDir])
      guard let result = try? JSONDecoder().decode(JoinResult.self, from: Data(output.utf8)),
        let loaded = result.snapshot
      else { throw BenchError("the new terminal did not start from the snapshot: \(output)") }
      product.values.append(result.seconds * 1000)
      detail = String(
        format: "load %.1f s (read %.1f s, index %.1f s), peak RSS %.0f MB", loaded.seconds,
        loaded.readSeconds,
        loaded.indexSeconds, result.peakRSS)
      try? FileManager.default.removeItem(at: newDir)
      let copy = folder.appendingPathComponent("floor-\(round).sqlite")
      try floor.time {
        try PlainFiles.readAll(share.root.appendingPathComponent(ShareFormat.snapshotsFolder))
        try PlainFiles.bulkCopy(from: sourceDir.appendingPathComponent(Store.fileName), to: copy)
      }
      try? FileManager.default.removeItem(at: copy)
    }
    return Figure(
      samples: product, floor: floor,
      note: "\(grouped(written.rows)) rows in \(written.chunks) chunks, "
        + String(format: "%.0f MB", Double(snapshotBytes) / 1_048_576) + "; last run: \(detail)")
  }

  /// What the child process reports back.
  struct JoinResult: Codable {
    var seconds: Double
    var peakRSS: Double
    var batches: Int
    var snapshot: SnapshotBootstrapReport?
  }

  /// `startwell-bench sync-join DATA SHARE KEY CONFIG`: a new terminal's
  /// join and first sync, timed, for `snapshotBootstrap`.
  static func joinChild(_ arguments: [String]) throws {
    guard arguments.count == 4 else { throw BenchError("sync-join DATA SHARE KEY CONFIG") }
    let config = try loadConfiguration(arguments[3])
    var samples = Samples()
    let report = try samples.time { () -> SyncReport in
      let store = try Store.open(directory: URL(fileURLWithPath: arguments[0]), config: config)
      try SyncEngine.join(
        store: store, path: URL(fileURLWithPath: arguments[1]), keyFile: URL(fileURLWithPath: arguments[2]),
        demo: true, environment: [:])
      return try SyncEngine(store: store, environment: [:]).sync()
    }
    let result = JoinResult(
      seconds: samples.values[0] / 1000, peakRSS: peakRSSMegabytes(), batches: report.pull.batches.count,
      snapshot: report.snapshot)
    FileHandle.standardOutput.write(try JSONEncoder().encode(result))
  }

  static func folderBytes(_ url: URL) throws -> Int {
    var total = 0
    let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.fileSizeKey])
    while let file = walker?.nextObject() as? URL {
      total += try file.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0
    }
    return total
  }

  // MARK: - Support

  /// What every terminal in the benchmark shares.
  ///
  /// Its stores stretch passwords with the cheap test derivation: these rows
  /// measure sync, and fifty terminals each signing in would otherwise
  /// spend seconds in scrypt (the `login` row measures the strong one).
  struct Kit {
    var config: StartWellCore.Configuration
    static let password = "bench-password"

    /// The share's folder; the first terminal made for it creates it, as `share init` does.
    func newShare(in folder: URL) throws -> ShareFolder {
      ShareFolder(
        root: folder.appendingPathComponent("share"), keyFile: folder.appendingPathComponent("share.key"))
    }

    /// A terminal joined to `share`, with a user of its own to write as.
    /// The first one founds the share and makes its admin; every later one
    /// joins empty, as a real terminal must, receives the users at its first
    /// sync, and has that admin add its worker. Usernames carry `tag`.
    func terminal(_ store: Store, share: ShareFolder, tag: String) throws -> BenchTerminal {
      let admin: User
      let manifest = share.root.appendingPathComponent(ShareFormat.storeFile)
      if !FileManager.default.fileExists(atPath: manifest.path) {
        admin = try store.addUser(
          username: "admin", displayName: "Admin", role: .admin, hubs: [], password: Self.password,
          as: Store.systemUser, checkPolicy: false)
        try SyncEngine.initShare(
          path: share.root, keyFile: share.keyFile, founder: store)
        try SyncEngine.join(store: store, path: share.root, keyFile: share.keyFile, environment: [:])
      } else {
        try SyncEngine.join(store: store, path: share.root, keyFile: share.keyFile, environment: [:])
        _ = try SyncEngine(store: store, environment: [:]).sync()
        guard try store.user(named: "admin") != nil else {
          throw BenchError("the share's admin did not reach terminal \(tag)")
        }
        // The admin signs in here, as on any terminal, to add this terminal's worker.
        admin = try store.authenticate(username: "admin", password: Self.password)
      }
      let worker = try store.addUser(
        username: "worker-\(tag)", displayName: "Worker \(tag)", role: .practitioner,
        hubs: config.hubs.map(\.id), password: Self.password, as: admin, checkPolicy: false)
      return BenchTerminal(
        store: store, engine: try SyncEngine(store: store, environment: [:]), worker: worker,
        hubs: config.hubs.map(\.id))
    }
  }

  struct ShareFolder {
    var root: URL
    var keyFile: URL
  }

  struct BenchTerminal {
    var store: Store
    var engine: SyncEngine
    var worker: User
    var hubs: [String]

    /// Adds families, each with a child, until at least `count` changes wait
    /// to be pushed; returns how many transactions that took.
    func queueChanges(_ count: Int) throws -> Int {
      let ledger = try SyncLedger(store: store)
      var k = 0
      while try ledger.pendingCount() < count {
        let family = try addFamily(k)
        try addPerson(to: family, k, relationship: .child)
        k += 1
      }
      return k * 2
    }

    func addFamily(_ k: Int) throws -> Family {
      try store.addFamily(
        FamilyDraft(
          name: "Bench\(k) family", address: "\(k) Long Lane", postcode: "LS6 2AB",
          hubID: hubs[k % hubs.count]),
        as: worker)
    }

    func addPerson(to family: Family, _ k: Int, relationship: Relationship) throws {
      try store.addPerson(
        familyReference: family.reference,
        PersonDraft(
          givenName: relationship == .child ? "Sam" : "Alex", familyName: "Bench\(k)",
          dateOfBirth: relationship == .child ? "2022-03-04" : "1990-05-06", relationship: relationship),
        as: worker)
    }

    func logContact(_ family: Family, _ n: Int) throws {
      try store.logContact(
        familyID: family.meta.id,
        ContactDraft(
          type: n % 2 == 0 ? "phone" : "home-visit",
          at: store.now().addingTimeInterval(Double(-3_600 * (n + 1))),
          summary: "Benchmark contact \(n)"),
        as: worker)
    }

    func someWrites(_ k: Int) throws {
      let family = try addFamily(k)
      try addPerson(to: family, k, relationship: .mother)
      try logContact(family, 0)
    }
  }

  /// Every entry under the share with its modification time: a sync that
  /// writes, renames or removes anything changes it.
  struct ShareSnapshot: Equatable {
    var times: [String: Date] = [:]
    var entries: Int { times.count }
    var newest: Date? { times.values.max() }

    init(_ root: URL) throws {
      let keys: [URLResourceKey] = [.contentModificationDateKey]
      times["."] = try root.resourceValues(forKeys: Set(keys)).contentModificationDate
      guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: keys) else {
        throw BenchError("cannot list \(root.path)")
      }
      let prefix = root.standardizedFileURL.path + "/"
      for case let url as URL in walker {
        let path = url.standardizedFileURL.path
        let relative = path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
        times[relative] = try url.resourceValues(forKeys: Set(keys)).contentModificationDate
      }
    }
  }

}

extension SyncReport {
  /// Nothing pushed and nothing read from another terminal.
  fileprivate var isIdle: Bool {
    push.batches.isEmpty && pull.batches.isEmpty && pull.applied == 0 && pull.duplicates == 0
      && pull.superseded == 0 && pull.quarantined.isEmpty
  }
}
