import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore

/// The huddle agenda: each rule lists a family just inside it, leaves out
/// one just outside, and says why with the facts. The fixture's today is
/// 2026-03-02; thresholds are the real ones (6 weeks, 90 days).
@Suite("The huddle agenda")
struct AgendaTests {
  static let today = LocalDate("2026-03-02")!
  static let sdf = "north-moorside"

  func day(_ offset: Int) -> LocalDate { Self.today.adding(days: offset) }

  func at(_ offset: Int) -> Date { day(offset).startOfDay.addingTimeInterval(10 * 3600) }

  func family(_ f: StoreFixture, _ name: String) throws -> Family {
    try f.store.addFamily(
      FamilyDraft(name: name, postcode: "LS6 2AB", hubID: "north", sdfID: Self.sdf, consent: .given),
      as: f.practitioner)
  }

  func sql(_ f: StoreFixture, _ sql: String, _ arguments: StatementArguments = []) throws {
    try f.rawWrite(sql, arguments)
  }

  /// The references the agenda lists under `rule`, with each one's facts.
  func listed(_ f: StoreFixture, _ rule: String, date: LocalDate? = nil) throws -> [String: String] {
    var out: [String: String] = [:]
    for entry in try f.store.agenda(sdf: Self.sdf, date: date, for: f.supervisor) {
      for reason in entry.reasons where reason.rule == rule { out[entry.familyReference] = reason.facts }
    }
    return out
  }

  @Test func aFlaggedCaseIsOnTheAgendaAndAnUnflaggedOneIsNot() throws {
    let f = try StoreFixture()
    let flagged = try family(f, "Flagged")
    let other = try family(f, "Other")
    try f.store.flagForHuddle(familyReference: flagged.reference, flagged: true, as: f.practitioner)
    let rows = try listed(f, "flagged")
    #expect(rows == [flagged.reference: "case flagged for the huddle"])
    #expect(rows[other.reference] == nil)
  }

