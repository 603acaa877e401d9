import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore
@testable import StartWellSync

/// A small, fast, seedable generator, so a failing run can be replayed from its seed.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(_ seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Decides when each new file on the share becomes visible to other terminals,
/// as a network share or a file-sync tool delivers files late and out of order.
final class Visibility: @unchecked Sendable {
  private let lock = NSLock()
  private var rng: SplitMix64
  private var visibleAt: [String: Int] = [:]
  private var creator: [String: String] = [:]
  var step = 0
  /// Off for the final exchange, when every file arrives at once.
  var delaying = true

  init(seed: UInt64) { rng = SplitMix64(seed ^ 0xABCD) }

  func created(_ path: String, by device: String) {
    lock.lock()
    defer { lock.unlock() }
    visibleAt[path] = delaying ? step + Int.random(in: 0...4, using: &rng) : 0
    creator[path] = device
  }

  func canSee(_ path: String, viewer: String) -> Bool {
    lock.lock()
    defer { lock.unlock() }
    guard let at = visibleAt[path] else { return true }
    return creator[path] == viewer || at <= step
  }
}

/// The share as one terminal sees it: files others wrote appear only after a delay.
struct DelayedShare: ShareBackend {
  let base: FolderShare
  let visibility: Visibility
  let viewer: String

  var location: String { base.location }
  func isReachable() -> Bool { base.isReachable() }

  func list(_ folder: String) throws -> [String] {
    try base.list(folder).filter { visibility.canSee("\(folder)/\($0)", viewer: viewer) }
  }

  func read(_ path: String) throws -> Data? {
    visibility.canSee(path, viewer: viewer) ? try base.read(path) : nil
  }

  func createIfAbsent(_ path: String, _ data: Data, staging: String) throws -> CreateOutcome {
    let outcome = try base.createIfAbsent(path, data, staging: staging)
    if outcome == .created { visibility.created(path, by: viewer) }
    return outcome
  }

  func remove(_ path: String) throws { try base.remove(path) }
}

/// `STARTWELL_SIM_SEEDS` seeds (120 by default), from `STARTWELL_SIM_FIRST_SEED` (1), so a long run by
/// hand can be split into ranges.
let simulationSeeds: [UInt64] = {
  let environment = ProcessInfo.processInfo.environment
  let count = environment["STARTWELL_SIM_SEEDS"].flatMap(Int.init) ?? 120
  let first = environment["STARTWELL_SIM_FIRST_SEED"].flatMap(UInt64.init) ?? 1
  return (0..<UInt64(max(1, count))).map { first + $0 }
}()

@Suite("Seeded multi-terminal simulation")
struct SimulationTests {
  @Test("terminals converge whatever the order, duplication and delay", arguments: simulationSeeds)
  func converges(seed: UInt64) throws {
    do {
      try run(seed: seed)
    } catch {
      Issue.record("seed \(seed) (replay with this seed): \(error)")
    }
  }

  func run(seed: UInt64) throws {
    var rng = SplitMix64(seed)
    var expected: [String: String] = [:]
    let share = try TestShare()
    let visibility = Visibility(seed: seed)
    let count = Int.random(in: 3...8, using: &rng)
    var terminals: [Terminal] = []
    var walls: [WallError] = []
    func addTerminal() throws {
      let offset = Double(Int.random(in: -30_000...30_000, using: &rng)) / 1000
      let clock = share.clock
      let base = share.backend
      let wall = WallError()
      walls.append(wall)
      terminals.append(
        try Terminal(
          "T\(terminals.count)", share: { DelayedShare(base: base, visibility: visibility, viewer: $0) },
          keyFile: share.keyFile,
          now: { clock.now.addingTimeInterval(offset + wall.seconds) }))
    }
    for _ in 0..<count { try addTerminal() }
    // New starters added on several terminals before anyone syncs: usernames collide.
    for t in terminals where Int.random(in: 0..<2, using: &rng) == 0 { try addColliding(t, rng: &rng) }
    let steps = Int.random(in: 25...50, using: &rng)
    var joined = 0
    var revoked: Int?
    var junk: [URL] = []
    var deleted = false
    for step in 0..<steps {
      visibility.step = step
      share.clock.advance(Double(Int.random(in: 1...400, using: &rng)) / 1000)
      let index = Int.random(in: 0..<terminals.count, using: &rng)
      let t = terminals[index]
      switch Int.random(in: 0..<100, using: &rng) {
      case 0..<45:
        do {
          try edit(t, step: step, rng: &rng, expected: &expected, terminals: terminals)
        } catch let error as DomainError where (try? t.store.clockWarning()) != nil {
          // A terminal whose wall clock went back refuses changes, and says why.
          #expect(error.description.contains("behind the changes it holds"), "seed \(seed): \(error)")
        } catch let error as DomainError where revoked == index {
          // A revoked terminal that has heard of it makes no more changes.
          #expect(error.description.contains("revoked"), "seed \(seed): \(error)")
        }
      case 45..<57: _ = try t.engine.push()
      case 57..<69: _ = try t.engine.pull()
      case 69..<90: _ = try t.engine.sync()
      case 90..<93: jumpClock(walls[index], rng: &rng)
      case 95..<97: try damageShare(share, terminals, rng: &rng, junk: &junk, deleted: &deleted)
      case 97 where revoked == nil && terminals.count > 2:
        // A terminal is lost: an admin elsewhere revokes it after the batches seen so far.
        let lost = (index + 1 + Int.random(in: 0..<(terminals.count - 1), using: &rng)) % terminals.count
        if (try? t.store.revokeDevice(terminals[lost].store.deviceID, reason: "lost", as: worker)) != nil {
          revoked = lost
        }
      case 93..<95 where joined < 2 && revoked != index:
        // A snapshot written mid-run, and a new terminal that starts from it.
        _ = try t.engine.writeSnapshot()
        try addTerminal()
        joined += 1
        _ = try terminals[terminals.count - 1].engine.sync()
      default: try redeliver(to: t, terminals: terminals, rng: &rng)
      }
    }

    // Clear the junk, put the clocks right, wait out the ones that ran ahead,
    // let every file arrive, then exchange everything.
    for file in junk { try? FileManager.default.removeItem(at: file) }
    for wall in walls { wall.seconds = 0 }
    share.clock.advance(4 * 3_600)
    visibility.step = Int.max / 2
    visibility.delaying = false
    for _ in 0..<2 {
      for t in terminals { _ = try t.engine.push() }
      for t in terminals { _ = try t.engine.pull() }
    }
    try check(terminals, seed: seed, expected: expected)
    try checkIntake(terminals, seed: seed)
  }

