import Foundation
import GRDB
import StartWellCore
import StartWellStore
import Testing

@testable import StartWellSync

// Attacks on the operation gate's claims: determinism under reordering,
// withdrawal, forged `replaces: nil`, clock games, the founder check,
// snapshots and malformed stored data.
// Each was first written against a gate that let it through; the comment
// above each says what the attack was and which rule now stops it.

// MARK: - Helpers

/// Operations a terminal has made but not yet pushed (it is "offline").
/// A terminal's unpublished operations, each marked with its verified signer as a pull would mark it.
private func pending(_ t: Terminal) throws -> [ChangeOperation] {
  try t.store.read { db in
    try Outbox.vouched(
      db, Row.fetchAll(db, sql: "SELECT * FROM outbox WHERE batch IS NULL ORDER BY seq"),
      deviceKey: t.store.deviceIdentity.publicKey)
  }
}

/// Delivers operations straight into a terminal, as a pull would, in the order given.
@discardableResult
private func deliver(_ t: Terminal, _ ops: [ChangeOperation]) throws -> RemoteApplyReport {
  try t.store.applyRemoteBatch { try t.store.applyRemote(ops, in: $0) }
}

/// The merge clock of one field as a terminal holds it.
private func fieldClock(_ t: Terminal, _ entity: String, _ id: String, _ field: String) throws -> HLC? {
  try t.store.read { db in
    try String.fetchOne(
      db, sql: "SELECT clock FROM field_clock WHERE entity = ? AND record_id = ? AND field = ?",
      arguments: [entity, id, field])
  }.flatMap(HLC.init)
}

private func reason(_ t: Terminal, _ opID: String) throws -> String? {
  try t.store.read { db in
    try String.fetchOne(db, sql: "SELECT reason FROM op_log WHERE op_id = ?", arguments: [opID])
  }
}

/// The same user with another role, as the client holds them after a change.
private func acting(_ user: User, as role: Role, hubs: [String]? = nil) -> User {
  User(
    id: user.id, username: user.username, displayName: user.displayName, role: role, hubs: hubs ?? user.hubs)
}

private func setUser(_ t: Terminal, as actor: User, _ id: String, _ fields: [String: FieldValue]) throws {
  try t.store.write(as: actor) { tx in _ = try tx.update(.user, id: id, fields) }
}

private func setLevel(_ t: Terminal, as actor: User, family: String, _ level: CaseLevel) throws {
  let caseID = try t.caseID(of: family)
  try t.store.write(as: actor) { tx in
    _ = try tx.update(.caseRecord, id: caseID, ["level": .text(level.rawValue)])
  }
}

private func contactID(_ t: Terminal, summary: String) throws -> String? {
  try t.store.read { db in
    try String.fetchOne(db, sql: "SELECT id FROM contact WHERE summary = ?", arguments: [summary])
  }
}

private func conflictHeads(_ t: Terminal) throws -> Set<String> {
  Set(
    try t.store.conflicts().map {
      "\($0.id) \($0.heads.map { "\($0.clock)=\($0.value)" }.sorted()) current=\($0.current)"
    })
}

@Suite("Attacks on the operation gate")
struct GateAttackTests {

  // MARK: 1. Determinism under reordering (demotion, hub move, cascade)

  @Test("a late demotion, hub move and a demoted admin's grant are judged alike whatever the order")
  func reorderedAuthorityChanges() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let c1 = try share.terminal("C1")
    let c2 = try share.terminal("C2")
    let root = try a.addUser("root", role: .admin, hubs: [])
    let boss = try a.addUser("boss", role: .admin, hubs: [])
    let sue = try a.addUser("sue", role: .supervisor)
    let kim = try a.addUser("kim", role: .practitioner)
    let pat = try a.addUser("pat", role: .practitioner)
    let ned = try a.addUser("ned", role: .supervisor)
    let family = try a.addFamily("Okafor")
    let other = try a.addFamily("Achterberg")
    let escalation = try a.store.escalate(
      familyID: other, EscalationDraft(toLevel: .targeted, reason: "Worry", urgency: .routine), as: pat)
    try syncAll([a, b, c1, c2])
    let levelBefore = try a.level(family)

