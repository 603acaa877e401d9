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
/// Each band is ranked by one table (`OutcomeMetrics.ranks`): SQL ranks by
/// it in each metric's own query, the walk as it reads the band.
enum TermWalk {
  struct Record {
    var term: String
    /// WellComm, then each EYFS area, as `TermPairPass.measures` lists them.
    var ranks: Ranks
    /// WellComm's band, nil for none or text that is not a band.
    var wellComm: WellCommBand?
    /// For a record of a summer term ending in the report's range.
    var summer: Summer?
  }

  /// A summer record's figures, by the rules `OutcomeMetrics` writes once.
  struct Summer {
    var gldCohort: Bool
    /// For a record of GLD's cohort, its outcome (`OutcomeMetrics.gldOutcome`).
    var gldOutcome: String?
    var readinessCohort: Bool
    var ready: Int

    /// 1 when GLD was achieved, as `OutcomeMetrics.gldAchieved` counts it.
    var gldAchieved: Int { gldOutcome == GoodLevelOfDevelopment.Outcome.achieved.rawValue ? 1 : 0 }
    /// 1 when GLD was judged, as `OutcomeMetrics.gldJudged` counts it.
    var gldJudged: Int {
      gldOutcome.map { $0 != GoodLevelOfDevelopment.Outcome.unknown.rawValue ? 1 : 0 } ?? 0
    }
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
    // The bands as stored: they are ranked as they are read (`rank(bytes:)`),
    // which costs less than SQL's ranking each band of every record.
    let bands = TermPairPass.measures.map { "d.\($0.1)" }
    // Each summer figure is worked out only for a summer record, found by
    // its term's name, with that term's school year: a join to a table of
    // the summer terms cost more than all the figures for every record
    // the walk reads. Whether GLD was achieved, and judged, follow from
    // its outcome (`Summer.gldAchieved`, `.gldJudged`), worked out once.
    let summers = q.map(o.summerTermList) ?? []
    func inSummer(_ figure: (String) -> String) -> String {
      guard !summers.isEmpty else { return "NULL" }
      let cases = summers.map { "WHEN \(ReportSQL.quoted($0.name)) THEN \(figure(String($0.schoolYear)))" }
      return "CASE d.term \(cases.joined(separator: " ")) END"
    }
    let summer = [
      inSummer { o.gldCohort(schoolYear: $0) }, inSummer { o.readinessCohort(schoolYear: $0) },
      inSummer { _ in o.ready },
      inSummer { "CASE WHEN \(o.gldCohort(schoolYear: $0)) THEN \(o.gldOutcome) END" },
    ]
    return """
      /* metric term walk */ SELECT f.rowid, p.rowid, d.term, \(bands.joined(separator: ", ")),
        p.id, f.id, f.hub_id, p.date_of_birth, f.reference <> '', \(summer.joined(separator: ", "))
      FROM \(o.familyRecords)
      WHERE \(family) AND p.deleted = 0 AND d.deleted = 0 AND d.term IN (\(ReportSQL.list(terms)))
      """
  }

  /// Hands `body` each child with a record in `terms`, of a family meeting
  /// `family` (a condition on `family f`), with the summer figures of the
  /// summer terms ending in `summer`'s range.
  ///
  /// The columns are read straight from SQLite (`RawColumns`), and each
  /// term's name is the one `String` kept for it: the walk reads a record
  /// for most children in every term, and decoding each through `Row`
  /// cost as much as SQLite's finding it.
  static func read(
    _ db: Database, terms: Set<String>, family: String, summer: ReportSQL? = nil,
    _ body: (Child) throws -> Void
  ) throws {
    guard !terms.isEmpty else { return }
    let width = Int32(TermPairPass.measures.count)
    let statement = try db.makeStatement(sql: sql(terms: terms.sorted(), family: family, summer: summer))
    let column = RawColumns(statement)
    var names = FewStrings(terms)
    let cursor = try Row.fetchCursor(statement)
    var child: Child?
    while try cursor.next() != nil {
      let rowID = Int64(column.int(1))
      if child?.row != rowID {
        // The last child's array of records is emptied and kept for the
        // next, where each child's records took an allocation or more.
        var records: [Record] = []
        if let done = child {
          try body(done)
          records = done.records
        }
        child = nil
        records.removeAll(keepingCapacity: true)
        // A child's own columns are read once, not with each record.
        child = Child(
          row: rowID, familyRow: Int64(column.int(0)), id: column.string(width + 3) ?? "",
          familyID: column.string(width + 4) ?? "", hub: column.string(width + 5) ?? "",
          dateOfBirth: column.string(width + 6), confirmed: column.int(width + 7) != 0, records: records)
      }
      // A summer record has its cohorts worked out, as 0 or 1 (a date of
      // birth is never null; an empty one is in neither cohort); any other
      // record has none.
      let s = width + 8
      let summer =
        column.isNull(s)
        ? nil
        : Summer(
          gldCohort: column.int(s) != 0, gldOutcome: column.string(s + 3),
          readinessCohort: column.int(s + 1) != 0, ready: column.int(s + 2))
      child?.records.append(
        Record(
          term: names.string(column.bytes(2)),
          ranks: Ranks((0..<width).lazy.map { OutcomeMetrics.rank(bytes: column.bytes(3 + $0)) }),
          // Column 3 is WellComm's band, the first of the measures.
          wellComm: wellCommBand(column.bytes(3)), summer: summer))
    }
    if let done = child { try body(done) }
  }

  /// The band whose name `bytes` holds, as `WellCommBand(rawValue:)` reads
  /// it from a `String`, without making one for each record.
  static func wellCommBand(_ bytes: UnsafeRawBufferPointer) -> WellCommBand? {
    bandNames.first { bytes.holds($0.name) }?.band
  }

  private static let bandNames = WellCommBand.allCases.map { (name: Array($0.rawValue.utf8), band: $0) }

  /// A record's ranks, one byte each, held in one word where an array
  /// would take an allocation per record. A rank is 0, 1 or 2
  /// (`OutcomeMetrics.rank`).
  struct Ranks {
    private var packed: UInt64 = 0

    init(_ ranks: some Sequence<Int>) {
      for (i, rank) in ranks.enumerated() {
        precondition(i < 8 && (0...255).contains(rank), "a rank is a byte, and a record has up to 8")
        packed |= UInt64(rank) << UInt64(8 * i)
      }
    }

    subscript(i: Int) -> Int {
      precondition((0..<8).contains(i), "a record has up to 8 ranks")
      return Int((packed >> UInt64(8 * i)) & 0xFF)
    }
  }
}