  /// One local change, of the kinds people make: new families, contacts,
  /// edits of the same fields on several terminals at once; and the kinds
  /// the gate must settle alike everywhere: accounts made with one username
  /// on two terminals, role and hub changes racing the changes they govern,
  /// changes by authors without the right, malformed values, fields from a
  /// newer version, two open cases for one family, two development
  /// records for one child and term, and one huddle run on several terminals.
  func edit(
    _ t: Terminal, step: Int, rng: inout SplitMix64, expected: inout [String: String],
    terminals: [Terminal] = []
  ) throws {
    // Intake (SimulationIntake.swift): notifications taken in, triaged apart, rival triages settled.
    if Int.random(in: 0..<100, using: &rng) < 20 {
      return try intake(t, others: terminals.filter { $0 !== t }, rng: &rng)
    }
    let families = try t.completeFamilies()
    let roll = Int.random(in: 0..<100, using: &rng)
    // New families are the costliest change (a few dozen operations each), so
    // keep a handful and spend most steps on edits that collide.
    if families.count < 2 || (roll < 8 && families.count < 6) {
      let family = try t.addFamily("Family \(step)")
      try addChild(t, family: family)
      return
    }
    let family = families[Int.random(in: 0..<families.count, using: &rng)]
    switch roll {
    case 0..<17:
      // A third are group sessions of an approach, which syncs like every other field.
      try t.logContact(family, "Contact \(step)", approach: [nil, "elklan", "toddle-talk"][roll % 3])
    case 17..<25: try markNet(t, family: family, rng: &rng)
    case 25..<38: try t.setLevel(family, CaseLevel.allCases[Int.random(in: 0..<4, using: &rng)])
    case 38..<46: try t.setFamily(family, ["name": .text("Name \(Int.random(in: 0..<3, using: &rng))")])
    case 46..<52:
      try t.setFamily(family, ["address": .text("\(Int.random(in: 1...9, using: &rng)) High Street")])
    case 52..<58: try addColliding(t, rng: &rng)
    case 58..<65: try changeAccount(t, rng: &rng)
    case 65..<73: try actAsAccount(t, family: family, rng: &rng)
    case 73..<80: try injectBad(t, family: family, rng: &rng, expected: &expected)
    case 80..<85: try openSecondCase(t, family: family)
    case 85..<89: try recordDevelopment(t, family: family, rng: &rng)
    case 89..<93: try finishWork(t, family: family, rng: &rng)
    case 93..<95: try rivalDecision(t, family: family, rng: &rng)
    case 95..<97: try runHuddle(t, family: family, rng: &rng)
    case 97: try rivalOverride(t, family: family, rng: &rng)
    default:
      // A triage is settled by `settleOneTriage`, which knows a withdrawn triage cannot be kept.
      let conflicts = try t.store.conflicts().filter { !$0.isTriage }
      guard !conflicts.isEmpty else { return }
      let conflict = conflicts[Int.random(in: 0..<conflicts.count, using: &rng)]
      let head = conflict.heads[Int.random(in: 0..<conflict.heads.count, using: &rng)]
      try t.store.resolveConflict(conflict.id, value: head.value, as: worker)
    }
  }

