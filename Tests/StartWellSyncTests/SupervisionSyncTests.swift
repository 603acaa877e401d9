import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore
@testable import StartWellSync

/// The net (with supervisors' marks), the caseloads and the huddle agenda
/// are computed from the synced records, so two terminals that have synced
/// show the same.
@Suite("Supervision across terminals")
struct SupervisionSyncTests {
  /// A family of hub north with a child under five, last contacted 100 days
  /// ago: in the net under no-contact.
  private func childOutOfContact(_ t: Terminal, _ name: String) throws -> (family: String, child: String) {
    let family = try t.addFamily(name)
    let reference = try t.store.read { db in
      try String.fetchOne(db, sql: "SELECT reference FROM family WHERE id = ?", arguments: [family])
    }!
    let child = try t.store.addPerson(
      familyReference: reference,
      PersonDraft(givenName: "Kit", familyName: name, dateOfBirth: "2024-01-10", relationship: .child),
      as: worker)
    _ = try t.store.logContact(
      familyID: family,
      ContactDraft(type: "phone", at: t.store.now().addingTimeInterval(-100 * 86_400), summary: "Rang"),
      as: worker)
    return (reference, child.reference)
  }

  @Test func theNetTheCaseloadsAndTheAgendaAreTheSameOnTwoTerminalsAfterSync() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let pat = try a.addUser("pat", role: .practitioner)
    _ = pat
    let first = try childOutOfContact(a, "Ahmed")
    let second = try childOutOfContact(b, "Brown")
    try syncAll([a, b])

    // A hand-over of each case, one made on each terminal.
    try a.store.setCaseLead(familyReference: second.family, to: "pat", as: worker)
    try b.store.setCaseLead(familyReference: first.family, to: "pat", as: worker)
    // Both supervisors mark the first child's row before they sync, and one
    // assigns the second child's.
    try a.store.markNet(child: first.child, rule: "no-contact", note: "Seen on A", as: worker)
    share.clock.advance(5)
    try b.store.markNet(child: first.child, rule: "no-contact", note: "Seen on B", as: worker)
    try b.store.assignNet(
      child: second.child, rule: "no-contact", to: "pat", note: "Visit please", as: worker)
    // Each terminal flags one case for the huddle.
    try a.store.flagForHuddle(familyReference: first.family, flagged: true, as: worker)
    try b.store.flagForHuddle(familyReference: second.family, flagged: true, as: worker)
    try syncAll([a, b])

    let netA = try a.store.net(for: worker)
    let netB = try b.store.net(for: worker)
    #expect(netA == netB)
    #expect(netA.count == 2)
    let marks = netA.flatMap(\.reasons).compactMap(\.mark)
    #expect(marks.count == 2)
    // One record for the row both marked: the later mark stands on both.
    #expect(netA.first { $0.childReference == first.child }?.reasons.first?.mark?.note == "Seen on B")
    #expect(netA.first { $0.childReference == second.child }?.reasons.first?.mark?.assignee == "pat")
    for t in [a, b] {
      #expect(try t.count("SELECT COUNT(*) FROM net_mark") == 2, "\(t.name)")
      // Two makings of one mark are one record, not an edit refused on one terminal.
      #expect(try t.store.refusedChanges().isEmpty, "\(t.name)")
    }

    let loadsA = try a.store.caseloads(for: worker)
    let loadsB = try b.store.caseloads(for: worker)
    #expect(loadsA == loadsB)
    #expect(loadsA.flatMap(\.cases).map(\.leadChanges).sorted() == [1, 1])
    #expect(try a.store.supervisorSummary(for: worker) == b.store.supervisorSummary(for: worker))

    // The huddle agenda, made from the same records, is the same too.
    let agendaA = try a.store.agenda(hub: "north", for: worker)
    #expect(try agendaA == b.store.agenda(hub: "north", for: worker))
    #expect(agendaA.filter { $0.reasons.contains { $0.rule == "flagged" } }.count == 2)
    #expect(try a.store.canonicalStateHash() == b.store.canonicalStateHash())
  }
}
