import Foundation
import GRDB
import StartWellCore
import StartWellStore
import Testing

@testable import StartWellSync

private let day: TimeInterval = 86_400

/// Wrong, jumping and dragged clocks: no change is lost or forked by one,
/// and the terminal whose clock is wrong is the one that says so.
@Suite("Clocks across terminals")
struct ClockSyncTests {
  @Test(
    "a terminal whose clock goes back 30 days refuses changes and says why; accepted, its change wins everywhere"
  )
  func clockGoesBack() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let wall = WallError()
    let b = try share.terminal("B", wall: wall)
    let admin = try b.addUser("ada", role: .admin)
    let family = try a.addFamily("Okafor")
    try a.setFamily(family, ["address": .text("1 Old Road")])
    try syncAll([a, b])

    wall.seconds = -30 * day
    let refused = #expect(throws: DomainError.self) {
      try b.setFamily(family, ["address": .text("2 New Road")])
    }
    #expect(refused?.description.contains("30 days behind the changes it holds") == true)
    #expect(try b.engine.status().summary == .attention("clock wrong"))
    #expect(try b.engine.status().attention.lines.first?.contains("startwell clock accept") == true)
    #expect(try b.value("family", family, "address") == .text("1 Old Road"))

    #expect(throws: DomainError.self) { try b.store.acceptClock(as: worker, reason: "no access") }
    _ = try b.store.acceptClock(as: admin, reason: "the clock is managed centrally")
    try b.setFamily(family, ["address": .text("2 New Road")])
    try syncAll([a, b])
    for t in [a, b] { #expect(try t.value("family", family, "address") == .text("2 New Road")) }
    #expect(try a.store.canonicalStateHash() == b.store.canonicalStateHash())
    #expect(
      try b.store.auditEvents(familyReference: nil, reason: nil, as: admin, limit: 5).contains {
        $0.action == "clock.accept"
      })
  }

  @Test("a new terminal 30 days slow does not load a snapshot, and says its own clock is the wrong one")
  func slowNewTerminal() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let c = try share.terminal("C")
    _ = try a.addFamily("Okafor")
    _ = try c.addFamily("Nowak")
    try syncAll([a, c])
    _ = try a.engine.writeSnapshot()

    let wall = WallError(-30 * day)
    let slow = try share.terminal("Slow", wall: wall)
    let report = try slow.engine.sync()
    #expect(report.snapshot == nil)
    #expect(report.pull.quarantined.contains { $0.reason.contains("clock was 30 days ahead of this one's") })
    #expect(report.pull.ownClockSlow)
    #expect(try slow.families().isEmpty)
    let held = try slow.engine.status().attention.heldForClock
    #expect(held.count == 2 && held.allSatisfy { $0.contains("own clock is probably slow") }, "\(held)")

    wall.seconds = 0
    _ = try slow.engine.sync()
    #expect(try slow.families().count == 2)
    #expect(try slow.engine.status().attention.heldForClock.isEmpty)
  }

  @Test("a terminal a day fast is held and drags no one; one dragged within the bound is never blamed")
  func fastTerminalDragsNoOne() throws {
    let share = try TestShare()
    let healthy = try share.terminal("Healthy")
    let fast = try share.terminal("Fast", offset: 23 * 3_600 + 50 * 60)
    let nearly = try share.terminal("Nearly", offset: 40 * 60)
    let slow = try share.terminal("Slow", offset: -15 * 60)
    _ = try fast.addFamily("From tomorrow")
    _ = try nearly.addFamily("Forty minutes on")
    _ = try fast.engine.sync()
    _ = try nearly.engine.sync()

    let first = try healthy.engine.sync()
    #expect(first.pull.skewed.map(\.device) == [fast.store.deviceID])
    // Moved forward by the terminal within the bound, never by the one beyond it.
    let mine = try healthy.addFamily("Healthy")
    _ = mine
    let latest = try healthy.outboxOps().map(\.clock).max()!
    let wall = ClockState.millis(healthy.store.now())
    #expect(latest.millis <= wall + 40 * 60 * 1_000 + 1_000)
    _ = try healthy.engine.sync()

    let seen = try slow.engine.sync()
    #expect(seen.pull.skewed.map(\.device) == [fast.store.deviceID], "the healthy terminal was blamed")
    #expect(!seen.pull.ownClockSlow)
    #expect(try slow.families().count == 2)
  }

  @Test("a terminal 30 days fast, then put right, says so, refuses changes and is never shown as synced")
  func fastThenCorrected() throws {
    let share = try TestShare()
    let wall = WallError(30 * day)
    let f = try share.terminal("F", wall: wall)
    let other = try share.terminal("Other")
    _ = try f.addFamily("Okafor")
    _ = try f.engine.sync()
    #expect(try other.engine.sync().pull.skewed.map(\.device) == [f.store.deviceID])

    wall.seconds = 0
    #expect(try f.store.clockWarning().map { $0.behindMillis > Int64(29 * day * 1000) } == true)
    #expect(try f.engine.status().summary == .attention("clock wrong"))
    #expect(throws: DomainError.self) { try f.addFamily("Nowak") }
  }

  @Test("a new terminal loads the snapshot that covers the most, not the one a fast clock named last")
  func snapshotChoice() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let fast = try share.terminal("Fast", offset: 3 * day)
    _ = try a.addFamily("Okafor")
    _ = try a.engine.sync()
    _ = try fast.engine.sync()
    let stale = try fast.engine.writeSnapshot()
    _ = try a.addFamily("Nowak")
    _ = try a.engine.sync()
    let full = try a.engine.writeSnapshot()
    #expect(stale.snapshotID > full.snapshotID)

    let fresh = try share.terminal("New")
    let report = try fresh.engine.sync()
    #expect(report.snapshot?.snapshotID == full.snapshotID)
    #expect(try fresh.families().count == 2)
  }

  @Test("a snapshot from a terminal two days fast does not let its held changes in; they wait")
  func fastSnapshot() throws {
    let share = try TestShare()
    let fast = try share.terminal("Fast", offset: 2 * day)
    let family = try fast.addFamily("From the future")
    try fast.setLevel(family, .targeted)
    _ = try fast.engine.sync()
    _ = try fast.engine.writeSnapshot()

    let fresh = try share.terminal("New")
    let report = try fresh.engine.sync()
    #expect(report.snapshot == nil)
    #expect(report.pull.quarantined.contains { $0.reason.contains("clock was 2 days ahead of this one's") })
    #expect(report.pull.skewed.map(\.device) == [fast.store.deviceID])
    #expect(try fresh.families().isEmpty)
    share.clock.advance(2 * day)
    _ = try fresh.engine.sync()
    #expect(try fresh.families() == [family])
  }

  @Test(
    "a terminal whose clock is ahead learns it from the file server's clock, and says so until it is put right"
  )
  func fastTerminalToldByTheServer() throws {
    let share = try TestShare()
    let wall = WallError(3 * 3_600)
    func terminal(_ name: String, _ wall: WallError) throws -> Terminal {
      try Terminal(
        name, share: { _ in FolderShare(root: share.root, durable: false, readsServerClock: true) },
        keyFile: share.keyFile, now: { Date().addingTimeInterval(wall.seconds) })
    }
    let fast = try terminal("Fast", wall)
    let healthy = try terminal("Healthy", WallError())
    _ = try fast.addFamily("Okafor")
    _ = try healthy.addFamily("Nowak")
    _ = try fast.engine.sync()
    _ = try healthy.engine.sync()
    let status = try fast.engine.status()
    #expect(status.clockWarning?.contains("was 3 hours ahead of the shared folder's file server") == true)
    #expect(status.summary == .attention("clock wrong"))
    #expect(try healthy.engine.status().clockWarning == nil)
    #expect(try healthy.engine.sync().pull.skewed.map(\.device) == [fast.store.deviceID])

    // Put right, its own changes are now ahead of it: it says so, and waits.
    wall.seconds = 0
    #expect(try fast.engine.status().clockWarning?.contains("3 hours behind the changes it holds") == true)
    #expect(throws: DomainError.self) { try fast.addFamily("Put right") }
  }
}