  /// Finishing work, as people do it on several terminals before they sync:
  /// a contact with a follow-up, the follow-up done, a contact marked as
  /// entered in error, and the case closed, reopened, handed to another lead
  /// or given its next review.
  func finishWork(_ t: Terminal, family: String, rng: inout SplitMix64) throws {
    let reference = try t.store.read { db in
      try String.fetchOne(db, sql: "SELECT reference FROM family WHERE id = ?", arguments: [family])
    }
    let contacts = try t.store.read { db in
      try String.fetchAll(
        db, sql: "SELECT id FROM contact WHERE family_id = ? AND follow_up IS NOT NULL ORDER BY id",
        arguments: [family])
    }
    guard let reference else { return }
    let today = LocalDate(t.store.now())
    do {
      switch Int.random(in: 0..<7, using: &rng) {
      case 0:
        let draft = ContactDraft(
          type: "phone", at: t.store.now().addingTimeInterval(-60), summary: "Call back",
          followUp: today.adding(days: Int.random(in: -3...7, using: &rng)))
        _ = try t.store.logContact(familyID: family, draft, as: worker)
      case 1 where !contacts.isEmpty:
        let contact = contacts[Int.random(in: 0..<contacts.count, using: &rng)]
        try t.store.completeFollowUp(contactID: contact, note: "Rang back", as: worker)
      case 2 where !contacts.isEmpty:
        let contact = contacts[Int.random(in: 0..<contacts.count, using: &rng)]
        try t.store.markContactInError(contactID: contact, reason: "logged on the wrong family", as: worker)
      case 3:
        try t.store.closeCase(familyReference: reference, reason: "needs met, family agrees", as: worker)
      case 4:
        try t.store.reopenCase(familyReference: reference, reason: "new concern from school", as: worker)
      case 5:
        let leads = try accounts(t).filter { $0.active && $0.role == .practitioner }
        guard !leads.isEmpty else { return }
        let lead = leads[Int.random(in: 0..<leads.count, using: &rng)]
        try t.store.setCaseLead(familyReference: reference, to: lead.username, as: worker)
      default:
        let on = today.adding(days: Int.random(in: 1...90, using: &rng))
        try t.store.setCaseReview(familyReference: reference, on: on.description, as: worker)
      }
    } catch is DomainError {
      // Not possible from where this terminal stands (a closed case, a done follow-up): nothing to do.
    }
  }

  /// A supervisor marks a child's net row as seen, or assigns it, on
  /// several terminals before they sync: the row's one record (its id made
  /// from the child and the rule) merges field by field. Or the case's
  /// review date moves into the past, which brings the child into the net
  /// under review-overdue, or changes the facts a mark was made on.
  func markNet(_ t: Terminal, family: String, rng: inout SplitMix64) throws {
    let caseID = try t.caseID(of: family)
    guard !caseID.isEmpty else { return }
    let child = "P-\(family.prefix(8).uppercased())"
    let listed = try t.store.net(for: worker, rules: ["review-overdue"]).contains {
      $0.childReference == child
    }
    do {
      if !listed || Int.random(in: 0..<4, using: &rng) == 0 {
        let passed = "2025-0\(Int.random(in: 1...5, using: &rng))-1\(Int.random(in: 0...2, using: &rng))"
        try t.store.write(as: worker) { tx in
          _ = try tx.update(.caseRecord, id: caseID, ["next_review": .text(passed)])
        }
      }
      if Int.random(in: 0..<2, using: &rng) == 0 {
        let note = "Seen \(Int.random(in: 0..<3, using: &rng))"
        try t.store.markNet(child: child, rule: "review-overdue", note: note, as: worker)
      } else {
        let leads = try accounts(t).filter {
          $0.active && $0.role == .practitioner && $0.hubs.contains("north")
        }
        guard !leads.isEmpty else { return }
        let lead = leads[Int.random(in: 0..<leads.count, using: &rng)]
        try t.store.assignNet(child: child, rule: "review-overdue", to: lead.username, as: worker)
      }
    } catch is DomainError {
      // Not in the net from where this terminal stands (a closed case): nothing to mark.
    }
  }

  /// Raises an escalation, or decides one this terminal sees open: made on
  /// several terminals before they sync, decisions race (rival transitions).
  /// A supervisor's risk override (or its clearing), as two supervisors
  /// might make on two terminals before they sync: the band in force is a
  /// conflict for a person, every decision with its reason is kept.
  func rivalOverride(_ t: Terminal, family: String, rng: inout SplitMix64) throws {
    let reference = try t.store.read { db in
      try String.fetchOne(db, sql: "SELECT reference FROM family WHERE id = ?", arguments: [family])
    }
    guard let reference else { return }
    let choices: [RiskBand?] = [.low, .medium, .high, nil]
    let band = choices[Int.random(in: 0..<choices.count, using: &rng)]
    do {
      try t.store.overrideRisk(familyReference: reference, band: band, reason: "Reviewed", as: worker)
    } catch is DomainError {
      // No override to clear here: nothing to do.
    }
  }

