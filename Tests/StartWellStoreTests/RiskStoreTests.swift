import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore

/// Risk scores computed from records, the same in the families list (stored
/// score plus dated factors in SQL), the family overview and `risk explain`.
@Suite("Risk from records")
struct RiskStoreTests {
  static let today = LocalDate("2026-03-02")!

  /// A north family with one child, contacted today unless `contacted` is false.
  func family(
    _ f: StoreFixture, _ name: String, send: Bool = false, ehcp: Bool = false, contacted: Bool = true
  ) throws -> (Family, Person) {
    let family = try f.family(name: name)
    let child = try f.store.addPerson(
      familyReference: family.reference,
      PersonDraft(
        givenName: "Amy", familyName: name, dateOfBirth: "2023-05-01", relationship: .child, sendStatus: send,
        ehcp: ehcp), as: f.practitioner)
    if contacted {
      try f.store.logContact(
        familyID: family.meta.id, ContactDraft(type: "home-visit", at: f.store.now(), summary: "Visit"),
        as: f.practitioner)
    }
    return (family, child)
  }

  /// The score and band as the families list shows them.
  func listed(_ f: StoreFixture, _ family: Family) throws -> (score: Int, band: RiskBand) {
    let rows = try f.store.families(FamilyQuery(limit: 500), for: f.supervisor)
    let row = try #require(rows.first { $0.id == family.meta.id })
    return (row.riskScore, row.riskBand)
  }

  func inBand(_ f: StoreFixture, _ band: RiskBand) throws -> Set<String> {
    Set(try f.store.families(FamilyQuery(risk: band, limit: 500), for: f.supervisor).map(\.id))
  }

  func setFlags(_ f: StoreFixture, _ person: Person, _ flags: [String]) throws {
    try f.store.write(as: f.practitioner) { tx in
      _ = try tx.update(.person, id: person.meta.id, ["flags": .json(flags)])
    }
  }

  /// A development record written as another terminal's would arrive, then indexed.
  func development(
    _ f: StoreFixture, _ family: Family, _ child: Person, id: String, term: String, on day: LocalDate,
    wellcomm: String
  ) throws {
    try f.store.writer.write { db in
      try db.execute(
        sql: """
          INSERT INTO development (id, person_id, family_id, term, recorded_on, wellcomm)
          VALUES (?, ?, ?, ?, ?, ?)
          """, arguments: [id, child.meta.id, family.meta.id, term, day.description, wellcomm])
      try FamilyIndex.refresh(db, familyID: family.meta.id, config: f.store.config, today: f.store.today)
    }
  }

  @Test("SEND or an EHCP scores 15 in the list, the overview and explain, naming the member")
  func sendOrEHCP() throws {
    let f = try StoreFixture()
    let (withEHCP, child) = try family(f, "Ehcp", ehcp: true)
    let (plain, _) = try family(f, "Plain")
    #expect(try listed(f, withEHCP) == (15, .low))
    #expect(try listed(f, plain) == (0, .low))
    let detail = try f.store.openFamily(reference: withEHCP.reference, as: f.supervisor)
    #expect(detail.risk.score == 15)
    let evidence = try #require(detail.risk.reasons.first?.evidence.first)
    #expect(detail.risk.reasons.map(\.factorID) == ["send"])
    #expect(evidence.member == "Amy Ehcp")
    #expect(evidence.recordID == child.meta.id)
    #expect(evidence.recordReference == child.reference)
    #expect(evidence.detail == "Amy Ehcp (EHCP)")
  }

