import GRDB
import StartWellCore

/// The development records of some terms, read once child by child: the
/// term pair pass (WellComm and EYFS movement), the summer pass (GLD and
/// school readiness) and the impact section each walked every child in
/// scope to their records, and in a year's report at stress scale those
/// walks were over a third of the work.
///
/// The records come from the indexes alone (`OutcomeMetrics.familyRecords`),
/// child after child, and each child's in the order they were recorded.
/// SQL ranks each measure (`OutcomeMetrics.rank`), so the bands are
/// ordered by one rule wherever they are compared.
enum TermWalk {
  struct Record {
    var term: String
    /// WellComm, then each EYFS area, as `TermPairPass.measures` lists them.
    var ranks: [Int]
    var wellComm: String?
    /// For a record of a summer term ending in the report's range.
    var summer: Summer?
  }

  /// A summer record's figures, by the rules `OutcomeMetrics` writes once.
  struct Summer {
    var gldCohort: Bool
    var gldOutcome: String?
    var gldAchieved: Int
    var gldJudged: Int
    var readinessCohort: Bool
    var ready: Int
  }

  struct Child {
    var row: Int64
    var familyRow: Int64
    var id: String
    var familyID: String
    var hub: String
    var dateOfBirth: String?
    /// A family with a reference, as the report's own figures count
    /// (`ReportSQL.family`); the impact section counts every family.
    var confirmed: Bool
    var records: [Record] = []
  }

  /// The summer figures are read for the summer terms of `q`'s range
  /// (none without one); GLD's outcome reads two areas the index leaves
  /// out (literacy, maths), so it is worked out only for GLD's cohort,
  /// and only those records' rows are read.
  static func sql(terms: [String], family: String, summer q: ReportSQL?) -> String {
    let o = OutcomeMetrics.self
    let ranks = TermPairPass.measures.map { o.rank("d.\($0.1)") }
    // Each worked out only for a summer record: testing the cohorts on
    // every record of the walk was half the cost of the summer figures.
    let summer =
      ["t.name IS NOT NULL"]
      + [o.gldCohort, o.readinessCohort, o.ready].map { "CASE WHEN t.name IS NOT NULL THEN \($0) END" }
      + [o.gldOutcome, o.gldAchieved, o.gldJudged].map {
        "CASE WHEN t.name IS NOT NULL AND \(o.gldCohort) THEN \($0) END"
      }
    return """
      /* metric term walk */ SELECT f.rowid, p.rowid, d.term, \(ranks.joined(separator: ", ")), d.wellcomm,
        p.id, f.id, f.hub_id, p.date_of_birth, f.reference <> '', \(summer.joined(separator: ", "))
      FROM \(o.familyRecords) LEFT JOIN \(o.summerTerms(q)) t ON t.name = d.term
      WHERE \(family) AND p.deleted = 0 AND d.deleted = 0 AND d.term IN (\(ReportSQL.list(terms)))
      """
  }

  /// Hands `body` each child with a record in `terms`, of a family meeting
  /// `family` (a condition on `family f`), with the summer figures of the
  /// summer terms ending in `summer`'s range.
  static func read(
    _ db: Database, terms: Set<String>, family: String, summer: ReportSQL? = nil,
    _ body: (Child) throws -> Void
  ) throws {
    guard !terms.isEmpty else { return }
    let width = TermPairPass.measures.count
    let cursor = try Row.fetchCursor(db, sql: sql(terms: terms.sorted(), family: family, summer: summer))
    var child: Child?
    while let row = try cursor.next() {
      let rowID: Int64 = row[1]
      if child?.row != rowID {
        if let done = child { try body(done) }
        // A child's own columns are read once, not with each record.
        child = Child(
          row: rowID, familyRow: row[0], id: row[width + 4], familyID: row[width + 5], hub: row[width + 6],
          dateOfBirth: row[width + 7], confirmed: row[width + 8])
      }
      let s = width + 9
      let summer =
        row[s] as Bool
        ? Summer(
          gldCohort: row[s + 1] ?? false, gldOutcome: row[s + 4], gldAchieved: row[s + 5] ?? 0,
          gldJudged: row[s + 6] ?? 0, readinessCohort: row[s + 2] ?? false, ready: row[s + 3] ?? 0) : nil
      child?.records.append(
        Record(term: row[2], ranks: (0..<width).map { row[3 + $0] }, wellComm: row[width + 3], summer: summer)
      )
    }
    if let done = child { try body(done) }
  }
}
