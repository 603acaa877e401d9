import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore

/// The intake's factors from the records a person takes in and triages:
/// the same in the families list (SQL from the family's derived columns),
/// its band filter and the family overview.
extension RiskStoreTests {
  /// Takes in a domestic abuse notification about `child` and triages it onto them, as the supervisor.
  @discardableResult
  func abuse(
    _ f: StoreFixture, _ child: Person, ref: String = "WY-1234", incident: String = "2026-02-28"
  ) throws -> StartWellStore.Notification {
    let draft = NotificationDraft(
      kind: .domesticAbuse, givenName: child.givenName, familyName: child.familyName,
      dateOfBirth: child.dateOfBirth.description, postcode: "LS6 2AB",
      details: [
        "setting": "Moorside Nursery", "incident-date": incident, "police-ref": ref,
        "category": "child-present",
      ])
    let n = try f.store.takeIn(draft, as: f.supervisor).notification
    return try f.store.triage(
      n.reference, .attach(personReference: child.reference), note: "Known to the hub", as: f.supervisor)
  }

  /// A mother in `family`, and an antenatal notification about her triaged onto her.
  func antenatal(_ f: StoreFixture, _ family: Family, criteria: String, edd: String = "2026-06-01") throws
    -> (
      Person, StartWellStore.Notification
    )
  {
    let mum = try f.store.addPerson(
      familyReference: family.reference,
      PersonDraft(
        givenName: "Sara", familyName: family.name, dateOfBirth: "1996-02-03", relationship: .mother),
      as: f.practitioner)
    let draft = NotificationDraft(
      kind: .antenatal, givenName: "Sara", familyName: family.name, dateOfBirth: "1996-02-03",
      postcode: "LS6 2AB", details: ["edd": edd, "criteria": criteria, "midwife": "Jo Clarke"])
    let n = try f.store.takeIn(draft, as: f.supervisor).notification
    let triaged = try f.store.triage(n.reference, .attach(personReference: mum.reference), as: f.supervisor)
    return (mum, triaged)
  }

  @Test(
    "a triaged domestic abuse notification raises the family's score with its reason and source, and lapses")
  func domesticAbuseNotification() throws {
    let clock = MovableClock(StoreFixture.fixedNow)
    let f = try StoreFixture(clock: { clock.now })
    let (family, child) = try family(f, "Abuse")
    let draft = NotificationDraft(
      kind: .domesticAbuse, givenName: "Amy", familyName: "Abuse", dateOfBirth: "2023-05-01",
      details: [
        "setting": "Moorside Nursery", "incident-date": "2026-02-28", "police-ref": "WY-1234",
        "category": "child-present",
      ])
    // Waiting for triage, it is nobody's yet.
    let waiting = try f.store.takeIn(draft, as: f.supervisor).notification
    #expect(try listed(f, family) == (0, .low))
    let n = try f.store.triage(
      waiting.reference, .attach(personReference: child.reference), as: f.supervisor)
    #expect(try listed(f, family) == (40, .medium))
    #expect(try inBand(f, .medium).contains(family.meta.id))

    let detail = try f.store.openFamily(reference: family.reference, as: f.supervisor)
    #expect(detail.risk.score == 40)
    let reason = try #require(detail.risk.reasons.first { $0.factorID == "domestic-abuse" })
    let e = try #require(reason.evidence.first)
    #expect(e.recordKind == "notification")
    #expect(e.recordID == n.id)
    #expect(e.recordReference == n.reference)
    #expect(e.member == "Amy Abuse")
    #expect(e.date == LocalDate("2026-02-28"))
    #expect(e.detail.contains("domestic abuse notification \(n.reference)"))
    #expect(e.detail.contains("Police reference: WY-1234"))
    #expect(e.detail.contains("incident 2026-02-28"))

    // A practitioner does not see domestic abuse notifications: it counts,
    // but its reason names neither the notification nor the police.
    let seenByPractitioner = try f.store.openFamily(reference: family.reference, as: f.practitioner)
    #expect(seenByPractitioner.risk.score == 40)
    let withheld = try #require(seenByPractitioner.risk.reasons.first { $0.factorID == "domestic-abuse" })
    #expect(withheld.evidence.allSatisfy { $0.recordReference == nil && $0.recordID == nil })
    #expect(!withheld.detail.contains("WY-1234") && !withheld.detail.contains(n.reference))

    // Counted to the incident + 90 days (2026-05-29), gone the day after, with no edit.
    // A contact keeps the no-contact factor out of the sums.
    clock.advance(days: 80)
    try f.store.logContact(
      familyID: family.meta.id, ContactDraft(type: "phone", at: clock.now, summary: "Call"),
      as: f.practitioner)
    clock.advance(days: 8)
    #expect(f.store.today == LocalDate("2026-05-29"))
    #expect(try listed(f, family) == (40, .medium))
    clock.advance(days: 1)
    #expect(try listed(f, family) == (0, .low))
    #expect(try inBand(f, .low).contains(family.meta.id))
    #expect(try f.store.openFamily(reference: family.reference, as: f.supervisor).risk.reasons.isEmpty)
  }