  func rivalDecision(_ t: Terminal, family: String, rng: inout SplitMix64) throws {
    let open = try t.store.read { db in
      try String.fetchAll(
        db,
        sql: "SELECT reference FROM escalation WHERE family_id = ? AND status IN ('raised', 'acknowledged')",
        arguments: [family])
    }
    let choices: [EscalationDecision] = [.acknowledge, .accept, .decline]
    do {
      if let reference = open.first {
        let decision = choices[Int.random(in: 0..<choices.count, using: &rng)]
        try t.store.decide(escalation: reference, decision, note: "Decided", as: worker)
      } else {
        try t.store.escalate(
          familyID: family, EscalationDraft(toLevel: .specialist, reason: "Concern", urgency: .routine),
          as: worker)
      }
    } catch is DomainError {
      // Not a move from where this terminal stands (or a conflict waits): nothing to do.
    }
  }

  /// Runs one of two huddles, as two leads might on two terminals before
  /// they sync: started, a family recorded (with words and an action that
  /// may differ from the other terminal's), skipped, or the huddle closed.
  /// Their ids are made from the SDF and day, and the item's from the
  /// family, so every terminal writes to the same records.
  func runHuddle(_ t: Terminal, family: String, rng: inout SplitMix64) throws {
    // Days up to the shared clock's: a huddle is not started ahead of its day.
    let date = [LocalDate("2025-06-01")!, LocalDate("2025-06-15")!][Int.random(in: 0..<2, using: &rng)]
    let huddle = HuddleID.huddle(hub: "north", sdf: "north-moorside", date: date)
    let reference = try t.store.read { db in
      try String.fetchOne(db, sql: "SELECT reference FROM family WHERE id = ?", arguments: [family])
    }
    guard let reference else { return }
    let started = try t.count("SELECT COUNT(*) FROM huddle WHERE id = '\(huddle)'") == 1
    let words = ["Speech delay", "Nursery concerned", "Housing"]
    do {
      switch Int.random(in: 0..<6, using: &rng) {
      case _ where !started:
        try t.store.startHuddle(sdf: "north-moorside", date: date, attendees: ["system"], as: worker)
      case 0, 1, 2:
        let due = LocalDate(t.store.now()).adding(days: 7)
        try t.store.recordHuddleItem(
          huddle: huddle, familyReference: reference, discussion: words[Int.random(in: 0..<3, using: &rng)],
          decision: "Decision \(Int.random(in: 0..<2, using: &rng))",
          actions: [HuddleActionText("system|\(due)|Follow up")], as: worker)
      case 3:
        try t.store.addToHuddle(huddle: huddle, familyReference: reference, as: worker)
        try t.store.skipHuddleItem(huddle: huddle, familyReference: reference, as: worker)
      case 4:
        try t.store.startHuddle(sdf: "north-moorside", date: date, attendees: ["system"], as: worker)
      default:
        try t.store.closeHuddle(huddle, as: worker)
      }
    } catch is DomainError {
      // A closed huddle, a family without an open case: nothing to do from here.
    }
  }

  func addChild(_ t: Terminal, family: String) throws {
    try t.store.write(as: worker) { tx in
      try tx.insert(
        .person, id: "child-\(family)",
        [
          "reference": .text("P-\(family.prefix(8).uppercased())"), "family_id": .text(family),
          "given_name": .text("Child"), "family_name": .text("Family"), "date_of_birth": .text("2023-04-01"),
          "expected": .integer(0), "sex": .text("unknown"), "relationship": .text("child"),
          "nhs_number": .null,
          "first_language": .null, "interpreter_needed": .integer(0), "send_status": .integer(0),
          "ehcp": .integer(0), "flags": .text("[]"),
        ])
    }
  }

  /// An admin adds a new starter; another terminal may add the same username before they sync.
  func addColliding(_ t: Terminal, rng: inout SplitMix64) throws {
    let name = ["sam", "alex", "kim"][Int.random(in: 0..<3, using: &rng)]
    guard try t.count("SELECT COUNT(*) FROM users WHERE username = '\(name)'") == 0 else { return }
    let roles: [Role] = [.practitioner, .supervisor, .huddleLead]
    try t.addUser(name, role: roles[Int.random(in: 0..<3, using: &rng)])
  }

  func accounts(_ t: Terminal) throws -> [User] {
    try t.store.users()
  }

  /// An admin changes someone's role, hubs or active state.
  func changeAccount(_ t: Terminal, rng: inout SplitMix64) throws {
    let users = try accounts(t)
    guard !users.isEmpty else { return }
    let user = users[Int.random(in: 0..<users.count, using: &rng)]
    let fields: [String: FieldValue]
    switch Int.random(in: 0..<4, using: &rng) {
    case 3:
      // A password reset: a new key; terminals still holding the old one sign with a revoked key.
      let key = SigningIdentity()
      fields = [
        "public_key": .text(key.publicKey),
        "wrapped_key": .text(try WrappedKey.make(key, password: "reset password", rounds: 1 << 10)),
      ]
      TestKeys.remember(user.id, key)
    case 0: fields = ["role": .text(Role.allCases[Int.random(in: 0..<4, using: &rng)].rawValue)]
    case 1:
      fields = [
        "hubs": .json([["north"], ["south"], ["north", "south"]][Int.random(in: 0..<3, using: &rng)])
      ]
    default: fields = ["active": .integer(Int64(Int.random(in: 0...1, using: &rng)))]
    }
    try t.store.write(as: worker) { tx in _ = try tx.update(.user, id: user.id, fields) }
  }

