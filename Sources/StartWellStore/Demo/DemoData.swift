import Foundation
import GRDB
import StartWellCore

/// What a demo load made, for the command to print.
public struct DemoSummary: Sendable {
  /// Every demo account; each has the password `demo`.
  public var users: [(username: String, role: Role, hubs: [String])]
  public var families: Int
  public var people: Int
  public var contacts: Int
  /// Partners' notifications, triaged and waiting, and two-year offer records.
  public var notifications: Int
  public var twoYearOffers: Int
  /// Where the files a person can import were written, when asked for.
  public var samples: URL?
  public var elapsed: TimeInterval
}

/// Fills an empty store with a realistic, reproducible caseload for trying
/// the program out, demonstrating it and measuring it.
///
/// The same seed on the same day gives the same store, row for row: every
/// id, reference, name and choice comes from a generator seeded with `seed`,
/// and every date is counted back from one anchor, today's date from the
/// store's clock (its day is `Store.today`). Nothing else is read from the
/// clock, so two loads on the same day agree; loads on different days differ
/// only by the shift of the anchor. (The one audit event carries the real
/// time of the load.)
///
/// It refuses a store that holds anything else, and marks the store as a
/// demo store, so demo records are never mixed with real ones.
public enum DemoData {
  /// Families written per transaction: big enough to amortise the commit, small enough to keep the WAL modest.
  static let chunk = 2_000

  static let password = "demo"

  /// The folder in a demo's data folder that holds its sample files.
  public static let samplesFolder = "demo-intake"

  /// Raised whenever the generator's output changes, so anything kept from
  /// an earlier load (the benchmark's cached datasets) is made again.
  public static let generatorVersion = 7

  /// `samples` is a folder for the files a person can import to try the
  /// intake (`DemoSamples`); nil writes none.
  public static func load(
    into store: Store, families: Int, seed: UInt64, samples: URL? = nil, progress: ((String) -> Void)?
  ) throws -> DemoSummary {
    guard (1...1_000_000).contains(families) else {
      throw DomainError.invalid([
        FieldIssue(field: "families", rule: "range", message: "\(families) is outside 1...1000000")
      ])
    }
    if try store.hasJoinedShare() {
      throw DomainError.forbidden(
        "this terminal has joined a shared store: demo data and demo accounts would sit beside real "
          + "records. Load the demo into a separate data folder (STARTWELL_DATA_DIR=...)")
    }
    let started = ContinuousClock.now
    // scrypt is slow by design: the password is stretched once, and each
    // demo account's own key is wrapped under the one result.
    let salt = Data((0..<16).map { _ in UInt8.random(in: 0...255) })
    let rounds = store.keyDerivation.rounds
    let wrapping = try WrappedKey.derive(password, salt: salt, rounds: rounds)
    let today = store.today
    var generator = DemoGenerator(config: store.config, today: today, seed: seed, families: families)
    let staffCreated = (today.dayNumber - 900) * 86_400 + 9 * 3_600

    try store.writer.writeWithoutTransaction { db in
      try db.inTransaction {
        try refuseUnlessEmpty(db)
        // Marked first, so an interrupted load still reads as demo data and is never mistaken for real records.
        try StoreMeta.set(db, .kind, StoreKind.demo.rawValue)
        try db.execute(
          sql: """
            INSERT OR IGNORE INTO users(id, username, display_name, role, hubs, active)
            VALUES ('system', 'system', 'System', 'admin', '[]', 0)
            """)
        let writer = try DemoWriter(db)
        try StoreMeta.set(db, .demoUsers, "1")
        for m in generator.staff.members {
          let identity = SigningIdentity()
          let wrapped = try WrappedKey.make(identity, key: wrapping, salt: salt, rounds: rounds)
          try writer.writeUser(
            [
              m.id.databaseValue, m.username.databaseValue, m.displayName.databaseValue,
              m.role.rawValue.databaseValue,
              DemoText.jsonArray(m.hubs).databaseValue, Int64(1).databaseValue,
              identity.publicKey.databaseValue, wrapped.databaseValue,
            ] + generator.common(created: staffCreated, author: Store.systemUser.id))
        }
        for row in generator.huddleRows { try writer.writeHuddle(row) }
        return .commit
      }
      progress?("users \(generator.staff.members.count)")

      // Durability is pointless while loading seed data that can be made again; it is restored below.
      let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2_000
      try db.execute(sql: "PRAGMA synchronous = OFF")
      try db.execute(sql: "PRAGMA cache_size = -262144")
      defer {
        try? db.execute(sql: "PRAGMA synchronous = FULL")
        try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)")
      }

      let writer = try DemoWriter(db)
      var done = 0
      while done < families {
        let n = min(chunk, families - done)
        try db.inTransaction {
          for _ in 0..<n { try writer.write(generator.household()) }
          if done + n == families {
            try FamilyIndex.countChildrenBelow(db)
            let g = generator
            try AuditChain.append(
              db, at: store.now(), user: Store.systemUser, action: "demo-load", entity: "store",
              recordID: store.deviceID, familyID: nil,
              detail: """
                demo data loaded with seed \(seed): \(families) families, \(g.people) people, \(g.contacts) contacts, \
                \(g.escalationCount) escalations, \(g.referralCount) referrals, \(g.developmentCount) development records, \
                \(g.notificationCount) notifications, \(g.offerCount) two-year offer records, \(g.staff.members.count) users
                """)
          }
          return .commit
        }
        done += n
        progress?("families \(done)/\(families)")
      }
    }
    try? store.writer.writeWithoutTransaction { db in
      // Fold the load out of the write-ahead log so the database file is its real size.
      _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
    }

    if let samples {
      do {
        try generator.samples.write(to: samples)
      } catch {
        throw DomainError.invalid([
          FieldIssue(
            field: "samples", rule: "writable",
            message: "the demo was loaded, but its sample files could not be written to \(samples.path)")
        ])
      }
    }

    let elapsed = started.duration(to: .now)
    return DemoSummary(
      users: generator.staff.members.map { ($0.username, $0.role, $0.hubs) }, families: families,
      people: generator.people, contacts: generator.contacts, notifications: generator.notificationCount,
      twoYearOffers: generator.offerCount, samples: samples,
      elapsed: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
  }

  /// Throws unless the store is new: a store with records is either real (never mix demo data into it)
  /// or already a demo store (load it once; make another with a new data folder).
  static func refuseUnlessEmpty(_ db: Database) throws {
    let kind = try StoreMeta.get(db, .kind)
    let users = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users WHERE id <> 'system'") ?? 0
    let families = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM family") ?? 0
    let hasRecords = users > 0 || families > 0
    if kind == StoreKind.demo.rawValue && hasRecords {
      throw DomainError.conflict("this store already holds demo data; use a new --data-dir")
    }
    if hasRecords || kind == StoreKind.real.rawValue {
      throw DomainError.conflict("this store holds real data; use a new --data-dir for demo data")
    }
  }
}
