import Foundation
import StartWellCore
import StartWellStore

/// A batch file that passed every check that does not need its predecessor.
struct VerifiedBatch {
  var hash: String
  var prev: String
  var ops: [ChangeOperation]
  /// The highest clock in the batch, checked against `ClockState.maxSkew` before applying.
  var latestClock: HLC?
  /// The writer's wall clock when it wrote the batch, checked against `ClockState.maxDrift`.
  var written: Date?
  /// The writer's registry version.
  var schema: Int
}

/// Seals operations into batch files and opens them again, checking each
/// file against the place it was found before trusting a byte of it.
enum BatchCodec {
  static func seal(
    ops: [ChangeOperation], store: String, device: String, seq: Int64, prev: String, created: Date,
    key: ShareKey
  ) throws -> (bytes: Data, hash: String) {
    let payload = BatchPayload(
      format: ShareFormat.version, store: store, device: device, seq: seq, created: Timestamp.format(created),
      schema: RecordRegistry.current.version, ops: ops.map(WireOperation.init))
    let plaintext = try BatchPayloadWriter.write(payload) ?? ShareFormat.encoder().encode(payload)
    let sealed = try key.seal(
      plaintext, aad: ShareKey.batchAAD(store: store, device: device, seq: seq, prev: prev))
    let envelope = BatchEnvelope(
      format: ShareFormat.version, cipher: BatchEnvelope.cipherName, store: store, device: device, seq: seq,
      prev: prev, nonce: sealed.nonce, ciphertext: sealed.ciphertext, tag: sealed.tag)
    var bytes = try ShareFormat.encoder().encode(envelope)
    bytes.append(UInt8(ascii: "\n"))
    return (bytes, ShareFormat.sha256Hex(bytes))
  }

  /// Verifies a file found at `devices/<device>/log/<seq>-<prefix>.json`.
  /// Returns the batch, or the reason it is set aside, phrased for a person.
  static func open(
    _ data: Data, store: String, device: String, seq: Int64, namePrefix: String, key: ShareKey
  ) -> Result<VerifiedBatch, BadFile> {
    if data.isEmpty { return .failure(.init("empty file")) }
    let decoder = JSONDecoder()
    guard let envelope = try? decoder.decode(BatchEnvelope.self, from: data) else {
      if let probe = try? decoder.decode(FormatProbe.self, from: data), probe.format != ShareFormat.version {
        return .failure(.init(unknownVersion(probe.format)))
      }
      return .failure(.init("not a batch file: truncated or garbled JSON"))
    }
    guard envelope.format == ShareFormat.version else {
      return .failure(.init(unknownVersion(envelope.format)))
    }
    guard envelope.cipher == BatchEnvelope.cipherName else {
      return .failure(.init("unknown cipher \(envelope.cipher)"))
    }
    guard envelope.store == store else { return .failure(.init("belongs to another shared store")) }
    guard envelope.device == device else {
      return .failure(
        .init("says it is from device \(envelope.device) but sits in this device's folder (a copied file?)"))
    }
    guard envelope.seq == seq else {
      return .failure(.init("says it is batch \(envelope.seq) but its name says \(seq)"))
    }
    let hash = ShareFormat.sha256Hex(data)
    guard hash.hasPrefix(namePrefix) else {
      return .failure(.init("content does not match the hash in its name (altered or truncated)"))
    }
    let aad = ShareKey.batchAAD(store: store, device: device, seq: seq, prev: envelope.prev)
    guard
      let plaintext = try? key.open(
        SealedBox(nonce: envelope.nonce, ciphertext: envelope.ciphertext, tag: envelope.tag), aad: aad)
    else { return .failure(.init("failed authentication: tampered with, or sealed with another key")) }
    guard let payload = try? decoder.decode(BatchPayload.self, from: plaintext),
      payload.format == ShareFormat.version, payload.store == store, payload.device == device,
      payload.seq == seq
    else { return .failure(.init("sealed content is not a valid batch")) }
    var ops: [ChangeOperation] = []
    ops.reserveCapacity(payload.ops.count)
    var latest: HLC?
    for wire in payload.ops {
      guard let op = wire.operation() else {
        return .failure(.init("holds an operation with an unreadable clock"))
      }
      guard op.device == device else { return .failure(.init("holds an operation of another device")) }
      if latest == nil || op.clock > latest! { latest = op.clock }
      ops.append(op)
    }
    return .success(
      VerifiedBatch(
        hash: hash, prev: envelope.prev, ops: ops, latestClock: latest,
        written: Timestamp.parse(payload.created), schema: payload.schema ?? 1))
  }

  private static func unknownVersion(_ v: Int) -> String {
    "unknown format version \(v) (this StartWell reads version \(ShareFormat.version); update it)"
  }

  private struct FormatProbe: Decodable { var format: Int }
}

/// Why a file on the share was set aside.
struct BadFile: Error, Equatable {
  var reason: String
  init(_ reason: String) { self.reason = reason }
}
