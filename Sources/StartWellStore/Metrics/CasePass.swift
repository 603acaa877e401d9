import GRDB
import StartWellCore

/// Cases stepped down and lead changes per case from one read of the cases
/// open in the range (`ReportSQL.openCases`), which both count, instead of
/// two: each read searched the cases' index once per family in scope.
///
/// Stepped down is summed as its own query's records would be (the same
/// selection, with `OutcomeMetrics.steppedDownInRange`), and lead changes
/// by `LeadChangeMetric.Tally`. `ReportPassTests` holds each to a reading
/// of its own; `--explain` still lists each from its own query.
enum CasePass {
  static let ids: Set<String> = [MetricCatalogue.steppedDown.id, MetricCatalogue.leadChanges.id]

  static func sql(_ q: ReportSQL) -> String {
    """
    /* metric case pass */ SELECT f.rowid, f.hub_id, c.id, \(OutcomeMetrics.steppedDownInRange(q))
    FROM \(q.openCases())
    """
  }

  /// Stepped down, then lead changes.
  static func metrics(
    _ db: Database, _ q: ReportSQL, queries: [MetricQuery], label: (BreakdownDimension?, String) -> String
  ) throws -> [Metric] {
    var steppedDown = MetricTally(shares: true, children: false)
    var leads = LeadChangeMetric.Tally(changes: try Store.leadChanges(db))
    var hubs = FewStrings(q.hubs)
    let statement = try db.makeStatement(sql: sql(q))
    let column = RawColumns(statement)
    let cursor = try Row.fetchCursor(statement)
    while try cursor.next() != nil {
      let family = Int64(column.int(0))
      steppedDown.add(
        family: family, key: hubs.string(column.bytes(1)), hit: column.int(3), counted: 1, child: nil)
      leads.add(case: column.bytes(2), family: family)
    }
    return queries.metrics([MetricCatalogue.steppedDown.id: steppedDown], label: label) + [leads.metric]
  }
}
