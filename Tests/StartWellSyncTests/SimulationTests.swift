import Foundation
import StartWellCore
import StartWellStore
import Testing

@testable import StartWellSync

/// A small, fast, seedable generator, so a failing run can be replayed from its seed.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(_ seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Decides when each new file on the share becomes visible to other terminals,
/// as a network share or a file-sync tool delivers files late and out of order.
final class Visibility: @unchecked Sendable {
  private let lock = NSLock()
  private var rng: SplitMix64
  private var visibleAt: [String: Int] = [:]
  private var creator: [String: String] = [:]
  var step = 0
  /// Off for the final exchange, when every file arrives at once.
  var delaying = true

  init(seed: UInt64) { rng = SplitMix64(seed ^ 0xABCD) }

  func created(_ path: String, by device: String) {
    lock.lock()
    defer { lock.unlock() }
    visibleAt[path] = delaying ? step + Int.random(in: 0...4, using: &rng) : 0
    creator[path] = device
  }

  func canSee(_ path: String, viewer: String) -> Bool {
    lock.lock()
    defer { lock.unlock() }
    guard let at = visibleAt[path] else { return true }
    return creator[path] == viewer || at <= step
  }
}

/// The share as one terminal sees it: files others wrote appear only after a delay.
struct DelayedShare: ShareBackend {
  let base: FolderShare
  let visibility: Visibility
  let viewer: String

  var location: String { base.location }
  func isReachable() -> Bool { base.isReachable() }

  func list(_ folder: String) throws -> [String] {
    try base.list(folder).filter { visibility.canSee("\(folder)/\($0)", viewer: viewer) }
  }

  func read(_ path: String) throws -> Data? {
    visibility.canSee(path, viewer: viewer) ? try base.read(path) : nil
  }

  func createIfAbsent(_ path: String, _ data: Data, staging: String) throws -> CreateOutcome {
    let outcome = try base.createIfAbsent(path, data, staging: staging)
    if outcome == .created { visibility.created(path, by: viewer) }
    return outcome
  }

  func remove(_ path: String) throws { try base.remove(path) }
}

let simulationSeeds: [UInt64] = {
  let count = ProcessInfo.processInfo.environment["STARTWELL_SIM_SEEDS"].flatMap(Int.init) ?? 200
  return (1...UInt64(max(1, count))).map { $0 }
}()

@Suite("Seeded multi-terminal simulation")
struct SimulationTests {
  @Test("terminals converge whatever the order, duplication and delay", arguments: simulationSeeds)
  func converges(seed: UInt64) throws {
    do {
      try run(seed: seed)
    } catch {
      Issue.record("seed \(seed) (replay with this seed): \(error)")
    }
  }

  func run(seed: UInt64) throws {
    var rng = SplitMix64(seed)
    let share = try TestShare()
    let visibility = Visibility(seed: seed)
    let count = Int.random(in: 3...8, using: &rng)
    var terminals: [Terminal] = []
    for i in 0..<count {
      let offset = Double(Int.random(in: -30_000...30_000, using: &rng)) / 1000
      let clock = share.clock
      let base = share.backend
      terminals.append(
        try Terminal(
          "T\(i)", share: { DelayedShare(base: base, visibility: visibility, viewer: $0) },
          keyFile: share.keyFile,
          now: { clock.now.addingTimeInterval(offset) }))
    }
    let steps = Int.random(in: 20...45, using: &rng)
    for step in 0..<steps {
      visibility.step = step
      share.clock.advance(Double(Int.random(in: 1...400, using: &rng)) / 1000)
      let t = terminals[Int.random(in: 0..<count, using: &rng)]
      switch Int.random(in: 0..<100, using: &rng) {
      case 0..<45: try edit(t, step: step, rng: &rng)
      case 45..<58: _ = try t.engine.push()
      case 58..<71: _ = try t.engine.pull()
      case 71..<93: _ = try t.engine.sync()
      default: try redeliver(to: t, terminals: terminals, rng: &rng)
      }
    }

    // Let every file arrive, then exchange everything.
    visibility.step = Int.max / 2
    visibility.delaying = false
    for _ in 0..<2 {
      for t in terminals { _ = try t.engine.push() }
      for t in terminals { _ = try t.engine.pull() }
    }
    try check(terminals, seed: seed)
  }

