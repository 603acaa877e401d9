import Foundation

/// The three terms of an English school year, in their order within it.
public enum TermSeason: String, Codable, Sendable, CaseIterable {
  case autumn, spring, summer
}

/// One school term, named by the calendar year it falls in and its season:
/// "2026-autumn" opens the 2026-27 school year, "2027-spring" and
/// "2027-summer" follow it.
public struct SchoolTerm: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
  /// The calendar year the school year starts in (2026 for 2026-27).
  public var schoolYear: Int
  public var season: TermSeason
  public var start: LocalDate
  public var end: LocalDate

  public init(schoolYear: Int, season: TermSeason, start: LocalDate, end: LocalDate) {
    self.schoolYear = schoolYear
    self.season = season
    self.start = start
    self.end = end
  }

  /// "2026-autumn", "2027-spring": the name a development record keeps.
  public var name: String { "\(season == .autumn ? schoolYear : schoolYear + 1)-\(season.rawValue)" }

  /// "2026-27", the school year as schools write it.
  public var schoolYearName: String { SchoolTerms.yearName(schoolYear) }

  public var description: String { name }

  public func contains(_ day: LocalDate) -> Bool { start <= day && day <= end }

  public static func < (a: SchoolTerm, b: SchoolTerm) -> Bool { a.start < b.start }
}

/// The school terms of `Config/terms.json`, in order.
///
/// Days between terms (the holidays) are in no term. The file lists whole
/// school years; the parser checks the terms follow one another.
public struct SchoolTerms: Hashable, Sendable {
  /// Every term, earliest first.
  public let all: [SchoolTerm]

  public init(_ terms: [SchoolTerm]) { self.all = terms.sorted() }

  /// The term with this name ("2026-autumn"), or nil when it is not configured.
  public func term(named name: String) -> SchoolTerm? {
    let wanted = name.trimmingCharacters(in: .whitespaces).lowercased()
    return all.first { $0.name == wanted }
  }

  /// The term a day falls in; nil in the holidays and outside the configured years.
  public func term(containing day: LocalDate) -> SchoolTerm? { all.first { $0.contains(day) } }

  /// The term a day falls in or, in a holiday, the term just ended: the
  /// term a check made on that day is about.
  public func latestTerm(onOrBefore day: LocalDate) -> SchoolTerm? { all.last { $0.start <= day } }

  /// The term before this one, or nil for the first configured term.
  public func previous(_ term: SchoolTerm) -> SchoolTerm? {
    guard let i = all.firstIndex(of: term), i > 0 else { return nil }
    return all[i - 1]
  }

  /// The term after this one, or nil for the last configured term.
  public func next(_ term: SchoolTerm) -> SchoolTerm? {
    guard let i = all.firstIndex(of: term), i + 1 < all.count else { return nil }
    return all[i + 1]
  }

  /// The school year (by its starting calendar year) in which a child born
  /// on `dateOfBirth` is in reception.
  ///
  /// In England a child starts reception in the September after their
  /// fourth birthday, the school year running 1 September to 31 August: a
  /// child who is four on or before 31 August starts that September. So a
  /// child born 1 September 2021 to 31 August 2022 is in reception in
  /// 2026-27. A child born in September or later of one year is four in
  /// September or later of the fourth year after, and starts the year after.
  public static func receptionYear(dateOfBirth dob: LocalDate) -> Int {
    dob.year + 4 + (dob.month >= 9 ? 1 : 0)
  }

  /// `receptionYear(dateOfBirth:)` as an SQL expression over a column
  /// holding the date of birth as `YYYY-MM-DD`, for queries that count
  /// children by school year (the metrics report). The tests hold the two
  /// to the same answers.
  public static func receptionYearSQL(_ dateOfBirth: String) -> String {
    "(CAST(substr(\(dateOfBirth), 1, 4) AS INTEGER) + 4 + (CAST(substr(\(dateOfBirth), 6, 2) AS INTEGER) >= 9))"
  }

  /// Whether a child born on `dateOfBirth` is in their reception year in `term`.
  public static func isReception(dateOfBirth dob: LocalDate, in term: SchoolTerm) -> Bool {
    receptionYear(dateOfBirth: dob) == term.schoolYear
  }

  /// "2026-27" for 2026.
  public static func yearName(_ startYear: Int) -> String {
    let next = (startYear + 1) % 100
    return "\(startYear)-\(next < 10 ? "0" : "")\(next)"
  }

  /// Every term name, for messages ("known: 2025-autumn, ...").
  public var names: [String] { all.map(\.name) }

  /// No terms: a configuration made in code for a test that records no development.
  public static let none = SchoolTerms([])
}
