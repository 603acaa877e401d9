import GRDB
import StartWellCore

/// The development records of some terms, read once child by child: the
/// term pair pass (WellComm and EYFS movement) and the impact section
/// each walked every child in scope to their records, and in a year's
/// report at stress scale those two walks were a third of the work.
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

  static func sql(terms: [String], family: String) -> String {
    let ranks = TermPairPass.measures.map { OutcomeMetrics.rank("d.\($0.1)") }
    return """
      /* metric term walk */ SELECT f.rowid, p.rowid, d.term, \(ranks.joined(separator: ", ")), d.wellcomm,
        p.id, f.id, f.hub_id, p.date_of_birth, f.reference <> ''
      FROM \(OutcomeMetrics.familyRecords)
      WHERE \(family) AND p.deleted = 0 AND d.deleted = 0 AND d.term IN (\(ReportSQL.list(terms)))
      """
  }

  /// Hands `body` each child with a record in `terms`, of a family meeting
  /// `family` (a condition on `family f`).
  static func read(_ db: Database, terms: Set<String>, family: String, _ body: (Child) throws -> Void) throws
  {
    guard !terms.isEmpty else { return }
    let width = TermPairPass.measures.count
    let cursor = try Row.fetchCursor(db, sql: sql(terms: terms.sorted(), family: family))
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
      child?.records.append(
        Record(term: row[2], ranks: (0..<width).map { row[3 + $0] }, wellComm: row[width + 3]))
    }
    if let done = child { try body(done) }
  }
}