  @Test func anUndecidedEscalationIsListedAndADecidedOneIsNot() throws {
    let f = try StoreFixture()
    let raised = try family(f, "Raised")
    let decided = try family(f, "Decided")
    let e = try f.store.escalate(
      familyReference: raised.reference,
      EscalationDraft(toLevel: .targeted, reason: "Missed three visits", urgency: .urgent), as: f.practitioner
    )
    let d = try f.store.escalate(
      familyReference: decided.reference,
      EscalationDraft(toLevel: .targeted, reason: "Missed three visits", urgency: .routine),
      as: f.practitioner)
    try sql(f, "UPDATE escalation SET status = 'accepted' WHERE id = ?", [d.meta.id])
    let rows = try listed(f, "escalation")
    #expect(Array(rows.keys) == [raised.reference])
    #expect(
      rows[raised.reference]
        == "escalation \(e.reference) to targeted (urgent) raised \(day(0)), not yet acknowledged")
  }

  @Test func aReviewDueOnTheHuddleDayIsListedAndOneDueTheDayAfterIsNot() throws {
    let f = try StoreFixture()
    let due = try family(f, "Due")
    let later = try family(f, "Later")
    try sql(f, "UPDATE cases SET next_review = ? WHERE family_id = ?", [day(0).description, due.meta.id])
    try sql(f, "UPDATE cases SET next_review = ? WHERE family_id = ?", [day(1).description, later.meta.id])
    #expect(try listed(f, "review") == [due.reference: "review due \(day(0)), due today"])
    // A week later both are overdue, and the facts say by how much.
    let week = try listed(f, "review", date: day(7))
    #expect(week[due.reference] == "review due \(day(0)), 7 days overdue")
    #expect(week[later.reference] == "review due \(day(1)), 6 days overdue")
  }

  @Test func aReferralWaitingPastTheNetsThresholdIsListed() throws {
    let f = try StoreFixture()
    var references: [String: (family: String, referral: String)] = [:]
    for (name, offset) in [("Inside", -43), ("Outside", -42)] {
      let fam = try family(f, name)
      let child = try f.store.addPerson(
        familyReference: fam.reference,
        PersonDraft(givenName: "Kit", familyName: name, dateOfBirth: "2024-01-10", relationship: .child),
        as: f.practitioner)
      let referral = try f.store.addReferral(
        personReference: child.reference,
        ReferralDraft(service: "slt", reason: "Few words", consentRecorded: true), as: f.practitioner)
      _ = try f.store.updateReferral(referral.reference, to: .sent, as: f.practitioner)
      try sql(
        f, "UPDATE referral SET status_dates = json_set(status_dates, '$.sent', ?) WHERE id = ?",
        [Timestamp.format(at(offset)), referral.meta.id])
      references[name] = (fam.reference, referral.reference)
    }
    let rows = try listed(f, "referral-waiting")
    let inside = try #require(references["Inside"])
    #expect(
      rows == [
        inside.family: "referral \(inside.referral) to slt sent \(day(-43)), 43 days; threshold 6 weeks"
      ])
  }

  @Test func aChildNewInTheNetSinceTheLastClosedHuddleIsListedAndOneAlreadyThereIsNot() throws {
    let f = try StoreFixture()
    // The SDF's last closed huddle was five days ago.
    let last = HuddleID.huddle(hub: "north", sdf: Self.sdf, date: day(-5))
    try sql(
      f, "INSERT INTO huddle (id, hub_id, sdf_id, date, closed) VALUES (?, 'north', ?, ?, 1)",
      [last, Self.sdf, day(-5).description])
    var refs: [String: String] = [:]
    // No contact for more than 90 days: in the net from the 91st day after the last contact.
    for (name, offset) in [("Fresh", -95), ("Known", -96)] {
      let fam = try family(f, name)
      _ = try f.store.addPerson(
        familyReference: fam.reference,
        PersonDraft(givenName: "Kit", familyName: name, dateOfBirth: "2024-01-10", relationship: .child),
        as: f.practitioner)
      _ = try f.store.logContact(
        familyID: fam.meta.id, ContactDraft(type: "phone", at: at(offset), summary: "Rang"),
        as: f.practitioner)
      refs[name] = fam.reference
    }
    let rows = try listed(f, "net")
    #expect(Array(rows.keys) == [refs["Fresh"]!])
    #expect(
      rows[refs["Fresh"]!]?.hasSuffix(
        "in the net since \(day(-4)): no-contact: last contact \(day(-95)), 95 days; threshold 90")
        == true)
  }

  @Test func anOpenActionFromAnEarlierHuddleIsListedOnceDue() throws {
    let f = try StoreFixture()
    let now = try family(f, "Now")
    let soon = try family(f, "Soon")
    let huddle = try f.store.startHuddle(sdf: Self.sdf, date: day(-14), attendees: ["pat"], as: f.supervisor)
    for (fam, due) in [(now, day(0)), (soon, day(1))] {
      try f.store.recordHuddleItem(
        huddle: huddle.meta.id, familyReference: fam.reference, discussion: "", decision: "Visit",
        actions: [HuddleActionText("pat|\(due)|Home visit")], as: f.supervisor)
    }
    let rows = try listed(f, "action-due")
    #expect(rows == [now.reference: "action \"Home visit\" for pat, set \(day(-14)), due today"])
    // Once the owner marks it done it is off the agenda.
    let action = try #require(
      try f.store.actions(for: f.supervisor).first { $0.familyReference == now.reference })
    try f.store.completeAction(id: action.action.meta.id, as: f.practitioner)
    #expect(try listed(f, "action-due").isEmpty)
  }

  @Test func aFamilyUnderSeveralRulesIsListedOnceWithEveryReason() throws {
    let f = try StoreFixture()
    let fam = try family(f, "Both")
    try f.store.flagForHuddle(familyReference: fam.reference, flagged: true, as: f.practitioner)
    try sql(f, "UPDATE cases SET next_review = ? WHERE family_id = ?", [day(-1).description, fam.meta.id])
    let agenda = try f.store.agenda(sdf: Self.sdf, for: f.supervisor)
    #expect(agenda.count == 1)
    #expect(agenda.first?.reasons.map(\.rule) == ["flagged", "review"])
    // Another hub's supervisor sees none of it.
    #expect(try f.store.agenda(sdf: "south-riverside", for: f.supervisor).isEmpty)
  }

  @Test func anUnknownSDFIsRefusedNamingTheField() throws {
    let f = try StoreFixture()
    let error = #expect(throws: DomainError.self) {
      _ = try f.store.agenda(sdf: "atlantis", for: f.supervisor)
    }
    #expect(error?.issues.first?.field == "sdf")
  }
}