  /// One local change, of the kinds people make: new families, contacts, and
  /// edits of the same fields on several terminals at once.
  func edit(_ t: Terminal, step: Int, rng: inout SplitMix64) throws {
    let families = try t.completeFamilies()
    let roll = Int.random(in: 0..<100, using: &rng)
    // New families are the costliest change (a few dozen operations each), so
    // keep a handful and spend most steps on edits that collide.
    if families.count < 2 || (roll < 10 && families.count < 6) {
      try t.addFamily("Family \(step)")
      return
    }
    let family = families[Int.random(in: 0..<families.count, using: &rng)]
    switch roll {
    case 0..<30: try t.logContact(family, "Contact \(step)")
    case 30..<60: try t.setLevel(family, CaseLevel.allCases[Int.random(in: 0..<4, using: &rng)])
    case 60..<75: try t.setFamily(family, ["name": .text("Name \(Int.random(in: 0..<3, using: &rng))")])
    case 75..<90:
      try t.setFamily(family, ["address": .text("\(Int.random(in: 1...9, using: &rng)) High Street")])
    default:
      let conflicts = try t.store.conflicts()
      guard !conflicts.isEmpty else { return }
      let conflict = conflicts[Int.random(in: 0..<conflicts.count, using: &rng)]
      let head = conflict.heads[Int.random(in: 0..<conflict.heads.count, using: &rng)]
      try t.store.resolveConflict(conflict.id, value: head.value, as: worker)
    }
  }

  /// Delivers a batch a second time, or early, out of order, straight into the store.
  func redeliver(to t: Terminal, terminals: [Terminal], rng: inout SplitMix64) throws {
    let others = terminals.filter { $0 !== t }
    let source = others[Int.random(in: 0..<others.count, using: &rng)]
    let session = try t.engine.session()
    let files = try ShareListing.log(of: source.store.deviceID, in: session.share)
    guard !files.isEmpty else { return }
    let file = files[Int.random(in: 0..<files.count, using: &rng)]
    guard let data = try session.share.read(file.path) else { return }
    let batch = try BatchCodec.open(
      data, store: session.manifest.storeId, device: source.store.deviceID, seq: file.seq,
      namePrefix: file.hashPrefix, key: session.key
    ).get()
    try t.store.applyRemoteBatch { db in
      _ = try t.store.applyRemote(batch.ops, in: db)
      if let latest = batch.latestClock { _ = t.store.receive(clock: latest) }
      try t.store.saveClock(in: db)
    }
  }

  func check(_ terminals: [Terminal], seed: UInt64) throws {
    let hashes = try terminals.map { try $0.store.canonicalStateHash() }
    if Set(hashes).count != 1 {
      var lines: [String] = []
      for t in terminals {
        let st = try t.engine.status()
        let cursors = st.devices.map { d in "\(d.device.prefix(6)):\(d.seq)\(d.skew == nil ? "" : "!")" }
        let outbox = try t.outboxOps().count
        let unbatched = try t.count("SELECT COUNT(*) FROM outbox WHERE batch IS NULL")
        lines.append(
          "\(t.name) \(t.store.deviceID.prefix(6)) pub=\(st.published) pending=\(st.pending) outbox=\(outbox) "
            + "unbatched=\(unbatched) \(cursors.joined(separator: " ")) q=\(st.quarantine.map(\.reason))")
      }
      let detail = lines.joined(separator: "\n")
      Issue.record("seed \(seed): state hashes differ\n\(detail)")
      return
    }

    let ops = try terminals.flatMap { try $0.outboxOps() }
    let ids = Set(ops.map(\.opID))
    #expect(ids.count == ops.count, "seed \(seed): an op id appears in two outboxes")
    for t in terminals {
      let applied = try t.appliedOpIDs()
      #expect(
        ids.isSubset(of: applied), "seed \(seed): \(t.name) lacks \(ids.subtracting(applied).count) ops")
      let status = try t.engine.status()
      #expect(status.pending == 0, "seed \(seed): \(t.name) still has pending changes")
      #expect(status.quarantine.isEmpty, "seed \(seed): \(t.name) quarantined \(status.quarantine)")
    }

    // The oracle: for every field, the value of the operation with the highest
    // (clock, device), worked out from all the outboxes without the merge code.
    var winners: [String: ChangeOperation] = [:]
    for op in ops {
      let key = "\(op.entity)|\(op.recordID)|\(op.field)"
      if let current = winners[key], current.clock > op.clock { continue }
      winners[key] = op
    }
    for t in terminals {
      for op in winners.values {
        let table = Entity(rawValue: op.entity)!.table
        let value = try t.value(table, op.recordID, op.field)
        #expect(value == op.value, "seed \(seed): \(t.name) \(op.entity).\(op.field) of \(op.recordID)")
      }
    }

    let conflictSets = try terminals.map { t in
      Set(try t.store.conflicts().map { "\($0.id) \($0.heads.map(\.clock.description).sorted())" })
    }
    #expect(Set(conflictSets).count == 1, "seed \(seed): conflicts differ")
  }
}
