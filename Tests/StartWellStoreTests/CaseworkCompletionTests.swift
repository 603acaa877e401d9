import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore

/// Finishing the work: follow-ups done, cases closed and reopened, leads
/// and reviews changed, contacts marked as entered in error.
@Suite("Casework: finishing the work")
struct CaseworkCompletionTests {
  /// The fixture's today is 2026-03-02.
  static let today = LocalDate("2026-03-02")!

  private func contact(_ f: StoreFixture, _ family: Family, followUp offset: Int?) throws -> Contact {
    try f.store.logContact(
      familyID: family.meta.id,
      ContactDraft(
        // A follow-up already overdue belongs to a contact from before it.
        type: "phone", at: StoreFixture.fixedNow.addingTimeInterval(-10 * 86_400), summary: "Rang mum",
        followUp: offset.map { Self.today.adding(days: $0) }),
      as: f.practitioner)
  }

  @Test func aFollowUpIsListedUntilDoneAndDoneIsFinalAndAudited() throws {
    let f = try StoreFixture()
    let family = try f.family()
    let late = try contact(f, family, followUp: -3)
    let soon = try contact(f, family, followUp: 4)
    _ = try contact(f, family, followUp: nil)
    #expect(try f.store.followUps(for: f.practitioner).map(\.contactID) == [late.meta.id, soon.meta.id])
    #expect(try f.store.followUps(overdue: true, for: f.practitioner).map(\.contactID) == [late.meta.id])
    #expect(try f.store.followUps(for: f.otherHubPractitioner).isEmpty)

    let done = try f.store.completeFollowUp(
      contactID: ShortID.of(late.meta.id), note: "Spoke to mum", as: f.practitioner)
    #expect(done.done && done.note == "Spoke to mum" && done.doneByUsername == "pat")
    #expect(try f.store.followUps(for: f.practitioner).map(\.contactID) == [soon.meta.id])
    #expect(throws: DomainError.self) {
      try f.store.completeFollowUp(contactID: late.meta.id, as: f.practitioner)
    }
    #expect(throws: DomainError.self) {
      try f.store.completeFollowUp(contactID: soon.meta.id, as: f.otherHubPractitioner)
    }
    let events = try f.store.auditEvents(familyReference: family.reference, as: f.supervisor)
    #expect(events.contains { $0.action == "follow-up-done" && $0.recordID == late.meta.id })
    // The home screen's due list no longer carries it.
    let home = try f.store.homeSummary(for: f.practitioner)
    #expect(!home.due.contains { $0.text.contains("Rang mum") && $0.due == Self.today.adding(days: -3) })
  }

  @Test func aContactEnteredInErrorStaysInTheHistoryAndCountsNowhere() throws {
    let f = try StoreFixture()
    let family = try f.family()
    let wrong = try contact(f, family, followUp: 2)
    #expect(throws: DomainError.self) {
      try f.store.markContactInError(contactID: wrong.meta.id, reason: "x", as: f.practitioner)
    }
    try f.store.markContactInError(
      contactID: wrong.meta.id, reason: "logged against the wrong family", as: f.practitioner)
    let detail = try f.store.openFamily(id: family.meta.id, as: f.practitioner)
    let entry = try #require(detail.chronology.first { $0.recordID == wrong.meta.id })
    #expect(entry.title.hasPrefix("[entered in error]"))
    #expect(entry.detail.contains("logged against the wrong family"))
    #expect(entry.title.contains("Rang mum"))
    #expect(detail.openFollowUps.isEmpty)
    #expect(try f.store.followUps(for: f.practitioner).isEmpty)
    let lastContact = try f.store.read {
      try Int.fetchOne(
        $0, sql: "SELECT last_contact_day FROM family WHERE id = ?", arguments: [family.meta.id])
    }
    #expect(lastContact == nil)
    #expect(throws: DomainError.self) {
      try f.store.markContactInError(
        contactID: wrong.meta.id, reason: "marked a second time", as: f.practitioner)
    }
  }

  @Test("the store's today is the terminal's day: a case closed at 05:32 in Tokyo closes on that day")
  func datesFollowTheTerminalsZone() throws {
    // 2026-12-06 20:32 UTC is 2026-12-07 05:32 in Tokyo.
    let now = try #require(Timestamp.parse("2026-12-06T20:32:00.000Z"))
    let f = try StoreFixture(now: now, zone: DisplayZone(try #require(TimeZone(identifier: "Asia/Tokyo"))))
    let family = try f.family()
    let closed = try f.store.closeCase(
      familyReference: family.reference, reason: "needs met, family moving on", as: f.practitioner)
    #expect(closed.closedOn?.description == "2026-12-07")
    // A child born "today" there is not in the future.
    let expected = try f.store.addPerson(
      familyReference: family.reference,
      PersonDraft(
        givenName: "Baby", familyName: "Okafor", dateOfBirth: "2026-12-20", expected: true,
        relationship: .child),
      as: f.practitioner)
    let born = try f.store.personBorn(
      reference: expected.reference, dateOfBirth: "2026-12-07", as: f.practitioner)
    #expect(born.dateOfBirth.description == "2026-12-07")
  }

  @Test func aCaseClosesWithAReasonReopensAndKeepsOneOpenCase() throws {
    let f = try StoreFixture()
    let family = try f.family()
    #expect(throws: DomainError.self) {
      try f.store.closeCase(familyReference: family.reference, reason: "done", as: f.practitioner)
    }
    let closed = try f.store.closeCase(
      familyReference: family.reference, reason: "needs met, family moving on", as: f.practitioner)
    #expect(closed.status == .closed && closed.closedOn == Self.today)
    #expect(closed.closureReason == "needs met, family moving on")
    #expect(throws: DomainError.self) {
      try f.store.closeCase(familyReference: family.reference, reason: "closing it twice", as: f.practitioner)
    }
    let reopened = try f.store.reopenCase(
      familyReference: family.reference, reason: "new concern from nursery", as: f.practitioner)
    #expect(reopened.meta.id == closed.meta.id && reopened.status == .open && reopened.closedOn == nil)
    #expect(throws: DomainError.self) {
      try f.store.reopenCase(
        familyReference: family.reference, reason: "reopening it twice", as: f.practitioner)
    }
    let actions = try f.store.auditEvents(familyReference: family.reference, as: f.supervisor).map(\.action)
    #expect(actions.contains("case-close") && actions.contains("case-reopen"))
  }

  @Test func aCaseWithAnUndecidedEscalationStaysOpenAndASecondOneForTheSameStepIsRefused() throws {
    let f = try StoreFixture()
    let family = try f.family()
    let first = try f.store.escalate(
      familyReference: family.reference,
      EscalationDraft(toLevel: .targeted, reason: "Missed three appointments", urgency: .routine),
      as: f.practitioner)
    #expect {
      try f.store.escalate(
        familyReference: family.reference,
        EscalationDraft(toLevel: .targeted, reason: "Same worry again", urgency: .urgent), as: f.practitioner)
    } throws: { error in
      (error as? DomainError)?.description.contains(first.reference) ?? false
    }
    #expect {
      try f.store.closeCase(familyReference: family.reference, reason: "no longer needed", as: f.practitioner)
    } throws: { error in
      (error as? DomainError)?.description.contains(first.reference) ?? false
    }
  }

  @Test func theLeadGoesOnlyToAnActiveColleagueOfTheHubAndTheReviewIsTodayOrLater() throws {
    let f = try StoreFixture()
    let family = try f.family()
    #expect(throws: DomainError.self) {
      try f.store.setCaseLead(familyReference: family.reference, to: "olu", as: f.practitioner)
    }
    #expect(throws: DomainError.self) {
      try f.store.setCaseLead(familyReference: family.reference, to: "admin", as: f.practitioner)
    }
    #expect(throws: DomainError.self) {
      try f.store.setCaseLead(familyReference: family.reference, to: "pat", as: f.practitioner)
    }
    let led = try f.store.setCaseLead(familyReference: family.reference, to: "sam", as: f.practitioner)
    #expect(led.leadUserID == f.supervisor.id)
    let events = try f.store.auditEvents(familyReference: family.reference, as: f.supervisor)
    #expect(events.contains { $0.action == "case-lead" && $0.detail.contains("from pat to sam") })

    #expect(throws: DomainError.self) {
      try f.store.setCaseReview(familyReference: family.reference, on: "2026-03-01", as: f.practitioner)
    }
    #expect(throws: DomainError.self) {
      try f.store.setCaseReview(familyReference: family.reference, on: "next week", as: f.practitioner)
    }
    let reviewed = try f.store.setCaseReview(
      familyReference: family.reference, on: "2026-04-01", as: f.practitioner)
    #expect(reviewed.nextReview == LocalDate("2026-04-01"))
  }

  @Test func aFamilyIsEditedAndMovedByTheRulesOfANewFamily() throws {
    let f = try StoreFixture()
    let family = try f.family()
    #expect(throws: DomainError.self) {
      try f.store.editFamily(familyReference: family.reference, postcode: "NOT A CODE", as: f.practitioner)
    }
    #expect(throws: DomainError.self) {
      try f.store.editFamily(familyReference: family.reference, sdf: "south-riverside", as: f.practitioner)
    }
    let edited = try f.store.editFamily(
      familyReference: family.reference, address: "Flat 2, 10 Queen St", postcode: "ls6 2ab",
      sdf: "north-moorside", as: f.practitioner)
    #expect(edited.address == "Flat 2, 10 Queen St" && edited.postcode == "LS6 2AB")
    #expect(edited.sdfID == "north-moorside")

    #expect(throws: DomainError.self) {
      try f.store.moveFamily(
        familyReference: family.reference, toHub: "nowhere", reason: "moved house", as: f.practitioner)
    }
    let moved = try f.store.moveFamily(
      familyReference: family.reference, toHub: "south", sdf: "south-riverside", reason: "moved to Riverside",
      as: f.practitioner)
    #expect(moved.hubID == "south" && moved.sdfID == "south-riverside")
    // The lead works in north only, so the case waits for the receiving hub, flagged for its huddle.
    #expect(moved.leadUserID == nil)
    let openCase = try #require(
      try f.store.openFamily(id: family.meta.id, as: f.otherHubPractitioner).openCase)
    #expect(openCase.flaggedForHuddle && openCase.leadUserID == nil)
    #expect(throws: DomainError.self) {
      try f.store.editFamily(familyReference: family.reference, address: "Back again", as: f.practitioner)
    }
    let shared = try f.store.read {
      try String.fetchAll($0, sql: "SELECT hub_id FROM audit_event WHERE action = 'family-move'")
    }
    #expect(shared == ["south"])
  }

  @Test func aPersonIsEditedByTheRulesOfANewPersonAndAnExpectedChildIsBorn() throws {
    let f = try StoreFixture()
    let family = try f.family()
    let mum = try f.store.addPerson(
      familyReference: family.reference,
      PersonDraft(givenName: "Ada", familyName: "Okafor", dateOfBirth: "1994-05-01", relationship: .mother),
      as: f.practitioner)
    let baby = try f.store.addPerson(
      familyReference: family.reference,
      PersonDraft(
        givenName: "Baby", familyName: "Okafor", dateOfBirth: "2026-03-20", expected: true,
        relationship: .child),
      as: f.practitioner)
    #expect {
      try f.store.editPerson(
        reference: mum.reference, PersonChanges(dateOfBirth: "2030-01-01"), as: f.practitioner)
    } throws: { error in
      let text = (error as? DomainError)?.description ?? ""
      return text.contains("in the future") && !text.contains("--")
    }
    let edited = try f.store.editPerson(
      reference: mum.reference,
      PersonChanges(firstLanguage: "Yoruba", interpreterNeeded: true, sendStatus: true, ehcp: true),
      as: f.practitioner)
    #expect(edited.sendStatus && edited.ehcp && edited.interpreterNeeded && edited.firstLanguage == "Yoruba")
    #expect(throws: DomainError.self) {
      try f.store.personBorn(reference: mum.reference, dateOfBirth: "2026-03-01", as: f.practitioner)
    }
    #expect(throws: DomainError.self) {
      try f.store.personBorn(reference: baby.reference, dateOfBirth: "2026-03-05", as: f.practitioner)
    }
    let born = try f.store.personBorn(
      reference: baby.reference, dateOfBirth: "2026-03-01", sex: .female, as: f.practitioner)
    #expect(!born.expected && born.dateOfBirth == LocalDate("2026-03-01") && born.sex == .female)
  }

  @Test func theQueueListsWaitingWorkByUrgencyUnacknowledgedFirstThenAge() throws {
    let f = try StoreFixture()
    func raise(_ name: String, _ urgency: Urgency) throws -> Escalation {
      let family = try f.family(name: name)
      return try f.store.escalate(
        familyReference: family.reference,
        EscalationDraft(toLevel: .earlyHelp, reason: "Worry about \(name)", urgency: urgency),
        as: f.practitioner)
    }
    let routineOld = try raise("Ash", .routine)
    let urgentAcked = try raise("Birch", .urgent)
    let urgentRaised = try raise("Cedar", .urgent)
    let accepted = try raise("Damson", .immediate)
    let routineNew = try raise("Elm", .routine)
    _ = try f.store.decide(escalation: urgentAcked.reference, .acknowledge, note: nil, as: f.supervisor)
    _ = try f.store.decide(escalation: accepted.reference, .acknowledge, note: nil, as: f.supervisor)
    _ = try f.store.decide(escalation: accepted.reference, .accept, note: "agreed", as: f.supervisor)
    let queue = try f.store.escalations(status: [.raised, .acknowledged, .accepted], for: f.supervisor)
    // The fixture's clock stands still, so the two routine ones tie on age.
    let order = queue.map(\.escalation.reference)
    #expect(Array(order.prefix(2)) == [urgentRaised.reference, urgentAcked.reference])
    #expect(Set(order[2..<4]) == [routineOld.reference, routineNew.reference])
    #expect(order.last == accepted.reference)
    #expect(queue.filter(\.awaitsDecision).count == 4)
  }
}
