import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore

/// The rules the report counts in SQL give the same answers as the
/// product's Swift rules they are written beside.
@Suite("Report: rules in SQL agree with the Swift rules")
struct ReportRuleSQLTests {
  static let queue = try! DatabaseQueue()

  @Test("GLD in SQL is GoodLevelOfDevelopment.judge, for every combination of ratings")
  func gld() throws {
    let ratings: [EYFSRating?] = [.onTrack, .emerging, .below, nil]
    let prime: [EYFSRating] = [.onTrack, .emerging, .below]
    let sql =
      "SELECT \(GoodLevelOfDevelopment.outcomeSQL("d")) FROM (SELECT ? AS communication, ? AS physical, "
      + "? AS personal_social_emotional, ? AS literacy, ? AS maths) d"
    try Self.queue.read { db in
      for c in prime {
        for p in prime {
          for s in prime {
            for l in ratings {
              for m in ratings {
                let record = DevelopmentRecord(
                  meta: RecordMeta(id: "d", at: Date(), authorID: "a"), personID: "p",
                  familyID: "f", term: "2026-summer", recordedOn: LocalDate("2026-07-01")!, wellComm: .green,
                  communication: c, physical: p, personalSocialEmotional: s, literacy: l, maths: m,
                  setting: "",
                  notes: "")
                let inSQL = try String.fetchOne(
                  db, sql: sql, arguments: [c.rawValue, p.rawValue, s.rawValue, l?.rawValue, m?.rawValue])
                #expect(inSQL == GoodLevelOfDevelopment.judge(record).outcome.rawValue)
              }
            }
          }
        }
      }
    }
  }

  @Test("the reception year in SQL is SchoolTerms.receptionYear, around every birthday in a year")
  func receptionYear() throws {
    try Self.queue.read { db in
      var day = LocalDate("2020-01-01")!
      while day < LocalDate("2022-01-01")! {
        let inSQL = try Int.fetchOne(
          db,
          sql: "SELECT \(SchoolTerms.receptionYearSQL("?"))".replacingOccurrences(of: "?", with: "'\(day)'"))
        #expect(inSQL == SchoolTerms.receptionYear(dateOfBirth: day), "\(day)")
        day = day.adding(days: 1)
      }
    }
  }

  @Test("percentiles: the median of an even count is the mean of the middle two; p90 is a measured value")
  func percentiles() {
    #expect(Percentiles.median([1, 2, 3, 4]) == 2.5)
    #expect(Percentiles.median([5]) == 5)
    #expect(Percentiles.nearestRank(Array(1...10).map(Double.init), 0.9) == 9)
    #expect(Percentiles.nearestRank(Array(1...11).map(Double.init), 0.9) == 10)
    #expect(Percentiles.median([]) == nil)
  }
}
