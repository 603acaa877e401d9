import Crypto
import Foundation
import StartWellCore
import StartWellStore

/// What `share rotate-key` did.
public struct KeyRotationReport: Sendable, Equatable {
  /// The new key's generation (the key `share init` made is 1).
  public var generation: Int
  /// The new key file, when the new key is one.
  public var keyFile: String?
  public var sharePath: String
}

/// Where the new share key comes from.
public enum NewShareKey: Sendable, Equatable {
  /// A new key file made at this path (it must not exist yet).
  case keyFile(URL)
  case passphrase(String)

  public static let passphraseVariable = "STARTWELL_NEW_SHARE_PASSPHRASE"
}

extension SyncEngine {
  /// Changes the share key, for when a key file or passphrase has leaked or
  /// a person who held it has left: new batches and snapshots are sealed
  /// under the new key, and the old one, sealed under the new, still reads
  /// old ones. A terminal still holding only the old key stops syncing and
  /// says why until it is given the new one (`share join PATH --key-file`).
  ///
  /// Only an admin may, and the rotation file carries their signature, so a
  /// key holder who is not one cannot announce a key nobody was given.
  @discardableResult
  public func rotateKey(by admin: User, to newKey: NewShareKey) throws -> KeyRotationReport {
    try Permissions.require(admin, .manageUsers)
    guard let identity = store.identity(for: admin.id) else {
      throw SyncError.io("\(admin.username) must log in again to sign the key change")
    }
    return try running.withLock { _ in
      try recordingFailure {
        let session = try session()
        let storeID = session.manifest.storeId
        let generation = max(try KeyRotation.highestName(session.share), session.key.generation) + 1
        let (fresh, source, kdf) = try make(newKey, demo: session.manifest.demo == true)
        let key = ShareKey(SymmetricKey(data: fresh.currentBytes), generation: generation)
        var rotation = KeyRotation(
          format: ShareFormat.version, kind: KeyRotation.kindValue, store: storeID, generation: generation,
          replaces: session.key.generation, created: Timestamp.format(store.now()), keySource: source,
          kdf: kdf,
          keyCheck: try key.seal(
            ShareKey.checkPlaintext,
            aad: KeyRotation.aad(store: storeID, generation: generation, part: "check")),
          previous: try key.seal(
            session.key.currentBytes,
            aad: KeyRotation.aad(store: storeID, generation: generation, part: "previous")),
          user: admin.id, userKey: identity.publicKey, signature: "")
        rotation.signature = try identity.sign(rotation.signedMessage)
        var bytes = try ShareFormat.encoder().encode(rotation)
        bytes.append(UInt8(ascii: "\n"))
        let outcome = try session.share.createIfAbsent(
          KeyRotation.path(generation), bytes, staging: ShareFormat.stagingFolder(store.deviceID))
        guard outcome == .created else { throw SyncError.keyRotationClash }
        var keyFile: String?
        if case .keyFile(let url) = newKey { keyFile = url.path }
        // This terminal now opens the share with the new key: the file, or the new passphrase.
        try ledger.setJoin(path: session.join.path, storeID: storeID, keyFile: keyFile)
        cachedKey.withLock { $0 = nil }
        try store.auditShareKeyRotation(generation: generation, keySource: source, as: admin)
        return KeyRotationReport(generation: generation, keyFile: keyFile, sharePath: session.share.location)
      }
    }
  }

  /// The new key, which kind it is, and the scrypt settings a passphrase
  /// needs (a key file's rotation carries fresh, unused ones).
  private func make(_ newKey: NewShareKey, demo: Bool) throws -> (ShareKey, String, ShareManifest.KDF) {
    let salt = Data((0..<16).map { _ in UInt8.random(in: 0...255) })
    let kdf = ShareManifest.KDF(
      name: "scrypt", salt: salt.base64EncodedString(), rounds: ShareKey.defaultKDF.rounds,
      blockSize: ShareKey.defaultKDF.blockSize, parallelism: ShareKey.defaultKDF.parallelism)
    switch newKey {
    case .passphrase(let phrase):
      if !demo, let problem = PasswordPolicy.problem(phrase) { throw SyncError.weakPassphrase(problem) }
      return (try ShareKey.derive(passphrase: phrase, kdf: kdf), "passphrase", kdf)
    case .keyFile(let url):
      if FileManager.default.fileExists(atPath: url.path) { throw SyncError.keyFileExists(url.path) }
      return (try ShareKey.createKeyFile(at: url), "file", kdf)
    }
  }
}
