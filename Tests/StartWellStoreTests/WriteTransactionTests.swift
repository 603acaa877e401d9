import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore

@Suite("Every write is one transaction with its outbox and audit")
struct WriteTransactionTests {
  @Test func addingAFamilyQueuesOneOperationPerField() throws {
    let f = try StoreFixture()
    let before = try f.counts()
    let family = try f.family()
    let after = try f.counts()
    #expect(after["family"]! == before["family"]! + 1)
    #expect(after["cases"]! == before["cases"]! + 1)
    // Every synced field of the family and of its new case, exactly once.
    let expected = Entity.family.fields.count + Entity.caseRecord.fields.count
    #expect(after["outbox"]! - before["outbox"]! == expected)
    let perField = try f.store.read {
      try Row.fetchAll(
        $0, sql: "SELECT field, COUNT(*) AS n FROM outbox WHERE record_id = ? GROUP BY field",
        arguments: [family.meta.id])
    }
    #expect(perField.count == Entity.family.fields.count)
    #expect(perField.allSatisfy { $0["n"] as Int == 1 })
    #expect(after["audit"]! == before["audit"]! + 1)
  }

  @Test func anUpdateQueuesOnlyTheChangedFields() throws {
    let f = try StoreFixture()
    let family = try f.family()
    let before = try f.count("outbox")
    try f.store.write(as: f.practitioner) { tx in
      try tx.update(
        .family, id: family.meta.id, ["name": .text("Okafor-Smith"), "postcode": .text("LS6 2AB")])
    }
    let ops = try f.store.read {
      try String.fetchAll($0, sql: "SELECT field FROM outbox ORDER BY seq DESC LIMIT 2")
    }
    #expect(try f.count("outbox") == before + 2)
    #expect(Set(ops) == ["name", "updated_at"])
  }

  @Test func aFailureMidWriteLeavesNoRowsNoOutboxAndNoAudit() throws {
    let f = try StoreFixture()
    _ = try f.family()
    let before = try f.counts()
    struct Boom: Error {}
    #expect(throws: Boom.self) {
      try f.store.write(as: f.practitioner) { tx in
        try tx.insert(
          .family, id: "half",
          ["reference": .text("F-HALF0000"), "name": .text("Half"), "hub_id": .text("north")])
        try tx.audit("create", entity: .family, recordID: "half", familyID: "half", detail: "half")
        throw Boom()
      }
    }
    #expect(try f.counts() == before)
    #expect(try f.store.familyCount(FamilyQuery(text: "Half"), for: f.practitioner) == 0)
  }

  @Test func aRefusedContactWritesNothing() throws {
    let f = try StoreFixture()
    let family = try f.family()
    let before = try f.counts()
    let draft = ContactDraft(
      type: "home-visit", at: StoreFixture.fixedNow, summary: String(repeating: "x", count: 201))
    #expect(throws: DomainError.self) {
      try f.store.logContact(familyID: family.meta.id, draft, as: f.practitioner)
    }
    #expect(try f.counts() == before)
  }

  @Test func aPractitionerCannotDecideAnEscalation() throws {
    let f = try StoreFixture()
    let family = try f.family()
    let esc = try f.store.escalate(
      familyID: family.meta.id, EscalationDraft(toLevel: .targeted, reason: "worried", urgency: .urgent),
      as: f.practitioner)
    let before = try f.counts()
    #expect(throws: DomainError.self) {
      try f.store.decide(escalation: esc.reference, .acknowledge, note: nil, as: f.practitioner)
    }
    #expect(try f.counts() == before)
  }

  @Test func acceptingAnEscalationStepsTheCaseUpAndAStepDownBringsItBack() throws {
    let f = try StoreFixture()
    let family = try f.family()
    let esc = try f.store.escalate(
      familyID: family.meta.id, EscalationDraft(toLevel: .targeted, reason: "worried", urgency: .urgent),
      as: f.practitioner)
    #expect(throws: DomainError.self) {
      try f.store.decide(escalation: esc.reference, .accept, note: nil, as: f.supervisor)
    }
    try f.store.decide(escalation: esc.reference, .acknowledge, note: nil, as: f.supervisor)
    try f.store.decide(escalation: esc.reference, .accept, note: "agreed", as: f.supervisor)
    var detail = try f.store.openFamily(id: family.meta.id, as: f.practitioner)
    #expect(detail.openCase?.level == .targeted)
    try f.store.decide(escalation: esc.reference, .stepDown, note: "improved", as: f.supervisor)
    detail = try f.store.openFamily(id: family.meta.id, as: f.practitioner)
    #expect(detail.openCase?.level == .universal)
    let titles = detail.chronology.map(\.title)
    #expect(titles.contains { $0.contains("raised") })
    #expect(titles.contains { $0.contains("acknowledged") })
    #expect(titles.contains { $0.contains("stepped down") })
    #expect(detail.chronology.map(\.at) == detail.chronology.map(\.at).sorted())
  }

  @Test func referralsMoveThroughTheirStatusesWithDates() throws {
    let f = try StoreFixture()
    let family = try f.family()
    let child = try f.store.addPerson(
      familyReference: family.reference,
      PersonDraft(givenName: "Ada", familyName: "Okafor", dateOfBirth: "2023-05-01", relationship: .child),
      as: f.practitioner)
    let referral = try f.store.addReferral(
      personReference: child.reference,
      ReferralDraft(service: "slt", reason: "speech", consentRecorded: true),
      as: f.practitioner)
    #expect(throws: DomainError.self) {
      try f.store.updateReferral(referral.reference, to: .seen, as: f.practitioner)
    }
    for status in [ReferralStatus.sent, .accepted, .seen] {
      try f.store.updateReferral(referral.reference, to: status, as: f.practitioner)
    }
    let updated = try f.store.referrals(for: f.practitioner).first!.referral
    #expect(updated.status == .seen)
    #expect(Set(updated.statusDates.keys) == ["draft", "sent", "accepted", "seen"])
  }
}
