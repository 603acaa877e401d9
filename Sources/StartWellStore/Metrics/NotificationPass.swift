import GRDB
import StartWellCore

/// The four notification metrics (by kind, triaged within target, domestic
/// abuse notifications and how fast they were seen) from one read of the
/// range's notifications, instead of four: the domestic abuse ones are
/// the same notifications of one kind, counted by hub.
///
/// The pass reads the selection the four queries share
/// (`ThroughputMetrics.notifications`) with the triage rule and the hours
/// they use (`QualityMetrics.triagedInTarget`, `.triageCounted`,
/// `SafeguardingMetrics.hoursToTriage`). `ReportPassTests` checks each
/// metric against its own query; `--explain` lists each from its own.
enum NotificationPass {
  static let ids: Set<String> = [
    MetricCatalogue.notificationsByKind.id, MetricCatalogue.notificationsTriagedInTarget.id,
    MetricCatalogue.domesticAbuseNotifications.id, MetricCatalogue.domesticAbuseSeen.id,
  ]

  static func sql(_ q: ReportSQL) -> String {
    """
    /* metric notification pass */ SELECT f.rowid, n.kind, n.hub_id, \(QualityMetrics.triagedInTarget),
      \(QualityMetrics.triageCounted(q)), \(SafeguardingMetrics.hoursToTriage)
    FROM \(ThroughputMetrics.notifications(q))
    """
  }

  /// The four metrics, in the order of `queries`.
  static func metrics(
    _ db: Database, _ q: ReportSQL, queries: [MetricQuery], label: (BreakdownDimension?, String) -> String
  ) throws -> [Metric] {
    var byKind = MetricTally(shares: false, children: false)
    var inTarget = MetricTally(shares: true, children: false)
    var domesticAbuse = MetricTally(shares: false, children: false)
    var seen = MetricTally(shares: true, children: false)
    let cursor = try Row.fetchCursor(db, sql: sql(q))
    while let row = try cursor.next() {
      let family: Int64? = row[0]
      let kind: String = row[1]
      let hit: Int = row[3] ?? 0
      let counted: Int = row[4] ?? 0
      byKind.add(family: family, key: kind, hit: 0, counted: 0, child: nil)
      inTarget.add(family: family, key: kind, hit: hit, counted: counted, child: nil)
      guard kind == NotificationKind.domesticAbuse.rawValue else { continue }
      let hub: String = row[2]
      domesticAbuse.add(family: family, key: hub, hit: 0, counted: 0, child: nil)
      seen.add(family: family, key: hub, hit: hit, counted: counted, child: nil, amount: row[5])
    }
    return queries.metrics(
      [
        MetricCatalogue.notificationsByKind.id: byKind,
        MetricCatalogue.notificationsTriagedInTarget.id: inTarget,
        MetricCatalogue.domesticAbuseNotifications.id: domesticAbuse,
        MetricCatalogue.domesticAbuseSeen.id: seen,
      ], label: label)
  }
}
