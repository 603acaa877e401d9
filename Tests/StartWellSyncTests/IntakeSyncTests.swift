import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore
@testable import StartWellSync

/// A GP early notification about a child, taken in for the north hub.
func gpEarly(
  given: String = "Amara", family: String = "Okafor", dob: String = "2022-03-04", summary: String = "Speech"
) -> NotificationDraft {
  NotificationDraft(
    kind: .gpEarly, hubID: "north", givenName: given, familyName: family, dateOfBirth: dob,
    postcode: "LS6 2AB",
    details: ["concern": "development", "summary": summary, "practice": "Moorside Surgery"])
}

/// An antenatal notification about a mother, taken in for the north hub.
func antenatal(given: String = "Jade", family: String = "Marsh") -> NotificationDraft {
  NotificationDraft(
    kind: .antenatal, hubID: "north", givenName: given, familyName: family, dateOfBirth: "2004-01-02",
    postcode: "LS6 2AB",
    details: ["edd": "2026-09-01", "midwife": "Leeds General midwives"])
}

/// What one terminal decides about the notification.
enum Triage: String, CustomStringConvertible, Sendable {
  case attachFirst = "attach to P1", attachSecond = "attach to P2", newFamily = "new family"
  case newMember = "new member of F2", notOurs = "not ours", duplicate = "duplicate"

  var description: String { rawValue }
}

/// Two terminals, two families with a child each, an earlier notification,
/// and the notification both will triage, all synced.
final class RivalTriage: @unchecked Sendable {
  let share: TestShare
  let a: Terminal
  let b: Terminal
  let first: Person
  let second: Person
  let secondFamily: Family
  let earlier: StartWellStore.Notification
  let n: StartWellStore.Notification

  init(_ draft: NotificationDraft = gpEarly()) throws {
    share = try TestShare()
    a = try share.terminal("A")
    b = try share.terminal("B")
    let f1 = try a.store.addFamily(
      FamilyDraft(name: "Achterberg", postcode: "LS6 2AB", hubID: "north"), as: worker)
    first = try a.store.addPerson(
      familyReference: f1.reference,
      PersonDraft(
        givenName: "Noor", familyName: "Achterberg", dateOfBirth: "2021-02-03", relationship: .child),
      as: worker)
    secondFamily = try a.store.addFamily(
      FamilyDraft(name: "Brennan", postcode: "LS6 2AB", hubID: "north"), as: worker)
    second = try a.store.addPerson(
      familyReference: secondFamily.reference,
      PersonDraft(givenName: "Cai", familyName: "Brennan", dateOfBirth: "2020-05-06", relationship: .child),
      as: worker)
    earlier = try a.store.takeIn(gpEarly(given: "Earlier", summary: "First letter"), as: worker).notification
    n = try a.store.takeIn(draft, as: worker).notification
    try syncAll([a, b])
  }

  func triage(_ t: Terminal, _ decision: Triage, note: String = "") throws {
    let request: TriageRequest =
      switch decision {
      case .attachFirst: .attach(personReference: first.reference)
      case .attachSecond: .attach(personReference: second.reference)
      case .newFamily: .newFamily(sdfID: nil)
      case .newMember: .newMember(familyReference: secondFamily.reference)
      case .notOurs: .notOurs(reason: "out-of-area")
      case .duplicate: .duplicate(of: earlier.reference)
      }
    try t.store.triage(n.reference, request, note: note, confirmNewFamily: true, as: worker)
  }

  /// A triages, then B, offline from each other; then both sync.
  func rival(_ onA: Triage, _ onB: Triage) throws {
    share.clock.advance(1)
    try triage(a, onA, note: "from A")
    share.clock.advance(1)
    try triage(b, onB, note: "from B")
    try syncAll([a, b])
  }

