import Foundation
import GRDB
import StartWellCore
import StartWellStore
import Testing

@testable import StartWellSync

@Suite("Huddles across terminals")
struct HuddleSyncTests {
  // The shared test clock's day: a huddle is started on its day, never ahead of it.
  static let date = LocalDate("2025-06-15")!

  @Test(
    "two leads running the same huddle offline make one huddle: attendees, items and actions all kept, differing texts a conflict"
  )
  func sameHuddleOnTwoTerminals() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let family = try a.store.addFamily(
      FamilyDraft(name: "Okafor", postcode: "LS6 2AB", hubID: "north", sdfID: "north-moorside"), as: worker)
    try a.store.flagForHuddle(familyID: family.meta.id, flagged: true, as: worker)
    let other = try a.store.addFamily(
      FamilyDraft(name: "Brown", postcode: "LS6 2AB", hubID: "north", sdfID: "north-moorside"), as: worker)
    try a.addUser("pat", role: .practitioner)
    try a.addUser("sam", role: .practitioner)
    try syncAll([a, b])

    // Apart: each lead starts the huddle with the people in the room, and records the family.
    let onA = try a.store.startHuddle(sdf: "north-moorside", date: Self.date, attendees: ["pat"], as: worker)
    share.clock.advance(1)
    let onB = try b.store.startHuddle(sdf: "north-moorside", date: Self.date, attendees: ["sam"], as: worker)
    #expect(onA.meta.id == onB.meta.id)
    try a.store.recordHuddleItem(
      huddle: onA.meta.id, familyReference: family.reference, discussion: "Speech delay",
      decision: "Refer to SLT",
      actions: [HuddleActionText("pat|2025-06-30|Make the referral")], as: worker)
    share.clock.advance(1)
    try b.store.recordHuddleItem(
      huddle: onB.meta.id, familyReference: family.reference, discussion: "Nursery concerned",
      decision: "Home visit first", actions: [HuddleActionText("sam|2025-06-23|Visit")], as: worker)
    // Only B reached the second family.
    try b.store.recordHuddleItem(
      huddle: onB.meta.id, familyReference: other.reference, discussion: "", decision: "No action", as: worker
    )
    try syncAll([a, b])

    for t in [a, b] {
      #expect(try t.count("SELECT COUNT(*) FROM huddle") == 1)
      #expect(try t.count("SELECT COUNT(*) FROM huddle_item") == 2)
      #expect(try t.count("SELECT COUNT(*) FROM action") == 2)
      let state = try t.store.huddleState(onA.meta.id, for: worker)
      #expect(Set(state.attendeeUsernames) == ["system", "pat", "sam"], "\(t.name)")
      #expect(state.items.map(\.item.state) == [.discussed, .discussed])
      // Neither lead's words are lost: each differing text is a conflict holding both.
      let conflicts = try t.store.conflicts().filter { $0.entity == "huddle_item" }
      #expect(Set(conflicts.map(\.field)) == ["discussion", "decision"])
      let decision = try #require(conflicts.first { $0.field == "decision" })
      #expect(Set(decision.heads.map(\.value)) == [.text("Refer to SLT"), .text("Home visit first")])
    }
    #expect(try a.store.canonicalStateHash() == b.store.canonicalStateHash())
    // Each terminal's making of the same huddle and item is a making, not an edit to refuse.
    #expect(try a.store.refusedChanges().isEmpty)
    #expect(try b.store.refusedChanges().isEmpty)

    // Closed on one terminal, the huddle is closed on both, and stays so.
    try a.store.closeHuddle(onA.meta.id, as: worker)
    try syncAll([a, b])
    #expect(try b.store.huddleState(onA.meta.id, for: worker).summary.huddle.status == .closed)
    #expect(throws: DomainError.self) {
      try b.store.recordHuddleItem(
        huddle: onA.meta.id, familyReference: other.reference, discussion: "", decision: "Late", as: worker)
    }
    #expect(try a.store.canonicalStateHash() == b.store.canonicalStateHash())
  }
}
