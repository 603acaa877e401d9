import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore

/// The intake's rules of the net: a two-year offer not taken up, and
/// antenatal and domestic abuse notifications with no contact since.
extension NetTests {
  private var today: LocalDate { Self.today }

  /// A family with a child born 2024-01-10 and a mother, last contacted five days ago.
  private func household(_ f: StoreFixture, _ name: String) throws -> (
    family: Family, child: Person, mum: Person
  ) {
    let family = try f.family(name: name)
    let child = try f.store.addPerson(
      familyReference: family.reference,
      PersonDraft(givenName: "Kit", familyName: name, dateOfBirth: "2024-01-10", relationship: .child),
      as: f.practitioner)
    let mum = try f.store.addPerson(
      familyReference: family.reference,
      PersonDraft(givenName: "Sara", familyName: name, dateOfBirth: "1995-04-05", relationship: .mother),
      as: f.practitioner)
    try f.store.logContact(
      familyID: family.meta.id,
      ContactDraft(
        type: "phone", at: today.adding(days: -5).startOfDay.addingTimeInterval(36_000), summary: "Rang"),
      as: f.practitioner)
    return (family, child, mum)
  }

  private func triaged(_ f: StoreFixture, _ draft: NotificationDraft, onto person: Person) throws
    -> StartWellStore.Notification
  {
    let n = try f.store.takeIn(draft, as: f.supervisor).notification
    return try f.store.triage(n.reference, .attach(personReference: person.reference), as: f.supervisor)
  }

  /// The rule's rows for the whole hub, checked against the same read
  /// narrowed to one SDF (the agenda's), which reaches the family index by
  /// another range.
  private func rows(_ f: StoreFixture, _ rule: String) throws -> [NetRow] {
    try f.rawWrite("UPDATE family SET sdf_id = 'north-moorside'")
    let hub = try f.store.net(for: f.supervisor, rules: [rule])
    let sdf = try f.store.net(for: f.supervisor, hub: "north", sdf: "north-moorside", rules: [rule])
    #expect(sdf == hub)
    return hub
  }

