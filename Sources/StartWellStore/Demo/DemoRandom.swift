import StartWellCore

/// The demo loader's only source of randomness: xoshiro256** seeded through
/// SplitMix64. Its output depends on the seed alone, on every platform and
/// Swift version, which is what makes a demo store reproducible. Helpers use
/// their own arithmetic rather than `Int.random(in:using:)`, whose algorithm
/// the standard library does not promise to keep.
struct DemoRandom: RandomNumberGenerator {
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64

  init(seed: UInt64) {
    var sm = seed
    func splitMix() -> UInt64 {
      sm &+= 0x9E37_79B9_7F4A_7C15
      var z = sm
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    s0 = splitMix()
    s1 = splitMix()
    s2 = splitMix()
    s3 = splitMix()
  }

  mutating func next() -> UInt64 {
    let result = rotate(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotate(s3, 45)
    return result
  }

  private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  /// A uniform integer in `range` (the modulo bias is far below anything a demo could show).
  mutating func int(_ range: ClosedRange<Int>) -> Int {
    let span = UInt64(range.upperBound - range.lowerBound + 1)
    return range.lowerBound + Int(next() % span)
  }

  /// True with probability `p`.
  mutating func chance(_ p: Double) -> Bool {
    Double(next() >> 11) * 0x1p-53 < p
  }

  mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }

  /// An index chosen with the given relative weights.
  mutating func weighted(_ weights: [Int]) -> Int {
    let total = weights.reduce(0, +)
    var roll = int(0...(total - 1))
    for (i, w) in weights.enumerated() {
      if roll < w { return i }
      roll -= w
    }
    return weights.count - 1
  }

  mutating func weighted<T>(_ choices: [(T, Int)]) -> T {
    choices[weighted(choices.map(\.1))].0
  }
}

/// Makes the demo's record ids: UUID-shaped strings in the version 7 layout.
///
/// The leading 48 bits count up from the anchor day's first millisecond and
/// the other 74 bits come from the seeded generator. Ids made this way sort
/// in creation order, so each insert lands at the end of the primary-key and
/// family indexes instead of on a random page, which is what lets 100,000
/// families load in well under a minute. They are ordinary UUID strings to
/// every other part of the program.
struct DemoIDs {
  private var counter: UInt64

  init(anchor: LocalDate) {
    counter = UInt64(max(0, anchor.dayNumber)) * 86_400_000
  }

  private static let hex = Array("0123456789abcdef".utf8)

  mutating func make(_ rng: inout DemoRandom) -> String {
    counter &+= 1
    let time = counter & 0xFFFF_FFFF_FFFF
    let a = rng.next()
    let b = rng.next()
    // time(48) | version 7 (4) | random (12) | variant 10 (2) | random (62)
    let high = (time << 16) | 0x7000 | (a & 0x0FFF)
    let low = (b & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
    return String(unsafeUninitializedCapacity: 36) { buffer in
      var i = 0
      func put(_ value: UInt64, nibbles: Int) {
        var n = nibbles - 1
        while n >= 0 {
          buffer[i] = DemoIDs.hex[Int((value >> (UInt64(n) * 4)) & 0xF)]
          i += 1
          n -= 1
        }
      }
      let dash = UInt8(ascii: "-")
      put(high >> 32, nibbles: 8)
      buffer[i] = dash
      i += 1
      put((high >> 16) & 0xFFFF, nibbles: 4)
      buffer[i] = dash
      i += 1
      put(high & 0xFFFF, nibbles: 4)
      buffer[i] = dash
      i += 1
      put(low >> 48, nibbles: 4)
      buffer[i] = dash
      i += 1
      put(low & 0xFFFF_FFFF_FFFF, nibbles: 12)
      return i
    }
  }
}

/// References (`F-`, `P-`, `E-`, `R-`) from the seeded generator, never repeated within the load.
struct DemoReferences {
  private var used: Set<String> = []

  init(reserving capacity: Int) { used.reserveCapacity(capacity) }

  mutating func make(_ prefix: String, _ rng: inout DemoRandom) -> String {
    while true {
      let code = ReferenceCode.make(prefix: prefix, using: &rng)
      if used.insert(code).inserted { return code }
    }
  }
}
