import Foundation
import GRDB
import StartWellCore
import StartWellStore
import Testing

@testable import StartWellSync

@Suite("Snapshots")
struct SnapshotTests {
  /// Two terminals with records, an ordinary edit and an open case-level conflict, all synced.
  static func busyShare() throws -> (share: TestShare, a: Terminal, b: Terminal, family: String) {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let family = try a.addFamily("Achterberg")
    let other = try b.addFamily("Okafor")
    try a.logContact(family, "Home visit")
    try syncAll([a, b])
    try a.setLevel(family, .targeted)
    share.clock.advance(1)
    try b.setLevel(family, .earlyHelp)
    try b.setFamily(other, ["address": .text("2 Low Road")])
    try syncAll([a, b])
    #expect(try a.store.conflicts().count == 1)
    return (share, a, b, family)
  }

  static func derived(_ t: Terminal) throws -> [Row] {
    try t.store.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT f.id, f.flag_score, f.last_contact_day, f.case_level, f.case_lead_id, f.case_id,
            f.case_next_review, f.case_opened_on, f.development_below, s.names, s.reference
          FROM family f LEFT JOIN family_search s ON s.rowid = f.rowid ORDER BY f.id
          """)
    }
  }

  @Test("a new terminal started from a snapshot ends like one that replayed every batch, conflicts included")
  func bootstrapMatchesReplay() throws {
    let (share, a, b, family) = try Self.busyShare()
    // Joined before any snapshot exists, so it replays every batch.
    let replayed = try share.terminal("R")
    _ = try replayed.engine.sync()
    #expect(try replayed.store.conflicts().count == 1)

    let written = try a.engine.writeSnapshot()
    #expect(written.chunks > 0)
    #expect(Set(written.frontier.map(\.device)) == [a.store.deviceID, b.store.deviceID])

    let fresh = try share.terminal("N")
    let report = try fresh.engine.sync()
    #expect(report.snapshot?.snapshotID == written.snapshotID)
    #expect(report.pull.batches.isEmpty)
    #expect(report.pull.quarantined.isEmpty)
    let hash = try a.store.canonicalStateHash()
    #expect(try fresh.store.canonicalStateHash() == hash)
    #expect(try replayed.store.canonicalStateHash() == hash)
    #expect(try fresh.store.conflicts() == replayed.store.conflicts())
    #expect(try Self.derived(fresh) == Self.derived(replayed))
    #expect(try fresh.count("SELECT COUNT(*) FROM family_search WHERE family_search MATCH 'achterb*'") == 1)

    // Later batches, after the frontier, still apply on top of the snapshot.
    try a.logContact(family, "After the snapshot")
    try b.store.resolveConflict(try b.store.conflicts()[0].id, value: .text("targeted"), as: worker)
    try syncAll([a, b, replayed, fresh])
    let after = try a.store.canonicalStateHash()
    #expect(try fresh.store.canonicalStateHash() == after)
    #expect(try replayed.store.canonicalStateHash() == after)
    #expect(try fresh.store.conflicts().isEmpty)
    #expect(try Self.derived(fresh) == Self.derived(replayed))
    // The new terminal's own edits reach everyone.
    try fresh.setFamily(family, ["address": .text("9 New Street")])
    try syncAll([fresh, a, b, replayed])
    #expect(try a.store.canonicalStateHash() == fresh.store.canonicalStateHash())
    #expect(try a.value("family", family, "address") == .text("9 New Street"))
  }

  @Test("rows loaded straight into the store (demo data) reach a new terminal through a snapshot")
  func demoRowsTravel() throws {
    // A demo store shared by the terminal that loaded it: the demo comes first, then `share init`.
    let share = try TestShare(create: false)
    let a = try share.terminal("A", join: false)
    _ = try DemoData.load(into: a.store, families: 40, seed: 3, progress: nil)
    try share.found(by: a, demo: true)
    let sue = try a.addUser("sue", role: .supervisor)
    let b = try share.terminal("B")
    let family = try a.addFamily("Achterberg")
    try syncAll([a, b])
    try a.setLevel(family, .targeted)
    share.clock.advance(1)
    // Only the founding terminal's system account is trusted; B acts as a supervisor.
    let caseID = try b.caseID(of: family)
    try b.store.write(as: sue) { tx in
      _ = try tx.update(.caseRecord, id: caseID, ["level": .text("early-help")])
    }
    try syncAll([a, b])
    _ = try a.engine.writeSnapshot()

    let fresh = try share.terminal("N")
    let report = try fresh.engine.sync()
    #expect(report.snapshot != nil)
    #expect(try fresh.store.canonicalStateHash() == a.store.canonicalStateHash())
    #expect(try fresh.store.conflicts() == a.store.conflicts())
    #expect(try fresh.count("SELECT COUNT(*) FROM family") == 41)
    // Derived columns and search rows are rebuilt from the records, as the demo wrote them.
    #expect(try Self.derived(fresh) == Self.derived(a))
  }

  @Test("a tampered chunk is reported and the new terminal replays the logs instead")
  func tamperedChunkFallsBack() throws {
    let (share, a, b, _) = try Self.busyShare()
    let written = try a.engine.writeSnapshot()
    let chunk = share.root.appendingPathComponent("snapshots/\(written.snapshotID)/000001.json")
    var bytes = try Data(contentsOf: chunk)
    let middle = bytes.count / 2
    bytes[middle] = bytes[middle] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
    try bytes.write(to: chunk)

    let fresh = try share.terminal("N")
    let report = try fresh.engine.sync()
    #expect(report.snapshot == nil)
    #expect(report.pull.quarantined.map(\.path) == ["snapshots/\(written.snapshotID)/000001.json"])
    #expect(!report.pull.batches.isEmpty)
    #expect(try fresh.store.canonicalStateHash() == a.store.canonicalStateHash())
    #expect(try fresh.store.conflicts() == b.store.conflicts())
    #expect(try fresh.engine.status().quarantine.count == 1)
  }

  @Test("a snapshot is refused while this terminal has changes not on the share")
  func unpublishedRefused() throws {
    let (share, a, _, _) = try Self.busyShare()
    try a.addFamily("Unsent")
    let error = syncError { _ = try a.engine.writeSnapshot(pushFirst: false) }
    guard case .snapshotRefused? = error else {
      Issue.record("expected a refusal, got \(String(describing: error))")
      return
    }
    let folder = share.root.appendingPathComponent("snapshots").path
    let manifests = (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? [])
      .filter { $0.hasSuffix("manifest.json") }
    #expect(manifests.isEmpty)
    // Pushing first makes it possible.
    let written = try a.engine.writeSnapshot()
    #expect(written.pushed.operations > 0)
  }

  @Test("a terminal that already has records never loads a snapshot")
  func storeWithDataIgnoresSnapshot() throws {
    let (share, a, _, _) = try Self.busyShare()
    _ = try a.engine.writeSnapshot()
    let own = try share.terminal("C")
    try own.addFamily("Mine")
    let report = try own.engine.sync()
    #expect(report.snapshot == nil)
    #expect(!report.pull.batches.isEmpty)
    try syncAll([own, a])
    #expect(try own.store.canonicalStateHash() == a.store.canonicalStateHash())
  }
}
