import Foundation
import Testing

@testable import StartWellCore

/// The digit-by-digit paths give exactly what the general ones give.
@Suite struct TimestampFastPathTests {
  /// Milliseconds from 1900 to 2200, spread evenly, with the edges of days and years.
  static let instants: [Int64] = {
    var ms: [Int64] = [0, -1, 1, 86_399_999, 86_400_000, -2_208_988_800_000, 7_258_118_399_999]
    var x: UInt64 = 88_172_645_463_325_252
    for _ in 0..<5_000 {
      x ^= x << 13
      x ^= x >> 7
      x ^= x << 17
      ms.append(-2_208_988_800_000 + Int64(x % 9_467_107_200_000))
    }
    return ms
  }()

  @Test func formatMatchesTheFormatString() {
    for ms in Self.instants {
      let date = Date(timeIntervalSince1970: Double(ms) / 1000)
      let day = LocalDate(dayNumber: Int((Double(ms) / 86_400_000).rounded(.down)))
      let ofDay = ms - Int64(day.dayNumber) * 86_400_000
      let expected = String(
        format: "%04d-%02d-%02dT%02lld:%02lld:%02lld.%03lldZ", day.year, day.month, day.day,
        ofDay / 3_600_000,
        (ofDay / 60_000) % 60, (ofDay / 1000) % 60, ofDay % 1000)
      #expect(Timestamp.format(date) == expected)
    }
  }

  @Test func canonicalParseMatchesTheGeneralParse() {
    for ms in Self.instants {
      let text = Timestamp.format(Date(timeIntervalSince1970: Double(ms) / 1000))
      let fast = Timestamp.canonical(text)
      #expect(fast != nil)
      #expect(fast == Timestamp.parseGeneral(text), "\(text)")
    }
  }

  @Test(arguments: [
    "2026-02-30T10:00:00.000Z", "2026-13-01T10:00:00.000Z", "2026-01-01T24:00:00.000Z",
    "2026-01-01T10:60:00.000Z", "2026-01-01T10:00:60.000Z", "2026-01-01T10:00:00.00xZ",
    "2026-01-01 10:00:00.000Z", "2026-01-01T10:00:00.000", "+026-01-01T10:00:00.000Z",
    "２026-01-01T10:00:00.000Z",
    "2026-01-01T10:00", "2026-01-01 10:00", " 2026-01-01T10:00:00Z",
  ])
  func otherFormsGoTheGeneralWay(text: String) {
    #expect(Timestamp.parse(text) == Timestamp.parseGeneral(text))
  }
}

@Suite struct HexTests {
  @Test func matchesTheFormatString() {
    var x: UInt64 = 0x9E37_79B9_7F4A_7C15
    for length in 0..<64 {
      let bytes = (0..<length).map { _ -> UInt8 in
        x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return UInt8(truncatingIfNeeded: x >> 56)
      }
      #expect(Hex.string(bytes) == bytes.map { String(format: "%02x", $0) }.joined())
    }
    #expect(Hex.string([0x00, 0x0f, 0xf0, 0xff]) == "000ff0ff")
  }
}