  /// One of those accounts acts; the local gate refuses what its role does not allow here.
  func actAsAccount(_ t: Terminal, family: String, rng: inout SplitMix64) throws {
    let users = try accounts(t)
    guard !users.isEmpty else { return }
    let user = users[Int.random(in: 0..<users.count, using: &rng)]
    let caseID = try t.caseID(of: family)
    // The account signs in here with its own key.
    if t.store.identity(for: user.id) == nil, let key = TestKeys.key(user.id) { t.store.unlock(user.id, key) }
    do {
      try t.store.write(as: user) { tx in
        if Int.random(in: 0..<2, using: &rng) == 0 {
          _ = try tx.update(
            .caseRecord, id: caseID,
            ["level": .text(CaseLevel.allCases[Int.random(in: 0..<4, using: &rng)].rawValue)])
        } else {
          _ = try tx.update(
            .family, id: family, ["address": .text("\(Int.random(in: 10...19, using: &rng)) Low Road")])
        }
      }
    } catch is DomainError {
      // Refused here, as it would be everywhere.
    }
  }

  /// Operations placed straight in the outbox: by an author without the
  /// right, with a malformed value, or for a field only a newer version knows.
  func injectBad(
    _ t: Terminal, family: String, rng: inout SplitMix64, expected: inout [String: String]
  ) throws {
    let offset = Int64(Int.random(in: 1...50, using: &rng))
    let users = try accounts(t)
    var op: ChangeOperation
    switch Int.random(in: 0..<7, using: &rng) {
    case 6:
      // An approach that is no configured id's shape: refused on every terminal alike.
      op = t.forged(
        by: worker.id, "contact", "contact-\(family)", "approach", .text("Not An Id"), after: offset)
      expected[op.opID] = "refused"
    case 5 where !users.isEmpty:
      // Signed, but with a key of the forger's own: refused everywhere.
      let author = users[Int.random(in: 0..<users.count, using: &rng)]
      op = t.forged(by: author.id, "family", family, "name", .text("Forged"), after: offset)
      op.clock.counter = 900_000 + Int.random(in: 0..<99_999, using: &rng)
      let stolen = SigningIdentity()
      try t.queueSigned([op], by: author.id, key: stolen)
      op.signer = stolen.publicKey
      expected[op.opID] = "refused"
      _ = try t.store.applyRemoteBatch { try t.store.applyRemote([op], in: $0) }
      _ = t.store.receive(clock: op.clock)
      return
    case 0 where !users.isEmpty:
      let author = users[Int.random(in: 0..<users.count, using: &rng)]
      op = t.forged(
        by: author.id, "case", try t.caseID(of: family), "level", .text("specialist"), after: offset)
    case 1:
      op = t.forged(by: worker.id, "family", family, "postcode", .text("NOT A POSTCODE"), after: offset)
      expected[op.opID] = "refused"
    case 2 where !users.isEmpty:
      let target = users[Int.random(in: 0..<users.count, using: &rng)]
      op = t.forged(by: worker.id, "user", target.id, "active", .text("yes"), after: offset)
      expected[op.opID] = "refused"
    case 3:
      op = t.forged(by: worker.id, "person", "child-\(family)", "date_of_birth", .null, after: offset)
      expected[op.opID] = "refused"
    default:
      op = t.forged(by: worker.id, "family", family, "nickname", .text("newer"), after: offset)
      expected[op.opID] = "parked"
    }
    op.clock.counter = 900_000 + Int.random(in: 0..<99_999, using: &rng)
    try t.inject([op])
    op.signer = (op.user == worker.id ? t.store.deviceIdentity : TestKeys.key(op.user))?.publicKey
    // The terminal holding them judges them as every other terminal will.
    _ = try t.store.applyRemoteBatch { try t.store.applyRemote([op], in: $0) }
    _ = t.store.receive(clock: op.clock)
  }

  /// Two terminals can each open a case for a family before they sync.
  func openSecondCase(_ t: Terminal, family: String) throws {
    guard try t.count("SELECT COUNT(*) FROM cases WHERE family_id = '\(family)' AND status = 'open'") < 2
    else {
      return
    }
    try t.store.write(as: worker) { tx in
      try tx.insert(
        .caseRecord, id: UUID().uuidString.lowercased(),
        [
          "family_id": .text(family), "status": .text("open"), "opened_on": .text("2025-06-15"),
          "closed_on": .null, "closure_reason": .null, "level": .text("universal"), "lead_user_id": .null,
          "next_review": .null, "flagged_for_huddle": .integer(0),
        ])
    }
  }

