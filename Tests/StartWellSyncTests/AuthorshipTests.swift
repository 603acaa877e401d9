import Foundation
import GRDB
import StartWellCore
import StartWellStore
import Testing

@testable import StartWellSync

/// A share founded by a real admin, as `init` and then `share init` make
/// it: the admin's key is the root every other user's authority chains to.
final class Service: @unchecked Sendable {
  let share: TestShare
  let a: Terminal
  let admin: User
  static let password = "test password 1"

  init() throws {
    share = try TestShare(create: false)
    a = try share.terminal("A", join: false)
    admin = try a.store.addUser(
      username: "admin", displayName: "Admin", role: .admin, hubs: [], password: Self.password,
      as: Store.systemUser, checkPolicy: false)
    try SyncEngine.initShare(
      path: share.root, keyFile: share.keyFile, founder: a.store)
    try SyncEngine.join(store: a.store, share: share.backend, keyFile: share.keyFile, environment: [:])
  }

  /// A new terminal, joined and caught up.
  func terminal(_ name: String, offset: TimeInterval = 0) throws -> Terminal {
    _ = try a.engine.sync()
    let t = try share.terminal(name, offset: offset)
    _ = try t.engine.sync()
    return t
  }

  /// An account the admin adds on the founding terminal.
  func user(_ name: String, _ role: Role, hubs: [String] = ["north"]) throws -> User {
    try a.store.addUser(
      username: name, displayName: name, role: role, hubs: hubs, password: Self.password, as: admin,
      checkPolicy: false)
  }

  /// Logs `user` in on `t`, which unlocks their key there.
  @discardableResult
  func login(_ t: Terminal, _ user: User, password: String = Service.password) throws -> User {
    try t.store.authenticate(username: user.username, password: password)
  }

  func family(on t: Terminal, by user: User) throws -> String {
    try t.store.addFamily(FamilyDraft(name: "Okafor", postcode: "LS6 2AB", hubID: "north"), as: user).meta.id
  }

  func contact(on t: Terminal, _ family: String, by user: User, _ summary: String) throws -> String {
    try t.store.logContact(
      familyID: family,
      ContactDraft(type: "phone", at: t.store.now().addingTimeInterval(-60), summary: summary),
      as: user
    ).meta.id
  }
}

extension Terminal {
  /// Queues `ops` to be pushed as one transaction signed by `key`, claiming
  /// `user`: what someone holding only the share key can make with a key of
  /// their own.
  func queueSigned(_ ops: [ChangeOperation], by user: String, key: SigningIdentity) throws {
    try injectUnsigned(ops)
    try queueSignature(ops, by: user, key: key)
  }

  func reason(of opID: String) throws -> String? {
    try store.read {
      try String.fetchOne($0, sql: "SELECT reason FROM op_log WHERE op_id = ?", arguments: [opID])
    }
  }

  func auditActions() throws -> [String] {
    try store.read { try String.fetchAll($0, sql: "SELECT action FROM audit ORDER BY seq") }
  }
}

