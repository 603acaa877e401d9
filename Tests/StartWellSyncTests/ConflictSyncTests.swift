import Foundation
import StartWellCore
import StartWellStore
import Testing

@testable import StartWellSync

@Suite("Conflicts across terminals")
struct ConflictSyncTests {
  @Test(
    "a case level changed offline on two terminals is one conflict on both, and resolving it on one closes it everywhere"
  )
  func caseLevelConflict() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let family = try a.addFamily("Achterberg")
    try syncAll([a, b])

    // Both offline: each steps the case up differently.
    try a.setLevel(family, .targeted)
    share.clock.advance(1)
    try b.setLevel(family, .earlyHelp)
    try syncAll([a, b])

    let onA = try a.store.conflicts()
    let onB = try b.store.conflicts()
    #expect(onA.count == 1)
    #expect(onA.map(\.id) == onB.map(\.id))
    #expect(onA.first?.field == "level")
    #expect(Set(onA.first?.heads.map(\.value) ?? []) == [.text("targeted"), .text("early-help")])
    // Never settled silently: both terminals show the same current value and the same open conflict.
    #expect(try a.level(family) == b.level(family))
    #expect(try a.engine.status().summary == .conflicts(1))
    #expect(try b.engine.sync().conflicts == 1)

    // Resolved on B, keeping A's value.
    try b.store.resolveConflict(onB[0].id, value: .text("targeted"), as: worker)
    #expect(try b.store.conflicts().isEmpty)
    try syncAll([b, a])
    #expect(try a.store.conflicts().isEmpty)
    #expect(try a.level(family) == "targeted")
    #expect(try b.level(family) == "targeted")
    #expect(try a.store.canonicalStateHash() == b.store.canonicalStateHash())
    #expect(try a.engine.status().summary == .synced)
  }

  @Test("an ordinary field edited on two terminals merges silently, the later edit winning")
  func ordinaryFieldMerges() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let family = try a.addFamily()
    try syncAll([a, b])
    try a.setFamily(family, ["address": .text("1 Mill Lane")])
    share.clock.advance(1)
    try b.setFamily(family, ["address": .text("2 Mill Lane"), "name": .text("Renamed")])
    try syncAll([a, b])
    #expect(try a.store.conflicts().isEmpty)
    #expect(try a.value("family", family, "address") == .text("2 Mill Lane"))
    #expect(try a.value("family", family, "name") == .text("Renamed"))
    #expect(try a.store.canonicalStateHash() == b.store.canonicalStateHash())
  }

  @Test(
    "two terminals setting the same value offline raise no conflict, and a later edit on either leaves none behind"
  )
  func sameValueIsNoConflict() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let family = try a.addFamily("Okafor")
    try syncAll([a, b])

    try a.setLevel(family, .targeted)
    share.clock.advance(1)
    try b.setLevel(family, .targeted)
    try syncAll([a, b])
    #expect(try a.store.conflicts().isEmpty)
    #expect(try b.store.conflicts().isEmpty)
    #expect(try a.engine.status().summary == .synced)

    // The edit after the agreement replaces both agreeing edits, so the one it
    // did not name cannot come back as a rival.
    share.clock.advance(1)
    try b.setLevel(family, .earlyHelp)
    try syncAll([b, a, b])
    #expect(try a.store.conflicts().isEmpty)
    #expect(try b.store.conflicts().isEmpty)
    #expect(try a.level(family) == "early-help")
    #expect(try a.store.canonicalStateHash() == b.store.canonicalStateHash())
  }
}