  /// The child's record for a term has an id made from the child and the
  /// term, so two terminals recording it at once make one record, merged
  /// field by field. A terminal that holds the record changes a random
  /// few of its fields; one that does not records it whole.
  func recordDevelopment(_ t: Terminal, family: String, rng: inout SplitMix64) throws {
    let child = "child-\(family)"
    guard try t.count("SELECT COUNT(*) FROM person WHERE id = '\(child)' AND deleted = 0") == 1 else {
      return
    }
    let term = ["2025-autumn", "2026-spring"][Int.random(in: 0..<2, using: &rng)]
    func band() -> WellCommBand { WellCommBand.allCases[Int.random(in: 0..<3, using: &rng)] }
    func rating() -> EYFSRating { EYFSRating.allCases[Int.random(in: 0..<3, using: &rng)] }
    func maybe() -> Bool { Bool.random(using: &rng) }
    let id = DevelopmentID.of(child: child, term: term)
    let exists = try t.count("SELECT COUNT(*) FROM development WHERE id = '\(id)'") == 1
    var draft = DevelopmentDraft(term: term)
    if !exists || maybe() { draft.wellComm = band() }
    if !exists || maybe() { draft.communication = rating() }
    if !exists || maybe() { draft.physical = rating() }
    if !exists || maybe() { draft.personalSocialEmotional = rating() }
    if maybe() { draft.setting = ["Little Acorns", "Hub stay and play"][Int.random(in: 0..<2, using: &rng)] }
    if maybe() { draft.notes = "Seen on \(t.name)" }
    let record = try t.store.recordDevelopment(
      personReference: "P-\(family.prefix(8).uppercased())", draft, as: worker)
    #expect(record.meta.id == id)
  }

