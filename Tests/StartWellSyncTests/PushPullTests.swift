import Foundation
import StartWellCore
import Testing

@testable import StartWellStore
@testable import StartWellSync

@Suite("Push and pull")
struct PushPullTests {
  @Test("a family added on one terminal reaches another, with its contact")
  func twoTerminals() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let family = try a.addFamily("Okafor")
    try a.logContact(family)
    let pushed = try a.engine.sync()
    #expect(pushed.push.batches.count == 1)
    #expect(pushed.push.operations > 10)
    let pulled = try b.engine.sync()
    #expect(pulled.pull.batches.count == 1)
    #expect(pulled.pull.applied == pushed.push.operations)
    #expect(try b.value("family", family, "name") == .text("Okafor"))
    #expect(try b.count("SELECT COUNT(*) FROM contact") == 1)
    #expect(try a.store.canonicalStateHash() == b.store.canonicalStateHash())
    #expect(try a.engine.status().pending == 0)
    #expect(try a.engine.status().summary == .synced)
  }

  @Test("an action set on one terminal and marked done on another is done on both")
  func actionDoneElsewhere() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let family = try a.addFamily("Okafor")
    let due = a.store.today.adding(days: 7)
    let action = try a.store.addAction(
      familyID: family, ActionDraft(owner: worker.username, due: due.description, text: "Ring the nursery"),
      as: worker)
    try syncAll([a, b])
    let arrived = try #require(try b.store.actionRow(id: action.meta.id))
    #expect(arrived.action.status == .open && arrived.action.due == due)
    #expect(arrived.action.description == "Ring the nursery")

    share.clock.advance(3_600)
    let done = try b.store.completeAction(id: String(action.meta.id.prefix(8)), as: worker)
    try syncAll([a, b])
    for t in [a, b] {
      let row = try #require(try t.store.actionRow(id: action.meta.id), "\(t.name)")
      #expect(row.action.status == .done, "\(t.name)")
      #expect(row.action.doneAt == done.doneAt && row.action.doneBy == worker.id, "\(t.name)")
      let titles = try t.store.openFamily(id: family, as: worker).chronology.map(\.title)
      #expect(titles.contains("Action done: Ring the nursery"), "\(t.name): \(titles)")
    }
    // Opening the family was audited on each terminal; those events travel too.
    try syncAll([a, b])
    #expect(try a.store.canonicalStateHash() == b.store.canonicalStateHash())
    // Done is final on the terminal that did not mark it, too.
    #expect(throws: DomainError.self) { try a.store.completeAction(id: action.meta.id, as: worker) }
  }

  @Test("the share layout and file names follow the format")
  func layout() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    try a.addFamily("Okonkwo-Whitfield")
    _ = try a.engine.sync()
    let fm = FileManager.default
    #expect(fm.fileExists(atPath: share.root.appendingPathComponent("STORE.json").path))
    #expect(
      fm.fileExists(atPath: share.root.appendingPathComponent("devices/\(a.store.deviceID)/device.json").path)
    )
    let log = share.log(a.store.deviceID)
    #expect(log.count == 1)
    let name = log[0].lastPathComponent
    let data = try Data(contentsOf: log[0])
    #expect(name.hasPrefix("000000000001-"))
    #expect(ShareFormat.sha256Hex(data).hasPrefix(ShareFormat.parseBatchName(name)!.hashPrefix))
    // No personal data in names or in the plain envelope.
    let text = String(decoding: data, as: UTF8.self)
    #expect(!text.contains("Okonkwo-Whitfield"))
    let envelope = try JSONDecoder().decode(BatchEnvelope.self, from: data)
    #expect(envelope.prev == ShareFormat.genesisHash)
    #expect(envelope.device == a.store.deviceID)
    // The next batch chains to this one.
    try a.addFamily()
    _ = try a.engine.sync()
    let second = try JSONDecoder().decode(
      BatchEnvelope.self, from: Data(contentsOf: share.log(a.store.deviceID)[1]))
    #expect(second.prev == ShareFormat.sha256Hex(data))
    #expect(second.seq == 2)
  }

  @Test("a sync that finds nothing new writes no file and applies nothing")
  func idempotentSync() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    try a.addFamily()
    try b.addFamily()
    try syncAll([a, b])
    let before = share.files()
    let hash = try b.store.canonicalStateHash()
    for t in [a, b] {
      let report = try t.engine.sync()
      #expect(report.push.batches.isEmpty)
      #expect(report.pull.batches.isEmpty)
      #expect(report.pull.applied == 0 && report.pull.duplicates == 0)
      #expect(report.pull.quarantined.isEmpty)
    }
    #expect(share.files() == before)
    #expect(try b.store.canonicalStateHash() == hash)
  }

  @Test("a new terminal catches up by replaying the whole share")
  func newTerminalCatchesUp() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    for i in 0..<5 {
      let f = try a.addFamily("A\(i)")
      try a.logContact(f)
      _ = try a.engine.sync()
      try b.addFamily("B\(i)")
      _ = try b.engine.sync()
    }
    let c = try share.terminal("C")
    let report = try c.engine.sync()
    #expect(report.pull.batches.count == 10)
    try syncAll([a, b, c])
    #expect(try c.store.canonicalStateHash() == a.store.canonicalStateHash())
    #expect(try c.families().count == 10)
  }

  @Test("a push interrupted after staging publishes the same file on the next run")
  func resumesStagedBatch() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    try a.addFamily()
    // Stage without publishing, as a crash right after staging would leave it.
    let ledger = try SyncLedger(store: a.store)
    let session = try a.engine.session()
    let staged = try ledger.stageBatch(limit: 100) { ops, transactions, seq, prev in
      try BatchCodec.seal(
        ops: ops, transactions: transactions, store: session.manifest.storeId, device: a.store.deviceID,
        seq: seq, prev: prev, created: a.store.now(), key: session.key, signer: a.store.deviceIdentity)
    }
    #expect(try a.engine.status().pending == staged!.opCount)
    let report = try a.engine.sync()
    #expect(report.push.batches.map(\.seq) == [1])
    let file = share.log(a.store.deviceID)[0]
    #expect(try Data(contentsOf: file) == staged!.bytes)
    // Published but not recorded (a crash after the link): the retry finds the identical file.
    try a.addFamily()
    let second = try ledger.stageBatch(limit: 100) { ops, transactions, seq, prev in
      try BatchCodec.seal(
        ops: ops, transactions: transactions, store: session.manifest.storeId, device: a.store.deviceID,
        seq: seq, prev: prev, created: a.store.now(), key: session.key, signer: a.store.deviceIdentity)
    }!
    let name = ShareFormat.batchName(seq: second.seq, hash: second.hash)
    try second.bytes!.write(to: share.root.appendingPathComponent("devices/\(a.store.deviceID)/log/\(name)"))
    let retry = try a.engine.sync()
    #expect(retry.push.batches.map(\.seq) == [2])
    #expect(share.log(a.store.deviceID).count == 2)
    #expect(try a.engine.status().pending == 0)
    _ = try b.engine.sync()
    #expect(try b.families().count == 2)
  }

  @Test("a large outbox is split only where a transaction ends")
  func batchesEndOnTransactions() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    for i in 0..<30 {
      try a.addFamily("F\(i)")
      share.clock.advance(0.01)
    }
    let ops = try a.outboxOps()
    let cut = SyncLedger.boundary(in: ops, from: 40)
    #expect(cut != nil)
    // Every family and its case are written in one transaction: the cut must not fall inside one.
    let boundaries = Set(
      ops.indices.dropFirst().filter { ops[$0].entity == "family" && ops[$0 - 1].entity == "case" })
    #expect(boundaries.contains(cut!))
  }
}
