import Foundation
import GRDB
import StartWellCore
import StartWellStore
import Testing

@testable import StartWellSync

/// Workflow records (escalation decisions, referral statuses) merge as
/// workflow steps, and maps and sets held as JSON merge by key.
@Suite("Workflows across terminals")
struct WorkflowSyncTests {
  /// A family on both terminals with an acknowledged escalation to targeted.
  private func acknowledged(_ share: TestShare) throws -> (Terminal, Terminal, String, String) {
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let family = try a.addFamily("Achterberg")
    let esc = try a.store.escalate(
      familyID: family, EscalationDraft(toLevel: .targeted, reason: "Missed health visits", urgency: .urgent),
      as: worker)
    try a.store.decide(escalation: esc.reference, .acknowledge, note: "Seen", as: worker)
    try syncAll([a, b])
    return (a, b, family, esc.reference)
  }

  @Test(
    "an accept and a decline made offline are one conflict on both terminals; the case level waits for the person who resolves it"
  )
  func acceptAgainstDecline() throws {
    let share = try TestShare()
    let (a, b, family, reference) = try acknowledged(share)

    try a.store.decide(escalation: reference, .accept, note: "Agreed", as: worker)
    #expect(try a.level(family) == "targeted")
    share.clock.advance(1)
    try b.store.decide(escalation: reference, .decline, note: "Not enough yet", as: worker)
    try syncAll([a, b])

    for t in [a, b] {
      let conflicts = try t.store.conflicts()
      #expect(conflicts.count == 1, "\(t.name)")
      #expect(conflicts.first?.entity == "escalation" && conflicts.first?.field == "status")
      #expect(Set(conflicts.first?.heads.map(\.value) ?? []) == [.text("accepted"), .text("declined")])
      // The accept does not stand while a rival decline exists.
      #expect(try t.level(family) == "universal", "\(t.name)")
    }
    #expect(try a.store.canonicalStateHash() == b.store.canonicalStateHash())
    // Nothing more is decided on it until the conflict is settled.
    #expect(throws: DomainError.self) {
      try b.store.decide(escalation: reference, .stepDown, note: "Again", as: worker)
    }