  func conflict(on t: Terminal) throws -> Conflict { try #require(try t.store.conflicts().first) }

  /// The head made on `t`.
  func head(of t: Terminal, in conflict: Conflict) throws -> Conflict.Head {
    try #require(conflict.heads.first { $0.clock.device == t.store.deviceID })
  }

  func triageValue(_ t: Terminal) throws -> FieldValue { try t.value("notification", n.id, "triage") }

  /// Live families among those that `decisions` (triage values) landed on.
  func liveFamilies(_ t: Terminal, of decisions: [FieldValue]) throws -> Set<String> {
    let persons = decisions.compactMap { $0.textValue.flatMap(TriageDecision.init(text:))?.personID }
    return try t.store.read { db in
      Set(
        try persons.compactMap { id in
          try String.fetchOne(
            db,
            sql: """
              SELECT f.id FROM person p JOIN family f ON f.id = p.family_id
              WHERE p.id = ? AND f.deleted = 0
              """, arguments: [id])
        })
    }
  }

  func live(_ t: Terminal, _ table: String, _ id: String) throws -> Bool {
    try t.count("SELECT COUNT(*) FROM \(table) WHERE id = '\(id)' AND deleted = 0") == 1
  }
}

@Suite("Intake across terminals")
struct IntakeSyncTests {
  static let pairs: [(Triage, Triage)] = [
    (.attachFirst, .attachSecond), (.attachFirst, .newFamily), (.newFamily, .newFamily),
    (.notOurs, .duplicate),
  ]

  @Test(
    "two terminals triaging one notification apart make one conflict on both, settled by a person to one outcome",
    arguments: pairs)
  func rivalTriagesAreOneConflict(onA: Triage, onB: Triage) throws {
    let r = try RivalTriage()
    try r.rival(onA, onB)
    for t in [r.a, r.b] {
      let conflicts = try t.store.conflicts()
      #expect(conflicts.count == 1, "\(t.name)")
      #expect(conflicts.first?.isTriage == true, "\(t.name)")
      #expect(conflicts.first?.heads.count == 2, "\(t.name)")
    }
    #expect(try r.a.store.conflicts().map(\.id) == r.b.store.conflicts().map(\.id))
    // Until a person decides, both show the same one value.
    #expect(try r.triageValue(r.a) == r.triageValue(r.b))
    #expect(
      try r.a.value("notification", r.n.id, "triaged_by") == r.b.value("notification", r.n.id, "triaged_by"))

    // Settled on B, keeping A's triage.
    let conflict = try r.conflict(on: r.b)
    let kept = try r.head(of: r.a, in: conflict).value
    let done = try r.b.store.resolveConflict(conflict.id, value: kept, as: worker)
    #expect(!done.shown.contains(r.first.meta.id) && !done.shown.contains(r.second.meta.id))
    try syncAll([r.b, r.a])
    for t in [r.a, r.b] {
      #expect(try t.store.conflicts().isEmpty, "\(t.name)")
      #expect(try r.triageValue(t) == kept, "\(t.name)")
      // The note written with the triage kept ("out-of-area: from A" for not ours).
      #expect(try t.value("notification", r.n.id, "triage_note").textValue?.hasSuffix("from A") == true)
      #expect(try t.engine.status().summary == .synced, "\(t.name)")
    }
    #expect(try r.a.store.canonicalStateHash() == r.b.store.canonicalStateHash())
  }