@Suite("Signed authorship")
struct AuthorshipTests {
  @Test("a role grant, a decision and a key change forged with only the share key are refused everywhere")
  func forgedWithShareKeyOnly() throws {
    let service = try Service()
    let a = service.a
    let sue = try service.user("sue", .supervisor)
    let pat = try service.user("pat", .practitioner)
    let family = try service.family(on: a, by: pat)
    let escalation = try a.store.escalate(
      familyID: family, EscalationDraft(toLevel: .targeted, reason: "Neglect concern", urgency: .immediate),
      as: pat)
    let b = try service.terminal("B")
    let attacker = try service.terminal("C")
    let stolen = SigningIdentity()
    let claimed = [
      (service.admin.id, attacker.forged(by: service.admin.id, "user", pat.id, "role", .text("admin"))),
      (
        sue.id,
        attacker.forged(by: sue.id, "escalation", escalation.meta.id, "status", .text("declined"), after: 1)
      ),
      (sue.id, attacker.forged(by: sue.id, "user", sue.id, "public_key", .text(stolen.publicKey), after: 2)),
    ]
    for (user, op) in claimed { try attacker.queueSigned([op], by: user, key: stolen) }
    // The same kinds of change with no signature at all.
    let unsigned = attacker.forged(by: service.admin.id, "user", pat.id, "active", .integer(0), after: 3)
    try attacker.injectUnsigned([unsigned])
    try syncAll([attacker, a, b])

    for t in [a, b] {
      for (_, op) in claimed {
        #expect(try t.status(of: op.opID) == "refused", "\(t.name): \(op.entity).\(op.field)")
        #expect(try t.reason(of: op.opID)?.contains("key that was not its author's") == true)
      }
      #expect(try t.status(of: unsigned.opID) == "refused")
      #expect(try t.reason(of: unsigned.opID)?.contains("not signed") == true)
      #expect(try t.value("users", pat.id, "role") == .text("practitioner"))
      #expect(try t.value("users", pat.id, "active") == .integer(1))
      #expect(try t.value("escalation", escalation.meta.id, "status") == .text("raised"))
      #expect(try t.value("users", sue.id, "public_key") != .text(stolen.publicKey))
      #expect(try t.auditActions().contains("sync-apply"))
    }
    // Sue still logs in with her own password everywhere, and sync goes on.
    try service.login(b, sue)
    _ = try service.contact(on: a, family, by: pat, "After the attack")
    try syncAll([a, b])
    #expect(try b.count("SELECT COUNT(*) FROM contact WHERE summary = 'After the attack'") == 1)
  }

  @Test("a batch written into another terminal's folder is quarantined as foreign, never taken for a copy")
  func batchInAnotherTerminalsFolder() throws {
    let service = try Service()
    let a = service.a
    let pat = try service.user("pat", .practitioner)
    let family = try service.family(on: a, by: pat)
    let b = try service.terminal("B")
    let attacker = try service.terminal("C")
    try service.login(b, pat)
    _ = try service.contact(on: b, family, by: pat, "First from B")
    try syncAll([b, a])

    // The attacker writes B's next batch number into B's folder, sealed with the share key.
    let victim = b.store.deviceID
    let session = try attacker.engine.session()
    let last = share(service).log(victim).last!
    let prevHash = ShareFormat.sha256Hex(try Data(contentsOf: last))
    let op = ChangeOperation(
      opID: UUID().uuidString.lowercased(), clock: HLC(millis: 4_000_000_000_000, counter: 0, device: victim),
      device: victim, user: pat.id, entity: "family", recordID: family, field: "name", value: .text("Forged"),
      replaces: nil)
    let sealed = try BatchCodec.seal(
      ops: [op], transactions: try attacker.signedBySystem([op]), store: session.manifest.storeId,
      device: victim, seq: 2, prev: prevHash, created: attacker.store.now(), key: session.key,
      signer: attacker.store.deviceIdentity)
    try sealed.bytes.write(
      to: service.share.root.appendingPathComponent(
        "devices/\(victim)/log/\(ShareFormat.batchName(seq: 2, hash: sealed.hash))"))

    let pulled = try a.engine.sync()
    #expect(pulled.pull.quarantined.contains { $0.reason.hasPrefix("foreign") })
    // B is not told it is a copy: it publishes its own batch 2 beside the foreign one.
    _ = try service.contact(on: b, family, by: pat, "Second from B")
    _ = try b.engine.sync()
    _ = try a.engine.sync()
    #expect(try a.count("SELECT COUNT(*) FROM contact WHERE summary = 'Second from B'") == 1)
    #expect(try a.value("family", family, "name") == .text("Okafor"))
  }

  private func share(_ service: Service) -> TestShare { service.share }

