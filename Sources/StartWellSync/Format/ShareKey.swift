import Crypto
import Foundation
import _CryptoExtras

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where the share key comes from: a key file of 32 random bytes, or a
/// passphrase stretched with scrypt and the salt in `STORE.json`.
public enum ShareKeySource: Sendable, Equatable {
  case keyFile(URL)
  case passphrase(String)

  public static let passphraseVariable = "STARTWELL_SHARE_PASSPHRASE"

  /// The key file if one is named, otherwise the passphrase from the environment.
  public static func resolve(keyFile: URL?, environment: [String: String]) -> ShareKeySource? {
    if let keyFile { return .keyFile(keyFile) }
    if let phrase = environment[passphraseVariable], !phrase.isEmpty { return .passphrase(phrase) }
    return nil
  }
}

/// The key that seals and opens every file on one share: the newest
/// generation this terminal holds, with the older ones it replaced
/// (`KeyRotation`), so files sealed before a rotation still open.
public struct ShareKey: Sendable {
  /// Raw bytes by generation, rather than `SymmetricKey`, which is not `Sendable`.
  private let keys: [Int: Data]
  /// The generation new files are sealed under: 1 is the key `share init`
  /// made, and each `share rotate-key` adds one.
  let generation: Int

  init(_ key: SymmetricKey, generation: Int = 1) {
    keys = [generation: key.withUnsafeBytes { Data($0) }]
    self.generation = generation
  }

  private init(keys: [Int: Data], generation: Int) {
    self.keys = keys
    self.generation = generation
  }

  private var key: SymmetricKey { SymmetricKey(data: keys[generation]!) }

  /// The current generation's raw bytes, for sealing into the rotation that replaces it.
  var currentBytes: Data { keys[generation]! }

  /// This key with an older generation's bytes added.
  func adding(_ bytes: Data, generation older: Int) -> ShareKey {
    var all = keys
    all[older] = bytes
    return ShareKey(keys: all, generation: generation)
  }

  /// The generations this terminal can open, newest first.
  var generations: [Int] { keys.keys.sorted(by: >) }

  func holds(_ generation: Int) -> Bool { keys[generation] != nil }

  /// Scrypt parameters for passphrases: about 32 MB and a tenth of a second,
  /// slow enough to make guessing expensive, quick enough for every sync.
  static let defaultKDF = (rounds: 1 << 15, blockSize: 8, parallelism: 1)

  static let checkPlaintext = Data("StartWell share key check v1".utf8)

