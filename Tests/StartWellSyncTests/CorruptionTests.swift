import Foundation
import StartWellCore
import StartWellStore
import Testing

@testable import StartWellSync

@Suite("The corruption corpus")
struct CorruptionTests {
  /// Writes `bytes` into a device's log under the name a batch of `seq` with
  /// those bytes would have (or `name`, when given).
  @discardableResult
  func plant(_ share: TestShare, device: String, seq: Int64, _ bytes: Data, name: String? = nil) throws
    -> String
  {
    let dir = share.root.appendingPathComponent("devices/\(device)/log")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let file = name ?? ShareFormat.batchName(seq: seq, hash: ShareFormat.sha256Hex(bytes))
    try bytes.write(to: dir.appendingPathComponent(file))
    return "devices/\(device)/log/\(file)"
  }

  func plantDevice(_ share: TestShare, _ device: String, key: String) throws {
    let folder = share.root.appendingPathComponent("devices/\(device)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let manifest = DeviceManifest(
      format: ShareFormat.version, device: device, hub: nil, created: "2025-01-01T00:00:00.000Z",
      publicKey: key)
    try ShareFormat.encoder().encode(manifest).write(to: folder.appendingPathComponent("device.json"))
  }

  func sealed(
    _ share: TestShare, _ t: Terminal, device: String, seq: Int64, prev: String, ops: [ChangeOperation]
  ) throws
    -> (bytes: Data, hash: String)
  {
    let session = try t.engine.session()
    return try BatchCodec.seal(
      ops: ops, transactions: try t.signedBySystem(ops), store: session.manifest.storeId, device: device,
      seq: seq, prev: prev, created: t.store.now(), key: session.key, signer: t.store.deviceIdentity)
  }

  func op(device: String, millis: Int64, record: String, name: String) -> ChangeOperation {
    ChangeOperation(
      opID: UUID().uuidString.lowercased(), clock: HLC(millis: millis, counter: 0, device: device),
      device: device,
      user: "system", entity: "family", recordID: record, field: "name", value: .text(name), replaces: nil)
  }

  @Test("every bad file is set aside and reported in one sync, and everything else converges")
  func corpus() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    let c = try share.terminal("C")
    for t in [a, b, c] {
      try t.addFamily("Family of \(t.name)")
      _ = try t.engine.sync()
    }
    try a.addFamily("Second of A")
    _ = try a.engine.sync()
    let aLog = share.log(a.store.deviceID)
    let aFirst = try Data(contentsOf: aLog[0])
    let now = Int64(share.clock.now.timeIntervalSince1970 * 1000)
    var expected = Set<String>()

    // Truncated: half of a real file, at A's next number.
    expected.insert(try plant(share, device: a.store.deviceID, seq: 3, aFirst.prefix(aFirst.count / 2)))
    // Empty, and garbage, in devices of their own.
    expected.insert(try plant(share, device: "d0empty", seq: 1, Data()))
    expected.insert(try plant(share, device: "d1garbage", seq: 1, Data("this is not JSON {{{".utf8)))
    // A bad tag: a well-formed envelope whose tag does not match.
    var envelope = try JSONDecoder().decode(BatchEnvelope.self, from: aFirst)
    envelope.device = "d2badtag"
    envelope.tag = Data(repeating: 7, count: 16).base64EncodedString()
    expected.insert(try plant(share, device: "d2badtag", seq: 1, try ShareFormat.encoder().encode(envelope)))
    // Copied from another device: A's first file dropped into B's log, under its own name.
    expected.insert(
      try plant(share, device: b.store.deviceID, seq: 1, aFirst, name: aLog[0].lastPathComponent))
    // An unknown version.
    var future = try JSONDecoder().decode(BatchEnvelope.self, from: aFirst)
    future.format = ShareFormat.version + 1
    future.device = "d3future"
    expected.insert(try plant(share, device: "d3future", seq: 1, try ShareFormat.encoder().encode(future)))
    // Another shared store's file.
    var foreign = try JSONDecoder().decode(BatchEnvelope.self, from: aFirst)
    foreign.store = "someotherstore"
    foreign.device = "d4foreign"
    expected.insert(try plant(share, device: "d4foreign", seq: 1, try ShareFormat.encoder().encode(foreign)))
    // A duplicate number with different content: a device whose log forks at batch 2.
    let fork = "d5fork"
    // Enrolled with A's key, so its batches are signed by the terminal whose folder they are in.
    try plantDevice(share, fork, key: a.store.deviceIdentity.publicKey)
    let first = try sealed(
      share, a, device: fork, seq: 1, prev: ShareFormat.genesisHash,
      ops: [
        op(device: fork, millis: now - 5_000, record: "fork-family", name: "Before the fork")
      ])
    try plant(share, device: fork, seq: 1, first.bytes)
    for name in ["Left", "Right"] {
      let branch = try sealed(
        share, a, device: fork, seq: 2, prev: first.hash,
        ops: [
          op(device: fork, millis: now - 1_000, record: "fork-family", name: name)
        ])
      expected.insert(try plant(share, device: fork, seq: 2, branch.bytes))
    }
    // Leftovers of file-sync tools: never read, never reported.
    let aDir = share.root.appendingPathComponent("devices/\(a.store.deviceID)/log")
    for junk in [
      "000000000001-0123456789abcdef.sync-conflict-20250101-120000-ABCDEFG.json",
      "000000000002-0123456789abcdef (conflicted copy 2025-01-01).json", "~$000000000002.json",
      ".000000000002.json",
    ] {
      try Data("junk".utf8).write(to: aDir.appendingPathComponent(junk))
    }

