import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore

/// Taking in notifications and triaging them, in one store.
@Suite("Intake: take in and triage")
struct IntakeTests {
  static func domesticAbuse(
    given: String = "Amara", family: String = "Okafor", dob: String = "2023-05-04", ref: String = "WY-1234"
  ) -> NotificationDraft {
    NotificationDraft(
      kind: .domesticAbuse, givenName: given, familyName: family, dateOfBirth: dob, postcode: "LS6 2AB",
      details: [
        "setting": "Moorside Nursery", "incident-date": "2026-02-28", "police-ref": ref,
        "category": "child-present",
      ])
  }

  /// A fixture with the Okafor family holding Amara, born 2023-05-04.
  static func withChild() throws -> (StoreFixture, Family, Person) {
    let f = try StoreFixture()
    let family = try f.family()
    let child = try f.store.addPerson(
      familyReference: family.reference,
      PersonDraft(givenName: "Amara", familyName: "Okafor", dateOfBirth: "2023-05-04", relationship: .child),
      as: f.practitioner)
    return (f, family, child)
  }

  @Test("taking in the same notification twice holds it once")
  func takenInOnce() throws {
    let f = try StoreFixture()
    let first = try f.store.takeIn(Self.domesticAbuse(), as: f.supervisor)
    let again = try f.store.takeIn(Self.domesticAbuse(), as: f.supervisor)
    #expect(!first.alreadyHeld)
    #expect(again.alreadyHeld)
    #expect(again.notification.id == first.notification.id)
    #expect(try f.count("notification") == 1)
    #expect(first.notification.details["police-ref"] == .text("WY-1234"))
  }

  @Test("a practitioner neither takes in nor sees domestic abuse notifications (intake.json)")
  func visibility() throws {
    let f = try StoreFixture()
    #expect(throws: DomainError.self) { try f.store.takeIn(Self.domesticAbuse(), as: f.practitioner) }
    let n = try f.store.takeIn(Self.domesticAbuse(), as: f.supervisor).notification
    #expect(try f.store.notifications(as: f.practitioner).isEmpty)
    #expect(throws: DomainError.self) { try f.store.notification(n.reference, as: f.practitioner) }
    #expect(try f.store.notifications(as: f.supervisor).map(\.notification.id) == [n.id])
  }

  @Test("bad fields are all named, and nothing is written")
  func badFields() throws {
    let f = try StoreFixture()
    var draft = Self.domesticAbuse(dob: "2023-13-40")
    draft.details["category"] = "shouting"
    draft.details.removeValue(forKey: "police-ref")
    draft.nhsNumber = "123"
    do {
      _ = try f.store.takeIn(draft, as: f.supervisor)
      Issue.record("accepted a bad notification")
    } catch let error as DomainError {
      #expect(Set(error.issues.map(\.field)) == ["dob", "category", "police-ref", "nhs"])
    }
    #expect(try f.count("notification") == 0)
  }

  @Test("triage attaches to a person, lands on their family, and is not triaged twice")
  func attach() throws {
    let (f, family, child) = try Self.withChild()
    let n = try f.store.takeIn(Self.domesticAbuse(), as: f.supervisor).notification
    let triaged = try f.store.triage(n.reference, .attach(personReference: child.reference), as: f.supervisor)
    #expect(triaged.triage == TriageDecision(.attached, target: child.meta.id))
    #expect(triaged.personID == child.meta.id)
    #expect(triaged.familyID == family.meta.id)
    #expect(triaged.triagedBy == f.supervisor.id)
    #expect(try f.store.notifications(.untriaged, as: f.supervisor).isEmpty)
    #expect(throws: DomainError.self) {
      try f.store.triage(n.reference, .notOurs(reason: "out of area"), as: f.supervisor)
    }
  }

  @Test("a new family over a likely match needs a confirmation")
  func newFamilyOverMatch() throws {
    let (f, _, _) = try Self.withChild()
    let n = try f.store.takeIn(Self.domesticAbuse(), as: f.supervisor).notification
    let families = try f.count("family")
    do {
      try f.store.triage(n.reference, .newFamily(sdfID: nil), as: f.supervisor)
      Issue.record("made a new family over a likely match")
    } catch let error as DomainError {
      #expect(error.issues.first?.field == "confirm")
    }
    #expect(try f.count("family") == families)
    let made = try f.store.triage(
      n.reference, .newFamily(sdfID: nil), confirmNewFamily: true, as: f.supervisor)
    #expect(try f.count("family") == families + 1)
    #expect(made.triage?.outcome == .newFamily)
    #expect(made.familyID != nil)
  }

  @Test("not for us needs a reason, which is kept")
  func notOurs() throws {
    let f = try StoreFixture()
    let n = try f.store.takeIn(Self.domesticAbuse(), as: f.supervisor).notification
    #expect(throws: DomainError.self) {
      try f.store.triage(n.reference, .notOurs(reason: " "), as: f.supervisor)
    }
    let t = try f.store.triage(n.reference, .notOurs(reason: "out of area"), as: f.supervisor)
    #expect(t.triage == TriageDecision(.notOurs, target: nil))
    #expect(t.triageNote == "out of area")
    #expect(t.familyID == nil)
  }

  @Test("the queue is oldest first, with each one's due day in working days")
  func queue() throws {
    // 2026-03-06 is a Friday: a domestic abuse notification is due on Monday.
    let clock = MovableClock(Date(timeIntervalSince1970: 1_772_791_200))
    let f = try StoreFixture(clock: { clock.now })
    let first = try f.store.takeIn(Self.domesticAbuse(ref: "A"), as: f.supervisor).notification
    clock.advance(days: 1)
    _ = try f.store.takeIn(Self.domesticAbuse(ref: "B"), as: f.supervisor)
    let queue = try f.store.notifications(.untriaged, as: f.supervisor)
    #expect(queue.map(\.notification.id).first == first.id)
    #expect(queue[0].due == LocalDate("2026-03-09"))
    #expect(!queue[0].overdue)
    clock.advance(days: 2)
    #expect(try !f.store.notifications(.untriaged, as: f.supervisor)[0].overdue)
    clock.advance(days: 1)
    #expect(try f.store.notifications(.untriaged, as: f.supervisor)[0].overdue)
  }
}