  @Test("init on a joined terminal, and system changes from any terminal of a founded store, are refused")
  func initOnJoinedStore() throws {
    let service = try Service()
    let b = try service.terminal("B")
    #expect(throws: DomainError.self) {
      try b.store.addUser(
        username: "eve", displayName: "Eve", role: .admin, hubs: [], password: "eve's long password",
        as: Store.systemUser)
    }
    // Made by hand in B's outbox, signed with B's own key: still refused everywhere.
    let eve = UUID().uuidString.lowercased()
    let ops = [
      b.forged(by: "system", "user", eve, "username", .text("eve")),
      b.forged(by: "system", "user", eve, "role", .text("admin"), after: 1),
    ]
    try b.queueSigned(ops, by: "system", key: b.store.deviceIdentity)
    try syncAll([b, service.a])
    #expect(try service.a.status(of: ops[1].opID) == "refused")
    #expect(try service.a.reason(of: ops[1].opID)?.contains("founding admin") == true)
    #expect(try service.a.store.user(named: "eve") == nil)
  }

  @Test("a role edited into the local store file wins nothing on any other terminal")
  func editedLocalRole() throws {
    let service = try Service()
    let pat = try service.user("pat", .practitioner)
    let b = try service.terminal("B")
    let local = try service.login(b, pat)
    try b.store.writer.write { db in
      try db.execute(sql: "UPDATE users SET role = 'admin' WHERE id = ?", arguments: [pat.id])
      try db.execute(
        sql:
          "UPDATE op_log SET value = '\"admin\"' WHERE entity = 'user' AND record_id = ? AND field = 'role'",
        arguments: [pat.id])
    }
    var promoted = local
    promoted.role = .admin
    // The edited store lets it through here; it is refused where the signed history is intact.
    _ = try? b.store.addUser(
      username: "eve", displayName: "Eve", role: .admin, hubs: [], password: "x", as: promoted,
      checkPolicy: false)
    try syncAll([b, service.a])
    #expect(try service.a.store.user(named: "eve") == nil)
    #expect(try service.a.value("users", pat.id, "role") == .text("practitioner"))
  }

  @Test(
    "a deactivated user's later changes are refused everywhere, even those made offline with later clocks")
  func deactivation() throws {
    let service = try Service()
    let a = service.a
    let pat = try service.user("pat", .practitioner)
    let family = try service.family(on: a, by: pat)
    // B's clock runs two minutes ahead: its offline change sorts after the deactivation.
    let b = try service.terminal("B", offset: 120)
    try service.login(b, pat)
    let before = try service.contact(on: b, family, by: pat, "Before")
    try syncAll([b, a])
    try a.store.deactivateUser("pat", reason: "left the service", as: service.admin)
    let after = try service.contact(on: b, family, by: pat, "Offline after")
    try syncAll([a, b, a, b])
    for t in [a, b] {
      #expect(try t.count("SELECT COUNT(*) FROM contact WHERE id = '\(before)'") == 1)
      #expect(try t.count("SELECT COUNT(*) FROM contact WHERE id = '\(after)'") == 0, "\(t.name)")
    }
    #expect(throws: DomainError.forbidden("login failed")) {
      try b.store.authenticate(username: "pat", password: Service.password)
    }
  }

  @Test("a reset password works on every terminal after sync, and the old key and password work nowhere")
  func passwordReset() throws {
    let service = try Service()
    let a = service.a
    let pat = try service.user("pat", .practitioner)
    let family = try service.family(on: a, by: pat)
    let b = try service.terminal("B", offset: 120)
    let c = try service.terminal("C")
    try service.login(b, pat)
    try a.store.resetPassword("pat", to: "a brand new phrase", as: service.admin)
    // Pat, still signed in on B with the old key, writes after the reset's clock.
    let stale = try service.contact(on: b, family, by: pat, "With the old key")
    try syncAll([a, b, c])
    for t in [a, b, c] {
      #expect(try t.count("SELECT COUNT(*) FROM contact WHERE id = '\(stale)'") == 0, "\(t.name)")
      #expect(throws: DomainError.forbidden("login failed")) {
        try t.store.authenticate(username: "pat", password: Service.password)
      }
      let fresh = try t.store.authenticate(username: "pat", password: "a brand new phrase")
      _ = try service.contact(on: t, family, by: fresh, "New key on \(t.name)")
    }
    try syncAll([a, b, c])
    #expect(try a.count("SELECT COUNT(*) FROM contact WHERE summary LIKE 'New key on %'") == 3)
  }

  @Test("a revoked terminal's later batches are refused everywhere and its earlier ones stay")
  func revokedTerminal() throws {
    let service = try Service()
    let a = service.a
    let pat = try service.user("pat", .practitioner)
    let family = try service.family(on: a, by: pat)
    let b = try service.terminal("B")
    let c = try service.terminal("C")
    try service.login(c, pat)
    let early = try service.contact(on: c, family, by: pat, "Early")
    try syncAll([c, a, b])
    try a.store.revokeDevice(c.store.deviceID, reason: "laptop stolen", as: service.admin)
    let late = try service.contact(on: c, family, by: pat, "Late")
    _ = try c.engine.sync()
    try syncAll([a, b, c, a, b])
    for t in [a, b] {
      #expect(try t.count("SELECT COUNT(*) FROM contact WHERE id = '\(early)'") == 1)
      #expect(try t.count("SELECT COUNT(*) FROM contact WHERE id = '\(late)'") == 0, "\(t.name)")
    }
    // The revoked terminal can make no more changes once it knows.
    #expect(throws: DomainError.self) { _ = try service.contact(on: c, family, by: pat, "Later still") }
    #expect(try a.store.devices().first { $0.id == c.store.deviceID }?.revoked == true)
  }

  @Test("a break-the-glass on one terminal shows in the audit of a supervisor of that hub on another")
  func breakGlassTravels() throws {
    let service = try Service()
    let a = service.a
    let pat = try service.user("pat", .practitioner)
    let sol = try service.user("sol", .practitioner, hubs: ["south"])
    let sue = try service.user("sue", .supervisor)
    let southSupervisor = try service.user("sid", .supervisor, hubs: ["south"])
    let family = try service.family(on: a, by: pat)
    _ = try a.store.openFamily(id: family, as: sol, reason: "covering for a colleague")
    let b = try service.terminal("B")
    let supervisor = try service.login(b, sue)
    let events = try b.store.sharedAuditEvents(as: supervisor)
    let glass = try #require(events.first { $0.action == "break-glass" })
    #expect(glass.username == "sol")
    #expect(glass.terminal == a.store.deviceID)
    #expect(glass.hub == "north")
    #expect(glass.detail.contains("covering for a colleague"))
    // Another hub's supervisor does not see it; a practitioner may not read the audit at all.
    #expect(try b.store.sharedAuditEvents(as: service.login(b, southSupervisor)).isEmpty)
    #expect(throws: DomainError.self) { try b.store.sharedAuditEvents(as: service.login(b, pat)) }
  }

  @Test("a local audit chain edited and re-hashed still verifies locally, and no longer matches the share")
  func rebuiltAuditChain() throws {
    let service = try Service()
    let a = service.a
    let pat = try service.user("pat", .practitioner)
    let family = try service.family(on: a, by: pat)
    _ = try a.store.openFamily(id: family, as: pat)
    _ = try a.engine.sync()
    let before = try a.engine.checkAuditAnchors()
    #expect(before.problem == nil && before.agreeing > 0)
    // Someone with the store file rewrites an event and every hash after it, and the head.
    let events = try a.store.writer.write { db -> Int in
      try db.execute(sql: "UPDATE audit SET detail = 'nothing to see' WHERE seq = 2")
      var prev = String(repeating: "0", count: 64)
      var last: Int64 = 0
      for row in try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY seq") {
        last = row["seq"]
        let hash = AuditChain.digest(
          seq: last, at: row["at"], userID: row["user_id"], username: row["username"], action: row["action"],
          entity: row["entity"], recordID: row["record_id"], familyID: row["family_id"],
          detail: row["detail"],
          prev: prev)
        try db.execute(
          sql: "UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?", arguments: [prev, hash, last])
        prev = hash
      }
      try StoreMeta.set(db, .auditHead, "\(last):\(prev)")
      return Int(last)
    }
    #expect(try a.store.verifyAudit() == .intact(events: events))
    let after = try a.engine.checkAuditAnchors()
    #expect(after.problem?.contains("was edited and re-hashed, or rebuilt") == true, "\(after)")
  }

  @Test("demo data never meets a joined store, and demo and real shares never mix")
  func demoAndReal() throws {
    let service = try Service()
    let b = try service.terminal("B")
    #expect(throws: DomainError.self) {
      try DemoData.load(into: b.store, families: 5, seed: 1, progress: nil)
    }
    let fresh = try service.share.terminal("D", join: false)
    #expect(throws: SyncError.demoMismatch("it is a real share, not a demo share; join it without --demo")) {
      try SyncEngine.join(
        store: fresh.store, share: service.share.backend, keyFile: service.share.keyFile, demo: true,
        environment: [:])
    }
  }
}

