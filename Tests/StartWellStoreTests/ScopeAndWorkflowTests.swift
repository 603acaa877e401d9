import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore

@Suite("Hub scope on audit and conflicts, and escalation step-downs")
struct ScopeAndWorkflowTests {
  /// Copies every operation `from` has queued into `to`, as a sync would.
  func deliver(_ from: Store, to: Store) throws {
    // Each marked with its verified signer, as a pull marks it.
    let ops = try from.read { db in
      try Outbox.vouched(
        db, Row.fetchAll(db, sql: "SELECT * FROM outbox WHERE batch IS NULL ORDER BY seq"),
        deviceKey: from.deviceIdentity.publicKey)
    }
    _ = try to.applyRemoteBatch { try to.applyRemote(ops, in: $0) }
    // As a sync does: the receiver's next edit comes after what it received.
    if let latest = ops.map(\.clock).max() { _ = to.receive(clock: latest) }
  }

  @Test func aCaseLevelConflictIsSettledOnlyByASupervisorOfTheFamilysHub() throws {
    let a = try StoreFixture()
    let family = try a.family()
    let b = try Store.inMemory(config: StoreFixture.config, now: { StoreFixture.fixedNow })
    if let root = try a.store.root() { try b.adoptRoot(user: root.user, key: root.key) }
    for user in [a.supervisor, a.practitioner, a.otherHubPractitioner, a.admin] {
      if let key = a.store.identity(for: user.id) { b.unlock(user.id, key) }
    }
    try deliver(a.store, to: b)
    let caseID = try #require(
      try a.store.openFamily(id: family.meta.id, as: a.practitioner).openCase?.meta.id)
    try a.store.write(as: a.supervisor) {
      try $0.update(.caseRecord, id: caseID, ["level": .text("targeted")])
    }
    try b.write(as: a.supervisor) { try $0.update(.caseRecord, id: caseID, ["level": .text("specialist")]) }
    try deliver(b, to: a.store)
    let conflict = try #require(try a.store.conflicts().first)
    #expect(conflict.field == "level")

    #expect(try a.store.conflicts(visibleTo: a.practitioner).map(\.id) == [conflict.id])
    #expect(try a.store.conflicts(visibleTo: a.otherHubPractitioner).isEmpty)
    #expect(throws: DomainError.self) {
      try a.store.resolveConflict(conflict.id, value: .text("universal"), as: a.practitioner)
    }
    #expect(throws: DomainError.self) {
      try a.store.resolveConflict(conflict.id, value: .text("universal"), as: a.otherHubPractitioner)
    }
    #expect(try a.store.conflicts().count == 1)
    try a.store.resolveConflict(conflict.id, value: .text("targeted"), as: a.supervisor)
    #expect(try a.store.conflicts().isEmpty)
  }

  @Test func anotherHubsAuditNeedsAReasonAndTheAllEventsLogIsScoped() throws {
    let f = try StoreFixture()
    let north = try f.family(name: "Northern")
    let southSupervisor = try f.store.addUser(
      username: "sue", displayName: "Sue South", role: .supervisor, hubs: ["south"], password: "pw",
      as: f.admin,
      checkPolicy: false)
    #expect(throws: DomainError.self) {
      try f.store.auditEvents(familyReference: north.reference, as: southSupervisor)
    }
    let scoped = try f.store.auditEvents(as: southSupervisor)
    #expect(!scoped.contains { $0.familyID == north.meta.id })
    let read = try f.store.auditEvents(
      familyReference: north.reference, reason: "safeguarding review of the family", as: southSupervisor)
    #expect(read.last?.action == "break-glass")
    #expect(read.last?.detail.contains("safeguarding review") == true)
    #expect(throws: DomainError.self) { try f.store.auditEvents(as: f.practitioner) }
  }

  @Test func steppingDownOnlyMovesTheCaseForAnAcceptedStepUp() throws {
    let f = try StoreFixture()
    let family = try f.family()
    let small = try f.store.escalate(
      familyID: family.meta.id, EscalationDraft(toLevel: .earlyHelp, reason: "a", urgency: .routine),
      as: f.practitioner)
    let big = try f.store.escalate(
      familyID: family.meta.id, EscalationDraft(toLevel: .targeted, reason: "b", urgency: .urgent),
      as: f.practitioner)
    for e in [small, big] {
      try f.store.decide(escalation: e.reference, .acknowledge, note: "seen", as: f.supervisor)
    }
    try f.store.decide(escalation: big.reference, .accept, note: "agreed", as: f.supervisor)
    // Never accepted: the decision is recorded, the targeted case stays targeted.
    try f.store.decide(escalation: small.reference, .stepDown, note: "not needed", as: f.supervisor)
    var detail = try f.store.openFamily(id: family.meta.id, as: f.practitioner)
    #expect(detail.openCase?.level == .targeted)
    #expect(detail.escalations.first { $0.reference == small.reference }?.status == .steppedDown)
    #expect(detail.chronology.contains { $0.title.contains("acknowledged") && $0.detail == "seen" })
    try f.store.decide(escalation: big.reference, .stepDown, note: "improved", as: f.supervisor)
    detail = try f.store.openFamily(id: family.meta.id, as: f.practitioner)
    #expect(detail.openCase?.level == .universal)
  }

  @Test func anAbsurdWaitingThresholdIsNotACrash() throws {
    let f = try StoreFixture()
    _ = try f.family()
    #expect(try f.store.referrals(waitingOverWeeks: Int.max, for: f.practitioner).isEmpty)
  }
}
