import Foundation
import GRDB
import StartWellCore
import StartWellStore
import Testing

@testable import StartWellSync

/// A supervisor's risk override travels with its reason, who and when; two
/// made at once on two terminals are a conflict a person settles.
@Suite("Risk overrides across terminals")
struct RiskOverrideSyncTests {
  private func reference(_ t: Terminal, _ family: String) throws -> String {
    try t.store.read { db in
      try String.fetchOne(db, sql: "SELECT reference FROM family WHERE id = ?", arguments: [family]) ?? ""
    }
  }

  @Test("the reason, who and when reach the other terminal, in its explanation and chronology")
  func reasonTravels() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let family = try a.addFamily("Travelled")
    let ref = try reference(a, family)
    try a.store.overrideRisk(familyReference: ref, band: .high, reason: "Police notification", as: worker)
    try syncAll([a, b])
    let detail = try b.store.openFamily(reference: ref, as: worker)
    #expect(detail.risk.effectiveBand == .high)
    #expect(detail.riskOverride?.reason == "Police notification")
    #expect(detail.riskOverride?.decidedBy == worker.id)
    #expect(detail.chronology.filter { $0.kind == .riskOverride }.map(\.detail) == ["Police notification"])
  }

  @Test(
    "overrides made at once on two terminals: one conflict; a person settles it; the decision kept explains it"
  )
  func concurrentOverridesSettledByAPerson() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let family = try a.addFamily("Contested")
    let ref = try reference(a, family)
    try syncAll([a, b])
    try a.store.overrideRisk(familyReference: ref, band: .high, reason: "DA notification", as: worker)
    share.clock.advance(1)
    try b.store.overrideRisk(familyReference: ref, band: .medium, reason: "Family engaging again", as: worker)
    try syncAll([a, b])

    for t in [a, b] {
      let conflicts = try t.store.conflicts()
      #expect(conflicts.map(\.field) == ["risk_override"], "\(t.name)")
      // Both decisions are kept, in both histories.
      let titles = try t.store.openFamily(reference: ref, as: worker).chronology
        .filter { $0.kind == .riskOverride }.map(\.title)
      #expect(Set(titles) == ["Risk band overridden: none → high", "Risk band overridden: none → medium"])
    }
    let conflict = try #require(try a.store.conflicts().first)
    try a.store.resolveConflict(conflict.id, value: .text("high"), as: worker)
    try syncAll([a, b])
    for t in [a, b] {
      #expect(try t.store.conflicts().isEmpty, "\(t.name)")
      let detail = try t.store.openFamily(reference: ref, as: worker)
      #expect(detail.risk.effectiveBand == .high, "\(t.name)")
      #expect(detail.riskOverride?.reason == "DA notification", "\(t.name)")
    }
    // Opening the family wrote each terminal a "viewed" event; once those travel, both hold one state.
    try syncAll([a, b])
    #expect(try a.store.canonicalStateHash() == b.store.canonicalStateHash())
  }
}
