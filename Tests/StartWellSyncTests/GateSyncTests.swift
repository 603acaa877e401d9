import Foundation
import GRDB
import StartWellCore
import StartWellStore
import Testing

@testable import StartWellSync

/// The gate on pulled changes: authority, types and domain rules, parked
/// changes from newer versions, and invariants two terminals break at once.
@Suite("Operation gate across terminals")
struct GateSyncTests {
  @Test(
    "a practitioner's forged decisions, grants and password changes are refused everywhere and change nothing"
  )
  func forgedAuthority() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let attacker = try share.terminal("C")
    let pat = try a.addUser("pat", role: .practitioner)
    let sup = try a.addUser("sue", role: .supervisor)
    let southSupervisor = try a.addUser("sol", role: .supervisor, hubs: ["south"])
    let family = try a.addFamily("Okafor")
    let personID = UUID().uuidString.lowercased()
    try a.store.write(as: worker) { tx in
      try tx.insert(
        .person, id: personID,
        [
          "reference": .text("P-TESTPERS"), "family_id": .text(family), "given_name": .text("Ada"),
          "family_name": .text("Okafor"), "date_of_birth": .text("2024-05-01"), "expected": .integer(0),
          "sex": .text("female"), "relationship": .text("child"), "nhs_number": .null,
          "first_language": .null, "interpreter_needed": .integer(0), "send_status": .integer(0),
          "ehcp": .integer(0), "flags": .text("[]"),
        ])
    }
    try syncAll([a, b, attacker])
    let caseID = try a.caseID(of: family)
    let levelBefore = try a.level(family)
    let newAdmin = UUID().uuidString.lowercased()

    let forged = [
      attacker.forged(by: pat.id, "user", pat.id, "role", .text("admin")),
      attacker.forged(by: pat.id, "case", caseID, "level", .text("specialist"), after: 1),
      attacker.forged(by: pat.id, "user", sup.id, "public_key", .text(SigningIdentity().publicKey), after: 2),
      attacker.forged(by: pat.id, "user", newAdmin, "role", .text("admin"), after: 3),
      attacker.forged(by: pat.id, "user", newAdmin, "username", .text("eve"), after: 4),
      attacker.forged(by: worker.id, "person", personID, "date_of_birth", .null, after: 5),
      attacker.forged(by: worker.id, "user", sup.id, "active", .text("yes"), after: 6),
      attacker.forged(by: southSupervisor.id, "case", caseID, "level", .text("targeted"), after: 7),
    ]
    try attacker.inject(forged)
    try syncAll([a, b, attacker])

