import Foundation
import StartWellCore
import Testing

@Suite("LocalDate")
struct LocalDateTests {
  @Test(
    "parses valid YYYY-MM-DD",
    arguments: [
      ("2024-02-29", 2024, 2, 29),
      ("2000-02-29", 2000, 2, 29),
      ("2023-12-31", 2023, 12, 31),
      ("1900-01-01", 1900, 1, 1),
      ("2200-12-31", 2200, 12, 31),
      ("2025-04-30", 2025, 4, 30),
    ])
  func parsesValid(text: String, year: Int, month: Int, day: Int) throws {
    let d = try #require(LocalDate(text))
    #expect(d.year == year)
    #expect(d.month == month)
    #expect(d.day == day)
    #expect(d.description == text)
  }

  @Test(
    "rejects malformed or impossible dates",
    arguments: [
      "2023-02-29",  // not a leap year
      "2100-02-29",  // century, not a leap year
      "2024-02-30",
      "2024-04-31",
      "2024-13-01",
      "2024-00-10",
      "2024-01-00",
      "2024-2-3",
      "2024-02-3",
      "24-02-03",
      "",
      "garbage",
      "2024/02/03",
      "2024-02-03T00:00",
      " 2024-02-03",
      "2024-02-03 ",
      "+024-02-03",
      "2024--2-03",
      "２０２４-02-03",  // full-width digits
      "1899-12-31",  // outside the supported range
      "2201-01-01",
      "2024-02-03-",
      "2024-0\u{301}2-03",  // a combining mark on a digit
      "2024-02-0\u{663}",  // an Arabic-Indic digit
      "2024-1a-01",
      "2024-02-03\u{0}",
      "2024\u{2010}02\u{2010}03",  // Unicode hyphens
    ])
  func rejectsInvalid(text: String) {
    #expect(LocalDate(text) == nil)
  }

  @Test("memberwise init validates the calendar")
  func memberwiseInit() {
    #expect(LocalDate(year: 2024, month: 2, day: 29) != nil)
    #expect(LocalDate(year: 2023, month: 2, day: 29) == nil)
    #expect(LocalDate(year: 2024, month: 6, day: 31) == nil)
    #expect(LocalDate(year: 2024, month: 0, day: 1) == nil)
    #expect(LocalDate(year: 1899, month: 12, day: 31) == nil)
  }

  @Test("known day numbers")
  func knownDayNumbers() {
    #expect(date("1970-01-01").dayNumber == 0)
    #expect(date("1970-01-02").dayNumber == 1)
    #expect(date("1969-12-31").dayNumber == -1)
    #expect(date("2000-03-01").dayNumber == 11_017)
    #expect(date("2024-02-29").dayNumber == 19_782)
    #expect(LocalDate(dayNumber: 19_782) == date("2024-02-29"))
  }

  /// Four-digit years are written byte by byte, others as `%04d` writes
  /// them: every day from before year 0 to after 9999, a few weeks apart.
  @Test func aDateIsWrittenZeroPaddedWhateverItsYear() {
    #expect(LocalDate(year: 2026, month: 12, day: 7)?.description == "2026-12-07")
    #expect(LocalDate(year: 1900, month: 1, day: 1)?.description == "1900-01-01")
    var failures: [String] = []
    for n in stride(from: -800_000, through: 3_000_000, by: 37) {
      let d = LocalDate(dayNumber: n)
      let expected = String(format: "%04d-%02d-%02d", d.year, d.month, d.day)
      if d.description != expected { failures.append(expected) }
    }
    #expect(failures.isEmpty, "\(failures.prefix(3))")
    #expect(LocalDate(dayNumber: -719_528).year == 0)
  }

  @Test("dayNumber round-trips every day from 1900 to 2200")
  func dayNumberRoundTrip() {
    let start = date("1900-01-01").dayNumber
    let end = date("2200-12-31").dayNumber
    var previous: LocalDate?
    var failures = 0
    for n in start...end {
      let d = LocalDate(dayNumber: n)
      if d.dayNumber != n || LocalDate(d.description) != d { failures += 1 }
      if let previous, !(previous < d) { failures += 1 }
      previous = d
    }
    #expect(failures == 0)
    #expect(end - start + 1 == 109_938)
  }

  @Test(
    "adding days crosses months, leap days and years",
    arguments: [
      ("2024-02-28", 1, "2024-02-29"),
      ("2024-02-28", 2, "2024-03-01"),
      ("2023-02-28", 1, "2023-03-01"),
      ("2024-12-31", 1, "2025-01-01"),
      ("2025-01-01", -1, "2024-12-31"),
      ("2024-03-01", -1, "2024-02-29"),
      ("2024-01-15", 0, "2024-01-15"),
      ("2024-01-01", 366, "2025-01-01"),
      ("2025-01-01", 365, "2026-01-01"),
    ])
  func addingDays(start: String, days: Int, expected: String) {
    let from = date(start)
    let to = from.adding(days: days)
    #expect(to.description == expected)
    #expect(from.days(until: to) == days)
  }