  @Test(
    "a triaged antenatal notification with a high-risk criterion raises 30 until EDD + 84 days; without one, nothing"
  )
  func antenatalNotification() throws {
    let clock = MovableClock(StoreFixture.fixedNow)
    let f = try StoreFixture(clock: { clock.now })
    let (high, _) = try family(f, "High")
    let (_, n) = try antenatal(f, high, criteria: "homelessness,teenage-parent")
    let (low, _) = try family(f, "Low")
    _ = try antenatal(f, low, criteria: "teenage-parent")
    #expect(try listed(f, high) == (30, .medium))
    #expect(try listed(f, low) == (0, .low))
    let reason = try #require(
      try f.store.openFamily(reference: high.reference, as: f.practitioner).risk.reasons.first)
    #expect(reason.factorID == "antenatal-high-risk")
    let e = try #require(reason.evidence.first)
    #expect(e.recordReference == n.reference)
    #expect(e.member == "Sara High")
    #expect(e.date == LocalDate("2026-06-01"))
    #expect(e.detail.contains("Referring midwife: Jo Clarke"))
    #expect(e.detail.contains("high-risk criteria: Homelessness"))
    #expect(!e.detail.contains("Teenage parent"))
    // EDD 2026-06-01 + 84 days is 2026-08-24: the family row holds that day.
    let until = try f.store.read {
      try Int.fetchOne($0, sql: "SELECT antenatal_until FROM family WHERE id = ?", arguments: [high.meta.id])
    }
    #expect(until == LocalDate("2026-08-24")!.dayNumber)
  }

  @Test(
    "a child eligible and not taking the place up in the latest term listed raises 15; a roll's place clears it"
  )
  func twoYearOfferRecord() throws {
    let f = try StoreFixture()
    let (family, child) = try family(f, "Twos")
    func offer(_ term: String, _ fields: [String: FieldValue]) throws {
      try f.store.write(as: f.practitioner) { tx in
        try tx.recordTwoYearOffer(personID: child.meta.id, familyID: family.meta.id, term: term, fields)
      }
    }
    try offer(
      "2025-autumn", ["eligible": .of(true), "code": .text("TY1"), "listed_on": .of(LocalDate("2025-08-20"))])
    #expect(try listed(f, family) == (15, .low))
    let e = try #require(
      try f.store.openFamily(reference: family.reference, as: f.practitioner).risk.reasons.first?.evidence
        .first)
    #expect(e.recordKind == "two-year-offer")
    #expect(e.recordReference == "2025-autumn")
    #expect(
      e.detail == "Amy Twos: eligible for a funded two-year place in 2025-autumn (code TY1), not taken up")
    // Taken up in that term: nothing.
    try offer("2025-autumn", ["taken_up": .of(true), "setting": .text("Little Acorns")])
    #expect(try listed(f, family) == (0, .low))
    // Listed again in spring 2026 and not taken up: the latest term listed decides.
    try offer("2026-spring", ["eligible": .of(true), "code": .text("TY1")])
    #expect(try listed(f, family) == (15, .low))
  }

  @Test("a disputed triage counts for nothing until a person settles it; a deleted notification never counts")
  func disputedAndDeleted() throws {
    let f = try StoreFixture()
    let (family, child) = try family(f, "Disputed")
    let n = try abuse(f, child)
    #expect(try listed(f, family) == (40, .medium))
    // Another terminal decided "not for us" apart from this one: two heads.
    try f.rawWrite(
      """
      INSERT INTO field_history(entity, record_id, field, clock, replaces, also_replaces, value, user_id)
      SELECT entity, record_id, field, substr(clock, 1, length(clock) - 2) || 'zz', replaces, '[]', '"not-ours"', user_id
      FROM field_history WHERE entity = 'notification' AND record_id = ? AND field = 'triage'
        AND value LIKE '"attached:%'
      """, [n.id])
    #expect(try f.store.conflicts().contains { $0.recordID == n.id })
    #expect(try listed(f, family) == (0, .low))
    #expect(try f.store.net(for: f.supervisor, rules: ["domestic-abuse-no-contact"]).isEmpty)
    // Once a decision replaces the rival's (as a person's resolution
    // does), the attachment counts again.
    try f.rawWrite(
      """
      INSERT INTO field_replaced(entity, record_id, field, clock)
      SELECT entity, record_id, field, clock FROM field_history
      WHERE entity = 'notification' AND record_id = ? AND field = 'triage' AND value = '"not-ours"'
      """, [n.id])
    #expect(try f.store.conflicts().allSatisfy { $0.recordID != n.id })
    #expect(try listed(f, family) == (40, .medium))
    try f.rawWrite("UPDATE notification SET deleted = 1 WHERE id = ?", [n.id])
    #expect(try listed(f, family) == (0, .low))
  }

  @Test("a triage lands in the family's chronology: who, when, the outcome, the notification and the note")
  func triageInChronology() throws {
    let f = try StoreFixture()
    let (family, child) = try family(f, "Told", contacted: false)
    let n = try abuse(f, child, ref: "WY-77")
    let (_, antenatalNotice) = try antenatal(f, family, criteria: "substance-misuse")
    let detail = try f.store.openFamily(reference: family.reference, as: f.supervisor)
    let entries = detail.chronology.filter { $0.kind == .notification }
    #expect(entries.count == 2)
    let abuseEntry = try #require(entries.first { $0.recordID == n.id })
    #expect(
      abuseEntry.title
        == "Domestic abuse notification \(n.reference) triaged: attached to a member (Amy Told)")
    #expect(abuseEntry.detail == "Police reference: WY-77; received 2026-03-02\nKnown to the hub")
    #expect(abuseEntry.by == "Sam Supervisor")
    #expect(abuseEntry.at == StoreFixture.fixedNow)
    #expect(abuseEntry.significant)
    let antenatalEntry = try #require(entries.first { $0.recordID == antenatalNotice.id })
    #expect(antenatalEntry.title.hasPrefix("Antenatal notification \(antenatalNotice.reference) triaged"))
    #expect(antenatalEntry.detail.hasPrefix("Referring midwife: Jo Clarke"))
    #expect(!antenatalEntry.significant)
    // A practitioner does not see domestic abuse notifications, in the chronology either.
    let practitioners = try f.store.openFamily(reference: family.reference, as: f.practitioner).chronology
    #expect(practitioners.filter { $0.kind == .notification }.map(\.recordID) == [antenatalNotice.id])
  }
}
