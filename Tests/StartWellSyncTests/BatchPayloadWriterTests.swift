import Foundation
import StartWellCore
import Testing

@testable import StartWellSync

/// The batch payload writer writes exactly the encoder's bytes.
@Suite struct BatchPayloadWriterTests {
  static func text(_ r: inout SplitMix64) -> String {
    if r.below(3) == 0 {
      return SnapshotChunkReaderTests.awkward[r.below(SnapshotChunkReaderTests.awkward.count)]
    }
    let scalars = (0..<r.below(14)).compactMap { _ -> Unicode.Scalar? in
      // Mostly ASCII with every control character, some of the rest of Unicode.
      r.below(4) == 0 ? Unicode.Scalar(UInt32(r.below(0x11_0000))) : Unicode.Scalar(UInt8(r.below(128)))
    }
    return String(String.UnicodeScalarView(scalars))
  }

  static func payload(seed: UInt64, reals: Bool) -> BatchPayload {
    var r = SplitMix64(seed)
    let ops = (0..<r.below(12)).map { n -> WireOperation in
      let clock = HLC(millis: Int64(r.below(1 << 40)), counter: r.below(50), device: "d\(r.below(9))")
      let value: FieldValue =
        switch r.below(reals ? 4 : 3) {
        case 0: .null
        case 1: .integer(Int64(bitPattern: r.next()))
        case 2: .text(text(&r))
        default: .real(Double(r.below(100_000)) / 8)
        }
      let op = ChangeOperation(
        opID: "op-\(n)-\(text(&r))", clock: clock, device: clock.device, user: text(&r), entity: text(&r),
        recordID: text(&r), field: text(&r), value: value,
        replaces: r.below(2) == 0 ? nil : clock,
        alsoReplaces: r.below(3) == 0 ? nil : Array(repeating: clock, count: r.below(3)))
      return WireOperation(op)
    }
    let transactions = (0..<r.below(4)).map { _ in
      WireTransaction(count: r.below(100), key: text(&r), signature: text(&r), user: text(&r))
    }
    return BatchPayload(
      auditHead: r.below(2) == 0 ? nil : text(&r), format: 2, store: text(&r), device: text(&r),
      seq: Int64(r.below(1_000_000)), created: text(&r), schema: r.below(4) == 0 ? nil : r.below(20),
      ops: ops,
      transactions: r.below(4) == 0 ? nil : transactions)
  }

  @Test(arguments: 1...300)
  func writesTheEncodersBytes(seed: UInt64) throws {
    let payload = Self.payload(seed: seed, reals: false)
    let written = try #require(BatchPayloadWriter.write(payload))
    let encoded = try ShareFormat.encoder().encode(payload)
    #expect(
      written == encoded,
      "\(String(decoding: written, as: UTF8.self))\n\(String(decoding: encoded, as: UTF8.self))")
    #expect(try JSONDecoder().decode(BatchPayload.self, from: written) == payload)
  }

  @Test func leavesRealsToTheEncoder() {
    var payload = Self.payload(seed: 9, reals: false)
    payload.ops.append(
      WireOperation(
        ChangeOperation(
          opID: "r", clock: HLC(millis: 1, counter: 0, device: "d"), device: "d", user: "u", entity: "e",
          recordID: "x", field: "f", value: .real(2.5), replaces: nil, alsoReplaces: nil)))
    #expect(BatchPayloadWriter.write(payload) == nil)
  }
}
