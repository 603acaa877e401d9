import Foundation
import GRDB
import StartWellCore

@testable import StartWellStore

/// A small store with two hubs' worth of users and one family, for tests.
struct StoreFixture {
  static let config: StartWellCore.Configuration = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Config")
    var files: [String: Data] = [:]
    for name in StartWellCore.Configuration.fileNames {
      files[name] = try! Data(contentsOf: root.appendingPathComponent(name))
    }
    return try! ConfigurationParser.parse(files: files)
  }()

  /// 2026-03-02 10:00 UTC.
  static let fixedNow = Date(timeIntervalSince1970: 1_772_445_600)

  let store: Store
  let admin: User
  let practitioner: User
  let supervisor: User
  let otherHubPractitioner: User

  init(now: Date = StoreFixture.fixedNow, zone: DisplayZone = .utc) throws {
    try self.init(clock: { now }, zone: zone)
  }

  /// A store whose clock is read through `clock` on every change, for tests where days pass.
  init(clock: @escaping @Sendable () -> Date, zone: DisplayZone = .utc) throws {
    store = try Store.inMemory(config: StoreFixture.config, now: clock, zone: zone)
    admin = try store.addUser(
      username: "admin", displayName: "Admin", role: .admin, hubs: [], password: "pw",
      as: Store.systemUser, checkPolicy: false)
    practitioner = try store.addUser(
      username: "pat", displayName: "Pat Practitioner", role: .practitioner, hubs: ["north"], password: "pw",
      as: admin,
      checkPolicy: false)
    supervisor = try store.addUser(
      username: "sam", displayName: "Sam Supervisor", role: .supervisor, hubs: ["north"], password: "pw",
      as: admin,
      checkPolicy: false)
    otherHubPractitioner = try store.addUser(
      username: "olu", displayName: "Olu Other", role: .practitioner, hubs: ["south"], password: "pw",
      as: admin,
      checkPolicy: false)
  }

  func count(_ table: String) throws -> Int {
    try store.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
  }

  func counts() throws -> [String: Int] {
    var result: [String: Int] = [:]
    for t in ["family", "person", "cases", "contact", "escalation", "referral", "outbox", "audit", "users"] {
      result[t] = try count(t)
    }
    return result
  }

  @discardableResult
  func family(
    name: String = "Okafor", postcode: String = "LS6 2AB", hub: String = "north", consent: Consent? = .given
  )
    throws -> Family
  {
    let user = hub == "north" ? practitioner : otherHubPractitioner
    return try store.addFamily(
      FamilyDraft(name: name, postcode: postcode, hubID: hub, consent: consent), as: user)
  }
}

extension StoreFixture {
  /// Writes straight to the tables, as a test does to set a date in the
  /// past, then refreshes every family's derived columns as the store does
  /// after each of its own writes.
  func rawWrite(_ sql: String, _ arguments: StatementArguments = []) throws {
    try store.writer.write { db in
      try db.execute(sql: sql, arguments: arguments)
      for id in try String.fetchAll(db, sql: "SELECT id FROM family") {
        try FamilyIndex.refresh(db, familyID: id, config: store.config, today: store.today)
      }
    }
  }
}
