import Foundation
import StartWellCore
import Testing

@testable import StartWellSync

/// The envelope reader against `SnapshotCodec.seal`'s encoder and against
/// `JSONDecoder`: it reads back every envelope the encoder writes, optional
/// fields or not, and for damaged bytes it either refuses or reads what
/// `JSONDecoder` reads (a refusal then falls back to `JSONDecoder`).
@Suite struct SnapshotEnvelopeReaderTests {
  typealias Random = SplitMix64

  static func envelope(seed: UInt64) -> SnapshotEnvelope {
    var r = Random(seed)
    let texts =
      SnapshotChunkReaderTests.awkward + [
        String(repeating: "QUJD", count: 200) + "==", "001773662400000-5f0c9a1b2c3d4e5f",
      ]
    func text() -> String { texts[r.below(texts.count)] }
    return SnapshotEnvelope(
      format: ShareFormat.version,
      kind: r.below(2) == 0 ? SnapshotEnvelope.chunkKind : SnapshotEnvelope.manifestKind,
      cipher: BatchEnvelope.cipherName, store: text(), snapshot: text(), chunk: r.below(1_000),
      nonce: text(), ciphertext: text(), tag: text(), keyGeneration: r.below(2) == 0 ? nil : 2 + r.below(5),
      signer: r.below(2) == 0 ? nil : text(), signerKey: r.below(2) == 0 ? nil : text(),
      signature: r.below(2) == 0 ? nil : text())
  }

  static func sealed(_ envelope: SnapshotEnvelope) throws -> Data {
    var bytes = try ShareFormat.encoder().encode(envelope)
    bytes.append(UInt8(ascii: "\n"))
    return bytes
  }

  @Test(arguments: 1...200)
  func readsBackWhatTheWriterWrote(seed: UInt64) throws {
    let envelope = Self.envelope(seed: seed)
    let data = try Self.sealed(envelope)
    #expect(try SnapshotChunkReader.envelope(data) == envelope)
    #expect(try JSONDecoder().decode(SnapshotEnvelope.self, from: data) == envelope)
  }

  @Test(arguments: 1...100)
  func damagedBytesAreRefusedOrReadAsJSONDecoderReadsThem(seed: UInt64) throws {
    var r = Random(seed &* 104_729)
    var bytes = [UInt8](try Self.sealed(Self.envelope(seed: seed)))
    for _ in 0..<50 {
      var damaged = bytes
      switch r.below(4) {
      case 0: damaged[r.below(damaged.count)] = UInt8(r.below(256))
      case 1: damaged.removeLast(r.below(damaged.count))
      case 2:
        let noise = Array(" ,]}\"\\:0-e.n\u{1}\u{C3}\u{FF}".utf8)
        damaged.insert(noise[r.below(noise.count)], at: r.below(damaged.count))
      default: damaged.remove(at: r.below(damaged.count))
      }
      let decoded = try? JSONDecoder().decode(SnapshotEnvelope.self, from: Data(damaged))
      if let read = try? SnapshotChunkReader.envelope(Data(damaged)) {
        #expect(read == decoded, "read differently: \(String(decoding: damaged, as: UTF8.self))")
      }
      #expect(SnapshotCodec.envelope(Data(damaged)) == decoded)
      bytes = damaged.count > 20 ? damaged : bytes
    }
  }

  static let base =
    #""cipher":"c","ciphertext":"x","kind":"k","nonce":"n","snapshot":"s","store":"t","tag":"g""#

  @Test func optionalFieldsMayBeNullOrAbsent() throws {
    let absent = try SnapshotChunkReader.envelope(Data(#"{"chunk":1,"format":2,\#(Self.base)}"#.utf8))
    let null = try SnapshotChunkReader.envelope(
      Data(
        #"{"chunk":1,"format":2,\#(Self.base),"keyGeneration":null,"signer":null,"signerKey":null,"signature":null}"#
          .utf8))
    #expect(absent == null && absent.keyGeneration == nil && absent.signature == nil)
    let signed = try SnapshotChunkReader.envelope(
      Data(
        #"{"chunk":0,"format":2,\#(Self.base),"keyGeneration":3,"signature":"z","signer":"u","signerKey":"p","later":[1]}"#
          .utf8))
    #expect(
      signed.keyGeneration == 3 && signed.signer == "u" && signed.signerKey == "p" && signed.signature == "z")
  }

  static let refused: [String] = [
    "", "{}", "[]", "null",
    #"{"chunk":1,\#(base)}"#,
    #"{"chunk":1,"format":2,"format":2,\#(base)}"#,
    #"{"chunk":1,"format":2.0,\#(base)}"#,
    #"{"chunk":1,"format":2,\#(base),"keyGeneration":"2"}"#,
    #"{"chunk":1,"format":2,\#(base),"signer":5}"#,
    #"{"chunk":null,"format":2,\#(base)}"#,
    #"{"chunk":1,"format":2,\#(base)} x"#,
  ]

  /// Shapes the reader leaves to `JSONDecoder`, which decides as it always did.
  @Test(arguments: refused)
  func unusualShapesAreLeftToJSONDecoder(text: String) {
    let data = Data(text.utf8)
    #expect(throws: SnapshotChunkReader.Malformed.self) { try SnapshotChunkReader.envelope(data) }
    #expect(SnapshotCodec.envelope(data) == (try? JSONDecoder().decode(SnapshotEnvelope.self, from: data)))
  }
}
