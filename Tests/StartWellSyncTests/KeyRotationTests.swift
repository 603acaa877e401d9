import Crypto
import Foundation
import GRDB
import StartWellCore
import StartWellStore
import Testing

@testable import StartWellSync

/// `share rotate-key`: new files under the new key, old ones still read,
/// and a terminal without the new key told so plainly.
@Suite("Share key rotation")
struct KeyRotationTests {
  /// A service with a second terminal caught up, the admin logged in on A.
  private func service() throws -> (Service, Terminal, URL) {
    let service = try Service()
    let b = try service.terminal("B")
    let newKey = service.share.folder.sub("share-2.key")
    return (service, b, newKey)
  }

  /// A practitioner made by the admin on A, who records the families.
  private func worker(_ s: Service) throws -> User {
    if let known = try s.a.store.user(named: "worker") { return known }
    return try s.user("worker", .practitioner)
  }

  @Test("after a rotation new batches are sealed under the new key; the old key reads nothing new")
  func rotation() throws {
    let (s, b, newKey) = try service()
    let family = try s.family(on: s.a, by: try worker(s))
    _ = try s.a.engine.sync()
    let report = try s.a.engine.rotateKey(by: s.admin, to: .keyFile(newKey))
    #expect(report.generation == 2)
    _ = try s.contact(on: s.a, family, by: try worker(s), "After the rotation")
    _ = try s.a.engine.sync()

    // The newest batch names key 2; B, still on key 1, stops and says why.
    let newest = try String(contentsOf: s.share.log(s.a.store.deviceID).last!, encoding: .utf8)
    #expect(newest.contains("\"keyGeneration\":2"))
    #expect {
      try b.engine.sync()
    } throws: { error in
      guard case SyncError.shareKeyRotated(2, "admin", _, _) = error else { return false }
      return (error as! SyncError).description.contains("share join")
    }

    // Given the new key, B reads everything, old and new.
    try SyncEngine.join(store: b.store, share: s.share.backend, keyFile: newKey, environment: [:])
    _ = try b.engine.sync()
    #expect(try b.count("SELECT COUNT(*) FROM contact") == 1)
    // A terminal given only the new key reads the batches sealed under the old one too.
    let c = try Terminal("C", share: { _ in s.share.backend }, keyFile: newKey, now: { s.share.clock.now })
    _ = try c.engine.sync()
    #expect(try c.families() == [family])
    #expect(try c.count("SELECT COUNT(*) FROM contact") == 1)
    // A terminal given only the old key is refused at join.
    #expect(throws: SyncError.self) {
      _ = try Terminal(
        "D", share: { _ in s.share.backend }, keyFile: s.share.keyFile, now: { s.share.clock.now })
    }
    // The rotation is a signed audit event every terminal holds.
    #expect(try c.count("SELECT COUNT(*) FROM audit_event WHERE action = 'share-key-rotate'") == 1)
  }

  @Test("a snapshot written after a rotation starts a new terminal that holds the new key")
  func snapshotAfterRotation() throws {
    let (s, _, newKey) = try service()
    let family = try s.family(on: s.a, by: try worker(s))
    _ = try s.a.engine.sync()
    try s.a.engine.rotateKey(by: s.admin, to: .keyFile(newKey))
    _ = try s.a.engine.writeSnapshot(signedBy: s.admin)
    let c = try Terminal("C", share: { _ in s.share.backend }, keyFile: newKey, now: { s.share.clock.now })
    let report = try c.engine.sync()
    #expect(report.snapshot != nil)
    #expect(try c.families() == [family])
  }

  @Test("only an admin rotates the key, and a rotation file signed by anyone else stops nobody")
  func authority() throws {
    let (s, b, newKey) = try service()
    let practitioner = try worker(s)
    _ = try s.a.engine.sync()
    _ = try b.engine.sync()
    try s.login(b, practitioner)
    #expect(throws: DomainError.self) { try b.engine.rotateKey(by: practitioner, to: .keyFile(newKey)) }

    // Someone holding the share key writes a rotation of their own, signed by a key of their own.
    let rogue = SigningIdentity()
    let manifest = try SyncEngine.manifest(of: s.share.backend)
    let oldKey = try ShareKey.load(keyFile: s.share.keyFile)
    let theirs = ShareKey(.init(size: .bits256), generation: 2)
    var rotation = KeyRotation(
      format: ShareFormat.version, kind: KeyRotation.kindValue, store: manifest.storeId, generation: 2,
      replaces: 1, created: Timestamp.format(s.share.clock.now), keySource: "file", kdf: manifest.kdf,
      keyCheck: try theirs.seal(
        ShareKey.checkPlaintext, aad: KeyRotation.aad(store: manifest.storeId, generation: 2, part: "check")),
      previous: try theirs.seal(
        oldKey.currentBytes, aad: KeyRotation.aad(store: manifest.storeId, generation: 2, part: "previous")),
      user: s.admin.id, userKey: rogue.publicKey, signature: "")
    rotation.signature = try rogue.sign(rotation.signedMessage)
    try FileManager.default.createDirectory(
      at: s.share.root.appendingPathComponent("keys"), withIntermediateDirectories: true)
    try ShareFormat.encoder().encode(rotation).write(
      to: s.share.root.appendingPathComponent(KeyRotation.path(2)))

    // Nobody stops: it names no admin's key.
    let family = try s.family(on: s.a, by: try worker(s))
    _ = try s.a.engine.sync()
    _ = try b.engine.sync()
    #expect(try b.families() == [family])
    // The admin's real rotation takes the next number, past the rogue file.
    #expect(try s.a.engine.rotateKey(by: s.admin, to: .keyFile(newKey)).generation == 3)
    #expect(throws: SyncError.self) { try b.engine.sync() }
  }

  @Test("a rotation to a passphrase holds it to the password rule, and the new passphrase opens everything")
  func passphrase() throws {
    let (s, _, newKey) = try service()
    let family = try s.family(on: s.a, by: try worker(s))
    _ = try s.a.engine.sync()
    #expect(throws: SyncError.weakPassphrase("must be at least 12 characters")) {
      try s.a.engine.rotateKey(by: s.admin, to: .passphrase("short"))
    }
    #expect(!FileManager.default.fileExists(atPath: newKey.path))
    let phrase = "a new passphrase for the hubs"
    try s.a.engine.rotateKey(by: s.admin, to: .passphrase(phrase))
    let env = [ShareKeySource.passphraseVariable: phrase]
    let c = try TempFolder("rotation-c")
    let store = try Store.open(directory: c.url, config: testConfig)
    try SyncEngine.join(store: store, share: s.share.backend, keyFile: nil, environment: env)
    _ = try SyncEngine(store: store, share: s.share.backend, environment: env).sync()
    #expect(try store.read { try String.fetchAll($0, sql: "SELECT id FROM family") } == [family])
  }
}
