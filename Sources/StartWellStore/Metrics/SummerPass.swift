import GRDB
import StartWellCore

/// GLD and school readiness from one read of the summer terms' records
/// in the range, instead of two: each metric takes the records of its own
/// cohort (`OutcomeMetrics.gldCohort`, `.readinessCohort`) with its own
/// rule, written once in `OutcomeMetrics`. `ReportPassTests` checks both
/// against their own queries; `--explain` lists each from its own query.
/// GLD's outcome reads two areas the index leaves out (literacy, maths),
/// so it is worked out only for the records of GLD's cohort.
enum SummerPass {
  static let ids: Set<String> = [MetricCatalogue.gld.id, MetricCatalogue.schoolReadiness.id]

  static func sql(_ q: ReportSQL) -> String {
    let o = OutcomeMetrics.self
    return """
      /* metric summer pass */ SELECT f.rowid, p.rowid, f.hub_id, \(o.gldCohort),
        CASE WHEN \(o.gldCohort) THEN \(o.gldOutcome) END, CASE WHEN \(o.gldCohort) THEN \(o.gldAchieved) END,
        CASE WHEN \(o.gldCohort) THEN \(o.gldJudged) END, \(o.readinessCohort), \(o.ready)
      FROM \(o.summerRecords(q)) AND (\(o.gldCohort) OR \(o.readinessCohort))
      """
  }

  /// The two metrics, in the order of `queries`.
  static func metrics(
    _ db: Database, _ q: ReportSQL, queries: [MetricQuery], label: (BreakdownDimension?, String) -> String
  ) throws -> [Metric] {
    var gld = MetricTally(shares: true, children: true)
    var readiness = MetricTally(shares: true, children: true)
    let cursor = try Row.fetchCursor(db, sql: sql(q))
    while let row = try cursor.next() {
      let family: Int64 = row[0]
      let child: Int64 = row[1]
      if row[3] as Bool? == true {
        gld.add(family: family, key: row[4], hit: row[5] ?? 0, counted: row[6] ?? 0, child: child)
      }
      if row[7] as Bool? == true {
        readiness.add(family: family, key: row[2], hit: row[8] ?? 0, counted: 1, child: child)
      }
    }
    return queries.metrics(
      [MetricCatalogue.gld.id: gld, MetricCatalogue.schoolReadiness.id: readiness], label: label)
  }
}
