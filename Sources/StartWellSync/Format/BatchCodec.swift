import Crypto
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
  /// The head of the writer's local audit chain when it sealed the batch.
  var auditHead: String? = nil
}

/// Seals operations into batch files and opens them again, checking each
/// file against the place it was found before trusting a byte of it.
enum BatchCodec {
  /// Seals a batch: the operations with their transactions' signatures,
  /// encrypted under the share key and signed by this terminal's key.
  static func seal(
    ops: [ChangeOperation], transactions: [SignedTransaction], store: String, device: String, seq: Int64,
    prev: String, created: Date, key: ShareKey, signer: SigningIdentity, auditHead: String? = nil
  ) throws -> (bytes: Data, hash: String) {
    let payload = BatchPayload(
      auditHead: auditHead, format: ShareFormat.version, store: store, device: device, seq: seq,
      created: Timestamp.format(created),
      schema: RecordRegistry.current.version, ops: ops.map(WireOperation.init),
      transactions: transactions.map {
        WireTransaction(count: $0.count, key: $0.publicKey, signature: $0.signature, user: $0.user)
      })
    let plaintext = try BatchPayloadWriter.write(payload) ?? ShareFormat.encoder().encode(payload)
    let aad = ShareKey.batchAAD(store: store, device: device, seq: seq, prev: prev)
    let sealed = try key.seal(plaintext, aad: aad)
    let envelope = BatchEnvelope(
      format: ShareFormat.version, cipher: BatchEnvelope.cipherName, store: store, device: device, seq: seq,
      prev: prev, nonce: sealed.nonce, ciphertext: sealed.ciphertext, tag: sealed.tag,
      signature: try signer.sign(deviceMessage(aad: aad, plaintext: plaintext)),
      keyGeneration: key.generation > 1 ? key.generation : nil)
    var bytes = try ShareFormat.encoder().encode(envelope)
    bytes.append(UInt8(ascii: "\n"))
    return (bytes, ShareFormat.sha256Hex(bytes))
  }

  /// What a terminal's signature over a batch covers: where the batch says
  /// it belongs (store, device, number, predecessor) and its whole content.
  static func deviceMessage(aad: Data, plaintext: Data) -> Data {
    var message = Data("startwell-batch-v2\n".utf8)
    message.append(aad)
    message.append(contentsOf: SHA256.hash(data: plaintext))
    return message
  }

  /// Verifies a file found at `devices/<device>/log/<seq>-<prefix>.json`.
  /// Returns the batch, or the reason it is set aside, phrased for a person.
  ///
  /// `deviceKey` is the public key of the terminal whose folder the file is
  /// in; a file it did not sign is foreign, whoever holds the share key.
  /// Each transaction's signature is checked here; whether its key was its
  /// author's at the time is the gate's question (`ChangeOperation.signer`).
  static func open(
    _ data: Data, store: String, device: String, seq: Int64, namePrefix: String, key: ShareKey,
    deviceKey: String?
  ) -> Result<VerifiedBatch, BadFile> {
    if data.isEmpty { return .failure(.init("empty file")) }
    let decoder = JSONDecoder()
    guard let envelope = try? decoder.decode(BatchEnvelope.self, from: data) else {
      if let probe = try? decoder.decode(FormatProbe.self, from: data), probe.format != ShareFormat.version {
        return .failure(.init(unknownVersion(probe.format)))
      }
      return .failure(.init("not a batch file: truncated or garbled JSON"))
    }
    guard envelope.format == ShareFormat.version || envelope.format == ShareFormat.unsignedVersion else {
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
    let plaintext: Data
    do {
      plaintext = try key.open(
        SealedBox(nonce: envelope.nonce, ciphertext: envelope.ciphertext, tag: envelope.tag), aad: aad,
        generation: envelope.keyGeneration ?? 1)
    } catch let missing as ShareKey.MissingGeneration {
      return .failure(BadFile(missing.reason, waits: true))
    } catch {
      return .failure(.init("failed authentication: tampered with, or sealed with another key"))
    }
    guard let payload = try? decoder.decode(BatchPayload.self, from: plaintext),
      payload.format == envelope.format, payload.store == store, payload.device == device,
      payload.seq == seq
    else { return .failure(.init("sealed content is not a valid batch")) }
    let signed = envelope.format == ShareFormat.version
    if signed {
      guard let deviceKey, let signature = envelope.signature,
        SignatureCheck.verify(
          publicKey: deviceKey, signature: signature, message: deviceMessage(aad: aad, plaintext: plaintext))
      else {
        return .failure(
          .init(
            "foreign: not signed by the terminal whose folder it is in (written by someone holding only "
              + "the share key)"))
      }
    }
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
    if signed {
      guard let transactions = payload.transactions, transactions.allSatisfy({ $0.count > 0 }),
        transactions.reduce(0, { $0 + $1.count }) == ops.count
      else { return .failure(.init("its transactions do not cover its operations")) }
      vouch(&ops, transactions, deviceKey: deviceKey ?? "", seq: seq)
    }
    return .success(
      VerifiedBatch(
        hash: hash, prev: envelope.prev, ops: ops, latestClock: latest,
        written: Timestamp.parse(payload.created), schema: payload.schema ?? 1, auditHead: payload.auditHead))
  }

  /// Marks each operation with the key whose signature over its transaction
  /// verified, and with its batch. An operation whose signature fails, or
  /// that claims the system account without the terminal's own key, keeps
  /// no signer: the gate refuses it and the log goes on.
  private static func vouch(
    _ ops: inout [ChangeOperation], _ transactions: [WireTransaction], deviceKey: String, seq: Int64
  ) {
    var start = 0
    for tx in transactions {
      let range = start..<(start + tx.count)
      start += tx.count
      let byUser = ops[range].allSatisfy { $0.user == tx.user }
      let systemOK = tx.user != "system" || tx.key == deviceKey
      let valid =
        byUser && systemOK && !tx.signature.isEmpty
        && SignatureCheck.verify(
          publicKey: tx.key, signature: tx.signature, message: TransactionDigest.message(ops[range]))
      for i in range {
        ops[i].signer = valid ? tx.key : nil
        ops[i].batch = seq
      }
    }
  }

  private static func unknownVersion(_ v: Int) -> String {
    "unknown format version \(v) (this StartWell reads version \(ShareFormat.version); update it)"
  }

  private struct FormatProbe: Decodable { var format: Int }
}

/// Why a file on the share was set aside.
struct BadFile: Error, Equatable {
  var reason: String
  /// Not bad in itself: it waits for something this terminal lacks (a newer
  /// share key), so it is read again at every sync rather than remembered as bad.
  var waits = false
  init(_ reason: String, waits: Bool = false) {
    self.reason = reason
    self.waits = waits
  }
}