  @Test("the new family of the triage not kept is withdrawn on both terminals: one live family, not two")
  func newFamilyNotKeptIsWithdrawn() throws {
    let r = try RivalTriage()
    try r.rival(.newFamily, .newFamily)
    let conflict = try r.conflict(on: r.a)
    let heads = conflict.heads.map(\.value)
    #expect(try r.liveFamilies(r.a, of: heads).count == 2)
    let losing = try r.head(of: r.b, in: conflict).value
    let losingFamily = try #require(try r.liveFamilies(r.a, of: [losing]).first)

    let done = try r.a.store.resolveConflict(
      conflict.id, value: try r.head(of: r.a, in: conflict).value, as: worker)
    #expect(done.notes.count == 1)
    #expect(done.notes.first?.contains("withdrawn") == true)
    try syncAll([r.a, r.b])
    for t in [r.a, r.b] {
      #expect(try r.liveFamilies(t, of: heads).count == 1, "\(t.name)")
      #expect(try !r.live(t, "family", losingFamily), "\(t.name)")
      #expect(
        try t.count("SELECT COUNT(*) FROM cases WHERE family_id = '\(losingFamily)' AND deleted = 0") == 0)
      #expect(
        try t.count("SELECT COUNT(*) FROM person WHERE family_id = '\(losingFamily)' AND deleted = 0") == 0)
      // The family kept holds the notification's person.
      #expect(try t.store.notification(r.n.reference, as: worker).familyID != losingFamily, "\(t.name)")
    }
    #expect(try r.a.store.canonicalStateHash() == r.b.store.canonicalStateHash())
  }

  @Test("an attach kept over a new family withdraws the new family; a new member not kept is withdrawn alone")
  func attachKeptOverNewFamilyAndMember() throws {
    let r = try RivalTriage()
    try r.rival(.attachFirst, .newFamily)
    var conflict = try r.conflict(on: r.b)
    let made = try #require(try r.liveFamilies(r.b, of: [try r.head(of: r.b, in: conflict).value]).first)
    try r.b.store.resolveConflict(conflict.id, value: try r.head(of: r.a, in: conflict).value, as: worker)
    try syncAll([r.b, r.a])
    for t in [r.a, r.b] {
      #expect(try !r.live(t, "family", made), "\(t.name)")
      #expect(try t.store.notification(r.n.reference, as: worker).personID == r.first.meta.id)
    }

    let other = try RivalTriage()
    try other.rival(.attachFirst, .newMember)
    conflict = try other.conflict(on: other.a)
    let member = try #require(
      try other.head(of: other.b, in: conflict).value.textValue.flatMap(TriageDecision.init(text:))?.personID)
    try other.a.store.resolveConflict(
      conflict.id, value: try other.head(of: other.a, in: conflict).value, as: worker)
    try syncAll([other.a, other.b])
    for t in [other.a, other.b] {
      #expect(try !other.live(t, "person", member), "\(t.name)")
      // The family it was added to is not the triage's to withdraw.
      #expect(try other.live(t, "family", other.secondFamily.meta.id), "\(t.name)")
      #expect(try other.live(t, "person", other.second.meta.id), "\(t.name)")
    }
  }

  @Test("an antenatal new family not kept is withdrawn with its mother, unborn child and case")
  func antenatalNewFamilyWithdrawn() throws {
    let r = try RivalTriage(antenatal())
    try r.rival(.newFamily, .newFamily)
    let conflict = try r.conflict(on: r.a)
    let losing = try #require(try r.liveFamilies(r.a, of: [try r.head(of: r.a, in: conflict).value]).first)
    #expect(try r.a.count("SELECT COUNT(*) FROM person WHERE family_id = '\(losing)' AND deleted = 0") == 2)
    try r.a.store.resolveConflict(conflict.id, value: try r.head(of: r.b, in: conflict).value, as: worker)
    try syncAll([r.a, r.b])
    for t in [r.a, r.b] {
      #expect(try !r.live(t, "family", losing), "\(t.name)")
      #expect(try t.count("SELECT COUNT(*) FROM person WHERE family_id = '\(losing)' AND deleted = 0") == 0)
      #expect(try r.liveFamilies(t, of: conflict.heads.map(\.value)).count == 1, "\(t.name)")
    }
  }

  @Test("a new family someone has recorded on since is kept, and the resolution says so")
  func newFamilyWithWorkIsKept() throws {
    let r = try RivalTriage()
    try r.rival(.newFamily, .newFamily)
    var conflict = try r.conflict(on: r.b)
    let bFamily = try #require(try r.liveFamilies(r.b, of: [try r.head(of: r.b, in: conflict).value]).first)
    try r.b.logContact(bFamily, "Home visit")
    try syncAll([r.b, r.a])
    conflict = try r.conflict(on: r.a)
    let done = try r.a.store.resolveConflict(
      conflict.id, value: try r.head(of: r.a, in: conflict).value, as: worker)
    #expect(done.notes.count == 1)
    #expect(done.notes.first?.contains("a contact") == true)
    #expect(done.notes.first?.contains("merge it by hand") == true)
    try syncAll([r.a, r.b])
    for t in [r.a, r.b] {
      #expect(try r.live(t, "family", bFamily), "\(t.name)")
      #expect(try t.store.conflicts().isEmpty, "\(t.name)")
    }
  }

  @Test("none sends the notification back to the queue and withdraws both new families")
  func noneSendsBackToTheQueue() throws {
    let r = try RivalTriage()
    try r.rival(.newFamily, .newFamily)
    let conflict = try r.conflict(on: r.a)
    let done = try r.a.store.resolveConflict(conflict.id, value: .null, as: worker)
    #expect(done.notes.count == 2)
    try syncAll([r.a, r.b])
    for t in [r.a, r.b] {
      #expect(try r.triageValue(t) == .null, "\(t.name)")
      #expect(try r.liveFamilies(t, of: conflict.heads.map(\.value)).isEmpty, "\(t.name)")
      #expect(try t.store.notifications(.untriaged, as: worker).map(\.notification.id).contains(r.n.id))
      #expect(try t.value("notification", r.n.id, "triaged_by") == .null, "\(t.name)")
    }
  }

  @Test("settled differently on two terminals at once: a new conflict, and a withdrawn triage cannot be kept")
  func settledTwiceApart() throws {
    let r = try RivalTriage()
    try r.rival(.newFamily, .newFamily)
    let first = try r.conflict(on: r.a)
    let fromA = try r.head(of: r.a, in: first).value
    let fromB = try r.head(of: r.b, in: first).value
    share(r).clock.advance(1)
    try r.a.store.resolveConflict(first.id, value: fromA, as: worker)
    share(r).clock.advance(1)
    try r.b.store.resolveConflict(first.id, value: fromB, as: worker)
    try syncAll([r.a, r.b])
    // Each withdrew the other's family: the triage is a conflict again, between two withdrawn families.
    let again = try r.conflict(on: r.a)
    #expect(try r.b.store.conflicts().map(\.id) == [again.id])
    #expect(try r.liveFamilies(r.a, of: [fromA, fromB]).isEmpty)
    do {
      try r.a.store.resolveConflict(again.id, value: fromA, as: worker)
      Issue.record("kept a triage whose person was withdrawn")
    } catch let error as DomainError {
      #expect(error.issues.map(\.field) == ["keep"])
      #expect(error.description.contains("back to the queue"))
    }
    try r.a.store.resolveConflict(again.id, value: .null, as: worker)
    try syncAll([r.a, r.b])
    for t in [r.a, r.b] {
      #expect(try t.store.conflicts().isEmpty, "\(t.name)")
      #expect(try r.triageValue(t) == .null, "\(t.name)")
    }
    #expect(try r.a.store.canonicalStateHash() == r.b.store.canonicalStateHash())
  }

  private func share(_ r: RivalTriage) -> TestShare { r.share }

  @Test("a triage conflict reads as references, never ids, and is settled by number, words or reference")
  func readableTriageConflict() throws {
    let r = try RivalTriage()
    try r.rival(.attachFirst, .newFamily)
    let conflict = try r.conflict(on: r.a)
    #expect(Store.conflictLabel(conflict) == "triage of a notification")
    let fromA = try r.head(of: r.a, in: conflict)
    let fromB = try r.head(of: r.b, in: conflict)
    let made = try #require(try r.liveFamilies(r.a, of: [fromB.value]).first)
    let madeReference = try #require(
      try r.a.store.read {
        try String.fetchOne($0, sql: "SELECT reference FROM family WHERE id = ?", arguments: [made])
      })
    let f1 = try r.a.store.read { db in
      try String.fetchOne(db, sql: "SELECT reference FROM family WHERE id = ?", arguments: [r.first.familyID])
    }
    #expect(
      try r.a.store.readable(fromA.value, of: conflict) == "attached to \(r.first.reference) (\(f1 ?? ""))")
    #expect(try r.a.store.readable(fromB.value, of: conflict) == "new family \(madeReference)")
    #expect(try r.a.store.readable(.text("not-ours"), of: conflict) == "not for us")
    #expect(
      try r.a.store.readable(.text("duplicate:\(r.earlier.id)"), of: conflict)
        == "duplicate of \(r.earlier.reference)")
    #expect(try r.a.store.reference(of: conflict) == r.n.reference)
    #expect(try r.a.store.hub(of: conflict) == "north")

    let index = try #require(conflict.heads.firstIndex { $0.clock == fromB.clock })
    #expect(try r.a.store.conflictValue(named: "\(index + 1)", in: conflict) == fromB.value)
    #expect(try r.a.store.conflictValue(named: "NEW FAMILY \(madeReference)", in: conflict) == fromB.value)
    #expect(try r.a.store.conflictValue(named: r.first.reference.lowercased(), in: conflict) == fromA.value)
    #expect(try r.a.store.conflictValue(named: "F-NOSUCH", in: conflict) == nil)
    #expect(try r.a.store.choices(for: conflict).last?.value == .null)

    // A value that is neither triage is refused in the notification's words.
    do {
      try r.a.store.resolveConflict(conflict.id, value: .text("not-ours"), as: worker)
      Issue.record("kept a value neither terminal chose")
    } catch let error as DomainError {
      #expect(error.issues.map(\.field) == ["keep"])
      #expect(error.description.contains("new family \(madeReference)"))
      #expect(!error.description.contains(r.first.meta.id))
    }
  }

  @Test("a triage conflict is shown to those who could triage the notification, in its hub")
  func triageConflictVisibility() throws {
    let r = try RivalTriage()
    let pat = try r.a.addUser("pat", role: .practitioner, hubs: ["north"])
    let olu = try r.a.addUser("olu", role: .practitioner, hubs: ["south"])
    let sam = try r.a.addUser("sam", role: .supervisor, hubs: ["north"])
    try syncAll([r.a, r.b])
    try r.rival(.attachFirst, .attachSecond)
    let conflict = try r.conflict(on: r.a)
    #expect(try r.a.store.conflicts(visibleTo: pat).map(\.id) == [conflict.id])
    #expect(try r.a.store.conflicts(visibleTo: sam).map(\.id) == [conflict.id])
    #expect(try r.a.store.conflicts(visibleTo: olu).isEmpty)
    #expect(throws: DomainError.self) {
      try r.a.store.resolveConflict(conflict.id, value: conflict.heads[0].value, as: olu)
    }
    try r.a.store.resolveConflict(conflict.id, value: conflict.heads[0].value, as: pat)
    #expect(try r.a.store.conflicts().isEmpty)

    // A domestic abuse notification's triage is not a practitioner's (intake.json).
    let da = try RivalTriage(
      NotificationDraft(
        kind: .domesticAbuse, hubID: "north", givenName: "Amara", familyName: "Okafor",
        dateOfBirth: "2023-05-04",
        postcode: "LS6 2AB",
        details: [
          "setting": "Moorside Nursery", "incident-date": "2025-05-28", "police-ref": "WY-1",
          "category": "child-present",
        ]))
    let kim = try da.a.addUser("kim", role: .practitioner, hubs: ["north"])
    let lee = try da.a.addUser("lee", role: .supervisor, hubs: ["north"])
    try da.rival(.notOurs, .attachFirst)
    #expect(try da.a.store.conflicts(visibleTo: kim).isEmpty)
    #expect(try da.a.store.conflicts(visibleTo: lee).count == 1)
  }

  @Test(
    "the same notification taken in on two terminals is one record with one reference, and a triage made before they met stands alone"
  )
  func takenInOnTwoTerminals() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let pat = try a.addUser("pat", role: .practitioner, hubs: ["north"])
    let kim = try a.addUser("kim", role: .practitioner, hubs: ["north"])
    try syncAll([a, b])

    share.clock.advance(1)
    let onA = try a.store.takeIn(gpEarly(), as: pat)
    share.clock.advance(1)
    // A triages before it has heard of B's; B takes the same one in later still.
    try a.store.triage(onA.notification.reference, .notOurs(reason: "out-of-area"), as: pat)
    share.clock.advance(1)
    let onB = try b.store.takeIn(gpEarly(), as: kim)
    #expect(!onB.alreadyHeld)
    #expect(onB.notification.id == onA.notification.id)
    try syncAll([a, b])

    let id = onA.notification.id
    for t in [a, b] {
      #expect(try t.count("SELECT COUNT(*) FROM notification") == 1, "\(t.name)")
      #expect(try t.store.conflicts().isEmpty, "\(t.name)")
      #expect(try t.value("notification", id, "triage") == .text("not-ours"), "\(t.name)")
      #expect(try t.value("notification", id, "triaged_by") == .text(pat.id), "\(t.name)")
      #expect(try t.store.refusedChanges().isEmpty, "\(t.name)")
      #expect(try t.store.notifications(.untriaged, as: pat).isEmpty, "\(t.name)")
    }
    #expect(try a.value("notification", id, "reference") == b.value("notification", id, "reference"))
    #expect(try a.value("notification", id, "received_by") == .text(pat.id))
    #expect(try a.store.canonicalStateHash() == b.store.canonicalStateHash())

    // Taken in again, anywhere, it is already held.
    #expect(try b.store.takeIn(gpEarly(), as: kim).alreadyHeld)
  }

  @Test(
    "a terminal starting from the share's snapshot holds notifications landed on their people, and settles their conflicts"
  )
  func snapshotKeepsTriagedPeople() throws {
    let r = try RivalTriage()
    let settled = try r.a.store.takeIn(gpEarly(given: "Settled", summary: "Settled"), as: worker).notification
    try r.a.store.triage(settled.reference, .attach(personReference: r.second.reference), as: worker)
    try r.rival(.newFamily, .attachFirst)
    let snapshot = try r.a.engine.writeSnapshot()
    #expect(snapshot.chunks > 0)

    let fresh = try r.share.terminal("N")
    let report = try fresh.engine.sync()
    #expect(report.snapshot?.snapshotID == snapshot.snapshotID)
    #expect(try fresh.value("notification", settled.id, "person_id") == .text(r.second.meta.id))
    #expect(
      try fresh.value("notification", r.n.id, "person_id") == r.a.value("notification", r.n.id, "person_id"))
    #expect(try fresh.value("notification", r.n.id, "person_id") != .null)
    #expect(try fresh.store.notification(settled.reference, as: worker).familyID == r.second.familyID)

    // Settled there, keeping the attach: the new family made on A is withdrawn everywhere.
    let conflict = try r.conflict(on: fresh)
    let made = try #require(try r.liveFamilies(fresh, of: [try r.head(of: r.a, in: conflict).value]).first)
    let done = try fresh.store.resolveConflict(
      conflict.id, value: try r.head(of: r.b, in: conflict).value, as: worker)
    #expect(done.notes.first?.contains("withdrawn") == true)
    try syncAll([fresh, r.a, r.b])
    for t in [r.a, r.b, fresh] {
      #expect(try !r.live(t, "family", made), "\(t.name)")
      #expect(try t.value("notification", r.n.id, "person_id") == .text(r.first.meta.id), "\(t.name)")
    }
    #expect(try fresh.store.canonicalStateHash() == r.a.store.canonicalStateHash())
  }
}

