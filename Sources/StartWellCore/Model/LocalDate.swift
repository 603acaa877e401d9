import Foundation

/// A calendar date with no time or zone, as written on forms: `YYYY-MM-DD`.
///
/// Dates of birth, follow-ups and review dates are calendar days, not
/// instants; keeping them apart from `Date` avoids off-by-one-day bugs at
/// midnight in other time zones.
public struct LocalDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
  public let year: Int
  public let month: Int
  public let day: Int

  public init?(year: Int, month: Int, day: Int) {
    guard (1900...2200).contains(year), (1...12).contains(month),
      (1...LocalDate.daysIn(month: month, year: year)).contains(day)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses exactly `YYYY-MM-DD`; anything else (including `2024-2-30`) is nil.
  ///
  /// Read byte by byte: a report reads a date of birth for each of tens of
  /// thousands of children. Ten ASCII bytes are the only text of that form.
  public init?(_ text: String) {
    var text = text
    guard let date = text.withUTF8(LocalDate.init(bytes:)) else { return nil }
    self = date
  }

  /// `init(_:)` for UTF-8 bytes.
  init?(bytes b: UnsafeBufferPointer<UInt8>) {
    guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), let y = Digits.read(b, 0, 4),
      let m = Digits.read(b, 5, 2), let d = Digits.read(b, 8, 2)
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  /// `YYYY-MM-DD`. A year of four digits is written straight into the
  /// string's ten bytes, which Swift keeps without an allocation: the
  /// report's SQL functions give a day for each of hundreds of thousands
  /// of records, and joining five strings for each was 3.6% of a
  /// report's instructions.
  public var description: String {
    guard (0...9999).contains(year) else { return String(format: "%04d-%02d-%02d", year, month, day) }
    return String(unsafeUninitializedCapacity: 10) { bytes in
      Digits.write(year, 4, into: bytes, at: 0)
      bytes[4] = UInt8(ascii: "-")
      Digits.write(month, 2, into: bytes, at: 5)
      bytes[7] = UInt8(ascii: "-")
      Digits.write(day, 2, into: bytes, at: 8)
      return 10
    }
  }

  public static func < (a: LocalDate, b: LocalDate) -> Bool {
    (a.year, a.month, a.day) < (b.year, b.month, b.day)
  }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Days since 1970-01-01 (proleptic Gregorian), for date arithmetic.
  public var dayNumber: Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }

  public init(dayNumber z0: Int) {
    let z = z0 + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
    self.month = m
    self.day = d
  }

  public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

  public func days(until other: LocalDate) -> Int { other.dayNumber - dayNumber }

  /// The calendar day of an instant in UTC. What a person calls the day of
  /// an instant, or "today", is `DisplayZone.day`.
  public init(_ date: Date) {
    self.init(dayNumber: Int((date.timeIntervalSince1970 / 86_400).rounded(.down)))
  }

  /// Midnight UTC at the start of this day.
  public var startOfDay: Date { Date(timeIntervalSince1970: Double(dayNumber) * 86_400) }

  /// Whole years from this date to `other` (an age).
  public func years(until other: LocalDate) -> Int {
    var years = other.year - year
    if (other.month, other.day) < (month, day) { years -= 1 }
    return years
  }

  public init(from decoder: Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let date = LocalDate(text) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD date: \(text)"))
    }
    self = date
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(description)
  }
}

/// ISO 8601 timestamps in UTC with millisecond precision, the one format used in storage and JSON.
public enum Timestamp {
  public static func format(_ date: Date) -> String {
    let ms = Int64((date.timeIntervalSince1970 * 1000).rounded())
    let day = LocalDate(dayNumber: Int((Double(ms) / 86_400_000).rounded(.down)))
    let msOfDay = ms - Int64(day.dayNumber) * 86_400_000
    let h = msOfDay / 3_600_000
    let m = (msOfDay / 60_000) % 60
    let s = (msOfDay / 1000) % 60
    let frac = msOfDay % 1000
    return day.description + "T" + Digits.padded(Int(h), 2) + ":" + Digits.padded(Int(m), 2) + ":"
      + Digits.padded(Int(s), 2) + "." + Digits.padded(Int(frac), 3) + "Z"
  }

