import Crypto
import Foundation
import StartWellCore
import StartWellStore
import Testing

@testable import StartWellSync

/// A new terminal holds nothing but `STORE.json` when it loads a snapshot,
/// so on a real share it trusts only one its root key signed.
@Suite("Snapshot trust")
struct SnapshotTrustTests {
  /// A rooted share with a family recorded and synced, and the snapshot's manifest path.
  private func service() throws -> (Service, family: String) {
    let s = try Service()
    let worker = try s.user("worker", .practitioner)
    let family = try s.family(on: s.a, by: worker)
    _ = try s.a.engine.sync()
    return (s, family)
  }

  private func newTerminal(_ s: Service) throws -> Terminal {
    try Terminal("N", share: { _ in s.share.backend }, keyFile: s.share.keyFile, now: { s.share.clock.now })
  }

  @Test("the founding admin's snapshot starts a new terminal; another admin's is refused when written")
  func signedByRoot() throws {
    let (s, family) = try service()
    let other = try s.user("second-admin", .admin, hubs: [])
    #expect {
      try s.a.engine.writeSnapshot(signedBy: other)
    } throws: { error in
      (error as? SyncError)?.description.contains("founding admin (admin)") ?? false
    }
    #expect(throws: SyncError.self) { try s.a.engine.writeSnapshot() }
    let written = try s.a.engine.writeSnapshot(signedBy: s.admin)
    let fresh = try newTerminal(s)
    let report = try fresh.engine.sync()
    #expect(report.snapshot?.snapshotID == written.snapshotID)
    #expect(try fresh.families() == [family])
  }

  @Test("a manifest re-signed by someone holding only the share key is set aside, and the logs are replayed")
  func forgedManifest() throws {
    let (s, family) = try service()
    let written = try s.a.engine.writeSnapshot(signedBy: s.admin)
    // The forger opens the manifest with the share key and seals it again, signed by a key of their own.
    let manifest = try SyncEngine.manifest(of: s.share.backend)
    let key = try ShareKey.load(keyFile: s.share.keyFile)
    let path = s.share.root.appendingPathComponent(
      "\(SnapshotCodec.folder(written.snapshotID))/\(SnapshotCodec.manifestName)")
    let plain = try SnapshotCodec.open(
      Data(contentsOf: path), kind: SnapshotEnvelope.manifestKind, store: manifest.storeId,
      snapshot: written.snapshotID, chunk: 0, key: key)
    let forged = try SnapshotCodec.seal(
      plain, kind: SnapshotEnvelope.manifestKind, store: manifest.storeId, snapshot: written.snapshotID,
      chunk: 0, key: key, signer: .init(user: s.admin.id, identity: SigningIdentity()))
    try forged.write(to: path)

    let fresh = try newTerminal(s)
    let report = try fresh.engine.sync()
    #expect(report.snapshot == nil)
    #expect(report.pull.quarantined.contains { $0.reason.contains("not signed by the founding admin") })
    #expect(try fresh.families() == [family])
  }
}