  @Test(
    "years(until:) counts whole years like an age",
    arguments: [
      ("2020-06-15", "2024-06-14", 3),
      ("2020-06-15", "2024-06-15", 4),
      ("2020-06-15", "2024-06-16", 4),
      ("2020-02-29", "2021-02-28", 0),
      ("2020-02-29", "2021-03-01", 1),
      ("2024-01-01", "2024-12-31", 0),
      ("2024-12-31", "2025-01-01", 0),
      ("2024-05-01", "2024-05-01", 0),
    ])
  func yearsUntil(from: String, to: String, years: Int) {
    #expect(date(from).years(until: date(to)) == years)
  }

  @Test("ordering follows the calendar")
  func ordering() {
    #expect(date("2024-01-31") < date("2024-02-01"))
    #expect(date("2023-12-31") < date("2024-01-01"))
    #expect(!(date("2024-05-05") < date("2024-05-05")))
    #expect(date("2024-10-01") > date("2024-09-30"))
  }

  @Test("the day of an instant is taken in UTC")
  func fromDate() {
    #expect(LocalDate(Date(timeIntervalSince1970: 0)) == date("1970-01-01"))
    #expect(LocalDate(Date(timeIntervalSince1970: 86_399.999)) == date("1970-01-01"))
    #expect(LocalDate(Date(timeIntervalSince1970: 86_400)) == date("1970-01-02"))
    #expect(LocalDate(Date(timeIntervalSince1970: -1)) == date("1969-12-31"))
    #expect(date("2024-06-10").startOfDay == Date(timeIntervalSince1970: 1_717_977_600))
    #expect(LocalDate(date("2024-06-10").startOfDay) == date("2024-06-10"))
  }

  @Test("JSON encodes as a plain string and rejects bad dates")
  func codable() throws {
    let data = try JSONEncoder().encode([date("2024-02-29")])
    #expect(String(decoding: data, as: UTF8.self) == "[\"2024-02-29\"]")
    #expect(try JSONDecoder().decode([LocalDate].self, from: data) == [date("2024-02-29")])
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode([LocalDate].self, from: Data("[\"2023-02-29\"]".utf8))
    }
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode([LocalDate].self, from: Data("[\"2024-2-3\"]".utf8))
    }
  }
}

@Suite("Timestamp")
struct TimestampTests {
  @Test(
    "formats UTC with milliseconds",
    arguments: [
      (0.0, "1970-01-01T00:00:00.000Z"),
      (-1.0, "1969-12-31T23:59:59.000Z"),
      (1_717_977_600.0, "2024-06-10T00:00:00.000Z"),
      (1_718_011_845.25, "2024-06-10T09:30:45.250Z"),
      (1_709_251_199.999, "2024-02-29T23:59:59.999Z"),
    ])
  func formats(seconds: Double, expected: String) {
    #expect(Timestamp.format(Date(timeIntervalSince1970: seconds)) == expected)
  }

  @Test("format then parse round-trips to the millisecond")
  func roundTrip() throws {
    var rng = SplitMix64(seed: 42)
    for _ in 0..<500 {
      let ms = Int64.random(in: -2_000_000_000_000...7_000_000_000_000, using: &rng)
      let original = Date(timeIntervalSince1970: Double(ms) / 1000)
      let text = Timestamp.format(original)
      let parsed = try #require(Timestamp.parse(text), "could not parse \(text)")
      #expect(Int64((parsed.timeIntervalSince1970 * 1000).rounded()) == ms, "\(text)")
      #expect(Timestamp.format(parsed) == text)
    }
  }

  @Test(
    "accepts the documented input forms",
    arguments: [
      ("2024-06-10T09:30:45.250Z", 1_718_011_845.25),
      ("2024-06-10T09:30:45Z", 1_718_011_845.0),
      ("2024-06-10T09:30:45", 1_718_011_845.0),
      ("2024-06-10T09:30", 1_718_011_800.0),
      ("2024-06-10 09:30", 1_718_011_800.0),
      ("  2024-06-10T09:30Z  ", 1_718_011_800.0),
      ("2024-06-10T00:00", 1_717_977_600.0),
      ("2024-06-10T23:59:59.999", 1_718_063_999.999),
    ])
  func parsesForms(text: String, seconds: Double) throws {
    let parsed = try #require(Timestamp.parse(text))
    #expect(abs(parsed.timeIntervalSince1970 - seconds) < 0.0005)
  }

  @Test(
    "rejects malformed timestamps",
    arguments: [
      "",
      "garbage",
      "2024-06-10",
      "2024-06-10T",
      "2024-06-10T9:30",
      "2024-06-10T09:3",
      "2024-06-10T24:00",
      "2024-06-10T09:60",
      "2024-06-10T09:30:60",
      "2024-06-10T09:30:-1",
      "2024-06-10T09:30:00+01:00",
      "2024-06-10T09:30:00:00",
      "2023-02-29T09:30",
      "2024-6-10T09:30",
      "T09:30",
      "2024-06-10Tab:cd",
    ])
  func rejects(text: String) {
    #expect(Timestamp.parse(text) == nil)
  }
}