    // Resolved on B in favour of the accept: the case steps up on both.
    let id = try #require(try b.store.conflicts().first?.id)
    try b.store.resolveConflict(id, value: .text("accepted"), as: worker)
    #expect(try b.level(family) == "targeted")
    try syncAll([b, a])
    for t in [a, b] {
      #expect(try t.store.conflicts().isEmpty)
      #expect(try t.level(family) == "targeted")
      #expect(try t.value("escalation", escalationID(t, reference), "decision_note") == .text("Agreed"))
    }
    #expect(try a.store.canonicalStateHash() == b.store.canonicalStateHash())
  }

  @Test("resolving for the decline leaves the case where it was, and it can still be stepped up later")
  func resolvedForDecline() throws {
    let share = try TestShare()
    let (a, b, family, reference) = try acknowledged(share)
    try a.store.decide(escalation: reference, .accept, note: "Agreed", as: worker)
    share.clock.advance(1)
    try b.store.decide(escalation: reference, .decline, note: "Not enough yet", as: worker)
    try syncAll([a, b])
    let id = try #require(try a.store.conflicts().first?.id)
    #expect(throws: DomainError.self) {
      try a.store.resolveConflict(id, value: .text("stepped-down"), as: worker)
    }
    try a.store.resolveConflict(id, value: .text("declined"), as: worker)
    try syncAll([a, b])
    for t in [a, b] {
      #expect(try t.store.conflicts().isEmpty)
      #expect(try t.level(family) == "universal")
      let escID = try escalationID(t, reference)
      #expect(try t.value("escalation", escID, "status") == .text("declined"))
      #expect(try t.value("escalation", escID, "decision_note") == .text("Not enough yet"))
    }
    // A lower escalation is not blocked by a step-up nobody can see.
    let next = try a.store.escalate(
      familyID: family, EscalationDraft(toLevel: .earlyHelp, reason: "Speech", urgency: .routine), as: worker)
    #expect(next.fromLevel == .universal)
  }

  @Test("a step's fields stay together: an acknowledgement racing an accept never carries the accept's note")
  func fieldsOfOneStepStayTogether() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let family = try a.addFamily()
    let esc = try a.store.escalate(
      familyID: family, EscalationDraft(toLevel: .earlyHelp, reason: "Low mood", urgency: .routine),
      as: worker)
    try syncAll([a, b])
    // A acknowledges and accepts; B, offline, acknowledges a moment later.
    try a.store.decide(escalation: esc.reference, .acknowledge, note: nil, as: worker)
    try a.store.decide(escalation: esc.reference, .accept, note: "Accepted by A", as: worker)
    share.clock.advance(5)
    try b.store.decide(escalation: esc.reference, .acknowledge, note: "B saw it", as: worker)
    try syncAll([a, b])
    for t in [a, b] {
      #expect(try t.value("escalation", esc.meta.id, "status") == .text("acknowledged"), "\(t.name)")
      #expect(try t.value("escalation", esc.meta.id, "acknowledged_note") == .text("B saw it"))
      // Never the decider and note of the accept that lost.
      #expect(try t.value("escalation", esc.meta.id, "decision_note") == .null)
      #expect(try t.value("escalation", esc.meta.id, "decided_by") == .null)
      #expect(try t.store.conflicts().count == 1)
      #expect(try t.level(family) == "universal")
    }
    #expect(try a.store.canonicalStateHash() == b.store.canonicalStateHash())
  }

  @Test(
    "a supervisor reopens a wrong decision; an accepted step-up is stepped back, and the reason is audited")
  func reopen() throws {
    let share = try TestShare()
    let (a, b, family, reference) = try acknowledged(share)
    try a.store.decide(escalation: reference, .accept, note: "Agreed", as: worker)
    #expect(try a.level(family) == "targeted")
    #expect(throws: DomainError.self) { try a.store.reopen(escalation: reference, reason: "  ", as: worker) }
    let reopened = try a.store.reopen(escalation: reference, reason: "Accepted the wrong family", as: worker)
    #expect(reopened.status == .acknowledged)
    #expect(reopened.decisionNote == nil)
    #expect(try a.level(family) == "universal")
    #expect(throws: DomainError.self) {
      try a.store.reopen(escalation: reference, reason: "again", as: worker)
    }
    let audit = try a.store.read { db in
      try String.fetchAll(db, sql: "SELECT detail FROM audit WHERE action = 'escalation-reopen'")
    }
    #expect(audit.first?.contains("Accepted the wrong family") == true)
    // And it can be decided again.
    try a.store.decide(escalation: reference, .decline, note: "Wrong family", as: worker)
    try syncAll([a, b])
    #expect(try b.value("escalation", escalationID(b, reference), "status") == .text("declined"))
    #expect(try b.level(family) == "universal")
    #expect(try b.store.conflicts().isEmpty)
  }

  @Test(
    "person flags merge by key: additions on two terminals both stay, whichever syncs first",
    arguments: [false, true])
  func flagsAddWins(bFirst: Bool) throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let family = try a.addFamily()
    let person = try a.store.addPerson(
      familyReference: try reference(a, family),
      PersonDraft(givenName: "Tobi", familyName: "Okafor", dateOfBirth: "2023-02-10", relationship: .child),
      as: worker)
    try setPerson(a, person.meta.id, ["flags": .json(["send"])])
    try syncAll([a, b])
    // A adds one flag and removes "send"; B, concurrently, adds another.
    try setPerson(a, person.meta.id, ["flags": .json(["antenatal-high-risk"])])
    share.clock.advance(1)
    try setPerson(b, person.meta.id, ["flags": .json(["send", "da-notification"])])
    try syncAll(bFirst ? [b, a, b] : [a, b, a])
    for t in [a, b] {
      let flags = try t.value("person", person.meta.id, "flags")
      let set = Set(
        (try? JSONDecoder().decode([String].self, from: Data((flags.textValue ?? "").utf8))) ?? [])
      #expect(set == ["antenatal-high-risk", "da-notification"], "\(t.name): \(flags)")
    }
    #expect(try a.store.canonicalStateHash() == b.store.canonicalStateHash())
    // An edit after the merge saw both sides: removing a flag then sticks.
    try setPerson(b, person.meta.id, ["flags": .json(["da-notification"])])
    try syncAll([b, a])
    #expect(try a.value("person", person.meta.id, "flags") == .json(["da-notification"]))
  }

  @Test("a referral's status dates merge by key: two steps' dates both stay", arguments: [false, true])
  func statusDatesAddWins(bFirst: Bool) throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let family = try a.addFamily()
    let person = try a.store.addPerson(
      familyReference: try reference(a, family),
      PersonDraft(givenName: "Tobi", familyName: "Okafor", dateOfBirth: "2023-02-10", relationship: .child),
      as: worker)
    let id = try a.store.addReferral(
      personReference: person.reference,
      ReferralDraft(service: "slt", reason: "Few words", consentRecorded: true),
      as: worker
    ).meta.id
    try a.store.write(as: worker) { tx in
      _ = try tx.update(.referral, id: id, ["status_dates": .json(["draft": "2025-06-01T09:00:00Z"])])
    }
    try syncAll([a, b])
    try a.store.write(as: worker) { tx in
      _ = try tx.update(
        .referral, id: id,
        ["status_dates": .json(["draft": "2025-06-01T09:00:00Z", "sent": "2025-06-02T09:00:00Z"])])
    }
    share.clock.advance(1)
    try b.store.write(as: worker) { tx in
      _ = try tx.update(
        .referral, id: id,
        ["status_dates": .json(["draft": "2025-06-01T09:00:00Z", "closed": "2025-06-03T09:00:00Z"])])
    }
    try syncAll(bFirst ? [b, a, b] : [a, b, a])
    for t in [a, b] {
      let dates = try t.value("referral", id, "status_dates")
      let map =
        (try? JSONDecoder().decode([String: String].self, from: Data((dates.textValue ?? "").utf8))) ?? [:]
      #expect(Set(map.keys) == ["draft", "sent", "closed"], "\(t.name): \(dates)")
    }
    #expect(try a.store.canonicalStateHash() == b.store.canonicalStateHash())
  }

  @Test("a conflict is settled only to one of its edits or a valid value, said in a clear sentence")
  func resolutionValuesAreChecked() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let family = try a.addFamily()
    let reference = try reference(a, family)
    try syncAll([a, b])
    try a.store.overrideRisk(familyReference: reference, band: .high, reason: "DA notification", as: worker)
    share.clock.advance(1)
    try b.store.overrideRisk(familyReference: reference, band: .medium, reason: "Settled", as: worker)
    try syncAll([a, b])
    let conflict = try #require(try a.store.conflicts().first)
    #expect(conflict.field == "risk_override")
    do {
      try a.store.resolveConflict(conflict.id, value: .text("severe"), as: worker)
      Issue.record("an unknown band was accepted")
    } catch let error as DomainError {
      #expect(error.description.contains("'severe' is not a risk override"), "\(error.description)")
      #expect(error.description.contains("low, medium, high"))
    }
    #expect(try a.store.conflicts().count == 1)
    #expect(try a.value("family", family, "risk_override") != .text("severe"))
    try a.store.resolveConflict(conflict.id, value: .text("high"), as: worker)
    try syncAll([a, b])
    #expect(try b.value("family", family, "risk_override") == .text("high"))
    #expect(try b.store.conflicts().isEmpty)
  }

  private func setPerson(_ t: Terminal, _ id: String, _ fields: [String: FieldValue]) throws {
    try t.store.write(as: worker) { tx in _ = try tx.update(.person, id: id, fields) }
  }

  private func reference(_ t: Terminal, _ family: String) throws -> String {
    try t.store.read { db in
      try String.fetchOne(db, sql: "SELECT reference FROM family WHERE id = ?", arguments: [family]) ?? ""
    }
  }

  private func escalationID(_ t: Terminal, _ reference: String) throws -> String {
    try t.store.read { db in
      try String.fetchOne(db, sql: "SELECT id FROM escalation WHERE reference = ?", arguments: [reference])
        ?? ""
    }
  }
}
