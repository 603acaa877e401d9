import Crypto
import Foundation
import StartWellCore
import StartWellStore

/// `snapshots/<id>/manifest.json` and the chunk files beside it: the plain
/// envelope that says where a file belongs, around an encrypted payload.
struct SnapshotEnvelope: Codable, Equatable {
  var format: Int
  var kind: String
  var cipher: String
  var store: String
  var snapshot: String
  /// The chunk's number from 1; 0 for the manifest.
  var chunk: Int
  var nonce: String
  var ciphertext: String
  var tag: String
  /// The share key generation it is sealed under (`KeyRotation`); absent for generation 1.
  var keyGeneration: Int? = nil
  /// On a manifest: the admin who wrote the snapshot, their public key, and
  /// their signature (`SnapshotCodec.signedMessage`), which covers every
  /// chunk through the hashes the manifest lists.
  var signer: String? = nil
  var signerKey: String? = nil
  var signature: String? = nil

  static let manifestKind = "startwell-snapshot-manifest"
  static let chunkKind = "startwell-snapshot-chunk"
}

/// The opened manifest: which chunks make the snapshot, and where each device's log continues.
struct SnapshotManifest: Codable, Equatable {
  struct Chunk: Codable, Equatable {
    var name: String
    var sha256: String
    var table: String
    var rows: Int
  }
  var format: Int
  var store: String
  var snapshot: String
  /// The terminal that wrote it.
  var device: String
  var created: String
  var rows: Int
  var chunks: [Chunk]
  var frontier: [SnapshotFrontier]
}

/// An opened chunk. Each value is a string led by its type, `t` text, `i`
/// integer or `r` real, or null: decoding `[[String?]]` never has to guess a
/// type, which keeps a million-row load fast, and a value keeps the type it left with.
struct SnapshotChunkPayload: Codable {
  var format: Int
  var store: String
  var snapshot: String
  var chunk: Int
  var table: String
  var columns: [String]
  var rows: [[String?]]
}

enum SnapshotCodec {
  static let manifestName = "manifest.json"
  /// Rows per chunk file: a few megabytes each, so no file is unwieldy and chunks can be opened in parallel.
  static let chunkRows = 20_000

  static func folder(_ snapshot: String) -> String { "\(ShareFormat.snapshotsFolder)/\(snapshot)" }

  /// `001773662400000-5f0c9a1b2c3d4e5f`: the time first so names sort oldest
  /// to newest, then random digits so two terminals never pick the same name.
  static func newID(now: Date) -> String {
    let millis = String(Int64((now.timeIntervalSince1970 * 1000).rounded(.down)))
    let random = Hex.string((0..<8).map { _ in UInt8.random(in: 0...255) })
    return String(repeating: "0", count: max(0, 15 - millis.count)) + millis + "-" + random
  }

  static func isSnapshotID(_ name: String) -> Bool {
    let u = Array(name.utf8)
    guard u.count == 15 + 1 + 16, u[15] == UInt8(ascii: "-") else { return false }
    return u[0..<15].allSatisfy { (48...57).contains($0) }
      && u[16...].allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
  }

  /// `000001.json`: chunk names carry only their number.
  static func chunkName(_ index: Int) -> String {
    let digits = String(index)
    return String(repeating: "0", count: max(0, 6 - digits.count)) + digits + ".json"
  }

  /// Binds a file to its place: moved to another store, snapshot or position, it no longer opens.
  static func aad(kind: String, store: String, snapshot: String, chunk: Int) -> Data {
    Data("startwell/\(kind)/v\(ShareFormat.version)\u{0}\(store)\u{0}\(snapshot)\u{0}\(chunk)".utf8)
  }

  /// What an admin's signature over a snapshot covers: where its manifest
  /// belongs and the manifest's whole content, chunk hashes included.
  static func signedMessage(aad: Data, plaintext: Data) -> Data {
    var message = Data("startwell-snapshot-v2\n".utf8)
    message.append(aad)
    message.append(contentsOf: SHA256.hash(data: plaintext))
    return message
  }

  /// Who signs a manifest: the user's id and their unlocked key.
  struct Signer {
    var user: String
    var identity: SigningIdentity
  }

  static func seal(
    _ plaintext: Data, kind: String, store: String, snapshot: String, chunk: Int, key: ShareKey,
    signer: Signer? = nil
  ) throws -> Data {
    let aad = aad(kind: kind, store: store, snapshot: snapshot, chunk: chunk)
    let sealed = try key.seal(plaintext, aad: aad)
    var envelope = SnapshotEnvelope(
      format: ShareFormat.version, kind: kind, cipher: BatchEnvelope.cipherName, store: store,
      snapshot: snapshot, chunk: chunk, nonce: sealed.nonce, ciphertext: sealed.ciphertext, tag: sealed.tag,
      keyGeneration: key.generation > 1 ? key.generation : nil)
    if let signer {
      envelope.signer = signer.user
      envelope.signerKey = signer.identity.publicKey
      envelope.signature = try signer.identity.sign(signedMessage(aad: aad, plaintext: plaintext))
    }
    var bytes = try ShareFormat.encoder().encode(envelope)
    bytes.append(UInt8(ascii: "\n"))
    return bytes
  }

