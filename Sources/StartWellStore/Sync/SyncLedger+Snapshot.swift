import Foundation
import GRDB
import StartWellCore

/// One table's share of a snapshot: a run of rows with their column names.
public struct SnapshotRows: Sendable, Equatable {
  public var table: String
  public var columns: [String]
  public var rows: [[FieldValue]]

  public init(table: String, columns: [String], rows: [[FieldValue]]) {
    self.table = table
    self.columns = columns
    self.rows = rows
  }
}

/// How far a snapshot has read one device's log: its last batch, by number and file hash.
public struct SnapshotFrontier: Sendable, Equatable, Codable {
  public var device: String
  public var seq: Int64
  public var hash: String

  public init(device: String, seq: Int64, hash: String) {
    self.device = device
    self.seq = seq
    self.hash = hash
  }
}

/// Why a snapshot could not be taken or loaded.
public enum SnapshotStoreError: Error, Equatable, CustomStringConvertible {
  /// Changes of this terminal not yet on the share: a snapshot holding them
  /// would carry edits no batch carries, and its frontier would lie.
  case unpublished(Int)
  /// Only an empty store takes a snapshot in; one with records merges batches.
  case notEmpty
  case unknownTable(String)
  case unknownColumns(table: String)
  case rowWidth(table: String)
  case badRow(table: String)
  /// Its changes carry clocks further ahead of this terminal's wall clock
  /// than batches may be (the same rule): one of the two clocks is wrong.
  case clockAhead(millis: Int64)

  public var description: String {
    switch self {
    case .unpublished(let n):
      "\(n) change\(n == 1 ? "" : "s") of this terminal \(n == 1 ? "is" : "are") not on the share yet; "
        + "sync first, then snapshot"
    case .notEmpty: "this store already holds records; a snapshot is only loaded into a new terminal"
    case .unknownTable(let t): "names an unknown table \(t)"
    case .unknownColumns(let t): "names unknown columns of \(t)"
    case .rowWidth(let t): "holds a row of \(t) with the wrong number of values"
    case .badRow(let t): "holds a row of \(t) with an unreadable clock or verdict"
    case .clockAhead(let millis):
      "its changes are \(ClockWarning.span(millis)) ahead of this terminal's clock, further than "
        + "batches may be; check this terminal's clock"
    }
  }
}

/// What loading a snapshot did.
public struct SnapshotLoadReport: Sendable, Equatable {
  public var rows = 0
  public var families = 0
  /// Seconds spent inserting rows, and rebuilding derived columns and search rows.
  public var insertSeconds = 0.0
  public var indexSeconds = 0.0
  public init() {}
}

extension SyncLedger {
  /// The merge state that travels with the records, so conflicts and later
  /// merges come out the same on a terminal that loaded a snapshot.
  static let mergeTables: [String: [String]] = [
    "field_clock": ["entity", "record_id", "field", "clock"],
    "field_history": [
      "entity", "record_id", "field", "clock", "replaces", "also_replaces", "value", "user_id",
    ],
    "field_replaced": ["entity", "record_id", "field", "clock"],
    // Every operation with its verdict, so a terminal that starts from the
    // snapshot judges later arrivals exactly as one that replayed the logs.
    "op_log": [
      "op_id", "clock", "device", "user_id", "entity", "record_id", "field", "value", "replaces",
      "also_replaces", "status", "reason", "seen_at", "signer", "batch_seq",
    ],
  ]

  /// Which rows of a merge table travel (all of them, today).
  static let mergeFilters: [String: String] = [:]

  /// Every table a snapshot carries, in load order, with its columns.
  public static var snapshotTables: [(table: String, columns: [String])] {
    Entity.allCases.map { ($0.table, ["id"] + $0.fields) }
      + ["field_clock", "field_history", "field_replaced", "op_log"].map { ($0, mergeTables[$0]!) }
  }