  /// Delivers a batch a second time, or early, out of order, straight into the store.
  /// The share is damaged the ways people and tools damage it: junk with a
  /// batch's name (some of it far too large to read), junk deleted again,
  /// and once a run, a terminal's published batch deleted (its writer must
  /// publish it again, byte for byte, at its next push).
  func damageShare(
    _ share: TestShare, _ terminals: [Terminal], rng: inout SplitMix64, junk: inout [URL], deleted: inout Bool
  ) throws {
    let owner = terminals[Int.random(in: 0..<terminals.count, using: &rng)]
    let folder = share.root.appendingPathComponent("devices/\(owner.store.deviceID)/log")
    switch Int.random(in: 0..<5, using: &rng) {
    case 0, 1:
      let hash = (0..<64).map { _ in String(Int.random(in: 0..<16, using: &rng), radix: 16) }.joined()
      let file = folder.appendingPathComponent(
        ShareFormat.batchName(seq: Int64(Int.random(in: 1...30, using: &rng)), hash: hash))
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      guard !FileManager.default.fileExists(atPath: file.path) else { return }
      try Data("not a batch \(hash)".utf8).write(to: file)
      if Int.random(in: 0..<2, using: &rng) == 0 {
        // Sparse: far larger than any batch, costing no disk; refused unread.
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: 80 << 20)
        try handle.close()
      }
      junk.append(file)
    case 2 where !junk.isEmpty:
      try FileManager.default.removeItem(at: junk.removeFirst())
    case 3 where terminals.count > 1:
      // A valid batch of one terminal replayed into another's folder, as its next number: foreign.
      let source = terminals.filter { $0 !== owner }[Int.random(in: 0..<(terminals.count - 1), using: &rng)]
      guard let batch = share.log(source.store.deviceID).last,
        let name = ShareFormat.parseBatchName(batch.lastPathComponent)
      else { return }
      let next = Int64(share.log(owner.store.deviceID).count + 1)
      let file = folder.appendingPathComponent(
        ShareFormat.batchName(seq: max(next, name.seq), hash: String(repeating: name.hashPrefix, count: 4)))
      guard !FileManager.default.fileExists(atPath: file.path) else { return }
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try FileManager.default.copyItem(at: batch, to: file)
      junk.append(file)
    default:
      let logs = terminals.map { share.log($0.store.deviceID) }
      guard !deleted, logs.reduce(0, { $0 + $1.count }) >= 8, let own = share.log(owner.store.deviceID).first
      else { return }
      try FileManager.default.removeItem(at: own)
      deleted = true
    }
  }

  /// A terminal's wall clock goes wrong, or is put right: hours fast (its
  /// batches are held by the others), hours back (it refuses changes), or right.
  func jumpClock(_ wall: WallError, rng: inout SplitMix64) {
    switch Int.random(in: 0..<3, using: &rng) {
    case 0: wall.seconds = Double(Int.random(in: 2...3, using: &rng)) * 3_600
    case 1: wall.seconds = -Double(Int.random(in: 3...4, using: &rng)) * 3_600
    default: wall.seconds = 0
    }
  }

  func redeliver(to t: Terminal, terminals: [Terminal], rng: inout SplitMix64) throws {
    let others = terminals.filter { $0 !== t }
    let source = others[Int.random(in: 0..<others.count, using: &rng)]
    let session = try t.engine.session()
    let files = try ShareListing.log(of: source.store.deviceID, in: session.share)
    guard !files.isEmpty else { return }
    let file = files[Int.random(in: 0..<files.count, using: &rng)]
    // Junk on the share (see `damageShare`) is never delivered as a batch.
    guard let data = try? session.share.read(file.path),
      case .success(let batch) = BatchCodec.open(
        data, store: session.manifest.storeId, device: source.store.deviceID, seq: file.seq,
        namePrefix: file.hashPrefix, key: session.key, deviceKey: source.store.deviceIdentity.publicKey)
    else { return }
    try t.store.applyRemoteBatch { db in
      _ = try t.store.applyRemote(batch.ops, in: db)
      if let latest = batch.latestClock { _ = t.store.receive(clock: latest) }
      try t.store.saveClock(in: db)
    }
  }

  func check(_ terminals: [Terminal], seed: UInt64, expected: [String: String]) throws {
    let hashes = try terminals.map { try $0.store.canonicalStateHash() }
    if Set(hashes).count != 1 {
      var lines: [String] = []
      for t in terminals {
        let st = try t.engine.status()
        let cursors = st.devices.map { d in "\(d.device.prefix(6)):\(d.seq)\(d.skew == nil ? "" : "!")" }
        let outbox = try t.outboxOps().count
        let unbatched = try t.count("SELECT COUNT(*) FROM outbox WHERE batch IS NULL")
        lines.append(
          "\(t.name) \(t.store.deviceID.prefix(6)) pub=\(st.published) pending=\(st.pending) outbox=\(outbox) "
            + "unbatched=\(unbatched) \(cursors.joined(separator: " ")) q=\(st.quarantine.map(\.reason))")
      }
      lines += try Self.firstDifference(terminals)
      let detail = lines.joined(separator: "\n")
      Issue.record("seed \(seed): state hashes differ\n\(detail)")
      return
    }

    // One development record per child and term, however many terminals recorded it.
    for t in terminals {
      let doubled = try t.count(
        """
        SELECT COUNT(*) FROM (SELECT 1 FROM development WHERE deleted = 0
          GROUP BY person_id, term HAVING COUNT(*) > 1)
        """)
      #expect(doubled == 0, "seed \(seed): \(t.name) holds two development records for one child and term")
    }

    // The net's count of children below expected is kept on each family
    // as records arrive, in whatever order: it equals a count made now.
    for t in terminals {
      let stale = try t.count(
        """
        SELECT COUNT(*) FROM family f WHERE f.development_below <> (SELECT count(*) \(FamilyIndex.childrenBelow)
          AND p.family_id = f.id)
        """)
      #expect(stale == 0, "seed \(seed): \(t.name) has \(stale) families with a stale development_below")
    }

    let ops = try terminals.flatMap { try $0.outboxOps() }
    let ids = Set(ops.map(\.opID))
    #expect(ids.count == ops.count, "seed \(seed): an op id appears in two outboxes")
    for t in terminals {
      let applied = try t.appliedOpIDs()
      #expect(
        try t.store.usernameClashes().map(\.username)
          == (try terminals[0].store.usernameClashes().map(\.username)),
        "seed \(seed): \(t.name) sees different username clashes")
      #expect(
        ids.isSubset(of: applied), "seed \(seed): \(t.name) lacks \(ids.subtracting(applied).count) ops")
      let status = try t.engine.status()
      #expect(status.pending == 0, "seed \(seed): \(t.name) still has pending changes")
      #expect(status.quarantine.isEmpty, "seed \(seed): \(t.name) quarantined \(status.quarantine)")
    }

    // Every terminal reached the same verdict, for the same reason, on every operation.
    let verdicts = try terminals.map { try $0.verdictsWithReasons() }
    for (t, v) in zip(terminals, verdicts) where v != verdicts[0] {
      let differing = Set(v.keys).union(verdicts[0].keys).filter { v[$0] != verdicts[0][$0] }
      let examples: [String] = differing.prefix(3).map { id in
        let mine = v[id]?.description ?? "-"
        let first = verdicts[0][id]?.description ?? "-"
        return "\(id): \(mine) vs \(first)"
      }
      Issue.record(
        "seed \(seed): \(t.name) judged \(differing.count) operations differently from \(terminals[0].name): \(examples)"
      )
    }
    if ProcessInfo.processInfo.environment["STARTWELL_SIM_STATS"] != nil {
      var counts: [String: Int] = [:]
      for v in verdicts[0].values { counts[v.status, default: 0] += 1 }
      let reasons = Set(verdicts[0].values.compactMap(\.reason).map { String($0.prefix(40)) })
      print(
        "SIMSTAT seed \(seed) \(counts) clashes=\(try terminals[0].store.usernameClashes().count) \(reasons.sorted())"
      )
    }
    for (opID, status) in expected {
      #expect(verdicts[0][opID]?.status == status, "seed \(seed): \(opID) should be \(status)")
    }

    // The oracle: for every field, the winning accepted operation by the
    // field's merge rule, worked out from all the outboxes without the merge code.
    var winners: [String: ChangeOperation] = [:]
    var liveRecords: Set<String> = []
    var records: Set<String> = []
    // Workflow steps: the state writes nothing replaced. Two or more are a
    // conflict, and the fields they write (and their effects) are settled
    // by the step merge, not last writer wins.
    let registry = RecordRegistry.current
    var stepHeads: [String: Set<String>] = [:]
    var replaced: Set<String> = []
    for op in ops where verdicts[0][op.opID]?.status == "accepted" {
      guard registry.spec(named: op.entity)?.transition?.state == op.field else { continue }
      stepHeads[Store.conflictID(entity: op.entity, recordID: op.recordID, field: op.field), default: []]
        .insert(op.clock.description)
      for clock in [op.replaces].compactMap({ $0 }) + (op.alsoReplaces ?? []) {
        replaced.insert("\(op.entity)|\(op.recordID)|\(clock)")
      }
    }
    for op in ops where registry.spec(named: op.entity)?.transition?.state == op.field {
      let id = Store.conflictID(entity: op.entity, recordID: op.recordID, field: op.field)
      if replaced.contains("\(op.entity)|\(op.recordID)|\(op.clock)") {
        stepHeads[id]?.remove(op.clock.description)
      }
    }
    for t in terminals {
      let shown = Dictionary(
        try t.store.conflicts().map { ($0.id, Set($0.heads.map(\.clock.description))) },
        uniquingKeysWith: { a, _ in a })
      for (id, heads) in stepHeads where heads.count > 1 {
        #expect(
          shown[id] == heads, "seed \(seed): \(t.name) does not show rival transitions \(id) as a conflict")
      }
    }
    let derived: (ChangeOperation) -> Bool = { op in
      let spec = registry.spec(named: op.entity)
      return spec?.transition?.covers(op.field) == true || spec?.field(op.field)?.merge == .addWinsByKey
        || !registry.effects(on: op.entity, field: op.field).isEmpty
    }
    for op in ops {
      records.insert("\(op.entity)|\(op.recordID)")
      guard verdicts[0][op.opID]?.status == "accepted" else { continue }
      liveRecords.insert("\(op.entity)|\(op.recordID)")
      if derived(op) { continue }
      let key = "\(op.entity)|\(op.recordID)|\(op.field)"
      if let current = winners[key], !Self.beats(op, current) { continue }
      winners[key] = op
    }
    let dead = records.subtracting(liveRecords)
    let columns = HeldValues.columns(of: winners.values, records: dead)
    for t in terminals {
      let held = try HeldValues(t, columns: columns)
      for op in winners.values {
        let table = Entity(rawValue: op.entity)!.table
        let value = held.value(table, op.recordID, op.field)
        #expect(value == op.value, "seed \(seed): \(t.name) \(op.entity).\(op.field) of \(op.recordID)")
      }
      for record in dead {
        let parts = record.split(separator: "|").map(String.init)
        guard let entity = Entity(rawValue: parts[0]) else { continue }
        let n = held.count(entity.table, id: parts[1])
        #expect(n == 0, "seed \(seed): \(t.name) holds \(record), which has no accepted change")
      }
    }

    _ = expected
    let conflictSets = try terminals.map { t in
      Set(try t.store.conflicts().map { "\($0.id) \($0.heads.map(\.clock.description).sorted())" })
    }
    #expect(Set(conflictSets).count == 1, "seed \(seed): conflicts differ")
  }

  /// Whether `op` beats `current` on one field, by the registry's merge rule for it.
  static func beats(_ op: ChangeOperation, _ current: ChangeOperation) -> Bool {
    let merge = RecordRegistry.current.merge(entity: op.entity, field: op.field)
    if merge == .tombstone, op.value != current.value { return op.value == .integer(1) }
    if op.clock == current.clock { return op.opID < current.opID }
    return merge == .appendOnly ? op.clock < current.clock : op.clock > current.clock
  }

  /// The first record whose fields differ between two terminals, with the
  /// verdicts each holds on its operations, so a failing seed explains itself.
  static func firstDifference(_ terminals: [Terminal]) throws -> [String] {
    for entity in RecordRegistry.current.entities {
      let columns = (["id"] + entity.fieldNames).joined(separator: ", ")
      let sql = "SELECT \(columns) FROM \(entity.table) WHERE id <> 'system' ORDER BY id"
      let base = try terminals[0].store.read { try Row.fetchAll($0, sql: sql) }.map { $0.description }
      for t in terminals.dropFirst() {
        let rows = try t.store.read { try Row.fetchAll($0, sql: sql) }.map { $0.description }
        guard rows != base else { continue }
        let only0 = Set(base).subtracting(rows).sorted().prefix(2)
        let onlyT = Set(rows).subtracting(base).sorted().prefix(2)
        var out = ["\(entity.table) differs between \(terminals[0].name) and \(t.name)"]
        out += only0.map { "  \(terminals[0].name): \($0)" } + onlyT.map { "  \(t.name): \($0)" }
        if let id = (only0.first ?? onlyT.first).flatMap({ $0.split(separator: "\"").dropFirst().first }) {
          for term in [terminals[0], t] {
            let log = try term.store.read { db in
              try Row.fetchAll(
                db,
                sql:
                  "SELECT field, clock, user_id, status, reason, value FROM op_log WHERE record_id = ? ORDER BY clock",
                arguments: [String(id)])
            }
            out.append("  \(term.name) log: " + log.map { "\($0)" }.joined(separator: " | "))
          }
        }
        return out
      }
    }
    return ["no differing record found"]
  }
}