  @Test func twoYearOfferNotTakenListsAChildWhoseLatestListedTermWasNotTakenUp() throws {
    let f = try StoreFixture()
    var children: [String: Person] = [:]
    let offers: [String: [(String, Bool)]] = [
      "Waiting": [("2025-autumn", false)],
      "Later": [("2025-autumn", false), ("2026-spring", true)],
      // Autumn 2026 comes after summer 2026, though its name sorts first.
      "Autumn": [("2026-summer", false), ("2026-autumn", true)],
      "Taken": [("2025-autumn", true)],
    ]
    for (name, terms) in offers {
      let (family, child, _) = try household(f, name)
      children[name] = child
      for (term, taken) in terms {
        try f.store.write(as: f.practitioner) { tx in
          try tx.recordTwoYearOffer(
            personID: child.meta.id, familyID: family.meta.id, term: term,
            [
              "eligible": .of(true), "code": .text("TY1"), "listed_on": .of(LocalDate("2025-08-20")),
              "taken_up": .of(taken),
            ])
        }
      }
    }
    let found = try rows(f, "two-year-offer-not-taken")
    #expect(found.map(\.childID) == [children["Waiting"]!.meta.id])
    let days = LocalDate("2025-08-20")!.days(until: today)
    #expect(
      found.first?.reasons.first?.facts
        == "eligible for a funded two-year place in 2025-autumn (code TY1), listed 2025-08-20, \(days) days ago; not taken up"
    )
  }

  @Test func anAntenatalNotificationWithNoContactSinceItsTriageListsTheFamilysChildren() throws {
    let f = try StoreFixture()
    let (family, child, mum) = try household(f, "Expecting")
    func antenatal(edd: String) -> NotificationDraft {
      NotificationDraft(
        kind: .antenatal, givenName: "Sara", familyName: family.name, dateOfBirth: "1995-04-05",
        details: ["edd": edd, "criteria": "teenage-parent", "midwife": "Jo Clarke"])
    }
    let n = try triaged(f, antenatal(edd: "2026-06-01"), onto: mum)
    // Delivered long enough ago that it is no longer current: 2025-11-01 + 84 days has passed.
    let (_, _, pastMum) = try household(f, "Delivered")
    _ = try triaged(f, antenatal(edd: "2025-11-01"), onto: pastMum)
    let found = try rows(f, "antenatal-no-contact")
    #expect(found.map(\.childID) == [child.meta.id])
    #expect(
      found.first?.reasons.first?.facts
        == "antenatal notification \(n.reference) from midwife Jo Clarke, expected 2026-06-01; triaged \(today), 0 days ago, no contact since"
    )
    // A contact on the day of the triage takes the family out.
    try f.store.logContact(
      familyID: family.meta.id, ContactDraft(type: "home-visit", at: f.store.now(), summary: "Visit"),
      as: f.practitioner)
    #expect(try rows(f, "antenatal-no-contact").isEmpty)
  }

  @Test func aDomesticAbuseNotificationWithNoContactSinceCountsWhileItIsCurrent() throws {
    let f = try StoreFixture()
    func abuse(_ child: Person, incident: String, ref: String) -> NotificationDraft {
      NotificationDraft(
        kind: .domesticAbuse, givenName: child.givenName, familyName: child.familyName,
        dateOfBirth: child.dateOfBirth.description,
        details: [
          "setting": "Moorside Nursery", "incident-date": incident, "police-ref": ref,
          "category": "child-present",
        ])
    }
    let (family, child, _) = try household(f, "Recent")
    let n = try triaged(f, abuse(child, incident: "2026-02-28", ref: "WY-1"), onto: child)
    // An incident more than 90 days ago no longer counts.
    let (_, oldChild, _) = try household(f, "Old")
    _ = try triaged(f, abuse(oldChild, incident: "2025-11-01", ref: "WY-2"), onto: oldChild)
    let found = try rows(f, "domestic-abuse-no-contact")
    #expect(found.map(\.childID) == [child.meta.id])
    #expect(
      found.first?.reasons.first?.facts
        == "domestic abuse notification \(n.reference) (police reference WY-1), incident 2026-02-28; triaged \(today), 0 days ago, no contact since"
    )
    // A practitioner, who does not see domestic abuse notifications, reads
    // that the rule holds for the child, not the notification.
    let practitioners = try f.store.net(for: f.practitioner, rules: ["domestic-abuse-no-contact"])
    #expect(practitioners.map(\.childID) == [child.meta.id])
    let withheld = practitioners.first?.reasons.first?.facts ?? ""
    #expect(withheld.hasPrefix("a domestic abuse notification (its details are seen by"))
    #expect(withheld.hasSuffix("no contact since it was triaged"))
    #expect(!withheld.contains(n.reference) && !withheld.contains("WY-1") && !withheld.contains("2026-02-28"))
    // The whole net lists it with the family's other reasons, and a mark holds on it.
    let whole = try f.store.net(for: f.supervisor)
    #expect(
      whole.first { $0.childID == child.meta.id }?.reasons.map(\.rule).contains("domestic-abuse-no-contact")
        == true)
    let marked = try f.store.markNet(
      child: child.reference, rule: "domestic-abuse-no-contact", note: "Call booked", as: f.supervisor)
    #expect(marked.mark?.note == "Call booked")
    let markedForPractitioner = try f.store.net(for: f.practitioner, rules: ["domestic-abuse-no-contact"])
    #expect(markedForPractitioner.first?.reasons.first?.mark?.note == "Call booked")
    try f.store.logContact(
      familyID: family.meta.id, ContactDraft(type: "phone", at: f.store.now(), summary: "Called"),
      as: f.practitioner)
    #expect(try rows(f, "domestic-abuse-no-contact").isEmpty)
  }

  @Test func aNotificationTriagedAfterTheLastContactCountsThoughAnEarlierOneWasFollowedUp() throws {
    let f = try StoreFixture()
    func abuse(_ child: Person, ref: String) -> NotificationDraft {
      NotificationDraft(
        kind: .domesticAbuse, givenName: child.givenName, familyName: child.familyName,
        dateOfBirth: child.dateOfBirth.description,
        details: [
          "setting": "Moorside Nursery", "incident-date": "2026-02-10", "police-ref": ref,
          "category": "child-present",
        ])
    }
    // Last contact five days ago: the first notification was triaged before it.
    let (_, child, _) = try household(f, "Twice")
    let earlier = try triaged(f, abuse(child, ref: "WY-10"), onto: child)
    try f.rawWrite(
      "UPDATE notification SET triaged_at = ? WHERE id = ?",
      [Timestamp.format(today.adding(days: -9).startOfDay), earlier.id])
    #expect(try rows(f, "domestic-abuse-no-contact").isEmpty)
    let later = try triaged(f, abuse(child, ref: "WY-11"), onto: child)
    let found = try rows(f, "domestic-abuse-no-contact")
    #expect(found.map(\.childID) == [child.meta.id])
    #expect(found.first?.reasons.count == 1)
    #expect(found.first?.reasons.first?.facts.contains(later.reference) == true)
  }

  @Test func aPlaceTakenUpTakesTheChildOutOfTheNet() throws {
    let f = try StoreFixture()
    let (family, child, _) = try household(f, "Placed")
    func offer(taken: Bool) throws {
      try f.store.write(as: f.practitioner) { tx in
        try tx.recordTwoYearOffer(
          personID: child.meta.id, familyID: family.meta.id, term: "2025-autumn",
          [
            "eligible": .of(true), "code": .text("TY2"), "listed_on": .of(LocalDate("2025-08-20")),
            "taken_up": .of(taken),
          ])
      }
    }
    try offer(taken: false)
    #expect(try rows(f, "two-year-offer-not-taken").map(\.childID) == [child.meta.id])
    try offer(taken: true)
    #expect(try rows(f, "two-year-offer-not-taken").isEmpty)
    let waiting = try f.store.read {
      try Int.fetchOne(
        $0, sql: "SELECT two_year_waiting FROM family WHERE id = ?", arguments: [family.meta.id])
    }
    #expect(waiting == 0)
  }
}