  /// Accepts `YYYY-MM-DDTHH:MM[:SS[.mmm]][Z]` and `YYYY-MM-DD HH:MM`; times are UTC.
  ///
  /// Every stored timestamp is in the one form `format` writes, and opening
  /// a family reads hundreds of them, so that form is read digit by digit;
  /// anything else takes the general path. Both give the same `Date`.
  public static func parse(_ text: String) -> Date? {
    canonical(text) ?? parseGeneral(text)
  }

  /// `YYYY-MM-DDTHH:MM:SS.mmmZ` exactly, or nil to let the general path decide.
  static func canonical(_ text: String) -> Date? {
    var text = text
    return text.withUTF8 { canonical(bytes: $0) }
  }

  /// `parse` for UTF-8 bytes, as SQLite hands a function its text: the
  /// stored form is read from the bytes where they lie.
  public static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Date? {
    canonical(bytes: bytes) ?? parseGeneral(String(decoding: bytes, as: UTF8.self))
  }

  static func canonical(bytes b: UnsafeBufferPointer<UInt8>) -> Date? {
    guard b.count == 24, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A,
      b[19] == 0x2E, b[23] == 0x5A,
      let year = Digits.read(b, 0, 4), let month = Digits.read(b, 5, 2), let day = Digits.read(b, 8, 2),
      let h = Digits.read(b, 11, 2), let m = Digits.read(b, 14, 2), let s = Digits.read(b, 17, 2),
      let ms = Digits.read(b, 20, 3), h <= 23, m <= 59, s <= 59,
      let date = LocalDate(year: year, month: month, day: day)
    else { return nil }
    // The quotient of two exact integers is correctly rounded, as parsing "SS.mmm" is.
    let seconds = Double(s * 1000 + ms) / 1000
    return Date(
      timeIntervalSince1970: Double(date.dayNumber) * 86_400 + Double(h * 3600 + m * 60) + seconds)
  }

  static func parseGeneral(_ text: String) -> Date? {
    var t = text.trimmingCharacters(in: .whitespaces)
    if t.hasSuffix("Z") { t.removeLast() }
    let sep: Character = t.contains("T") ? "T" : " "
    let halves = t.split(separator: sep, maxSplits: 1)
    guard halves.count == 2, let day = LocalDate(String(halves[0])) else { return nil }
    let clock = halves[1].split(separator: ":", omittingEmptySubsequences: false)
    guard clock.count == 2 || clock.count == 3,
      clock[0].count == 2, clock[1].count == 2,
      let h = Int(clock[0]), let m = Int(clock[1]), (0...23).contains(h), (0...59).contains(m)
    else { return nil }
    var seconds = 0.0
    if clock.count == 3 {
      guard let s = Double(clock[2]), s >= 0, s < 60, clock[2].first?.isNumber == true else { return nil }
      seconds = s
    }
    return Date(
      timeIntervalSince1970: Double(day.dayNumber) * 86_400 + Double(h * 3600 + m * 60) + seconds)
  }
}

/// Zero-padded decimal digits, written and read without Foundation's
/// formatting, which is slow on Linux and on every save's path.
enum Digits {
  static func padded(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
  }

  /// Writes `value` (at least 0, below 10 to the `count`) as `count` ASCII
  /// digits at `start`.
  static func write(_ value: Int, _ count: Int, into bytes: UnsafeMutableBufferPointer<UInt8>, at start: Int)
  {
    var rest = value
    for i in (start..<(start + count)).reversed() {
      bytes[i] = UInt8(ascii: "0") + UInt8(rest % 10)
      rest /= 10
    }
  }

  /// The number written by `count` ASCII digits at `start`, or nil.
  static func read(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
    var value = 0
    for i in start..<(start + count) {
      let b = bytes[i]
      guard b >= 0x30, b <= 0x39 else { return nil }
      value = value * 10 + Int(b - 0x30)
    }
    return value
  }
}
