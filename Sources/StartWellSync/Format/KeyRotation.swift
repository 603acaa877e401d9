import Crypto
import Foundation
import StartWellCore
import StartWellStore

/// `keys/<generation>.json`: a change of the share key, written once by
/// `share rotate-key` and read by every terminal.
///
/// The share key made by `share init` is generation 1. Each rotation names
/// a new generation, holds a check that only the new key opens, and the key
/// it replaces sealed under the new one: whoever holds the newest key can
/// unwrap every older one and read old batches, while a key that leaked
/// before the rotation reads nothing written after it. An admin signs the
/// file, so a key holder who is not one cannot stop terminals syncing by
/// announcing a key nobody was given.
public struct KeyRotation: Codable, Equatable, Sendable {
  public var format: Int
  public var kind: String
  public var store: String
  public var generation: Int
  /// The generation this one replaces, whose key `previous` holds.
  public var replaces: Int
  public var created: String
  /// `file` or `passphrase`, as in `STORE.json`.
  public var keySource: String
  /// The new passphrase's scrypt settings, with a salt of its own.
  public var kdf: ShareManifest.KDF
  public var keyCheck: SealedBox
  public var previous: SealedBox
  /// The admin who rotated the key, and their public key at the time.
  public var user: String
  public var userKey: String
  public var signature: String

  static let kindValue = "startwell-key-rotation"
  static let folder = "keys"

  /// `keys/000002.json`.
  static func path(_ generation: Int) -> String {
    let digits = String(generation)
    return "\(folder)/" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits + ".json"
  }

  /// The generation a file name in `keys/` names, or nil for anything else.
  static func generation(ofName name: String) -> Int? {
    guard name.hasSuffix(".json"), name.utf8.count == 11 else { return nil }
    let digits = name.prefix(6)
    guard digits.utf8.allSatisfy({ (48...57).contains($0) }), let n = Int(digits), n >= 2 else { return nil }
    return n
  }

  /// Binds the sealed check and the sealed old key to this store and generation.
  static func aad(store: String, generation: Int, part: String) -> Data {
    Data("startwell/key-rotation/v1\u{0}\(store)\u{0}\(generation)\u{0}\(part)".utf8)
  }

  /// What the admin signs: every field but the signature, each on its own
  /// line, in a fixed order (not re-encoded JSON, whose spelling may change).
  var signedMessage: Data {
    let fields = [
      "startwell-key-rotation-v1", String(format), kind, store, String(generation), String(replaces), created,
      keySource, kdf.name, kdf.salt, String(kdf.rounds), String(kdf.blockSize), String(kdf.parallelism),
      keyCheck.nonce, keyCheck.ciphertext, keyCheck.tag, previous.nonce, previous.ciphertext, previous.tag,
      user, userKey,
    ]
    return Data(fields.joined(separator: "\n").utf8)
  }

  /// Well formed, about this store, and signed by the key it names. Whether
  /// that key was an admin's is the caller's question.
  func isSelfConsistent(store storeID: String) -> Bool {
    format == ShareFormat.version && kind == Self.kindValue && store == storeID && generation >= 2
      && (1..<generation).contains(replaces) && (try? ShareKey.check(kdf)) != nil
      && SignatureCheck.verify(publicKey: userKey, signature: signature, message: signedMessage)
  }

  /// Every well-formed, signed rotation file on the share, by generation.
  /// Unreadable or unsigned files are skipped: they name no key anyone holds.
  static func readAll(_ share: any ShareBackend, store: String) throws -> [KeyRotation] {
    let names: [String]
    do {
      names = try share.list(folder)
    } catch SyncError.refusedFile {
      return []
    }
    var found: [KeyRotation] = []
    for name in names {
      guard let generation = generation(ofName: name),
        let data = try? share.read("\(folder)/\(name)"),
        let rotation = try? JSONDecoder().decode(KeyRotation.self, from: data),
        rotation.generation == generation, rotation.isSelfConsistent(store: store)
      else { continue }
      found.append(rotation)
    }
    return found.sorted { $0.generation < $1.generation }
  }

  /// The highest generation named by any file in `keys/`, valid or not: a
  /// new rotation takes the next number, so junk cannot take its name.
  static func highestName(_ share: any ShareBackend) throws -> Int {
    do {
      return try share.list(folder).compactMap(generation(ofName:)).max() ?? 1
    } catch SyncError.refusedFile {
      return 1
    }
  }
}

extension ShareKey {
  /// Resolves a key source against the share: the newest generation it
  /// opens (`STORE.json`'s check is generation 1, each rotation's its own),
  /// with every older generation unwrapped from it, so old files still
  /// open. Whether a newer generation exists that it does not open is the
  /// caller's question: only a rotation an admin signed counts.
  static func open(_ source: ShareKeySource, manifest: ShareManifest, rotations: [KeyRotation]) throws
    -> ShareKey
  {
    var key = try newest(source, manifest: manifest, rotations: rotations)
    let byGeneration = Dictionary(rotations.map { ($0.generation, $0) }, uniquingKeysWith: { a, _ in a })
    var generation = key.generation
    while let rotation = byGeneration[generation], !key.holds(rotation.replaces) {
      let aad = KeyRotation.aad(store: manifest.storeId, generation: generation, part: "previous")
      guard let bytes = try? key.open(rotation.previous, aad: aad, generation: generation), bytes.count == 32
      else {
        throw SyncError.unsupportedShare(
          "key change \(generation) does not hold the key it replaced, so older files cannot be read")
      }
      key = key.adding(bytes, generation: rotation.replaces)
      generation = rotation.replaces
    }
    return key
  }

  /// The newest generation whose check the source opens; the first key's
  /// check refuses with the usual "wrong key" when none does.
  private static func newest(_ source: ShareKeySource, manifest: ShareManifest, rotations: [KeyRotation])
    throws -> ShareKey
  {
    let file: ShareKey?
    if case .keyFile(let url) = source { file = try load(keyFile: url) } else { file = nil }
    for rotation in rotations.reversed() {
      let candidate: ShareKey?
      switch source {
      case .keyFile: candidate = rotation.keySource == "file" ? file : nil
      case .passphrase(let phrase):
        candidate =
          rotation.keySource == "passphrase" ? try? derive(passphrase: phrase, kdf: rotation.kdf) : nil
      }
      guard let candidate else { continue }
      let raised = ShareKey(SymmetricKey(data: candidate.currentBytes), generation: rotation.generation)
      let aad = KeyRotation.aad(store: manifest.storeId, generation: rotation.generation, part: "check")
      if (try? raised.open(rotation.keyCheck, aad: aad)) == checkPlaintext { return raised }
    }
    return try open(source, manifest: manifest)
  }
}