  /// Loads a key file: 32 bytes, base64 on one line. Refuses a file others can read.
  static func load(keyFile url: URL) throws -> ShareKey {
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw SyncError.keyFileUnreadable(url.path)
    }
    var info = stat()
    if stat(url.path, &info) == 0, info.st_mode & 0o077 != 0 {
      throw SyncError.keyFileTooOpen(url.path)
    }
    let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    guard let raw = Data(base64Encoded: text), raw.count == 32 else {
      throw SyncError.keyFileMalformed(url.path)
    }
    return ShareKey(SymmetricKey(data: raw))
  }

  /// Writes a new random key file readable by its owner only; refuses to overwrite one.
  static func createKeyFile(at url: URL) throws -> ShareKey {
    let key = SymmetricKey(size: .bits256)
    let text = key.withUnsafeBytes { Data($0) }.base64EncodedString() + "\n"
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    let fd = Glibc.open(url.path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
    guard fd >= 0 else { throw SyncError.keyFileExists(url.path) }
    defer { close(fd) }
    let bytes = Array(text.utf8)
    guard write(fd, bytes, bytes.count) == bytes.count, fsync(fd) == 0 else {
      throw SyncError.io("could not write the key file \(url.path)")
    }
    return ShareKey(key)
  }

  /// Refuses key-derivation settings outside what StartWell writes, before
  /// any of them reaches scrypt: an edited `STORE.json` must get a sentence,
  /// not a crypto library's error code, a crash on a negative number, or an
  /// hour of work and gigabytes of memory.
  static func check(_ kdf: ShareManifest.KDF) throws {
    guard kdf.name == "scrypt" else {
      throw SyncError.unsupportedShare("key derivation \(kdf.name) is not known to this version")
    }
    guard let salt = Data(base64Encoded: kdf.salt), (16...64).contains(salt.count) else {
      throw SyncError.badKeySettings("the salt must be 16 to 64 bytes in base64")
    }
    let rounds = kdf.rounds
    guard (1 << 10...1 << 20).contains(rounds), rounds & (rounds - 1) == 0 else {
      throw SyncError.badKeySettings("rounds must be a power of two from 1024 to 1048576, not \(rounds)")
    }
    guard (1...32).contains(kdf.blockSize) else {
      throw SyncError.badKeySettings("blockSize must be from 1 to 32, not \(kdf.blockSize)")
    }
    guard (1...16).contains(kdf.parallelism) else {
      throw SyncError.badKeySettings("parallelism must be from 1 to 16, not \(kdf.parallelism)")
    }
    // Memory is 128 × rounds × blockSize bytes; work grows with all three.
    guard 128 * rounds * kdf.blockSize <= 256 << 20 else {
      throw SyncError.badKeySettings("rounds × blockSize would need more than 256 MB of memory")
    }
    guard rounds * kdf.blockSize * kdf.parallelism <= 1 << 24 else {
      throw SyncError.badKeySettings("rounds × blockSize × parallelism would take minutes for every sync")
    }
  }

  static func derive(passphrase: String, kdf: ShareManifest.KDF) throws -> ShareKey {
    try check(kdf)
    guard let salt = Data(base64Encoded: kdf.salt) else {
      throw SyncError.badKeySettings("the salt must be 16 to 64 bytes in base64")
    }
    do {
      let key = try KDF.Scrypt.deriveKey(
        from: Array(passphrase.utf8), salt: salt, outputByteCount: 32, rounds: kdf.rounds,
        blockSize: kdf.blockSize,
        parallelism: kdf.parallelism)
      return ShareKey(key)
    } catch {
      throw SyncError.badKeySettings("the key could not be derived with them")
    }
  }

  /// Resolves a key source against a share's manifest and proves it opens the key check.
  static func open(_ source: ShareKeySource, manifest: ShareManifest) throws -> ShareKey {
    let key: ShareKey
    switch source {
    case .keyFile(let url): key = try load(keyFile: url)
    case .passphrase(let phrase): key = try derive(passphrase: phrase, kdf: manifest.kdf)
    }
    guard let opened = try? key.open(manifest.keyCheck, aad: checkAAD(store: manifest.storeId)),
      opened == checkPlaintext
    else { throw SyncError.wrongKey(expected: manifest.keySource) }
    return key
  }

  static func checkAAD(store: String) -> Data { Data("startwell/key-check/v1/\(store)".utf8) }

  /// Binds a batch to its place: a file moved to another store, device or
  /// sequence number, or re-chained, no longer opens.
  static func batchAAD(store: String, device: String, seq: Int64, prev: String) -> Data {
    Data("startwell/batch/v\(ShareFormat.version)\u{0}\(store)\u{0}\(device)\u{0}\(seq)\u{0}\(prev)".utf8)
  }

  func seal(_ plaintext: Data, aad: Data) throws -> SealedBox {
    let box = try AES.GCM.seal(plaintext, using: key, nonce: AES.GCM.Nonce(), authenticating: aad)
    return SealedBox(
      nonce: Data(box.nonce).base64EncodedString(), ciphertext: box.ciphertext.base64EncodedString(),
      tag: box.tag.base64EncodedString())
  }

  /// Opens a file sealed under `generation` (the current one when nil).
  /// A generation this terminal does not hold throws `MissingGeneration`.
  func open(_ sealed: SealedBox, aad: Data, generation sealedUnder: Int? = nil) throws -> Data {
    let wanted = sealedUnder ?? generation
    guard let bytes = keys[wanted] else { throw MissingGeneration(generation: wanted) }
    return try Self.open(sealed, aad: aad, key: SymmetricKey(data: bytes))
  }

  /// A file sealed under a share key generation this terminal was not given.
  struct MissingGeneration: Error, Equatable {
    var generation: Int
    var reason: String {
      "sealed under share key generation \(generation), which this terminal does not hold yet"
    }
  }

  private static func open(_ sealed: SealedBox, aad: Data, key: SymmetricKey) throws -> Data {
    guard let nonceData = Data(base64Encoded: sealed.nonce),
      let ciphertext = Data(base64Encoded: sealed.ciphertext),
      let tag = Data(base64Encoded: sealed.tag)
    else { throw CryptoKitError.incorrectParameterSize }
    let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: nonceData), ciphertext: ciphertext, tag: tag)
    return try AES.GCM.open(box, using: key, authenticating: aad)
  }
}
