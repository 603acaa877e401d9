import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore

/// One demo store for the report's tests, made once: 300 families, two
/// years of records up to 2026-03-16, and the demo's staff.
enum ReportFixture {
  static let now = Timestamp.parse("2026-03-16T12:00:00Z")!
  static let request = ReportRequest(from: LocalDate("2025-03-16")!, to: LocalDate("2026-03-15")!)

  static let shared: (store: Store, admin: User) = {
    let store = try! Store.inMemory(config: StoreFixture.config, now: { now })
    _ = try! DemoData.load(into: store, families: 300, seed: 7, progress: nil)
    try! addNotifications(store)
    let admin = try! store.addUser(
      username: "report-admin", displayName: "Report Admin", role: .admin, hubs: [], password: "pw",
      as: Store.systemUser, checkPolicy: false)
    return (store, admin)
  }()

  /// Users of the fixture, signed in on it, made once.
  static let people: (supervisor: User, practitioner: User, everywhere: User) = {
    let (store, admin) = shared
    func add(_ name: String, _ role: Role, _ hubs: [String]) -> User {
      try! store.addUser(
        username: name, displayName: name, role: role, hubs: hubs, password: "pw", as: admin,
        checkPolicy: false)
    }
    return (
      add("report-supervisor", .supervisor, ["north", "south"]),
      add("report-practitioner", .practitioner, ["north"]),
      add("report-everywhere", .supervisor, StoreFixture.config.hubs.map(\.id))
    )
  }()

  /// The demo's notifications are replaced by a few of each kind, so the
  /// figures can be worked out by hand: some triaged late, some on time,
  /// some not yet, one outside the range.
  static func addNotifications(_ store: Store) throws {
    let rows: [(String, String, String, String?)] = [
      ("domestic-abuse", "north", "2025-06-02T09:00:00.000Z", "2025-06-02T15:30:00.000Z"),
      ("domestic-abuse", "north", "2025-06-06T17:00:00.000Z", "2025-06-09T10:00:00.000Z"),
      ("domestic-abuse", "north", "2025-07-01T09:00:00.000Z", "2025-07-04T09:00:00.000Z"),
      ("domestic-abuse", "south", "2025-08-11T08:00:00.000Z", "2025-08-11T09:00:00.000Z"),
      ("domestic-abuse", "south", "2025-09-15T08:00:00.000Z", nil),
      ("domestic-abuse", "east", "2026-03-15T08:00:00.000Z", nil),
      ("domestic-abuse", "east", "2024-12-01T08:00:00.000Z", "2024-12-02T08:00:00.000Z"),
      ("gp-early", "north", "2025-10-01T08:00:00.000Z", "2025-10-06T08:00:00.000Z"),
      ("gp-early", "west", "2025-10-01T08:00:00.000Z", "2025-10-09T08:00:00.000Z"),
      ("antenatal", "central", "2025-11-03T08:00:00.000Z", "2025-11-04T08:00:00.000Z"),
    ]
    try store.writer.write { db in
      try db.execute(sql: "DELETE FROM notification")
      for (i, (kind, hub, received, triaged)) in rows.enumerated() {
        try db.execute(
          sql: """
            INSERT INTO notification(id, reference, kind, hub_id, received_at, triaged_at, triaged_by)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
          arguments: ["report-n\(i)", "N-9\(i)", kind, hub, received, triaged, triaged == nil ? nil : "x"])
      }
    }
  }

  static func user(_ store: Store, _ username: String) throws -> User {
    try #require(try store.users().first { $0.username == username })
  }

  /// One number from SQL.
  static func count(_ sql: String) throws -> Int {
    try shared.store.read { try Int.fetchOne($0, sql: sql) ?? 0 }
  }

  /// Two numbers from SQL: a share's part and whole.
  static func share(_ sql: String) throws -> (Int, Int) {
    try shared.store.read { db in
      let row = try #require(try Row.fetchOne(db, sql: sql))
      return ((row[0] as Int?) ?? 0, (row[1] as Int?) ?? 0)
    }
  }
}