    for t in [a, b] {
      for op in forged {
        #expect(try t.status(of: op.opID) == "refused", "\(t.name): \(op.entity).\(op.field) was not refused")
      }
      #expect(try t.value("users", pat.id, "role") == .text("practitioner"))
      #expect(try t.value("users", sup.id, "public_key") == (try a.value("users", sup.id, "public_key")))
      #expect(try t.value("users", sup.id, "active") == .integer(1))
      #expect(try t.count("SELECT COUNT(*) FROM users WHERE id = '\(newAdmin)'") == 0)
      #expect(try t.value("person", personID, "date_of_birth") == .text("2024-05-01"))
      #expect(try t.level(family) == levelBefore)
      let reasons = try t.store.refusedChanges().map(\.reason)
      #expect(reasons.contains { $0.contains("a practitioner may not manage users") }, "\(reasons)")
      #expect(reasons.contains { $0.contains("a practitioner may not decide an escalation") }, "\(reasons)")
      #expect(reasons.contains { $0.contains("person.date_of_birth must not be empty") }, "\(reasons)")
      #expect(reasons.contains { $0.contains("user.active must be 0 or 1") }, "\(reasons)")
      #expect(reasons.contains { $0.contains("decided only by a supervisor of the family's hub (north)") })
      let status = try t.engine.status()
      #expect(status.refused == forged.count)
      #expect(status.summary != .synced, "\(t.name) says synced with refused changes")
      #expect(SyncAttention.lines(status).contains { $0.contains("were refused") })
    }
    // Sync goes on.
    try a.logContact(family, "After the refusals")
    try syncAll([a, b])
    #expect(try b.count("SELECT COUNT(*) FROM contact WHERE summary = 'After the refusals'") == 1)
    #expect(try a.store.canonicalStateHash() == b.store.canonicalStateHash())
  }

  @Test("a malformed value already in the users table never crashes a login")
  func malformedStoredUser() throws {
    let store = try Store.inMemory(config: testConfig)
    let admin = try store.addUser(
      username: "admin", displayName: "Admin", role: .admin, hubs: [], password: "pass1234 phrase",
      as: Store.systemUser)
    let user = try store.addUser(
      username: "kim", displayName: "Kim", role: .practitioner, hubs: ["north"], password: "pass1234 phrase",
      as: admin)
    try store.writer.write { db in
      try db.execute(
        sql: "UPDATE users SET active = 'yes', hubs = 7, role = 3 WHERE id = ?", arguments: [user.id])
    }
    #expect(throws: DomainError.self) { try store.authenticate(username: "kim", password: "pass1234 phrase") }
    #expect(try store.users().contains { $0.username == "kim" })
  }

  @Test(
    "a change to a field this version does not know waits, the cursor moves on, and it applies after an upgrade"
  )
  func parkedUntilUpgrade() throws {
    let newer = RecordRegistry.current.adding(
      [FieldSpec("nickname", .optionalText(max: 40))], to: "family",
      version: RecordRegistry.current.version + 1)
    let share = try TestShare()
    let a = try share.terminal("A", registry: newer)
    try a.store.writer.write { try $0.execute(sql: "ALTER TABLE family ADD COLUMN nickname TEXT") }
    let b = try share.terminal("B")
    let family = try a.addFamily("Okafor")
    try a.setFamily(family, ["nickname": .text("The Okafors")])
    try a.logContact(family, "Later change")
    try syncAll([a, b])

    #expect(try b.count("SELECT COUNT(*) FROM contact WHERE summary = 'Later change'") == 1)
    let status = try b.engine.status()
    #expect(status.parked == 1)
    #expect(
      SyncAttention.lines(status).contains("1 change from a newer version is waiting: upgrade this terminal"))
    #expect(try b.store.parkedChanges().first?.field == "nickname")
    let cursor = try #require(status.devices.first { $0.device == a.store.deviceID })
    #expect(cursor.seq == (try a.engine.status().published), "the cursor stopped at the unknown field")

    // The upgrade: the newer version's migration adds the column, and the store opens with its registry.
    try b.store.writer.write { try $0.execute(sql: "ALTER TABLE family ADD COLUMN nickname TEXT") }
    let upgraded = try Store(b.store.writer, config: testConfig, now: { share.clock.now }, registry: newer)
    #expect(try upgraded.heldCounts().parked == 0)
    let nickname = try upgraded.read { db in
      try String.fetchOne(db, sql: "SELECT nickname FROM family WHERE id = ?", arguments: [family])
    }
    #expect(nickname == "The Okafors")
    #expect(try upgraded.canonicalStateHash() == a.store.canonicalStateHash())
  }

  @Test(
    "two terminals add the same username offline: both keep syncing, the clash shows, a rename settles it")
  func usernameClash() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let admin = try a.addUser("boss", role: .admin, hubs: [])
    try syncAll([a, b])
    let onA = try a.store.addUser(
      username: "sam", displayName: "Sam A", role: .practitioner, hubs: ["north"],
      password: "pass1234 phrase",
      as: admin)
    _ = try b.store.addUser(
      username: "sam", displayName: "Sam B", role: .supervisor, hubs: ["north"], password: "pass1234 phrase",
      as: admin)
    try syncAll([a, b])

    for t in [a, b] {
      #expect(try t.store.usernameClashes().map(\.username) == ["sam"])
      #expect(try t.engine.status().clashes == ["sam"])
      do {
        _ = try t.store.authenticate(username: "sam", password: "pass1234 phrase")
        Issue.record("\(t.name): a clashing username logged in")
      } catch let error as DomainError {
        #expect(error.description.contains("2 accounts are named sam"))
      }
    }
    let family = try a.addFamily("Still syncing")
    try syncAll([a, b])
    #expect(try b.families().contains(family))

    try a.store.renameUser("sam", id: String(onA.id.prefix(8)), to: "sam.a", as: admin)
    try syncAll([a, b])
    for t in [a, b] {
      #expect(try t.store.usernameClashes().isEmpty)
      #expect(try t.store.authenticate(username: "sam", password: "pass1234 phrase").displayName == "Sam B")
      #expect(try t.store.authenticate(username: "sam.a", password: "pass1234 phrase").id == onA.id)
    }
  }

  @Test("a data folder with users or records may not join a share; a founder's may")
  func joinRefusesHeldRecords() throws {
    let folder = TempFolder("join")
    let a = try Store.inMemory(config: testConfig)
    let admin = try a.addUser(
      username: "admin", displayName: "Admin", role: .admin, hubs: [], password: "pass1234 phrase",
      as: Store.systemUser)
    try SyncEngine.initShare(path: folder.sub("share"), keyFile: folder.sub("k"), founder: a)
    try SyncEngine.join(store: a, path: folder.sub("share"), keyFile: folder.sub("k"), environment: [:])

    let b = try Store.inMemory(config: testConfig)
    _ = try b.addUser(
      username: "admin", displayName: "Admin", role: .admin, hubs: [], password: "pass1234 phrase",
      as: Store.systemUser)
    let error = syncError {
      try SyncEngine.join(store: b, path: folder.sub("share"), keyFile: folder.sub("k"), environment: [:])
    }
    #expect(error == .joinNotEmpty(users: 1, families: 0))
    #expect(error?.description.contains("new, empty data folder") == true)

    // A joined terminal refuses `init` and `demo`.
    let c = try Store.inMemory(config: testConfig)
    try SyncEngine.join(store: c, path: folder.sub("share"), keyFile: folder.sub("k"), environment: [:])
    #expect(throws: DomainError.self) {
      try c.addUser(
        username: "eve", displayName: "Eve", role: .admin, hubs: [], password: "pass1234 phrase",
        as: Store.systemUser)
    }
    #expect(throws: DomainError.self) { try DemoData.load(into: c, families: 1, seed: 1, progress: nil) }
    _ = admin
  }

  @Test("on a share with a founder, a user made by `init` on another terminal is refused everywhere")
  func systemAccountOfANonFounder() throws {
    let folder = TempFolder("founder")
    let clock = TestClock()
    let root = folder.sub("share")
    let key = folder.sub("k")
    let backend = FolderShare(root: root, durable: false)
    let a = try Terminal("A", share: { _ in backend }, keyFile: key, now: { clock.now }, join: false)
    try SyncEngine.initShare(path: root, keyFile: key, founder: a.store)
    try SyncEngine.join(store: a.store, share: backend, keyFile: key, environment: [:])
    try a.addUser("admin", role: .admin, hubs: [])
    let b = try Terminal("B", share: { _ in backend }, keyFile: key, now: { clock.now })
    try syncAll([a, b])
    // What `init` did on a joined terminal before it refused: a system-made admin, straight into the outbox.
    let eve = UUID().uuidString.lowercased()
    try b.inject([
      b.forged(by: "system", "user", eve, "username", .text("eve")),
      b.forged(by: "system", "user", eve, "role", .text("admin"), after: 1),
    ])
    try syncAll([a, b])
    #expect(try a.count("SELECT COUNT(*) FROM users WHERE username = 'eve'") == 0)
    #expect(try a.store.refusedChanges().contains { $0.reason.contains("did not create the shared store") })
    // The founder's own set-up is accepted everywhere.
    #expect(try b.count("SELECT COUNT(*) FROM users WHERE username = 'admin'") == 1)
  }

  @Test("a terminal joining a share poisoned by an earlier version still syncs, and reports the clash")
  func poisonedShare() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    try a.addUser("admin", role: .admin, hubs: [])
    let b = try share.terminal("B")
    // What `init` then `share join` used to do: a second admin named admin, made by B's system account.
    try b.addUser("admin", role: .admin, hubs: [])
    try syncAll([a, b])
    let c = try share.terminal("C")
    let report = try c.engine.sync()
    #expect(report.pull.quarantined.isEmpty)
    #expect(try c.store.usernameClashes().map(\.username) == ["admin"])
    #expect(try c.engine.status().summary == .attention("username clash"))
  }

  @Test("an author whose record has only partly arrived is not judged by the table's defaults")
  func partlyArrivedAuthor() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let family = try a.addFamily("Okafor")
    try syncAll([a, b])
    let sue = try a.addUser("sue", role: .supervisor)
    // Pulled straight in, each signed as the batches carrying them would vouch.
    let making = try a.outboxOps().filter { $0.entity == "user" && $0.recordID == sue.id }.map {
      var op = $0
      op.signer = a.store.deviceIdentity.publicKey
      return op
    }
    let first = try #require(making.first { $0.field == "active" })
    var decision = a.forged(
      by: sue.id, "case", try a.caseID(of: family), "level", .text("targeted"), after: 1000)
    decision.signer = TestKeys.key(sue.id)?.publicKey
    func pull(_ ops: [ChangeOperation]) throws {
      _ = try b.store.applyRemoteBatch { try b.store.applyRemote(ops, in: $0) }
    }
    // The users row exists, with `role` at its default, before `role` arrives.
    try pull([first])
    try pull([decision])
    #expect(try b.verdictsWithReasons()[decision.opID]?.reason?.contains("is not a user") == true)
    try pull(making.filter { $0.opID != first.opID })
    #expect(try b.status(of: decision.opID) == "accepted")
    #expect(try b.level(family) == "targeted")
  }
}
