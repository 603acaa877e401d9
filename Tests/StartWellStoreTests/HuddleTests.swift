import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore

/// A clock a test moves on, as a terminal's days pass.
final class MovableClock: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Date
  init(_ start: Date) { value = start }
  var now: Date { lock.withLock { value } }
  func advance(days: Int) { lock.withLock { value = value.addingTimeInterval(Double(days) * 86_400) } }
}

@Suite("Huddles: start, record, skip, reorder, close, resume")
struct HuddleTests {
  static let today = LocalDate("2026-03-02")!
  static let sdf = "north-moorside"

  func day(_ offset: Int) -> LocalDate { Self.today.adding(days: offset) }

  /// A fixture with a huddle lead, and three Moorside families on the agenda (flagged), by reference.
  struct Setup {
    let f: StoreFixture
    let lead: User
    let families: [Family]
  }

  func setup(_ f: StoreFixture? = nil) throws -> Setup {
    let f = try f ?? StoreFixture()
    let lead = try f.store.addUser(
      username: "lee", displayName: "Lee Lead", role: .huddleLead, hubs: ["north"], password: "pw",
      as: f.admin,
      checkPolicy: false)
    var families: [Family] = []
    for name in ["Adeyemi", "Brown", "Chen"] {
      let fam = try f.store.addFamily(
        FamilyDraft(name: name, postcode: "LS6 2AB", hubID: "north", sdfID: Self.sdf, consent: .given),
        as: f.practitioner)
      try f.store.flagForHuddle(familyReference: fam.reference, flagged: true, as: f.practitioner)
      families.append(fam)
    }
    // The agenda lists families of one reason by reference.
    return Setup(f: f, lead: lead, families: families.sorted { $0.reference < $1.reference })
  }

  /// Row counts every huddle write touches.
  func counts(_ f: StoreFixture) throws -> [String: Int] {
    var out: [String: Int] = [:]
    for t in ["huddle", "huddle_item", "action", "outbox", "audit"] { out[t] = try f.count(t) }
    return out
  }

  @Test func aLeadStartsAHuddleWithTheAgendaAsItsItemsAndRecordsDecisionsAndActions() throws {
    let s = try setup()
    let f = s.f
    let huddle = try f.store.startHuddle(sdf: Self.sdf, attendees: ["pat", "sam"], as: s.lead)
    #expect(huddle.meta.id == HuddleID.huddle(hub: "north", sdf: Self.sdf, date: Self.today))
    #expect(huddle.leadID == s.lead.id && huddle.status == .open && huddle.date == Self.today)
    #expect(Set(huddle.attendees) == [s.lead.id, f.practitioner.id, f.supervisor.id])

    var state = try f.store.huddleState(ShortID.of(huddle.meta.id), for: s.lead)
    #expect(state.items.map(\.familyReference) == s.families.map(\.reference))
    #expect(state.items.map(\.item.position) == [1, 2, 3])
    #expect(state.items.allSatisfy { $0.item.state == .pending && $0.item.origin == ["flagged"] })
    #expect(state.next?.familyReference == s.families[0].reference)

    let item = try f.store.recordHuddleItem(
      huddle: huddle.meta.id, familyReference: s.families[0].reference, discussion: "Nursery worried",
      decision: "Offer stay and play",
      actions: [
        HuddleActionText("pat|\(day(7))|Ring the nursery"), HuddleActionText("sam | \(day(14)) | Review"),
      ],
      as: s.lead)
    #expect(item.state == .discussed && item.decision == "Offer stay and play")
    #expect(item.meta.id == HuddleID.item(huddleID: huddle.meta.id, familyID: s.families[0].meta.id))
    try f.store.skipHuddleItem(huddle: huddle.meta.id, familyReference: s.families[1].reference, as: s.lead)
    // A decided item is not skipped afterwards: its decision stands until recorded again.
    let skipDecided = #expect(throws: DomainError.self) {
      try f.store.skipHuddleItem(huddle: huddle.meta.id, familyReference: s.families[0].reference, as: s.lead)
    }
    #expect(skipDecided?.description.contains("already discussed") == true)

