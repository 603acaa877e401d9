import Crypto
import Foundation
import StartWellCore

/// An Ed25519 signing key held in memory: a user's, once their password
/// unwrapped it, or this terminal's own.
public struct SigningIdentity: @unchecked Sendable {
  let key: Curve25519.Signing.PrivateKey

  public init() { key = Curve25519.Signing.PrivateKey() }

  init(key: Curve25519.Signing.PrivateKey) { self.key = key }

  /// A key from its 32 raw bytes in base64; nil for anything else.
  public init?(rawBase64: String) {
    guard let raw = Data(base64Encoded: rawBase64),
      let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
    else { return nil }
    self.key = key
  }

  public var rawBase64: String { key.rawRepresentation.base64EncodedString() }

  /// The public half as it is stored and shown: 32 raw bytes in base64.
  public var publicKey: String { key.publicKey.rawRepresentation.base64EncodedString() }

  /// A signature of `message`, in base64.
  public func sign(_ message: Data) throws -> String {
    try key.signature(for: message).base64EncodedString()
  }
}

/// Checks signatures made by `SigningIdentity`.
public enum SignatureCheck {
  public static func verify(publicKey: String, signature: String, message: Data) -> Bool {
    guard let raw = Data(base64Encoded: publicKey), let sig = Data(base64Encoded: signature),
      let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
    else { return false }
    return key.isValidSignature(sig, for: message)
  }

  /// Whether `text` is a public key at all: 32 bytes in base64.
  public static func isPublicKey(_ text: String) -> Bool {
    guard let raw = Data(base64Encoded: text) else { return false }
    return (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil
  }

  /// A short fingerprint of a public key to compare by eye: the start of its
  /// SHA-256 in groups of four hex digits.
  public static func fingerprint(_ publicKey: String) -> String {
    let hex = Hex.string(SHA256.hash(data: Data(publicKey.utf8)))
    return stride(from: 0, to: 24, by: 4).map { i in
      String(hex[hex.index(hex.startIndex, offsetBy: i)..<hex.index(hex.startIndex, offsetBy: i + 4)])
    }.joined(separator: "-")
  }
}

/// The bytes a transaction's signature covers: each operation in order,
/// every field that decides what it does, each one length-prefixed so no two
/// different operations can read as the same bytes.
public enum TransactionDigest {
  static let domain = Data("startwell-transaction-v2\n".utf8)

  public static func message(_ ops: some Collection<ChangeOperation>) -> Data {
    var hasher = SHA256()
    hasher.update(data: domain)
    for op in ops {
      for part in parts(op) {
        var length = UInt32(part.utf8.count).bigEndian
        withUnsafeBytes(of: &length) { hasher.update(bufferPointer: $0) }
        hasher.update(data: Data(part.utf8))
      }
    }
    return Data(hasher.finalize())
  }

  private static func parts(_ op: ChangeOperation) -> [String] {
    [
      op.opID, op.clock.description, op.device, op.user, op.entity, op.recordID, op.field, op.value.json,
      op.replaces?.description ?? "", (op.alsoReplaces ?? []).map(\.description).joined(separator: ","),
    ]
  }
}