    let reader = try share.terminal("Reader")
    let report = try reader.engine.sync()
    #expect(Set(report.pull.quarantined.map(\.path)) == expected)
    #expect(report.pull.quarantined.count == expected.count)
    let reasons = Dictionary(uniqueKeysWithValues: report.pull.quarantined.map { ($0.path, $0.reason) })
    #expect(reasons.values.contains { $0.contains("empty") })
    #expect(reasons.values.contains { $0.contains("garbled JSON") })
    #expect(reasons.values.contains { $0.contains("authentication") })
    #expect(reasons.values.contains { $0.contains("unknown format version \(ShareFormat.version + 1)") })
    #expect(reasons.values.contains { $0.contains("another shared store") })
    #expect(reasons.values.contains { $0.contains("copied file") })
    #expect(reasons.values.filter { $0.contains("duplicate batch number 2") }.count == 2)
    #expect(try reader.engine.status().quarantine.count == expected.count)

    // The same files again next time: not reported as new, still listed, and the table does not grow.
    let again = try reader.engine.sync()
    #expect(again.pull.quarantined.isEmpty)
    #expect(Set(try reader.engine.status().quarantine.map(\.path)) == expected)
    #expect(try reader.engine.status().quarantine.count == expected.count)

    // Everyone else still converges, including the good part of the forked log.
    let all = [a, b, c, reader]
    try syncAll(all)
    let hashes = try Set(all.map { try $0.store.canonicalStateHash() })
    #expect(hashes.count == 1)
    #expect(try reader.families().count == 5)
    #expect(try reader.value("family", "fork-family", "name") == .text("Before the fork"))
    // A terminal does not read its own folder, so it does not report what was planted there.
    for t in [c, reader] { #expect(try t.engine.status().quarantine.count == expected.count) }
    for t in [a, b] { #expect(try t.engine.status().quarantine.count == expected.count - 1) }
  }

  @Test("a file that was incomplete when first seen is applied once it is whole")
  func recoversWhenFileCompletes() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    try a.addFamily()
    _ = try a.engine.sync()
    let file = share.log(a.store.deviceID)[0]
    let whole = try Data(contentsOf: file)
    try whole.prefix(40).write(to: file)
    let first = try b.engine.sync()
    #expect(
      first.pull.quarantined.map(\.path) == ["devices/\(a.store.deviceID)/log/\(file.lastPathComponent)"])
    try whole.write(to: file)
    let second = try b.engine.sync()
    #expect(second.pull.quarantined.isEmpty)
    #expect(second.pull.batches.count == 1)
    #expect(try b.engine.status().quarantine.isEmpty)
  }

  @Test("a gap stops that device until the missing batch appears")
  func gap() throws {
    let share = try TestShare()
    let a = try share.terminal("A")
    let b = try share.terminal("B")
    for i in 0..<3 {
      try a.addFamily("F\(i)")
      _ = try a.engine.sync()
    }
    let second = share.log(a.store.deviceID)[1]
    let aside = share.folder.sub("aside.json")
    try FileManager.default.moveItem(at: second, to: aside)
    let report = try b.engine.sync()
    #expect(report.pull.batches.map(\.seq) == [1])
    #expect(report.pull.gaps == [GapNotice(device: a.store.deviceID, missingSeq: 2)])
    try FileManager.default.moveItem(at: aside, to: second)
    let later = try b.engine.sync()
    #expect(later.pull.batches.map(\.seq) == [2, 3])
    #expect(try b.families().count == 3)
  }
}
