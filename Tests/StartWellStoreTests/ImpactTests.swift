import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore

/// The approach on a contact, and the movements the impact comparison reads,
/// on a small hand-made store (its clock is 2026-03-02).
@Suite("Impact of approaches: the store")
struct ImpactStoreTests {
  struct Setup {
    let f: StoreFixture
    /// North: `older` (age 3 in autumn 2025) and `younger` (age 2); south: `other`.
    let older: Person
    let younger: Person
    let other: Person
    let north: Family
    let south: Family
  }

  func person(_ f: StoreFixture, _ family: Family, _ given: String, born: String) throws -> Person {
    try f.store.addPerson(
      familyReference: family.reference,
      PersonDraft(givenName: given, familyName: family.name, dateOfBirth: born, relationship: .child),
      as: family.hubID == "north" ? f.practitioner : f.otherHubPractitioner)
  }

  func band(_ f: StoreFixture, _ child: Person, _ term: String, _ band: WellCommBand, south: Bool = false)
    throws
  {
    try f.store.recordDevelopment(
      personReference: child.reference,
      DevelopmentDraft(
        term: term, wellComm: band, communication: .onTrack, physical: .onTrack,
        personalSocialEmotional: .onTrack
      ), as: south ? f.otherHubPractitioner : f.practitioner)
  }

  @discardableResult
  func session(
    _ f: StoreFixture, _ family: Family, on day: String, type: String = "group-session", approach: String?,
    present: [Person]
  ) throws -> Contact {
    try f.store.logContact(
      familyReference: family.reference,
      ContactDraft(
        type: type, at: LocalDate(day)!.startOfDay.addingTimeInterval(11 * 3600), summary: "Session",
        presentPersonIDs: present.map(\.meta.id), approach: approach),
      as: family.hubID == "north" ? f.practitioner : f.otherHubPractitioner)
  }

  func setup() throws -> Setup {
    let f = try StoreFixture()
    let north = try f.family(name: "North")
    let south = try f.family(name: "South", postcode: "LS7 1AA", hub: "south")
    let older = try person(f, north, "Ola", born: "2022-05-01")
    let younger = try person(f, north, "Yemi", born: "2023-06-01")
    let other = try person(f, south, "Sol", born: "2022-05-01")
    let left = try person(f, north, "Lee", born: "2022-07-01")
    try band(f, older, "2025-autumn", .amber)
    try band(f, older, "2026-spring", .green)
    try band(f, younger, "2025-autumn", .red)
    try band(f, younger, "2026-spring", .red)
    try band(f, other, "2025-autumn", .amber, south: true)
    try band(f, other, "2026-spring", .amber, south: true)
    // Recorded in one term only: no movement.
    try band(f, left, "2025-autumn", .red)
    // Autumn: ELKLAN in term, Toddle Talk in the holiday after it; both count for autumn.
    try session(f, north, on: "2025-10-10", approach: "elklan", present: [older])
    try session(f, north, on: "2025-12-22", type: "intervention", approach: "toddle-talk", present: [older])
    // Entered in error: does not count.
    let wrong = try session(f, north, on: "2025-11-11", approach: "elklan", present: [younger])
    try f.store.markContactInError(
      contactID: wrong.meta.id, reason: "logged on the wrong family", as: f.practitioner)
    // In spring, the starting term of no movement here.
    try session(f, north, on: "2026-01-20", approach: "elklan", present: [younger])
    // A session with no approach, and one whose child was not named present.
    try session(f, south, on: "2025-10-10", approach: nil, present: [other])
    try session(f, south, on: "2025-10-17", approach: "elklan", present: [])
    return Setup(f: f, older: older, younger: younger, other: other, north: north, south: south)
  }

  func summary(_ m: ImpactMovement) -> String {
    "\(m.hubID) \(m.startTerm)→\(m.endTerm) \(m.startBand.rawValue)→\(m.endBand.rawValue) \(m.ageBand) [\(m.approaches.sorted().joined(separator: ","))]"
  }

