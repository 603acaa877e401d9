import Crypto
import Foundation
import StartWellCore
import StartWellStore
import StartWellSync

/// The cost of signed authorship: taking in 10,000 signed changes, and a
/// login with the strong key derivation.
enum SignedRows {
  static let all: [BenchRow] = [pull, login]

  /// A second terminal pulls the 10,000 changes another pushed: every batch
  /// signature and transaction signature checked, every change through the
  /// gate and merged. Beside it, the same files read and hashed, and the
  /// same signatures checked, with nothing else.
  static let pull = BenchRow(
    name: "pull", what: "sync pull of 10,000 signed changes (signatures checked, gate, merge)", target: 1_000
  ) { run in
    let kit = try SyncRows.kit(run)
    var product = Samples()
    var floor = Samples()
    let rounds = run.dataset.families >= BenchOptions.Scale.borough ? 5 : 2
    for round in 0..<rounds {
      let dir = run.scratch.appendingPathComponent("pull/run\(round)")
      let share = try kit.newShare(in: dir)
      let writer = try kit.terminal(
        try Store.open(
          directory: dir.appendingPathComponent("writer"), config: kit.config, keyDerivation: .test),
        share: share,
        tag: "w\(round)")
      _ = try writer.engine.push()
      let reader = try kit.terminal(
        try Store.open(
          directory: dir.appendingPathComponent("reader"), config: kit.config, keyDerivation: .test),
        share: share,
        tag: "r\(round)")
      _ = try reader.engine.sync()
      let ledger = try SyncLedger(store: writer.store)
      let transactions = try writer.queueChanges(10_000)
      let pending = try ledger.pendingCount()
      let pushed = try writer.engine.push()
      guard pushed.operations == pending else { throw BenchError("push published \(pushed.operations)") }
      let report = try product.time { try reader.engine.pull() }
      guard report.applied + report.superseded == pending, report.refused == 0 else {
        throw BenchError(
          "pull applied \(report.applied) and refused \(report.refused) of \(pending) signed changes")
      }
      let files = try FileManager.default.subpathsOfDirectory(atPath: share.root.path)
        .filter { $0.contains("/log/") && $0.hasSuffix(".json") }
        .map { share.root.appendingPathComponent($0) }
      let signer = SigningIdentity()
      let message = Data(repeating: 7, count: 32)
      let signature = try signer.sign(message)
      try floor.time {
        for file in files { _ = SHA256.hash(data: try Data(contentsOf: file)) }
        for _ in 0..<(transactions + files.count) {
          _ = SignatureCheck.verify(publicKey: signer.publicKey, signature: signature, message: message)
        }
      }
    }
    return Figure(
      samples: product, floor: floor,
      note:
        "\(rounds) fresh pairs of on-disk stores; floor: the batch files read and hashed, and one signature "
        + "check per transaction and per batch")
  }

  /// A login on a store with the strong key derivation (scrypt N = 2^16):
  /// beside it, the unwrap alone, which is the login's cost by design.
  static let login = BenchRow(
    name: "login", what: "login with the strong key derivation (scrypt N = 2^16)", target: 1_000
  ) { run in
    let dir = run.scratch.appendingPathComponent("login")
    let store = try Store.open(
      directory: dir, config: SyncRows.kit(run).config, keyDerivation: .strong)
    let admin = try store.addUser(
      username: "admin", displayName: "Admin", role: .admin, hubs: [], password: "a strong pass phrase",
      as: Store.systemUser)
    let wrapped = try store.read {
      try String.fetchOne($0, sql: "SELECT wrapped_key FROM users WHERE id = ?", arguments: [admin.id])
    }
    guard let wrapped else { throw BenchError("the admin has no wrapped key") }
    var product = Samples()
    var floor = Samples()
    for _ in 0..<5 {
      _ = try product.time { try store.authenticate(username: "admin", password: "a strong pass phrase") }
      try floor.time {
        guard WrappedKey.open(wrapped, password: "a strong pass phrase") != nil else {
          throw BenchError("the key does not open")
        }
      }
    }
    return Figure(samples: product, floor: floor, note: "5 logins; floor: the key unwrapped, nothing else")
  }
}
