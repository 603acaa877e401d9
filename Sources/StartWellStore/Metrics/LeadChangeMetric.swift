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

  static func key(_ changes: Int) -> String { keys[keyIndex(changes)] }

  /// The place in `keys` of a case with that many changes.
  static func keyIndex(_ changes: Int) -> Int { min(max(changes, 0), keys.count - 1) }

  /// The open cases' hand-overs, counted one case at a time as they
  /// arrive, each family by its row id (`CasePass`): the report reads
  /// every open case of the partnership, and only `explain` needs them in
  /// order or by name.
  struct Tally {
    /// Hand-overs by case id (`Store.leadChanges`).
    let changes: [String: Int]
    private var amounts: [Double] = []
    private var families = RowIDSet()
    private var byKey = keys.map { _ in (count: 0, families: RowIDSet()) }

    init(changes: [String: Int]) { self.changes = changes }

    /// Counts the case with that id (its text as SQLite holds it), of the
    /// family with that row id. Only a case handed over is looked up.
    mutating func add(case id: UnsafeRawBufferPointer, family: Int64) {
      let n = changes.isEmpty ? 0 : changes[String(decoding: id, as: UTF8.self)] ?? 0
      amounts.append(Double(n))
      families.insert(family)
      let k = keyIndex(n)
      byKey[k].count += 1
      byKey[k].families.insert(family)
    }

    var metric: Metric {
      var total = Percentiles.figure(amounts, unit: .changes)
      total.families = families.count
      let rows = keys.indices.map { k in
        BreakdownRow(
          key: keys[k], label: keys[k] == "1" ? "1 change" : "\(keys[k]) changes",
          figure: Figure(count: byKey[k].count, families: byKey[k].families.count))
      }
      return Metric(
        definition: MetricCatalogue.leadChanges, figure: total, dimension: .times, breakdown: rows)
    }
  }

  static func explain(_ db: Database, _ q: ReportSQL) throws -> [ExplainedRecord] {
    try cases(db, q).map { found in
      ExplainedRecord(
        entity: "case", id: found.row["id"], family: found.row["family"], hub: found.row["hub"],
        key: key(found.changes), date: found.row["day"], value: String(found.changes))
    }.sorted { ($0.key ?? "", $0.date ?? "", $0.id) < ($1.key ?? "", $1.date ?? "", $1.id) }
  }
}
