import Foundation

/// A hybrid logical clock timestamp: wall milliseconds, a counter, and the device.
///
/// Ordering by (millis, counter, device) gives every change a total order
/// that respects causality without trusting any terminal's clock.
public struct HLC: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
  public var millis: Int64
  public var counter: Int
  public var device: String

  public init(millis: Int64, counter: Int, device: String) {
    self.millis = millis
    self.counter = counter
    self.device = device
  }

  public static func < (a: HLC, b: HLC) -> Bool {
    (a.millis, a.counter, a.device) < (b.millis, b.counter, b.device)
  }

  /// Fixed-width text that sorts the same way the clock compares.
  public var description: String {
    // Written out by hand: this runs for every operation stored or compared,
    // and String(format:) was a tenth of the time spent applying a batch.
    var text = ""
    text.reserveCapacity(23 + device.utf8.count)
    HLC.append(millis, width: 15, to: &text)
    text.append("-")
    HLC.append(Int64(counter), width: 6, to: &text)
    text.append("-")
    text.append(device)
    return text
  }

  /// `value` in decimal, zero-padded to `width` digits (a negative value, never stored, keeps its sign).
  private static func append(_ value: Int64, width: Int, to text: inout String) {
    let digits = String(value.magnitude)
    if value < 0 { text.append("-") }
    if digits.count < width { text.append(String(repeating: "0", count: width - digits.count)) }
    text.append(digits)
  }

  /// The text form gives the counter six digits, so that text order (which
  /// the store's SQL sorts by) is clock order; a larger counter is refused.
  public static let maxCounter = 999_999

  public init?(_ text: String) {
    let parts = text.split(separator: "-", maxSplits: 2)
    guard parts.count == 3, parts[0].count == 15, parts[1].count == 6, let m = Int64(parts[0]), m >= 0,
      let c = Int(parts[1]), (0...HLC.maxCounter).contains(c), !parts[2].isEmpty
    else { return nil }
    self.init(millis: m, counter: c, device: String(parts[2]))
  }

  public init(from decoder: Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let clock = HLC(text) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "bad clock \(text)"))
    }
    self = clock
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(description)
  }
}

/// Issues clocks for one device. Not thread-safe: the store owns one and uses it inside its write queue.
///
/// The bounds, in the hybrid logical clock literature's terms: each
/// terminal's physical clock `pt` (its wall clock) is trusted to be within
/// `maxDrift` (ε) of every other healthy terminal's. The logical clock `l`
/// is then never more than ε ahead of `pt` from folding in healthy
/// terminals' clocks; `maxSkew` (2ε) leaves room for a clock that was itself
/// folded forward by up to ε on its way here. A clock further ahead than that
/// comes from a wrong wall clock and is held back, never folded in; a
/// terminal whose own `l` is further than that ahead of its own `pt` has a
/// wall clock that went back, or was far behind from the start.
public struct ClockState: Sendable {
  /// ε: how far two healthy terminals' wall clocks may differ.
  public static let maxDrift: Int64 = 3_600 * 1_000
  /// 2ε: how far a clock may be ahead of this terminal's wall clock and still be folded in.
  public static let maxSkew: Int64 = 2 * maxDrift
  public private(set) var last: HLC

  public init(device: String, last: HLC? = nil) {
    self.last = last ?? HLC(millis: 0, counter: 0, device: device)
  }

  /// The next local clock, never going backwards even if the wall clock does,
  /// and after `after` (the clock of a value the change replaces), so that a
  /// change always beats what it was made over, whatever the wall clock says.
  public mutating func tick(now: Date, after: HLC? = nil) -> HLC {
    if let after, after > last {
      last = HLC(millis: after.millis, counter: after.counter, device: last.device)
    }
    let wall = Self.millis(now)
    if wall > last.millis {
      last = HLC(millis: wall, counter: 0, device: last.device)
    } else if last.counter >= HLC.maxCounter {
      // A million changes in one millisecond: borrow the next millisecond.
      last = HLC(millis: last.millis + 1, counter: 0, device: last.device)
    } else {
      last = HLC(millis: last.millis, counter: last.counter + 1, device: last.device)
    }
    return last
  }

  /// Folds in a remote clock. A clock more than `maxSkew` ahead of our wall
  /// time is reported and ignored, so one wrong terminal cannot drag every
  /// other terminal's clock into the future.
  @discardableResult
  public mutating func receive(_ remote: HLC, now: Date) -> Bool {
    if remote.millis - Self.millis(now) > ClockState.maxSkew { return false }
    if remote.millis > last.millis {
      last = HLC(millis: remote.millis, counter: remote.counter, device: last.device)
    } else if remote.millis == last.millis && remote.counter > last.counter {
      last = HLC(millis: last.millis, counter: min(remote.counter, HLC.maxCounter), device: last.device)
    }
    return true
  }

  /// How far this terminal's logical clock is ahead of its wall clock, in
  /// milliseconds, when that is more than `maxSkew`: its wall clock went
  /// back, or is far behind the changes it holds. Nil when the clocks agree.
  public func wallBehind(now: Date) -> Int64? {
    let behind = last.millis - Self.millis(now)
    return behind > ClockState.maxSkew ? behind : nil
  }

  public static func millis(_ date: Date) -> Int64 {
    Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
  }
}
