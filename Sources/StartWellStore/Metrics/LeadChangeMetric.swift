import GRDB
import StartWellCore

/// Lead changes per case: the cases are chosen in SQL, their hand-overs
/// counted by the supervisors' caseload rule (`Caseloads.leadChanges`,
/// one definition), which reads the operation log in clock order.
enum LeadChangeMetric {
  static let keys = ["0", "1", "2", "3+"]

  static func cases(_ db: Database, _ q: ReportSQL) throws -> [(row: Row, changes: Int)] {
    let changes = try Store.leadChanges(db)
    return try Row.fetchAll(
      db,
      sql: """
        /* metric \(MetricCatalogue.leadChanges.id) */
        SELECT c.id, f.reference AS family, f.hub_id AS hub, c.opened_on AS day
        FROM \(q.openCases())
        ORDER BY f.reference, c.id
        """
    ).map { ($0, changes[$0["id"] as String] ?? 0) }
  }

  static func key(_ changes: Int) -> String { changes >= 3 ? "3+" : String(changes) }

  static func metric(_ db: Database, _ q: ReportSQL) throws -> Metric {
    let found = try cases(db, q)
    var total = Percentiles.figure(found.map { Double($0.changes) }, unit: .changes)
    total.families = Set(found.map { $0.row["family"] as String }).count
    let rows = keys.map { key in
      let counted = found.filter { Self.key($0.changes) == key }
      return BreakdownRow(
        key: key, label: key == "1" ? "1 change" : "\(key) changes",
        figure: Figure(count: counted.count, families: Set(counted.map { $0.row["family"] as String }).count))
    }
    return Metric(definition: MetricCatalogue.leadChanges, figure: total, dimension: .times, breakdown: rows)
  }

  static func explain(_ db: Database, _ q: ReportSQL) throws -> [ExplainedRecord] {
    try cases(db, q).map { found in
      ExplainedRecord(
        entity: "case", id: found.row["id"], family: found.row["family"], hub: found.row["hub"],
        key: key(found.changes), date: found.row["day"], value: String(found.changes))
    }.sorted { ($0.key ?? "", $0.date ?? "", $0.id) < ($1.key ?? "", $1.date ?? "", $1.id) }
  }
}
