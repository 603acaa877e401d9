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