  /// Reads the whole synced state in one read transaction, handing it to
  /// `emit` in runs of at most `chunkRows` rows, and returns the frontier:
  /// for every device, the last batch whose operations the state includes.
  ///
  /// Refuses while this terminal has changes that are not published, since
  /// no frontier could describe them. Rows are streamed rather than
  /// gathered, so a stress-scale store never sits in memory twice.
  public func exportSnapshot(chunkRows: Int, emit: (SnapshotRows) throws -> Void) throws
    -> [SnapshotFrontier]
  {
    try store.read { db in
      let loose = try Outbox.pendingCount(db)
      let staged =
        try Int.fetchOne(
          db, sql: "SELECT COALESCE(SUM(op_count), 0) FROM sync_batch WHERE published_at IS NULL") ?? 0
      guard loose + staged == 0 else { throw SnapshotStoreError.unpublished(loose + staged) }
      var frontier = try Row.fetchAll(db, sql: "SELECT device, seq, hash FROM sync_cursor ORDER BY device")
        .map { SnapshotFrontier(device: $0["device"], seq: $0["seq"], hash: $0["hash"]) }
        .filter { $0.seq > 0 }
      if let own = try Row.fetchOne(
        db, sql: "SELECT seq, hash FROM sync_batch WHERE published_at IS NOT NULL ORDER BY seq DESC LIMIT 1")
      {
        frontier.append(SnapshotFrontier(device: store.deviceID, seq: own["seq"], hash: own["hash"]))
      }
      for (table, columns) in Self.snapshotTables {
        let filter = Self.mergeFilters[table] ?? ""
        let rows = try Row.fetchCursor(
          db, sql: "SELECT \(columns.joined(separator: ", ")) FROM \(table) \(filter)")
        var run: [[FieldValue]] = []
        run.reserveCapacity(chunkRows)
        while let row = try rows.next() {
          run.append((0..<columns.count).map { FieldValue(row[$0] as DatabaseValue) })
          if run.count == chunkRows {
            try emit(SnapshotRows(table: table, columns: columns, rows: run))
            run.removeAll(keepingCapacity: true)
          }
        }
        if !run.isEmpty { try emit(SnapshotRows(table: table, columns: columns, rows: run)) }
      }
      return frontier.sorted { $0.device < $1.device }
    }
  }

  /// Whether this store is new: no records (beyond the built-in system
  /// user), no merge state, no outbox, no cursors and no batches of its own.
  /// Only such a store may take a snapshot in.
  public func isBlank() throws -> Bool {
    try store.read { try Self.isBlank($0) }
  }

