import Foundation
import GRDB
import StartWellCore
import StartWellStore
import Testing

@testable import StartWellSync

/// A change names in `alsoReplaces` the further edits it settles. Before
/// this rule, a signed change could name an edit made after it, so that a
/// real rival dropped out of the conflict list without anyone choosing.
private func levelClock(_ t: Terminal, _ caseID: String) throws -> HLC? {
  try t.store.read { db in
    try String.fetchOne(
      db, sql: "SELECT clock FROM field_clock WHERE entity = 'case' AND record_id = ? AND field = 'level'",
      arguments: [caseID])
  }.flatMap(HLC.init)
}

@Suite("The gate: edits a change claims to settle")
struct AlsoReplacesGateTests {
  @Test("a signed edit that claims to settle a later edit it cannot have seen is refused everywhere")
  func aClaimToSettleALaterEditIsRefused() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let x = try share.terminal("X")
    let family = try a.addFamily("Okafor")
    try syncAll([a, x])
    let caseID = try a.caseID(of: family)
    let base = try levelClock(x, caseID)
    share.clock.advance(60)
    try a.setLevel(family, .targeted)
    let rival = try #require(try levelClock(a, caseID))
    var op = x.forged(
      by: worker.id, "case", caseID, "level", .text(CaseLevel.allCases.last!.rawValue), replaces: base,
      after: -30_000)
    op.alsoReplaces = [rival]
    try x.store.writer.write { db in
      let value = String(decoding: try JSONEncoder().encode(op.value), as: UTF8.self)
      try db.execute(
        sql: """
          INSERT INTO outbox(op_id, clock, device, user_id, entity, record_id, field, value, replaces, also_replaces)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          op.opID, op.clock.description, op.device, op.user, op.entity, op.recordID, op.field, value,
          op.replaces?.description, "[\"\(rival.description)\"]",
        ])
    }
    try x.queueSignature([op], by: worker.id, key: x.store.deviceIdentity)
    try syncAll([a, x])
    #expect(try a.status(of: op.opID) == "refused")
    #expect(try x.status(of: op.opID) == "refused")
    #expect(try a.store.canonicalStateHash() == x.store.canonicalStateHash())
  }
}