  static func open(
    _ data: Data, kind: String, store: String, snapshot: String, chunk: Int, key: ShareKey
  ) throws(BadFile) -> Data {
    try unseal(data, kind: kind, store: store, snapshot: snapshot, chunk: chunk, key: key).plaintext
  }

  /// Opens a manifest. On a share with a root (every real one), it must be
  /// signed by the root key in `STORE.json`: the one key a new terminal
  /// holds before it has any records, so the only signer it can check. A
  /// snapshot anyone else wrote, even another admin, is set aside and the
  /// logs, whose every change is checked, are replayed instead.
  static func openManifest(
    _ data: Data, store: String, snapshot: String, key: ShareKey, rootKey: String?
  ) throws(BadFile) -> Data {
    let (envelope, plaintext) = try unseal(
      data, kind: SnapshotEnvelope.manifestKind, store: store, snapshot: snapshot, chunk: 0, key: key)
    guard let rootKey else { return plaintext }
    let aad = aad(kind: SnapshotEnvelope.manifestKind, store: store, snapshot: snapshot, chunk: 0)
    guard envelope.signerKey == rootKey, let signature = envelope.signature,
      SignatureCheck.verify(
        publicKey: rootKey, signature: signature, message: signedMessage(aad: aad, plaintext: plaintext))
    else {
      throw BadFile(
        "it is not signed by the founding admin's key (the store's root), so a new terminal cannot tell it "
          + "from one written with only the share key; the logs are replayed instead")
    }
    return plaintext
  }

  private static func unseal(
    _ data: Data, kind: String, store: String, snapshot: String, chunk: Int, key: ShareKey
  ) throws(BadFile) -> (envelope: SnapshotEnvelope, plaintext: Data) {
    guard let envelope = Self.envelope(data) else {
      throw BadFile("not a snapshot file: truncated or garbled JSON")
    }
    guard envelope.format == ShareFormat.version else {
      throw BadFile("unknown format version \(envelope.format)")
    }
    guard envelope.kind == kind, envelope.cipher == BatchEnvelope.cipherName, envelope.store == store,
      envelope.snapshot == snapshot, envelope.chunk == chunk
    else { throw BadFile("envelope does not match its place on the share") }
    do {
      let plaintext = try key.open(
        SealedBox(nonce: envelope.nonce, ciphertext: envelope.ciphertext, tag: envelope.tag),
        aad: aad(kind: kind, store: store, snapshot: snapshot, chunk: chunk),
        generation: envelope.keyGeneration ?? 1)
      return (envelope, plaintext)
    } catch let missing as ShareKey.MissingGeneration {
      throw BadFile(missing.reason, waits: true)
    } catch {
      throw BadFile("failed authentication: tampered with, or sealed with another key")
    }
  }

  /// The dedicated reader first; `JSONDecoder` for any shape it does not
  /// take, so what opens and what is refused stays exactly as before.
  static func envelope(_ data: Data) -> SnapshotEnvelope? {
    if let envelope = try? SnapshotChunkReader.envelope(data) { return envelope }
    return try? JSONDecoder().decode(SnapshotEnvelope.self, from: data)
  }

  static func encode(_ value: FieldValue) -> String? {
    switch value {
    case .null: nil
    case .text(let s): "t" + s
    case .integer(let i): "i" + String(i)
    case .real(let d): "r" + String(d.isFinite ? d : 0)
    }
  }

  static func decode(_ value: String?) -> FieldValue? {
    guard let value else { return .null }
    guard let tag = value.utf8.first else { return nil }
    // The tag is one ASCII byte. Dropping the first Character instead would
    // also drop a combining mark that begins the value, fused with the tag.
    let rest = Substring(value.unicodeScalars.dropFirst())
    switch tag {
    case UInt8(ascii: "t"): return .text(String(rest))
    case UInt8(ascii: "i"): return Int64(rest).map(FieldValue.integer)
    case UInt8(ascii: "r"): return Double(rest).map(FieldValue.real)
    default: return nil
    }
  }

  static func chunkPayload(_ rows: SnapshotRows, store: String, snapshot: String, chunk: Int) throws -> Data {
    let payload = SnapshotChunkPayload(
      format: ShareFormat.version, store: store, snapshot: snapshot, chunk: chunk, table: rows.table,
      columns: rows.columns, rows: rows.rows.map { $0.map(encode) })
    return try JSONEncoder().encode(payload)
  }

  /// Verifies a chunk against the manifest's entry (hash, then authentication, then content).
  static func openChunk(
    _ data: Data, entry: SnapshotManifest.Chunk, index: Int, store: String, snapshot: String, key: ShareKey
  ) throws(BadFile) -> SnapshotRows {
    guard ShareFormat.sha256Hex(data) == entry.sha256 else {
      throw BadFile("chunk \(entry.name) does not match the hash in the manifest (altered or truncated)")
    }
    let plain = try open(
      data, kind: SnapshotEnvelope.chunkKind, store: store, snapshot: snapshot, chunk: index, key: key)
    guard let payload = try? SnapshotChunkReader.read(plain),
      payload.format == ShareFormat.version, payload.store == store, payload.snapshot == snapshot,
      payload.chunk == index, payload.table == entry.table, payload.rows.count == entry.rows
    else { throw BadFile("chunk \(entry.name) is not a valid snapshot chunk") }
    return SnapshotRows(table: payload.table, columns: payload.columns, rows: payload.rows)
  }
}