  @Test(
    "only the child's latest WellComm band counts: red then green is 0, green then red is 20 with its record")
  func latestWellComm() throws {
    let f = try StoreFixture()
    let (improved, a) = try family(f, "Improved")
    try development(
      f, improved, a, id: "d1", term: "2025-autumn", on: Self.today.adding(days: -120), wellcomm: "red")
    try development(
      f, improved, a, id: "d2", term: "2026-spring", on: Self.today.adding(days: -20), wellcomm: "green")
    let (worse, b) = try family(f, "Worse")
    try development(
      f, worse, b, id: "d3", term: "2025-autumn", on: Self.today.adding(days: -120), wellcomm: "green")
    try development(
      f, worse, b, id: "d4", term: "2026-spring", on: Self.today.adding(days: -20), wellcomm: "red")
    #expect(try listed(f, improved).score == 0)
    #expect(try listed(f, worse).score == 20)
    let reason = try #require(
      try f.store.openFamily(reference: worse.reference, as: f.supervisor).risk.reasons.first)
    #expect(reason.factorID == "wellcomm-red")
    #expect(reason.evidence.map(\.recordID) == ["d4"])
    #expect(reason.evidence.map(\.date) == [Self.today.adding(days: -20)])
    #expect(reason.evidence.map(\.member) == ["Amy Worse"])
  }

  @Test(
    "a family crosses into no contact when the 91st day comes, with no edit, in list, filter and overview")
  func noContactByTheClock() throws {
    let clock = MovableClock(StoreFixture.fixedNow)
    let f = try StoreFixture(clock: { clock.now })
    let (family, child) = try family(f, "Quiet", send: true)  // 15
    try setFlags(f, child, ["concern"])  // 10
    try development(f, family, child, id: "d1", term: "2026-spring", on: Self.today, wellcomm: "red")  // 20
    clock.advance(days: 90)
    #expect(try listed(f, family) == (45, .medium))
    #expect(try inBand(f, .medium).contains(family.meta.id))
    clock.advance(days: 1)
    #expect(try listed(f, family) == (55, .high))
    #expect(try inBand(f, .high).contains(family.meta.id))
    #expect(try !inBand(f, .medium).contains(family.meta.id))
    let detail = try f.store.openFamily(reference: family.reference, as: f.supervisor)
    #expect(detail.risk.score == 55)
    let noContact = try #require(detail.risk.reasons.first { $0.factorID == "no-contact" })
    #expect(noContact.evidence.first?.date == Self.today)
    #expect(noContact.evidence.first?.recordID == detail.contacts.first?.meta.id)
  }

  @Test("a contact entered in error is not the last contact, in the overview as in the list")
  func contactInError() throws {
    let clock = MovableClock(StoreFixture.fixedNow)
    let f = try StoreFixture(clock: { clock.now })
    let (family, _) = try family(f, "Erred")
    clock.advance(days: 60)
    let wrong = try f.store.logContact(
      familyID: family.meta.id, ContactDraft(type: "home-visit", at: f.store.now(), summary: "Wrong family"),
      as: f.practitioner)
    try f.store.markContactInError(contactID: wrong.meta.id, reason: "Wrong family", as: f.practitioner)
    clock.advance(days: 40)
    #expect(try listed(f, family).score == 10)
    let detail = try f.store.openFamily(reference: family.reference, as: f.supervisor)
    #expect(detail.risk.score == 10)
    #expect(detail.risk.reasons.first?.evidence.first?.date == Self.today)
  }

  @Test("a flag set by hand counts as its own factor, even one named no-contact, everywhere alike")
  func handFlags() throws {
    let f = try StoreFixture()
    let (family, child) = try family(f, "Hand")
    try setFlags(f, child, ["no-contact"])
    #expect(try listed(f, family).score == 10)
    let detail = try f.store.openFamily(reference: family.reference, as: f.supervisor)
    #expect(detail.risk.reasons.map(\.factorID) == ["set-by-hand"])
    #expect(detail.risk.score == 10)
  }

  @Test("sort by risk puts an overridden family with the band in force")
  func sortRespectsOverride() throws {
    let f = try StoreFixture()
    let (high, a) = try family(f, "High", contacted: false)
    try abuse(f, a, ref: "A")  // 40 + 10 no contact
    let (overridden, _) = try family(f, "Overridden", send: true)  // 15, overridden to high
    let (medium, c) = try family(f, "Medium")
    try abuse(f, c, ref: "C")  // 40
    try f.store.overrideRisk(
      familyReference: overridden.reference, band: .high, reason: "Police notification", as: f.supervisor)
    let order = try f.store.families(FamilyQuery(sort: .risk, descending: true, limit: 10), for: f.supervisor)
      .map(\.id)
    #expect(order.prefix(3) == [high.meta.id, overridden.meta.id, medium.meta.id])
    #expect(try inBand(f, .high) == [high.meta.id, overridden.meta.id])
  }

  @Test("changing a weight in the configuration rescores the stored scores when the store opens")
  func weightChangeRescores() throws {
    let queue = try DatabaseQueue(configuration: Store.makeConfiguration())
    let first = try Store(
      queue, config: StoreFixture.config, now: { StoreFixture.fixedNow }, keyDerivation: .test)
    let admin = try first.addUser(
      username: "admin", displayName: "Admin", role: .admin, hubs: [], password: "pw", as: Store.systemUser,
      checkPolicy: false)
    let supervisor = try first.addUser(
      username: "sam", displayName: "Sam Supervisor", role: .supervisor, hubs: ["north"], password: "pw",
      as: admin, checkPolicy: false)
    let family = try first.addFamily(
      FamilyDraft(name: "Weighed", postcode: "LS6 2AB", hubID: "north"), as: supervisor)
    _ = try first.addPerson(
      familyReference: family.reference,
      PersonDraft(
        givenName: "Amy", familyName: "Weighed", dateOfBirth: "2023-05-01", relationship: .child,
        sendStatus: true),
      as: supervisor)
    try first.logContact(
      familyID: family.meta.id, ContactDraft(type: "home-visit", at: StoreFixture.fixedNow, summary: "Visit"),
      as: supervisor)
    func row(_ store: Store) throws -> FamilyRow {
      try #require(
        try store.families(FamilyQuery(limit: 10), for: supervisor).first { $0.id == family.meta.id })
    }
    #expect(try row(first).riskScore == 15)

    var heavier = StoreFixture.config
    heavier.riskFactors[heavier.riskFactors.firstIndex { $0.id == "send" }!].weight = 30
    let second = try Store(queue, config: heavier, now: { StoreFixture.fixedNow }, keyDerivation: .test)
    #expect(try row(second).riskScore == 30)
    #expect(try row(second).riskBand == .medium)
    #expect(
      try second.families(FamilyQuery(risk: .medium, limit: 10), for: supervisor).map(\.id) == [
        family.meta.id
      ])
    // The overview and `risk explain` read this (the store reopened has no one signed in to view it).
    #expect(try second.read { try second.riskAssessment($0, familyID: family.meta.id) }.score == 30)
    #expect(try second.read { try StoreMeta.get($0, .riskFingerprint) } == heavier.riskFingerprint)
  }

  @Test("an override needs a reason; with one it is a synced record, in the audit and the chronology")
  func overrideRecorded() throws {
    let f = try StoreFixture()
    let (family, _) = try family(f, "Overridden")
    #expect(throws: DomainError.self) {
      try f.store.overrideRisk(familyReference: family.reference, band: .high, reason: "  ", as: f.supervisor)
    }
    #expect(try f.count("risk_override") == 0)
    try f.store.overrideRisk(
      familyReference: family.reference, band: .high, reason: "Police notification", as: f.supervisor)

    let decision = try #require(
      try f.store.read { try f.store.riskOverrideDecisions($0, familyID: family.meta.id) }.first)
    #expect(decision.band == .high)
    #expect(decision.previous == nil)
    #expect(decision.reason == "Police notification")
    #expect(decision.decidedBy == f.supervisor.id)
    let queued = try f.store.read {
      try String.fetchAll($0, sql: "SELECT DISTINCT entity FROM outbox")
    }
    #expect(queued.contains("risk_override"))
    let audit = try f.store.read {
      try String.fetchAll(
        $0, sql: "SELECT detail FROM audit WHERE action = 'risk-override' AND family_id = ?",
        arguments: [family.meta.id])
    }
    #expect(audit == ["risk override none → high; reason: Police notification"])

    let detail = try f.store.openFamily(reference: family.reference, as: f.supervisor)
    #expect(detail.risk.effectiveBand == .high)
    #expect(detail.riskOverride?.reason == "Police notification")
    let entry = try #require(detail.chronology.first { $0.kind == .riskOverride })
    #expect(entry.title == "Risk band overridden: none → high")
    #expect(entry.detail == "Police notification")
    #expect(entry.by == "Sam Supervisor")
  }

  @Test("a practitioner's override is refused, and nothing is written")
  func practitionerRefused() throws {
    let f = try StoreFixture()
    let (family, _) = try family(f, "Refused")
    let audits = try f.count("audit")
    #expect(throws: (any Error).self) {
      try f.store.overrideRisk(
        familyReference: family.reference, band: .high, reason: "Worried", as: f.practitioner)
    }
    #expect(try f.count("risk_override") == 0)
    #expect(try f.count("audit") == audits)
    #expect(try f.store.openFamily(reference: family.reference, as: f.supervisor).risk.override == nil)
  }
}