  static func isBlank(_ db: Database) throws -> Bool {
    for entity in Entity.allCases {
      let filter = entity == .user ? " WHERE id <> 'system'" : ""
      if try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM \(entity.table)\(filter))") ?? false {
        return false
      }
    }
    for table in ["field_clock", "field_history", "op_log", "outbox", "sync_cursor", "sync_batch"] {
      if try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM \(table))") ?? false { return false }
    }
    return true
  }

  /// Loads a snapshot into a blank store in one transaction: `feed` hands
  /// every run of rows to the closure it receives, then the cursors are set
  /// to `frontier` and every family's derived columns and search row are
  /// built. Anything `feed` throws rolls the whole load back, leaving the
  /// store blank for a full replay.
  ///
  /// Foreign keys are off as in `applyRemoteBatch`: tables arrive in entity
  /// order, not in reference order.
  public func loadSnapshot(
    frontier: [SnapshotFrontier], feed: (_ insert: (SnapshotRows) throws -> Void) throws -> Void
  ) throws -> SnapshotLoadReport {
    var report = SnapshotLoadReport()
    let allowed = Dictionary(uniqueKeysWithValues: Self.snapshotTables.map { ($0.table, Set($0.columns)) })
    let started = ContinuousClock.now
    try store.applyRemoteBatch { db in
      guard try Self.isBlank(db) else { throw SnapshotStoreError.notEmpty }
      let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2_000
      try db.execute(sql: "PRAGMA cache_size = -262144")
      defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
      // Secondary indexes are dropped and built again after the load: sorting
      // once is cheaper than keeping a dozen B-trees in order through two
      // million scattered inserts. Primary keys stay, so OR REPLACE still works.
      let tables = Self.snapshotTables.map(\.table)
      let indexes = try Row.fetchAll(
        db,
        sql: """
          SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
          AND tbl_name IN (\(tables.map { _ in "?" }.joined(separator: ", ")))
          """, arguments: StatementArguments(tables)
      ).map { (name: $0["name"] as String, sql: $0["sql"] as String) }
      for index in indexes { try db.execute(sql: "DROP INDEX \(index.name)") }
      var statements: [String: BulkInsert] = [:]
      var latest: HLC?
      try feed { chunk in
        guard let known = allowed[chunk.table] else { throw SnapshotStoreError.unknownTable(chunk.table) }
        // Names come from the whitelist, never from the file, before they reach SQL.
        guard !chunk.columns.isEmpty, Set(chunk.columns).count == chunk.columns.count,
          chunk.columns.allSatisfy(known.contains)
        else { throw SnapshotStoreError.unknownColumns(table: chunk.table) }
        let key = chunk.table + "\u{0}" + chunk.columns.joined(separator: ",")
        let statement: BulkInsert
        if let cached = statements[key] {
          statement = cached
        } else {
          // OR REPLACE: the built-in system user is already there in a new store.
          statement = BulkInsert(
            try db.makeStatement(
              sql: """
                INSERT OR REPLACE INTO \(chunk.table)(\(chunk.columns.joined(separator: ", "))) \
                VALUES (\(chunk.columns.map { _ in "?" }.joined(separator: ", ")))
                """), width: chunk.columns.count)
          statements[key] = statement
        }
        let clockColumn =
          Self.mergeTables[chunk.table] != nil ? chunk.columns.firstIndex(of: "clock") : nil
        for row in chunk.rows {
          guard row.count == chunk.columns.count else {
            throw SnapshotStoreError.rowWidth(table: chunk.table)
          }
          try statement.insert(row)
          if let clockColumn {
            // Merge state is trusted by the gate; a row it could not read is a damaged snapshot.
            guard case .text(let text) = row[clockColumn], let clock = HLC(text) else {
              throw SnapshotStoreError.badRow(table: chunk.table)
            }
            if latest.map({ clock > $0 }) ?? true { latest = clock }
          }
          if chunk.table == "op_log", let at = chunk.columns.firstIndex(of: "status"),
            OperationLog.Status(rawValue: row[at].textValue ?? "") == nil
          {
            throw SnapshotStoreError.badRow(table: chunk.table)
          }
        }
        report.rows += chunk.rows.count
      }
      statements.removeAll()
      report.insertSeconds = Self.seconds(since: started)
      // Derived columns first, then the indexes: writing a family's flag
      // score and case lead then touches no index that would be built anew anyway.
      let indexStarted = ContinuousClock.now
      report.families = try FamilyIndex.rebuildAll(db, config: store.config, today: store.today)
      report.indexSeconds = Self.seconds(since: indexStarted)
      for index in indexes { try db.execute(sql: index.sql) }
      try FamilyIndex.countChildrenBelow(db)
      // After the indexes: it looks up each field's history through op_log_field.
      try OperationLog.seed(fromMergeState: db, registry: store.registry)
      let now = Timestamp.format(store.now())
      for entry in frontier where entry.device != store.deviceID {
        try db.execute(
          sql: """
            INSERT OR REPLACE INTO sync_cursor(device, seq, hash, first_seen, last_applied) VALUES (?, ?, ?, ?, ?)
            """, arguments: [entry.device, entry.seq, entry.hash, now, now])
        try db.execute(
          sql: "INSERT OR REPLACE INTO sync_seen(device, seq, hash) VALUES (?, ?, ?)",
          arguments: [entry.device, entry.seq, entry.hash])
      }
      // The same rule as for batches: clocks this far ahead are not taken in
      // (the whole load is undone), and any others are folded into ours, so
      // our next edit comes after every edit the snapshot holds.
      if let latest {
        let ahead = latest.millis - ClockState.millis(store.now())
        if ahead > ClockState.maxSkew { throw SnapshotStoreError.clockAhead(millis: ahead) }
        _ = store.receive(clock: latest)
      }
      try store.saveClock(in: db)
    }
    return report
  }

  private static func seconds(since start: ContinuousClock.Instant) -> Double {
    let d = start.duration(to: .now)
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }
}