    // A, offline: root demotes boss and sue, and pat moves the other family to the south hub.
    share.clock.advance(10)
    try setUser(a, as: root, boss.id, ["role": .text("practitioner")])
    try setUser(a, as: root, sue.id, ["role": .text("practitioner")])
    try a.store.write(as: pat) { tx in _ = try tx.update(.family, id: other, ["hub_id": .text("south")]) }
    // B, offline, later: boss (still an admin here) promotes kim; kim and sue decide.
    share.clock.advance(10)
    try setUser(b, as: boss, kim.id, ["role": .text("supervisor")])
    share.clock.advance(1)
    try setLevel(b, as: acting(kim, as: .supervisor), family: family, .targeted)
    share.clock.advance(1)
    try setLevel(b, as: sue, family: family, .specialist)
    share.clock.advance(1)
    try b.store.decide(escalation: escalation.reference, .acknowledge, note: nil, as: ned)

    let fromA = try pending(a)
    let fromB = try pending(b)
    try deliver(c1, fromA)
    try deliver(c1, fromB)
    try deliver(c2, fromB)
    try deliver(c2, fromA)
    try syncAll([a, b])

    let hash = try c1.store.canonicalStateHash()
    #expect(try c2.store.canonicalStateHash() == hash)
    #expect(try a.store.canonicalStateHash() == hash)
    #expect(try b.store.canonicalStateHash() == hash)
    let verdicts = try c1.verdictsWithReasons()
    #expect(try c2.verdictsWithReasons() == verdicts)
    #expect(try a.verdictsWithReasons() == verdicts)
    for t in [a, b, c1, c2] {
      #expect(try t.level(family) == levelBefore, "\(t.name)")
      #expect(try t.value("users", kim.id, "role") == .text("practitioner"), "\(t.name)")
      #expect(try t.value("escalation", escalation.meta.id, "status") == .text("raised"), "\(t.name)")
    }
  }

  // MARK: 2. Withdrawal correctness

  @Test(
    "a withdrawn decision falls back to the previous accepted value; a withdrawn record goes with its search row"
  )
  func withdrawal() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let root = try a.addUser("root", role: .admin, hubs: [])
    let sue = try a.addUser("sue", role: .supervisor)
    let kim = try a.addUser("kim", role: .practitioner)
    let family = try a.addFamily("Okafor")
    share.clock.advance(5)
    try setLevel(a, as: sue, family: family, .targeted)
    try syncAll([a, b])

    share.clock.advance(10)
    // A, offline: sue demoted, kim deactivated.
    try setUser(a, as: root, sue.id, ["role": .text("practitioner")])
    try setUser(a, as: root, kim.id, ["active": .integer(0)])
    share.clock.advance(10)
    // B, offline: sue decides again; kim opens a family and logs a contact there and on the old one.
    try setLevel(b, as: sue, family: family, .specialist)
    let made = try b.store.addFamily(
      FamilyDraft(name: "Zedwardson", postcode: "LS6 2AB", hubID: "north"), as: kim
    )
    .meta.id
    try b.store.logContact(
      familyID: made,
      ContactDraft(type: "phone", at: b.store.now().addingTimeInterval(-5), summary: "On the new one"),
      as: kim)
    try b.store.logContact(
      familyID: family,
      ContactDraft(type: "phone", at: b.store.now().addingTimeInterval(-5), summary: "On the old one"),
      as: kim)
    #expect(try b.count("SELECT COUNT(*) FROM family_search WHERE family_search MATCH 'zedwardson*'") == 1)
    try syncAll([a, b])

    for t in [a, b] {
      #expect(try t.level(family) == "targeted", "\(t.name): not the previous accepted level")
      #expect(try t.count("SELECT COUNT(*) FROM family WHERE id = '\(made)'") == 0, "\(t.name)")
      #expect(try t.count("SELECT COUNT(*) FROM cases WHERE family_id = '\(made)'") == 0, "\(t.name)")
      #expect(
        try t.count("SELECT COUNT(*) FROM contact WHERE practitioner_id = '\(kim.id)'") == 0, "\(t.name)")
      #expect(
        try t.count("SELECT COUNT(*) FROM family_search WHERE family_search MATCH 'zedwardson*'") == 0,
        "\(t.name)")
    }
    #expect(try SnapshotTests.derived(a) == SnapshotTests.derived(b))
    #expect(try a.store.canonicalStateHash() == b.store.canonicalStateHash())
  }

  // MARK: 3. Forged `replaces: nil`

  // Attack (now refused): an append-only contact summary is overwritten by a forged write
  // with `replaces: nil` and a clock EARLIER than the contact's making.
  // Gate.judge refuses append-only writes only when `replaces != nil`, and
  // OperationGate.wins gives an append-only field to the LOWEST clock, so the
  // earlier forged clock becomes the "first writer". A later-clocked forgery
  // is accepted (not refused) but loses, so it only litters the log.
  @Test("append-only: a forged earlier-clocked write with replaces nil does not rewrite a contact")
  func appendOnlyForgedEarlier() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let attacker = try share.terminal("X")
    let kim = try a.addUser("kim", role: .practitioner)
    let mal = try a.addUser("mal", role: .practitioner)
    let family = try a.addFamily("Okafor")
    share.clock.advance(60)
    let contact = try a.store.logContact(
      familyID: family,
      ContactDraft(
        type: "home-visit", at: a.store.now().addingTimeInterval(-30), summary: "Mother disclosed DV"),
      as: kim
    ).meta.id
    try syncAll([a, b, attacker])
    share.clock.advance(60)

    // mal exists since T0; the contact since T0+60 s; the forgery says T0+30 s.
    let earlier = attacker.forged(
      by: mal.id, "contact", contact, "summary", .text("Nothing to report"), after: -90_000)
    let authorship = attacker.forged(
      by: mal.id, "contact", contact, "author_id", .text(mal.id), after: -89_000)
    let later = attacker.forged(by: mal.id, "contact", contact, "summary", .text("Later rewrite"), after: 1)
    try attacker.inject([earlier, authorship, later])
    try syncAll([a, b, attacker])

    for t in [a, b] {
      #expect(try t.value("contact", contact, "summary") == .text("Mother disclosed DV"), "\(t.name)")
      #expect(try t.value("contact", contact, "author_id") == .text(kim.id), "\(t.name)")
      #expect(try t.status(of: earlier.opID) == "refused", "\(t.name)")
      #expect(try t.status(of: later.opID) == "refused", "\(t.name)")
    }
  }

  // Attack (now refused): a practitioner moves a case level. A forged `case.level` write
  // with `replaces: nil` and a clock before the case was opened counts as
  // the field's first write (Gate.permission: firstWrite → .editFamily), is
  // accepted, and OperationGate.rejudge then re-judges the real opening
  // write as an EDIT (hasAcceptedBefore is now true) needing
  // .decideEscalation: a practitioner-opened case has its opening refused,
  // the field falls back to the forged value, and every later supervisor
  // decision is refused as "it builds on a refused change".
  @Test("created-rule: a forged first write before the record's making does not move a case level")
  func createdRuleForgedEarlier() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let attacker = try share.terminal("X")
    let pat = try a.addUser("pat", role: .practitioner)
    let mal = try a.addUser("mal", role: .practitioner)
    let sue = try a.addUser("sue", role: .supervisor)
    share.clock.advance(60)
    let family = try a.store.addFamily(
      FamilyDraft(name: "Okafor", postcode: "LS6 2AB", hubID: "north"), as: pat
    )
    .meta.id
    let caseID = try a.caseID(of: family)
    share.clock.advance(60)
    try setLevel(a, as: sue, family: family, .targeted)
    try syncAll([a, b, attacker])
    share.clock.advance(60)

    // The case was opened at T0+60 s; the forgery says T0+30 s.
    let forged = attacker.forged(by: mal.id, "case", caseID, "level", .text("specialist"), after: -150_000)
    try attacker.inject([forged])
    try syncAll([a, b, attacker])

    for t in [a, b] {
      #expect(try t.level(family) == "targeted", "\(t.name)")
      #expect(try t.status(of: forged.opID) == "refused", "\(t.name)")
      let refused = try t.store.refusedChanges()
      #expect(refused.allSatisfy { $0.opID == forged.opID }, "\(t.name): \(refused.map(\.reason))")
    }
  }

  // MARK: 4. A refused op that changes everything

  // Attack (now refused): "refused ops change nothing". OperationGate.verdict refuses every
  // op of a record whose FIRST `created_at` op (by clock, whatever its
  // author) is refused. A forged created_at by a non-user, stamped before
  // the record's making, is refused itself, and rejudge then withdraws every
  // other field of the record on every terminal — even fields written by
  // the system account. Aimed at an admin's user record, the admin's role is
  // withdrawn, so every op the admin made is refused, and the cascade takes
  // the users they made and everything those users did.
  @Test("a forged refused created_at stamped early wipes neither a family nor an admin's work")
  func refusedCreatedAtWipes() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let attacker = try share.terminal("X")
    share.clock.advance(60)
    let boss = try a.addUser("boss", role: .admin, hubs: [])
    let family = try a.addFamily("Okafor")
    share.clock.advance(60)
    let kim = User(
      id: UUID().uuidString.lowercased(), username: "kim", displayName: "Kim", role: .practitioner,
      hubs: ["north"])
    let kimKey = SigningIdentity()
    try a.store.write(as: boss) { tx in
      try tx.insert(
        .user, id: kim.id,
        [
          "username": .text("kim"), "display_name": .text("Kim"), "role": .text("practitioner"),
          "hubs": .json(["north"]), "active": .integer(1), "public_key": .text(kimKey.publicKey),
        ])
    }
    share.keys.unlock(kim.id, kimKey)
    share.clock.advance(1)
    try a.store.logContact(
      familyID: family,
      ContactDraft(type: "home-visit", at: a.store.now().addingTimeInterval(-1), summary: "Kim visited"),
      as: kim)
    try syncAll([a, b, attacker])
    let before = try a.store.canonicalStateHash()
    share.clock.advance(60)

    let stamp = FieldValue.text(Timestamp.format(Date(timeIntervalSince1970: 1_750_000_000)))
    let onFamily = attacker.forged(by: "nobody", "family", family, "created_at", stamp, after: -150_000)
    let onBoss = attacker.forged(by: "nobody", "user", boss.id, "created_at", stamp, after: -150_000)
    try attacker.inject([onFamily, onBoss])
    try syncAll([a, b, attacker])

    for t in [a, b] {
      #expect(try t.status(of: onFamily.opID) == "refused")
      #expect(try t.status(of: onBoss.opID) == "refused")
      #expect(try t.value("family", family, "name") == .text("Okafor"), "\(t.name)")
      #expect(try t.value("users", boss.id, "role") == .text("admin"), "\(t.name)")
      #expect(try t.count("SELECT COUNT(*) FROM users WHERE id = '\(kim.id)'") == 1, "\(t.name)")
      #expect(try t.count("SELECT COUNT(*) FROM contact WHERE summary = 'Kim visited'") == 1, "\(t.name)")
      #expect(try t.store.canonicalStateHash() == before, "\(t.name): two refused ops changed the state")
    }
  }

  // MARK: 5. Clock games

  // Attack (now refused): two accepted ops with the same clock on one field leave
  // the value to arrival order: OperationGate.wins uses a strict
  // `op.clock > current` with no tie-break (op id), so a tie keeps whichever
  // arrived first. Over the wire an op's device is its clock's device
  // (WireOperation.operation) and BatchCodec.open requires it to be the
  // folder's, so a copied clock can only come from a batch forged into the
  // victim's own folder (possible with the share key) — shown here by
  // direct delivery.
  //
  // Attack (now refused): the same op put in the attacker's own outbox is accepted by the
  // attacker's terminal (admitUnloggedOutbox judges the outbox row and never
  // checks clock.device == store.deviceID), while every reader sets the whole
  // batch aside as "an operation of another device"; every later batch of
  // that device then breaks the chain, so one bad row stops its sync for good.
  @Test("an op that copies another op's clock does not make the state depend on arrival order, nor stop sync")
  func duplicateClock() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let attacker = try share.terminal("X")
    let c1 = try share.terminal("C1")
    let c2 = try share.terminal("C2")
    let kim = try a.addUser("kim", role: .practitioner)
    let mal = try a.addUser("mal", role: .practitioner)
    let family = try a.addFamily("Okafor")
    try syncAll([a, b, attacker, c1, c2])
    share.clock.advance(10)

    try b.store.write(as: kim) { tx in
      _ = try tx.update(.family, id: family, ["address": .text("1 Real Road")])
    }
    let legit = try pending(b)
    let address = try #require(legit.first { $0.field == "address" })
    let forged = ChangeOperation(
      opID: "00000000-0000-0000-0000-000000000000", clock: address.clock, device: attacker.store.deviceID,
      user: mal.id, entity: "family", recordID: family, field: "address", value: .text("66 Fake Street"),
      replaces: address.replaces)

    try deliver(c1, legit)
    try deliver(c1, [forged])
    try deliver(c2, [forged])
    try deliver(c2, legit)
    #expect(try c1.value("family", family, "address") == c2.value("family", family, "address"))
    #expect(try c1.store.canonicalStateHash() == c2.store.canonicalStateHash())

    // Through the share: the attacker's terminal takes it, readers set its batch aside.
    try attacker.inject([forged])
    try syncAll([b, attacker, a])
    share.clock.advance(5)
    try attacker.logContact(family, "Legit from X, after the bad row")
    try syncAll([attacker, a])
    #expect(try attacker.value("family", family, "address") == a.value("family", family, "address"))
    let quarantine = try a.engine.status().quarantine.map(\.reason)
    #expect(quarantine.isEmpty, "\(quarantine)")
    #expect(
      try a.count("SELECT COUNT(*) FROM contact WHERE summary = 'Legit from X, after the bad row'") == 1)
  }

  // A counter past six digits would sort differently as text (how the store's
  // SQL orders clocks) than as a number (how the merge compares them), so a
  // terminal that withdrew a change could land on another value than one that
  // refused it on arrival. Such a clock is refused everywhere.
  @Test("a seven-digit clock counter does not make withdrawal pick another winner than the merge")
  func counterOverflowOrdering() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let attacker = try share.terminal("X")
    let t1 = try share.terminal("T1")
    let t2 = try share.terminal("T2")
    let root = try a.addUser("root", role: .admin, hubs: [])
    let sue = try a.addUser("sue", role: .practitioner)
    let kim = try a.addUser("kim", role: .practitioner)
    let family = try a.addFamily("Okafor")
    try syncAll([a, b, attacker, t1, t2])

    share.clock.advance(10)
    try setUser(a, as: root, sue.id, ["active": .integer(0)])
    let fromA = try pending(a)
    share.clock.advance(10)
    let m = Int64(share.clock.now.timeIntervalSince1970 * 1000)
    func stamped(_ counter: Int, _ value: String) -> ChangeOperation {
      ChangeOperation(
        opID: UUID().uuidString.lowercased(),
        clock: HLC(millis: m, counter: counter, device: attacker.store.deviceID),
        device: attacker.store.deviceID, user: kim.id, entity: "family", recordID: family, field: "address",
        value: .text(value), replaces: nil, signer: TestKeys.key(kim.id)?.publicKey)
    }
    let fromX = [stamped(999_999, "P Road"), stamped(1_000_000, "Q Road")]
    share.clock.advance(10)
    try b.store.write(as: sue) { tx in _ = try tx.update(.family, id: family, ["address": .text("R Road")]) }
    let fromB = try pending(b)

    try deliver(t1, fromX)
    try deliver(t1, fromB)
    try deliver(t1, fromA)
    try deliver(t2, fromA)
    try deliver(t2, fromX)
    try deliver(t2, fromB)
    #expect(try t1.status(of: fromX[1].opID) == "refused")
    #expect(try t2.status(of: fromX[1].opID) == "refused")
    #expect(try t2.value("family", family, "address") == .text("P Road"))
    #expect(try t1.value("family", family, "address") == t2.value("family", family, "address"))
    #expect(try t1.store.canonicalStateHash() == t2.store.canonicalStateHash())
  }

  // System-account rows placed in a non-founder's outbox naming the
  // founder's device: readers would judge them by their clock's device, but
  // the terminal holding them judged them by the claimed one and kept a
  // system-made admin nobody else had. Rows claiming another terminal are now
  // refused where they sit and never published.
  @Test("system ops claiming the founder's device from another terminal are refused and do not stop its sync")
  func systemClaimsFounderDevice() throws {
    let share = try TestShare(create: false)
    let a = try share.terminal("A", join: false)
    try share.found(by: a)
    let b = try share.terminal("B")
    try a.addUser("admin", role: .admin, hubs: [])
    let kim = try a.addUser("kim", role: .practitioner)
    let family = try a.addFamily("Okafor")
    try syncAll([a, b])

    let eve = UUID().uuidString.lowercased()
    var username = b.forged(by: "system", "user", eve, "username", .text("eve"))
    var role = b.forged(by: "system", "user", eve, "role", .text("admin"), after: 1)
    username.device = a.store.deviceID
    role.device = a.store.deviceID
    try b.inject([username, role])
    try syncAll([a, b])
    share.clock.advance(5)
    try b.store.logContact(
      familyID: family,
      ContactDraft(type: "phone", at: b.store.now().addingTimeInterval(-1), summary: "From B"),
      as: kim)
    try syncAll([a, b])

    #expect(try b.count("SELECT COUNT(*) FROM users WHERE id = '\(eve)'") == 0)
    let quarantine = try a.engine.status().quarantine
    #expect(quarantine.isEmpty, "\(quarantine.map(\.reason))")
    #expect(try a.count("SELECT COUNT(*) FROM users WHERE id = '\(eve)'") == 0)
    #expect(try a.status(of: username.opID) == nil, "a row claiming another terminal was published")
    #expect(try b.status(of: username.opID) == "refused")
    #expect(try a.count("SELECT COUNT(*) FROM contact WHERE summary = 'From B'") == 1)
  }

  // MARK: 6. Snapshots

  // Attack (now refused): LoadSnapshot seeds op_log (OperationLog.seed) with one entry per
  // field, at its winning clock, with user_id '' and a new op id. A late op
  // (clock below some seeded entries) makes rejudge re-judge those seeded
  // entries; their author '' is "not a user of this store", so they are
  // refused and withdrawn: the snapshot terminal blanks fields that every
  // replaying terminal keeps.
  @Test("a terminal started from a snapshot judges a late op like one that replayed")
  func snapshotThenLateOp() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let d = try share.terminal("D")
    let kim = try a.addUser("kim", role: .practitioner)
    let family = try a.addFamily("Okafor")
    try syncAll([a, d])
    let replayed = try share.terminal("R")
    _ = try replayed.engine.sync()

    share.clock.advance(10)
    // D, offline, edits the address; later A renames the family and snapshots.
    try d.store.write(as: kim) { tx in
      _ = try tx.update(.family, id: family, ["address": .text("1 Late Lane")])
    }
    share.clock.advance(10)
    try a.store.write(as: kim) { tx in _ = try tx.update(.family, id: family, ["name": .text("Okafor-Smith")])
    }
    _ = try a.engine.writeSnapshot()
    let fresh = try share.terminal("N")
    let report = try fresh.engine.sync()
    #expect(report.snapshot != nil)
    try syncAll([d, a, replayed, fresh])

    #expect(try replayed.value("family", family, "name") == .text("Okafor-Smith"))
    #expect(try fresh.value("family", family, "name") == .text("Okafor-Smith"))
    #expect(try fresh.store.canonicalStateHash() == replayed.store.canonicalStateHash())
    let refused = try fresh.store.refusedChanges()
    #expect(refused.isEmpty, "\(refused.map(\.reason))")
  }

  // Attack (now refused): seeded op_log entries carry user_id '', so a late demotion on a
  // snapshot terminal finds none of the demoted user's ops
  // (OperationLog.dependents looks them up by user_id) and withdraws nothing
  // that the replaying terminals withdraw.
  @Test("a late demotion withdraws the same decisions on a snapshot terminal as on a replaying one")
  func snapshotThenLateDemotion() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let root = try a.addUser("root", role: .admin, hubs: [])
    let sue = try a.addUser("sue", role: .supervisor)
    let family = try a.addFamily("Okafor")
    try syncAll([a, b])
    let replayed = try share.terminal("R")
    _ = try replayed.engine.sync()

    share.clock.advance(10)
    try setUser(a, as: root, sue.id, ["role": .text("practitioner")])
    share.clock.advance(10)
    try setLevel(b, as: sue, family: family, .targeted)
    _ = try b.engine.writeSnapshot()
    let fresh = try share.terminal("N")
    #expect(try fresh.engine.sync().snapshot != nil)
    try syncAll([a, b, replayed, fresh])

    for t in [a, b, replayed] { #expect(try t.level(family) == "universal", "\(t.name)") }
    #expect(try fresh.level(family) == "universal")
    #expect(try fresh.store.canonicalStateHash() == replayed.store.canonicalStateHash())
  }

  // MARK: 7. Safeguarding conflicts across verdict changes

  @Test("conflict heads agree everywhere when a late promotion turns a refused head into an accepted one")
  func conflictsAcrossVerdictChanges() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let c = try share.terminal("C")
    let d1 = try share.terminal("D1")
    let d2 = try share.terminal("D2")
    let root = try a.addUser("root", role: .admin, hubs: [])
    let sue = try a.addUser("sue", role: .supervisor)
    let tom = try a.addUser("tom", role: .practitioner)
    let ned = try a.addUser("ned", role: .supervisor)
    let family = try a.addFamily("Okafor")
    try syncAll([a, b, c, d1, d2])

    share.clock.advance(10)
    // A promotes tom and demotes ned; only C hears of it before acting.
    try setUser(a, as: root, tom.id, ["role": .text("supervisor")])
    try setUser(a, as: root, ned.id, ["role": .text("practitioner")])
    let fromA = try pending(a)
    try deliver(c, fromA)
    share.clock.advance(10)
    try setLevel(b, as: sue, family: family, .targeted)
    try setLevel(b, as: ned, family: family, .specialist)
    share.clock.advance(1)
    try setLevel(c, as: acting(tom, as: .supervisor), family: family, .earlyHelp)
    let fromB = try pending(b)
    let fromC = try pending(c)

    try deliver(d1, fromA)
    try deliver(d1, fromB)
    try deliver(d1, fromC)
    try deliver(d2, fromC)
    try deliver(d2, fromB)
    try deliver(d2, fromA)

    #expect(try conflictHeads(d1) == conflictHeads(d2))
    #expect(try d1.store.conflicts().count == 1)
    #expect(try d1.level(family) == CaseLevel.earlyHelp.rawValue)
    #expect(try d1.store.canonicalStateHash() == d2.store.canonicalStateHash())
    #expect(try d1.verdictsWithReasons() == d2.verdictsWithReasons())
  }

  // MARK: 8. Malformed stored data

  // Attack (now refused): an op_log row with an unreadable clock (a hand-edited store, or
  // one carried in by a snapshot: refused/parked op_log rows are inserted by
  // SyncLedger.loadSnapshot without validation) makes every later pull that
  // re-judges that record throw from OperationLog.operation (via
  // OperationGate.rejudge): the batch rolls back, the cursor never moves, and
  // that device's changes never arrive. (Not tested because it would crash
  // the runner: Store.conflicts force-unwraps `HLC(clock)!` on field_history
  // rows, which snapshots also carry unvalidated.)
  @Test("a malformed op_log row does not make sync throw")
  func malformedOpLogRow() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let family = try a.addFamily("Okafor")
    try syncAll([a, b])
    try b.store.writer.write { db in
      try db.execute(
        sql: """
          INSERT INTO op_log(op_id, clock, device, user_id, entity, record_id, field, value, status, reason, seen_at)
          VALUES ('bad', 'garbage', 'x', 'nobody', 'family', ?, 'name', '"x"', 'refused', 'junk', '')
          """, arguments: [family])
    }
    share.clock.advance(5)
    try a.setFamily(family, ["address": .text("After the bad row")])
    _ = try a.engine.sync()
    #expect(throws: Never.self) { _ = try b.engine.sync() }
    #expect(try b.value("family", family, "address") == .text("After the bad row"))
  }

  @Test("a pulled step the workflow does not allow is refused everywhere, and its fields are never shown")
  func pulledStepOutsideTheWorkflow() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let attacker = try share.terminal("X")
    let sam = try a.addUser("sam", role: .supervisor)
    let family = try a.addFamily("Okafor")
    let esc = try a.store.escalate(
      familyID: family, EscalationDraft(toLevel: .targeted, reason: "Missed visits", urgency: .urgent),
      as: worker)
    try syncAll([a, b, attacker])
    share.clock.advance(60)

    // Raised straight to accepted, skipping the acknowledgement, with its note.
    let raised = try #require(
      try a.store.read { db in
        try String.fetchOne(
          db,
          sql:
            "SELECT clock FROM field_clock WHERE entity = 'escalation' AND record_id = ? AND field = 'status'",
          arguments: [esc.meta.id])
      }.flatMap(HLC.init))
    let step = attacker.forged(
      by: sam.id, "escalation", esc.meta.id, "status", .text("accepted"), replaces: raised)
    let note = ChangeOperation(
      opID: UUID().uuidString.lowercased(), clock: step.clock, device: step.device, user: sam.id,
      entity: "escalation", recordID: esc.meta.id, field: "decision_note", value: .text("Forged accept"),
      replaces: nil)
    try attacker.inject([step, note])
    try syncAll([a, b, attacker])

    for t in [a, b] {
      #expect(try t.status(of: step.opID) == "refused", "\(t.name)")
      let reason = try t.store.read { db in
        try String.fetchOne(db, sql: "SELECT reason FROM op_log WHERE op_id = ?", arguments: [step.opID])
      }
      #expect(reason?.contains("cannot move from raised to accepted") == true, "\(reason ?? "none")")
      #expect(try t.value("escalation", esc.meta.id, "status") == .text("raised"), "\(t.name)")
      #expect(try t.value("escalation", esc.meta.id, "decision_note") == .null, "\(t.name)")
      #expect(try t.level(family) == "universal", "\(t.name)")
    }
    #expect(try a.store.canonicalStateHash() == b.store.canonicalStateHash())

    // The real workflow still goes on from where it stood.
    try b.store.decide(escalation: esc.reference, .acknowledge, note: "Seen", as: worker)
    try b.store.decide(escalation: esc.reference, .accept, note: "Agreed", as: worker)
    try syncAll([b, a])
    #expect(try a.value("escalation", esc.meta.id, "decision_note") == .text("Agreed"))
    #expect(try a.level(family) == "targeted")
  }
}
