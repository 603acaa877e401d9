import Foundation

extension ConfigurationParser {
  /// `terms.json`: `{"schoolYears": [{"year": "2026-27", "autumn": {"start":
  /// "2026-09-02", "end": "2026-12-18"}, "spring": {...}, "summer": {...}}]}`.
  ///
  /// School years follow one another without a gap, and within them each
  /// term starts after the one before has ended: a day is in one term at
  /// most, and "the previous term" is always the one a school just had. A
  /// term's name comes from the calendar year it starts in, so autumn must
  /// start in the school year's first year and spring and summer in its second.
  static func schoolTerms(_ root: [String: Any]) throws(ConfigurationError) -> SchoolTerms {
    let file = "terms.json"
    guard let raw = root["schoolYears"] else {
      throw ConfigurationError(file: file, key: "schoolYears", problem: "is missing")
    }
    guard let years = raw as? [Any], !years.isEmpty else {
      throw ConfigurationError(file: file, key: "schoolYears", problem: "expected a non-empty list")
    }
    var terms: [SchoolTerm] = []
    var previousYear: Int?
    for (i, rawYear) in years.enumerated() {
      let path = "schoolYears[\(i)]"
      let o = try dict(rawYear, path, file: file)
      guard let name = o["year"] as? String, let year = startYear(name) else {
        throw ConfigurationError(
          file: file, key: "\(path).year", problem: "expected a school year written like \"2026-27\"")
      }
      if let previousYear, year != previousYear + 1 {
        throw ConfigurationError(
          file: file, key: "\(path).year",
          problem:
            "\(name) does not follow \(SchoolTerms.yearName(previousYear)); list school years in order, none missing"
        )
      }
      previousYear = year
      for season in TermSeason.allCases {
        let termPath = "\(path).\(season.rawValue)"
        let range = try dict(o[season.rawValue] as Any, termPath, file: file)
        let start = try day(range, "start", path: termPath)
        let end = try day(range, "end", path: termPath)
        if end < start {
          throw ConfigurationError(
            file: file, key: "\(termPath).end", problem: "\(end) is before the start \(start)")
        }
        let calendarYear = season == .autumn ? year : year + 1
        if start.year != calendarYear {
          throw ConfigurationError(
            file: file, key: "\(termPath).start",
            problem: "the \(season.rawValue) term of \(name) must start in \(calendarYear), not \(start.year)"
          )
        }
        if let last = terms.last, start <= last.end {
          throw ConfigurationError(
            file: file, key: "\(termPath).start",
            problem: "\(start) is not after the end of \(last.name) (\(last.end))")
        }
        terms.append(SchoolTerm(schoolYear: year, season: season, start: start, end: end))
      }
    }
    return SchoolTerms(terms)
  }

  /// 2026 for "2026-27"; nil unless the second part is the next year's last two digits.
  private static func startYear(_ text: String) -> Int? {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let first = Int(parts[0]),
      let second = Int(parts[1]), second == (first + 1) % 100
    else { return nil }
    return first
  }

  private static func day(_ o: [String: Any], _ k: String, path: String) throws(ConfigurationError)
    -> LocalDate
  {
    guard let text = o[k] as? String, let d = LocalDate(text) else {
      throw ConfigurationError(file: "terms.json", key: "\(path).\(k)", problem: "expected a date YYYY-MM-DD")
    }
    return d
  }
}