    // Resuming: the first item still pending is next.
    state = try f.store.huddleState(huddle.meta.id, for: f.supervisor)
    #expect(state.items.map(\.item.state) == [.discussed, .skipped, .pending])
    #expect(state.next?.familyReference == s.families[2].reference)
    let actions = state.items[0].actions
    #expect(actions.map(\.ownerUsername) == ["pat", "sam"])
    #expect(actions.allSatisfy { $0.action.huddleItemID == item.meta.id && $0.action.status == .open })
    #expect(state.summary.discussed == 1 && state.summary.skipped == 1 && state.summary.actions == 2)

    // The decision and its actions are in the family's chronology.
    let detail = try f.store.openFamily(id: s.families[0].meta.id, as: f.practitioner)
    let titles = detail.chronology.map(\.title)
    #expect(titles.contains("Huddle decision: Offer stay and play"))
    #expect(titles.contains("Action set for Pat Practitioner, due \(day(7)): Ring the nursery"))
    // A skipped item decided nothing, so nothing shows.
    let skipped = try f.store.openFamily(id: s.families[1].meta.id, as: f.practitioner)
    #expect(!skipped.chronology.contains { $0.kind == .huddle })
    // And the actions reach their owners' lists.
    #expect(
      try f.store.actions(owner: "pat", for: f.practitioner).map(\.action.description) == ["Ring the nursery"]
    )
  }

  @Test func aFamilyNotOnTheAgendaIsAddedAndItemsAreReordered() throws {
    let s = try setup()
    let f = s.f
    let extra = try f.store.addFamily(
      FamilyDraft(
        name: "Extra", postcode: "LS6 2AB", hubID: "north", sdfID: "north-hillfoot", consent: .given),
      as: f.practitioner)
    let huddle = try f.store.startHuddle(sdf: Self.sdf, attendees: ["pat"], as: s.lead)
    let added = try f.store.addToHuddle(huddle: huddle.meta.id, familyReference: extra.reference, as: s.lead)
    #expect(added.origin == ["added"] && added.position == 4 && added.state == .pending)
    try f.store.moveHuddleItem(huddle: huddle.meta.id, familyReference: extra.reference, to: 1, as: s.lead)
    var state = try f.store.huddleState(huddle.meta.id, for: s.lead)
    #expect(state.items.map(\.familyReference) == [extra.reference] + s.families.map(\.reference))
    #expect(state.items.map(\.item.position) == [1, 2, 3, 4])
    // Recording a family straight away adds it too.
    let other = try f.store.addFamily(
      FamilyDraft(name: "Other", postcode: "LS6 2AB", hubID: "north", consent: .given), as: f.practitioner)
    try f.store.recordHuddleItem(
      huddle: huddle.meta.id, familyReference: other.reference, discussion: "", decision: "Keep an eye",
      as: s.lead)
    state = try f.store.huddleState(huddle.meta.id, for: s.lead)
    #expect(state.items.last?.familyReference == other.reference && state.items.last?.item.position == 5)
    #expect(state.items.last?.item.state == .discussed)
    let bad = #expect(throws: DomainError.self) {
      try f.store.moveHuddleItem(huddle: huddle.meta.id, familyReference: other.reference, to: 9, as: s.lead)
    }
    #expect(bad?.issues.first?.field == "position")
  }

  @Test func startingAnOpenHuddleAgainResumesItAndAddsAttendees() throws {
    let s = try setup()
    let f = s.f
    let first = try f.store.startHuddle(sdf: Self.sdf, attendees: ["pat"], as: s.lead)
    let again = try f.store.startHuddle(sdf: Self.sdf, attendees: ["sam"], as: f.supervisor)
    #expect(again.meta.id == first.meta.id)
    #expect(again.leadID == s.lead.id)
    #expect(Set(again.attendees) == [s.lead.id, f.practitioner.id, f.supervisor.id])
    #expect(try f.count("huddle_item") == 3)
  }

  @Test func closingIsFinal() throws {
    let s = try setup()
    let f = s.f
    let huddle = try f.store.startHuddle(sdf: Self.sdf, attendees: ["pat"], as: s.lead)
    let closed = try f.store.closeHuddle(huddle.meta.id, as: s.lead)
    #expect(closed.status == .closed && closed.closedBy == s.lead.id && closed.closedAt != nil)
    let before = try counts(f)
    for attempt in [
      { try f.store.closeHuddle(huddle.meta.id, as: s.lead) },
      {
        try f.store.recordHuddleItem(
          huddle: huddle.meta.id, familyReference: s.families[0].reference, discussion: "", decision: "Late",
          as: s.lead)
      },
      { try f.store.startHuddle(sdf: Self.sdf, attendees: ["pat"], as: s.lead) },
      {
        try f.store.skipHuddleItem(
          huddle: huddle.meta.id, familyReference: s.families[0].reference, as: s.lead)
      },
    ] as [() throws -> Any] {
      let error = #expect(throws: DomainError.self) { _ = try attempt() }
      #expect(error?.description.contains("a closed huddle is final") == true)
    }
    #expect(try counts(f) == before)
    // The gate refuses a reopening from any terminal, whatever its clock.
    let verdict = Gate.judge(
      ChangeOperation(
        opID: "x", clock: HLC(millis: 1, counter: 0, device: "d"), device: "d", user: s.lead.id,
        entity: "huddle", recordID: huddle.meta.id, field: "closed", value: .integer(0),
        replaces: HLC(millis: 0, counter: 0, device: "d")),
      registry: .current,
      author: AuthorState(userID: s.lead.id, role: .huddleLead, hubs: ["north"], active: true),
      firstWrite: false)
    #expect(verdict == .refuse("huddle.closed cannot be undone once set"))
  }

  @Test func badInputIsRefusedNamingTheFieldAndWritesNothing() throws {
    let s = try setup()
    let f = s.f
    let huddle = try f.store.startHuddle(sdf: Self.sdf, attendees: ["pat"], as: s.lead)
    let ref = s.families[0].reference
    let before = try counts(f)
    func field(_ body: () throws -> Void) -> [String] {
      let error = #expect(throws: DomainError.self) { try body() }
      return error?.issues.map(\.field) ?? ["(not invalid: \(String(describing: error)))"]
    }
    #expect(
      field {
        try f.store.recordHuddleItem(
          huddle: huddle.meta.id, familyReference: ref, discussion: "", decision: "Visit",
          actions: [HuddleActionText("pat|\(day(7))|Fine"), HuddleActionText("nobody|\(day(7))|Who")],
          as: s.lead)
      } == ["action 2 owner"])
    #expect(
      field {
        try f.store.recordHuddleItem(
          huddle: huddle.meta.id, familyReference: ref, discussion: "", decision: "Visit",
          actions: [HuddleActionText("pat|next week|Visit")], as: s.lead)
      } == ["action 1 due"])
    #expect(
      field {
        try f.store.recordHuddleItem(
          huddle: huddle.meta.id, familyReference: ref, discussion: "", decision: "Visit",
          actions: [HuddleActionText("pat only")], as: s.lead)
      } == ["action 1"])
    #expect(
      field {
        try f.store.recordHuddleItem(
          huddle: huddle.meta.id, familyReference: ref, discussion: "", decision: "  ", as: s.lead)
      } == ["decision"])
    #expect(
      field {
        try f.store.recordHuddleItem(
          huddle: huddle.meta.id, familyReference: "F-NOPE", discussion: "", decision: "Visit", as: s.lead)
      } == ["family"])
    #expect(
      field {
        try f.store.recordHuddleItem(
          huddle: "ffffffffffff", familyReference: ref, discussion: "", decision: "Visit", as: s.lead)
      } == ["huddle"])
    #expect(
      field { try f.store.startHuddle(sdf: Self.sdf, attendees: ["ghost"], as: s.lead) } == ["attendee"])
    #expect(field { try f.store.startHuddle(sdf: Self.sdf, attendees: ["olu"], as: s.lead) } == ["attendee"])
    #expect(field { try f.store.startHuddle(sdf: "atlantis", attendees: ["pat"], as: s.lead) } == ["sdf"])
    #expect(try counts(f) == before)
  }

  @Test func aPractitionerMayNotRunAHuddle() throws {
    let s = try setup()
    let before = try counts(s.f)
    let error = #expect(throws: DomainError.self) {
      try s.f.store.startHuddle(sdf: Self.sdf, attendees: ["sam"], as: s.f.practitioner)
    }
    #expect(error?.description.contains("may run a huddle") == true)
    #expect(try counts(s.f) == before)
  }

  @Test func anActionSetAtAHuddleIsOverdueOnceItsDueDatePasses() throws {
    let clock = MovableClock(StoreFixture.fixedNow)
    let s = try setup(StoreFixture(clock: { clock.now }))
    let huddle = try s.f.store.startHuddle(sdf: Self.sdf, attendees: ["pat"], as: s.lead)
    try s.f.store.recordHuddleItem(
      huddle: huddle.meta.id, familyReference: s.families[0].reference, discussion: "", decision: "Visit",
      actions: [HuddleActionText("pat|\(day(3))|Home visit")], as: s.lead)
    #expect(try s.f.store.actions(overdue: true, for: s.f.practitioner).isEmpty)
    clock.advance(days: 3)
    #expect(try s.f.store.actions(overdue: true, for: s.f.practitioner).isEmpty, "due today is not overdue")
    clock.advance(days: 1)
    let overdue = try s.f.store.actions(overdue: true, for: s.f.practitioner)
    #expect(overdue.map(\.action.description) == ["Home visit"])
    #expect(overdue.first?.action.isOverdue(today: s.f.store.today) == true)
  }

  /// No side door: a lead of another hub writing straight through the
  /// change recorder can neither make a huddle of this hub nor close one.
  @Test func theGateRefusesAHuddleWrittenByALeadOfAnotherHub() throws {
    let s = try setup()
    let f = s.f
    let huddle = try f.store.startHuddle(sdf: Self.sdf, attendees: ["pat"], as: s.lead)
    let south = try f.store.addUser(
      username: "sol", displayName: "Sol South", role: .huddleLead, hubs: ["south"], password: "pw",
      as: f.admin, checkPolicy: false)
    let before = try counts(f)
    let made = #expect(throws: DomainError.self) {
      try f.store.write(as: south) { tx in
        try tx.insert(
          .huddle, id: HuddleID.huddle(hub: "north", sdf: "north-hillfoot", date: Self.today),
          [
            "hub_id": .text("north"), "sdf_id": .text("north-hillfoot"), "date": .of(Self.today),
            "attendees": .text("[]"), "lead_id": .text(south.id), "closed": .integer(0), "closed_at": .null,
            "closed_by": .null,
          ])
      }
    }
    #expect(made?.description.contains("huddle.") == true, "\(String(describing: made))")
    let closed = #expect(throws: DomainError.self) {
      try f.store.write(as: south) { tx in
        _ = try tx.update(.huddle, id: huddle.meta.id, ["closed": .integer(1)])
      }
    }
    #expect(closed?.description.contains("hub") == true, "\(String(describing: closed))")
    #expect(try counts(f) == before)
    #expect(try f.store.huddleState(huddle.meta.id, for: s.lead).summary.huddle.status == .open)
  }
}
