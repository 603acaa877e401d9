import GRDB
import StartWellCore

/// WellComm movement and EYFS movement from one plain read of the term
/// pairs in the range (a child's record in a term starting in the range
/// and in the term before), instead of two, and with the three EYFS areas
/// read from each pair at once rather than from three copies of it.
///
/// The pass reads the pairs both metrics' queries read
/// (`OutcomeMetrics.termPairRecords`) with the movement rule they use
/// (`OutcomeMetrics.movement`); a pair counts once for WellComm and once
/// for each area, as the queries' records do. `--explain` still lists each
/// metric's records from its own query.
enum TermPairPass {
  static let ids: Set<String> = [MetricCatalogue.wellCommMovement.id, MetricCatalogue.eyfsMovement.id]

  /// The measures a pair moves in: WellComm, then each EYFS area, as
  /// (key prefix, column).
  static let measures = [("", "wellcomm")] + OutcomeMetrics.areas.map { ("\($0.0)/", $0.1) }

  /// Each pair's family and child, and its movement in each measure.
  static func sql(_ q: ReportSQL) -> String {
    let moves = measures.map { OutcomeMetrics.movement("d0.\($0.1)", "d.\($0.1)") }
    return """
      /* metric term pair pass */ SELECT f.rowid, p.rowid, \(moves.joined(separator: ", "))
      FROM \(OutcomeMetrics.termPairRecords(q))
      """
  }

  /// The two metrics, in the order of `queries`.
  static func metrics(
    _ db: Database, _ q: ReportSQL, queries: [MetricQuery], label: (BreakdownDimension?, String) -> String
  ) throws -> [Metric] {
    var wellComm = MetricTally(shares: false, children: true)
    var eyfs = MetricTally(shares: false, children: true)
    // Each measure's keys made once, not joined again for every pair.
    let keys = measures.map { measure in
      Dictionary(uniqueKeysWithValues: OutcomeMetrics.movements.map { ($0, measure.0 + $0) })
    }
    let cursor = try Row.fetchCursor(db, sql: sql(q))
    while let row = try cursor.next() {
      let family: Int64 = row[0]
      let child: Int64 = row[1]
      for i in measures.indices {
        let movement: String = row[2 + i]
        let key = keys[i][movement] ?? measures[i].0 + movement
        if i == 0 {
          wellComm.add(family: family, key: key, hit: 0, counted: 0, child: child)
        } else {
          eyfs.add(family: family, key: key, hit: 0, counted: 0, child: child)
        }
      }
    }
    return queries.metrics(
      [MetricCatalogue.wellCommMovement.id: wellComm, MetricCatalogue.eyfsMovement.id: eyfs], label: label)
  }
}