/// The gate on intake: a triage is decided only in the notification's own
/// hub, and a notification is taken in only by its signed author.
@Suite("Attacks on intake through the gate")
struct IntakeGateTests {
  @Test("a triage written by a user outside the notification's hub is refused on every terminal")
  func triageOutsideTheHub() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let attacker = try share.terminal("X")
    let olu = try a.addUser("olu", role: .supervisor, hubs: ["south"])
    let n = try a.store.takeIn(gpEarly(), as: worker).notification
    try syncAll([a, b, attacker])

    // Through the store, olu cannot even open it.
    #expect(throws: DomainError.self) {
      try attacker.store.triage(n.reference, .notOurs(reason: "out-of-area"), as: olu)
    }
    // Written into the store past the store's checks: the gate refuses it here.
    do {
      try attacker.store.write(as: olu) { tx in
        _ = try tx.update(.notification, id: n.id, ["triage": .text("not-ours")])
      }
      Issue.record("the local gate let a triage from another hub through")
    } catch let error as DomainError {
      #expect(error.description.contains("decided only"))
    }
    // Placed in the outbox by hand, signed with olu's own key: refused everywhere.
    share.clock.advance(1)
    let forged = attacker.forged(by: olu.id, "notification", n.id, "triage", .text("not-ours"))
    try attacker.inject([forged])
    try syncAll([attacker, a, b])
    for t in [a, b] {
      #expect(try t.status(of: forged.opID) == "refused", "\(t.name)")
      #expect(try t.value("notification", n.id, "triage") == .null, "\(t.name)")
      #expect(try t.store.conflicts().isEmpty, "\(t.name)")
    }
  }

  @Test("a take-in forged with another user as its author is refused like any other record")
  func takeInForgedAuthor() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let attacker = try share.terminal("X")
    let pat = try a.addUser("pat", role: .practitioner, hubs: ["north"])
    try syncAll([a, b, attacker])

    share.clock.advance(1)
    let checked = try attacker.store.checkTakeIn(gpEarly(given: "Forged"), as: pat)
    let id = NotificationID.of(checked)
    let fields: [(String, FieldValue)] = [
      ("author_id", .text(pat.id)), ("created_at", .of(attacker.store.now())), ("deleted", .integer(0)),
      ("details", .text(checked.detailsJSON)), ("family_name", .text("Okafor")),
      ("given_name", .text("Forged")),
      ("hub_id", .text("north")), ("kind", .text("gp-early")), ("received_by", .text(pat.id)),
      ("reference", .text("N-FORGED1")),
    ]
    let ops = fields.enumerated().map { i, field in
      attacker.forged(by: pat.id, "notification", id, field.0, field.1, after: Int64(i))
    }
    // Signed with a key that was never pat's.
    try attacker.queueSigned(ops, by: pat.id, key: SigningIdentity())
    try syncAll([attacker, a, b])
    for t in [a, b] {
      #expect(ops.allSatisfy { (try? t.status(of: $0.opID)) == "refused" }, "\(t.name)")
      #expect(try t.count("SELECT COUNT(*) FROM notification WHERE id = '\(id)'") == 0, "\(t.name)")
      #expect(try t.store.notifications(.all, as: pat).isEmpty, "\(t.name)")
    }
  }
}
