import Foundation
import StartWellCore
import Testing

/// The real files with `terms.json` rebuilt from an edited list of school years.
private func editedTerms(_ change: (inout [[String: Any]]) -> Void) throws -> [String: Data] {
  var files = try realConfigFiles()
  let root = try #require(try JSONSerialization.jsonObject(with: files["terms.json"]!) as? [String: Any])
  var years = try #require(root["schoolYears"] as? [[String: Any]])
  change(&years)
  files["terms.json"] = try JSONSerialization.data(withJSONObject: ["schoolYears": years])
  return files
}

private func termsError(_ files: [String: Data]) -> ConfigurationError? {
  do {
    _ = try ConfigurationParser.parse(files: files)
    Issue.record("expected a configuration error in terms.json")
    return nil
  } catch { return error }
}

@Suite("Configuration: school terms")
struct SchoolTermsTests {
  @Test func theRealTermsCoverTheDemoYears() throws {
    let terms = try realConfig().terms
    for year in 2023...2027 {
      for season in TermSeason.allCases {
        let name = "\(season == .autumn ? year : year + 1)-\(season.rawValue)"
        #expect(terms.term(named: name)?.schoolYear == year, "\(name)")
      }
    }
    #expect(terms.all == terms.all.sorted())
    #expect(zip(terms.all, terms.all.dropFirst()).allSatisfy { $0.end < $1.start })
  }

  @Test func lookups() throws {
    let terms = try realConfig().terms
    let autumn = try #require(terms.term(named: "2026-autumn"))
    #expect(autumn.schoolYear == 2026)
    #expect(autumn.schoolYearName == "2026-27")
    #expect(autumn.start == LocalDate("2026-09-02"))
    #expect(terms.term(named: " 2026-Autumn ") == autumn)
    #expect(terms.term(named: "2026-winter") == nil)
    #expect(terms.term(containing: LocalDate("2026-12-07")!) == autumn)
    #expect(terms.term(containing: LocalDate("2026-12-25")!) == nil)
    #expect(terms.latestTerm(onOrBefore: LocalDate("2026-12-25")!) == autumn)
    let summer = try #require(terms.term(named: "2026-summer"))
    #expect(terms.previous(autumn) == summer)
    #expect(terms.next(summer) == autumn)
    #expect(terms.previous(terms.all[0]) == nil)
    #expect(terms.term(named: "2027-spring").map { terms.previous($0) } == autumn)
  }

  @Test(
    "the reception year is the school year starting in the September after the fourth birthday",
    arguments: [
      ("2021-09-01", 2026), ("2022-08-31", 2026), ("2022-09-01", 2027), ("2020-02-29", 2024),
      ("2021-12-25", 2026), ("2022-01-01", 2026),
    ])
  func receptionYear(_ born: String, _ year: Int) throws {
    let dob = try #require(LocalDate(born))
    #expect(SchoolTerms.receptionYear(dateOfBirth: dob) == year)
    let terms = try realConfig().terms
    let spring = try #require(terms.term(named: "\(year + 1)-spring"))
    #expect(SchoolTerms.isReception(dateOfBirth: dob, in: spring))
    let before = try #require(terms.term(named: "\(year)-summer"))
    #expect(!SchoolTerms.isReception(dateOfBirth: dob, in: before))
  }

  @Test func aMissingListIsNamed() throws {
    var files = try realConfigFiles()
    files["terms.json"] = Data("{\"years\": []}".utf8)
    #expect(
      termsError(files) == ConfigurationError(file: "terms.json", key: "schoolYears", problem: "is missing"))
  }

  @Test(
    "each broken term is reported with its key",
    arguments: [
      ("a year not written like 2026-27", "schoolYears[0].year"),
      ("a year missing between two", "schoolYears[1].year"),
      ("a term missing", "schoolYears[0].spring"),
      ("a date that is not a date", "schoolYears[0].autumn.start"),
      ("an end before the start", "schoolYears[0].summer.end"),
      ("overlapping terms", "schoolYears[0].spring.start"),
      ("autumn starting in the wrong year", "schoolYears[0].autumn.start"),
    ])
  func brokenTerms(_ what: String, _ key: String) throws {
    let files = try editedTerms { years in
      switch what {
      case "a year not written like 2026-27": years[0]["year"] = "2022/23"
      case "a year missing between two": years.remove(at: 1)
      case "a term missing": years[0]["spring"] = nil
      case "a date that is not a date": years[0]["autumn"] = ["start": "2022-13-01", "end": "2022-12-16"]
      case "an end before the start": years[0]["summer"] = ["start": "2023-04-17", "end": "2023-04-01"]
      case "overlapping terms": years[0]["spring"] = ["start": "2022-12-01", "end": "2023-03-31"]
      default: years[0]["autumn"] = ["start": "2023-09-05", "end": "2023-12-16"]
      }
    }
    let error = termsError(files)
    #expect(error?.file == "terms.json")
    #expect(error?.key == key, "\(String(describing: error))")
  }
}
