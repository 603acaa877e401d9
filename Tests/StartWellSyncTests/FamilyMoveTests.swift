import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore
@testable import StartWellSync

/// A person moved to another family, here or on another terminal, re-indexes
/// both families: the one they leave and the one they join. The net's count
/// of children below expected (`family.development_below`) follows the
/// child, so the net finds them in the family they are in now.
@Suite struct FamilyMoveTests {
  func below(_ t: Terminal, _ familyID: String) throws -> Int {
    try t.store.read { db in
      try Int.fetchOne(db, sql: "SELECT development_below FROM family WHERE id = ?", arguments: [familyID])
    } ?? -1
  }

  @Test func aChildMovedToAnotherFamilyIsCountedInTheOneTheyJoinOnEveryTerminal() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let from = try a.store.addFamily(
      FamilyDraft(name: "Leaving", postcode: "LS6 2AB", hubID: "north"), as: worker)
    let to = try a.addFamily("Joining")
    let child = try a.store.addPerson(
      familyReference: from.reference,
      PersonDraft(givenName: "Kit", familyName: "Leaving", dateOfBirth: "2024-01-10", relationship: .child),
      as: worker)
    _ = try a.store.recordDevelopment(
      personReference: child.reference,
      DevelopmentDraft(
        term: "2026-spring", wellComm: .red, communication: .onTrack, physical: .onTrack,
        personalSocialEmotional: .onTrack), as: worker)
    try syncAll([a, b])
    for t in [a, b] {
      #expect(try below(t, from.meta.id) == 1, "\(t.name)")
      #expect(try below(t, to) == 0, "\(t.name)")
    }
    // An edit of the child first, pulled in the same run as the move, so
    // the terminal taking both in has seen the child in the family they leave.
    try a.store.write(as: worker) { tx in
      _ = try tx.update(.person, id: child.meta.id, ["given_name": .text("Kitty")])
    }
    try a.store.write(as: worker) { tx in
      _ = try tx.update(.person, id: child.meta.id, ["family_id": .text(to)])
    }
    try syncAll([a, b])
    for t in [a, b] {
      #expect(try below(t, from.meta.id) == 0, "\(t.name)")
      #expect(try below(t, to) == 1, "\(t.name)")
    }
  }
}