  @Test func eachChildsMovementBetweenConsecutiveTermsWithTheApproachesOfTheStartingTerm() throws {
    let s = try setup()
    let movements = try s.f.store.impactMovements(
      from: LocalDate("2025-09-01")!, to: LocalDate("2026-03-01")!, hubs: nil)
    let byChild = Dictionary(uniqueKeysWithValues: movements.map { ($0.childID, $0) })
    #expect(movements.count == 3)
    #expect(
      summary(try #require(byChild[s.older.meta.id]))
        == "north 2025-autumn→2026-spring amber→green age 3 [elklan,toddle-talk]")
    #expect(
      summary(try #require(byChild[s.younger.meta.id])) == "north 2025-autumn→2026-spring red→red age 2 []")
    #expect(
      summary(try #require(byChild[s.other.meta.id])) == "south 2025-autumn→2026-spring amber→amber age 3 []")
    #expect(byChild[s.older.meta.id]?.familyID == s.north.meta.id)
  }

  @Test func hubsLimitTheMovementsAndAnEmptySetGivesNone() throws {
    let s = try setup()
    let from = LocalDate("2025-09-01")!
    let to = LocalDate("2026-03-01")!
    let north = try s.f.store.impactMovements(from: from, to: to, hubs: ["north"])
    #expect(Set(north.map(\.childID)) == [s.older.meta.id, s.younger.meta.id])
    #expect(try s.f.store.impactMovements(from: from, to: to, hubs: []).isEmpty)
  }

  @Test func aRangeWithinOneTermHasNoMovement() throws {
    let s = try setup()
    #expect(
      try s.f.store.impactMovements(from: LocalDate("2025-10-01")!, to: LocalDate("2025-11-01")!, hubs: nil)
        .isEmpty)
  }

  @Test func theContactKeepsItsApproach() throws {
    let s = try setup()
    let logged = try session(
      s.f, s.north, on: "2026-02-02", approach: "keys-to-communication", present: [s.older])
    #expect(logged.approach == "keys-to-communication")
    let detail = try s.f.store.openFamily(reference: s.north.reference, as: s.f.practitioner)
    #expect(detail.contacts.first { $0.meta.id == logged.meta.id }?.approach == "keys-to-communication")
    let plain = try session(s.f, s.north, on: "2026-02-03", type: "home-visit", approach: nil, present: [])
    #expect(plain.approach == nil)
  }

  @Test func anUnknownApproachIsRefusedNamingTheFieldAndNothingIsWritten() throws {
    let s = try setup()
    let before = try s.f.count("contact")
    let error = #expect(throws: DomainError.self) {
      try session(s.f, s.north, on: "2025-10-10", approach: "makaton", present: [s.older])
    }
    #expect(error?.issues.map(\.field) == ["approach"])
    #expect(
      error?.issues.first?.message.contains("'makaton' is not an approach; known: keys-to-communication")
        == true)
    #expect(try s.f.count("contact") == before)
  }

  @Test func anApproachOnAContactTypeThatCarriesNoneIsRefused() throws {
    let s = try setup()
    let before = try s.f.count("contact")
    let error = #expect(throws: DomainError.self) {
      try session(s.f, s.north, on: "2025-10-10", type: "home-visit", approach: "elklan", present: [s.older])
    }
    #expect(error?.issues.map(\.field) == ["approach"])
    #expect(
      error?.issues.first?.message
        == "an approach is recorded only on a contact of type group-session or intervention, not home-visit")
    #expect(try s.f.count("contact") == before)
  }

  @Test func theGateRefusesAnApproachThatIsNoConfiguredId() {
    let op = ChangeOperation(
      opID: "x", clock: HLC(millis: 1, counter: 0, device: "d"), device: "d", user: "u",
      entity: "contact", recordID: "c", field: "approach", value: .text("Keys to Communication"),
      replaces: nil)
    let verdict = Gate.judge(
      op, registry: .current,
      author: AuthorState(userID: "u", role: .practitioner, hubs: ["north"], active: true),
      firstWrite: true)
    #expect(
      verdict
        == .refuse(
          "contact.approach: 'Keys to Communication' is not an approach id (lower-case letters, digits and '-')"
        ))
    var good = op
    good.value = .text("elklan")
    #expect(
      Gate.judge(
        good, registry: .current,
        author: AuthorState(userID: "u", role: .practitioner, hubs: ["north"], active: true), firstWrite: true
      )
        == .accept)
  }

  @Test func theRegistryCarriesTheApproachOnAContact() throws {
    let field = try #require(RecordRegistry.current.field("contact", "approach"))
    #expect(field.kind.nullable)
    #expect(field.merge == .appendOnly)
    #expect(field.empty == .null)
    #expect(RecordRegistry.current.version == 10)
  }
}