@Suite("Login")
struct LoginTests {
  @Test("unknown users, wrong passwords and inactive accounts all read 'login failed' and are audited")
  func failures() throws {
    let service = try Service()
    let store = service.a.store
    let pat = try service.user("pat", .practitioner)
    for (name, password) in [("nobody", "whatever it is"), ("pat", "the wrong phrase")] {
      #expect(throws: DomainError.forbidden("login failed")) {
        try store.authenticate(username: name, password: password)
      }
    }
    try store.deactivateUser("pat", reason: "left", as: service.admin)
    #expect(throws: DomainError.forbidden("login failed")) {
      try store.authenticate(username: pat.username, password: Service.password)
    }
    let details = try store.read {
      try String.fetchAll($0, sql: "SELECT detail FROM audit WHERE action = 'login-failed' ORDER BY seq")
    }
    #expect(details.count == 3)
    #expect(details.last?.contains("inactive") == true)
  }

  @Test("failed logins are slowed per user, with growing delays")
  func slowdown() throws {
    let service = try Service()
    let store = service.a.store
    _ = try service.user("pat", .practitioner)
    for _ in 0..<3 {
      #expect(throws: DomainError.forbidden("login failed")) {
        try store.authenticate(username: "pat", password: "not the password")
      }
    }
    // The fourth try is refused before the password is looked at, even the right one.
    #expect(throws: DomainError.forbidden("login failed: too many failed attempts; try again in 2 s")) {
      try store.authenticate(username: "pat", password: Service.password)
    }
    #expect([3, 4, 5, 6, 20].map(Store.loginDelay(failures:)) == [2, 4, 8, 16, 300])
    service.share.clock.advance(3)
    #expect(try store.authenticate(username: "pat", password: Service.password).username == "pat")
  }

  @Test("a strong store refuses a key wrapped with the test derivation")
  func testKeysOnARealStore() throws {
    let identity = SigningIdentity()
    let cheap = try WrappedKey.make(identity, password: "a fine password", rounds: KeyDerivation.test.rounds)
    #expect(WrappedKey.rounds(of: cheap) == 1 << 10)
    #expect(WrappedKey.open(cheap, password: "a fine password")?.publicKey == identity.publicKey)
    #expect(WrappedKey.open(cheap, password: "another password") == nil)
    #expect(KeyDerivation.strong.rounds > 1 << 14)
    let strong = try Store(DatabaseQueue(), config: testConfig, keyDerivation: .strong)
    try strong.writer.write { db in
      try db.execute(
        sql:
          "INSERT INTO users(id, username, role, public_key, wrapped_key) VALUES ('u1', 'pat', 'admin', ?, ?)",
        arguments: [identity.publicKey, cheap])
    }
    #expect(throws: DomainError.self) {
      try strong.authenticate(username: "pat", password: "a fine password")
    }
  }
}
