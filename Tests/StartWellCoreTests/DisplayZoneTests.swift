import Foundation
import StartWellCore
import Testing

@Suite struct DisplayZoneTests {
  static let london = DisplayZone(TimeZone(identifier: "Europe/London")!)
  static let kolkata = DisplayZone(TimeZone(identifier: "Asia/Kolkata")!)

  static func utc(_ text: String) -> Date { Timestamp.parse(text)! }

  @Test func nineInTheMorningLocalIsStoredInUTCAndShownBack() {
    #expect(Self.london.read("2026-07-01 09:00") == .exact(Self.utc("2026-07-01T08:00:00Z")))
    #expect(Self.kolkata.read("2026-07-01T09:00") == .exact(Self.utc("2026-07-01T03:30:00Z")))
    #expect(Self.london.dateTime(Self.utc("2026-07-01T08:00:00Z")) == "2026-07-01 09:00")
    #expect(Self.kolkata.dateTime(Self.utc("2026-07-01T03:30:00Z")) == "2026-07-01 09:00")
    #expect(DisplayZone.utc.dateTime(Self.utc("2026-07-01T03:30:00Z")) == "2026-07-01 03:30")
  }

  /// The report's day reader keeps a zone's offset for each UTC day; it
  /// must give the day `day(_:)` gives, every 7 minutes through the days
  /// the clocks change on and the days about them, in zones ahead of and
  /// behind UTC and one whose day starts at a half hour.
  @Test(arguments: ["Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"])
  func theDayReaderGivesTheDayOfEveryInstantAsTheZoneDoes(_ identifier: String) {
    let zone = DisplayZone(TimeZone(identifier: identifier)!)
    var reader = DisplayZone.DayReader(zone)
    let starts = ["2026-03-27T00:00:00.000Z", "2026-10-23T00:00:00.000Z", "2026-04-03T00:00:00.000Z"]
    var differing: [String] = []
    for start in starts {
      let first = Self.utc(start)
      // Read out of order too, as rows come: the kept offsets must not depend on it.
      for step in (0..<(5 * 24 * 60 / 7)).reversed() + (0..<(5 * 24 * 60 / 7)) {
        let date = first.addingTimeInterval(TimeInterval(step * 7 * 60) + 0.5)
        if reader.day(date) != zone.day(date) { differing.append(Timestamp.format(date)) }
      }
    }
    #expect(differing.isEmpty, "\(differing.prefix(5))")
  }

  @Test func aStoredTimestampReadFromBytesIsTheSameInstant() {
    for text in ["2026-07-01T08:00:00.000Z", "2026-07-01T08:00:00Z", "2026-07-01 08:00", "nonsense", ""] {
      let fromBytes = Array(text.utf8).withUnsafeBufferPointer { Timestamp.parse(bytes: $0) }
      #expect(fromBytes == Timestamp.parse(text), "\(text)")
    }
  }

  @Test func aTimeEndingInZIsUTCWhateverTheZone() {
    #expect(Self.kolkata.read("2026-07-01T09:00Z") == .exact(Self.utc("2026-07-01T09:00:00Z")))
  }

  @Test func labelsSayTheZonesAbbreviation() {
    #expect(Self.london.abbreviation(at: Self.utc("2026-07-01T08:00:00Z")) == "BST")
    #expect(Self.london.abbreviation(at: Self.utc("2026-01-01T08:00:00Z")) == "GMT")
    #expect(Self.kolkata.abbreviation(at: Self.utc("2026-07-01T08:00:00Z")) == "IST")
    #expect(DisplayZone.utc.abbreviation(at: Self.utc("2026-07-01T08:00:00Z")) == "UTC")
    #expect(DisplayZone(TimeZone(identifier: "Etc/UTC")!).abbreviation(at: Date()) == "UTC")
  }

  @Test func aHeadingOverBothSidesOfAClockChangeNamesBoth() {
    let times = [
      Self.utc("2026-07-01T08:00:00Z"), Self.utc("2026-01-01T08:00:00Z"), Self.utc("2026-08-01T08:00:00Z"),
    ]
    #expect(Self.london.abbreviations(across: times, otherwise: Date()) == "GMT/BST")
    #expect(Self.kolkata.abbreviations(across: times, otherwise: Date()) == "IST")
    #expect(Self.london.abbreviations(across: [], otherwise: times[0]) == "BST")
  }

  @Test func aTimeInTheSpringGapDoesNotExist() {
    #expect(Self.london.read("2026-03-29 01:30") == .skipped)
    guard case .failure(let problem) = Self.london.instant(from: "2026-03-29 01:30") else {
      Issue.record("accepted a time that did not happen")
      return
    }
    #expect(problem.description.contains("the clocks went forward over it (GMT to BST)"))
    #expect(Self.london.read("2026-03-29 02:30") == .exact(Self.utc("2026-03-29T01:30:00Z")))
  }

  @Test func aTimeInTheAutumnOverlapIsTheEarlierWithANote() throws {
    let earlier = Self.utc("2026-10-25T00:30:00Z")
    #expect(
      Self.london.read("2026-10-25 01:30")
        == .ambiguous(earlier: earlier, later: Self.utc("2026-10-25T01:30:00Z")))
    let entry = try Self.london.instant(from: "2026-10-25 01:30").get()
    #expect(entry.at == earlier)
    #expect(
      entry.note?.contains("(the clocks went back, BST to GMT); taken as the first, 2026-10-25 01:30 BST")
        == true)
  }

  @Test func theDayOfAnInstantIsTheLocalCalendarDay() {
    let evening = Self.utc("2026-07-01T20:00:00Z")
    #expect(Self.kolkata.day(evening) == LocalDate("2026-07-02"))
    #expect(Self.london.day(evening) == LocalDate("2026-07-01"))
    #expect(LocalDate(evening) == LocalDate("2026-07-01"))
  }

  @Test func notATimeSaysWhatIsExpected() {
    guard case .failure(let problem) = Self.london.instant(from: "yesterday") else {
      Issue.record("accepted 'yesterday'")
      return
    }
    #expect(problem.description == "'yesterday' is not a time like 2025-03-14 10:30 (YYYY-MM-DD HH:MM)")
  }
}
