import Crypto
import Foundation
import _CryptoExtras

/// How hard a password is stretched before it unwraps a user's key.
///
/// Strong stores use scrypt at N = 2^16 (64 MB, about a third of a second
/// here): a login is slower than a guess should ever be cheap. Test stores
/// may ask for N = 2^10 explicitly; a strong store refuses to open a key
/// wrapped that cheaply.
public enum KeyDerivation: String, Sendable {
  case strong, test

  public var rounds: Int { self == .strong ? 1 << 16 : 1 << 10 }

  /// The environment variable a test sets to make its stores cheap.
  public static let testVariable = "STARTWELL_TEST_KEY_DERIVATION"

  public static func from(environment: [String: String]) -> KeyDerivation {
    environment[testVariable] == "1" ? .test : .strong
  }
}

/// A user's private signing key sealed under their password:
/// `ed25519-scrypt$N$r$p$salt$nonce$sealed`, all binary parts in base64.
/// It travels in the user's record, so the user can log in on any
/// terminal; unwrapping it is the login.
public enum WrappedKey {
  static let scheme = "ed25519-scrypt"
  static let blockSize = 8

  public static func make(_ identity: SigningIdentity, password: String, rounds: Int) throws -> String {
    let salt = Data((0..<16).map { _ in UInt8.random(in: 0...255) })
    return try make(identity, key: derive(password, salt: salt, rounds: rounds), salt: salt, rounds: rounds)
  }

  /// Wraps under a key already derived (demo data wraps many keys under one password).
  static func make(_ identity: SigningIdentity, key: SymmetricKey, salt: Data, rounds: Int) throws -> String {
    let sealed = try AES.GCM.seal(identity.key.rawRepresentation, using: key)
    let body = sealed.ciphertext + sealed.tag
    return [
      scheme, String(rounds), String(blockSize), "1", salt.base64EncodedString(),
      Data(sealed.nonce).base64EncodedString(), body.base64EncodedString(),
    ].joined(separator: "$")
  }

  static func derive(_ password: String, salt: Data, rounds: Int) throws -> SymmetricKey {
    try KDF.Scrypt.deriveKey(
      from: Array(password.utf8), salt: salt, outputByteCount: 32, rounds: rounds, blockSize: blockSize,
      parallelism: 1)
  }

  /// The scrypt N a wrapped key was made with; nil when it is not one.
  public static func rounds(of text: String) -> Int? {
    let parts = text.split(separator: "$", omittingEmptySubsequences: false)
    guard parts.count == 7, parts[0] == scheme, let n = Int(parts[1]) else { return nil }
    return n
  }

  /// The key, when `password` is the one it was wrapped under. Parameters
  /// outside what StartWell writes are refused before they reach scrypt.
  public static func open(_ text: String, password: String) -> SigningIdentity? {
    let parts = text.split(separator: "$", omittingEmptySubsequences: false).map(String.init)
    guard parts.count == 7, parts[0] == scheme, let n = Int(parts[1]), Int(parts[2]) == blockSize,
      parts[3] == "1", [KeyDerivation.strong.rounds, KeyDerivation.test.rounds].contains(n),
      let salt = Data(base64Encoded: parts[4]), let nonce = Data(base64Encoded: parts[5]),
      let body = Data(base64Encoded: parts[6]), body.count == 48,
      let key = try? derive(password, salt: salt, rounds: n),
      let box = try? AES.GCM.SealedBox(
        nonce: AES.GCM.Nonce(data: nonce), ciphertext: body.prefix(32), tag: body.suffix(16)),
      let raw = try? AES.GCM.open(box, using: key),
      let privateKey = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
    else { return nil }
    return SigningIdentity(key: privateKey)
  }

  /// Spends the time and memory of a real unwrap, so an unknown username
  /// costs what a wrong password does.
  public static func spendUnwrapTime(rounds: Int) {
    _ = try? derive("", salt: Data(count: 16), rounds: rounds)
  }
}
