import GRDB
import StartWellCore

/// WellComm movement and EYFS movement from one pass over the term pairs
/// in the range (a child's record in a term starting in the range and in
/// the term before), instead of two, and with the three EYFS areas read
/// from each pair at once rather than from three copies of it.
///
/// The pass uses the pairs both metrics' queries read
/// (`OutcomeMetrics.termPairRecords`) and the movement rule they use
/// (`OutcomeMetrics.movement`); a pair counts once for WellComm and once
/// for each area, as the queries' records do. `--explain` still lists each
/// metric's records from its own query.
enum TermPairPass {
  static let ids: Set<String> = [MetricCatalogue.wellCommMovement.id, MetricCatalogue.eyfsMovement.id]

  /// The measures a pair moves in: WellComm, then each EYFS area, as
  /// (key prefix, column).
  static let measures = [("", "wellcomm")] + OutcomeMetrics.areas.map { ("\($0.0)/", $0.1) }

  static var keys: [String] {
    measures.flatMap { prefix, _ in OutcomeMetrics.movements.map { prefix + $0 } }
  }

  static func sql(_ q: ReportSQL) -> String {
    let moves = measures.enumerated().map { i, measure in
      "\(OutcomeMetrics.movement("d0.\(measure.1)", "d.\(measure.1)")) AS m\(i)"
    }
    let pairs = """
      SELECT f.id AS family_id, p.id AS child_id, \(moves.joined(separator: ", "))
      FROM \(OutcomeMetrics.termPairRecords(q)) LIMIT -1 OFFSET 0
      """
    var byChild = ["family_id", "child_id", "COUNT(*) AS n"]
    var byFamily = ["family_id", "SUM(n) AS n", "COUNT(*) AS children"]
    var whole = [
      "COUNT(*) AS families", "COALESCE(SUM(n), 0) AS n", "COALESCE(SUM(children), 0) AS children",
    ]
    for k in keys.indices {
      let measure = k / OutcomeMetrics.movements.count
      let movement = OutcomeMetrics.movements[k % OutcomeMetrics.movements.count]
      byChild.append("SUM(m\(measure) = '\(movement)') AS n\(k)")
      byFamily += ["SUM(n\(k)) AS n\(k)", "SUM(n\(k) > 0) AS ch\(k)"]
      whole += [
        "COALESCE(SUM(n\(k)), 0) AS n\(k)", "COALESCE(SUM(ch\(k)), 0) AS ch\(k)",
        "COALESCE(SUM(n\(k) > 0), 0) AS f\(k)",
      ]
    }
    return """
      /* metric term pair pass */ SELECT \(whole.joined(separator: ", ")) FROM (
        SELECT \(byFamily.joined(separator: ", ")) FROM (
          SELECT \(byChild.joined(separator: ", ")) FROM (\(pairs)) GROUP BY family_id, child_id)
        GROUP BY family_id)
      """
  }

  /// The two metrics, in the order of `queries`.
  static func metrics(
    _ db: Database, _ q: ReportSQL, queries: [MetricQuery], label: (BreakdownDimension?, String) -> String
  ) throws -> [Metric] {
    let row = try Row.fetchOne(db, sql: sql(q))
    let families: Int = row?["families"] ?? 0
    let pairs: Int = row?["n"] ?? 0
    let children: Int = row?["children"] ?? 0
    var results = measures.map { _ in MetricAggregate.Result() }
    for (k, key) in keys.enumerated() {
      let n: Int = row?["n\(k)"] ?? 0
      guard n > 0 else { continue }
      results[k / OutcomeMetrics.movements.count].byKey[key] = MetricAggregate.Sums(
        n: n, hits: n, counted: n, families: row?["f\(k)"] ?? 0, children: row?["ch\(k)"] ?? 0)
    }
    let wellComm = MetricAggregate.Result(
      whole: .init(n: pairs, hits: pairs, counted: pairs, families: families, children: children),
      byKey: results[0].byKey)
    let areas = measures.count - 1
    var eyfs = MetricAggregate.Result(
      whole: .init(
        n: pairs * areas, hits: pairs * areas, counted: pairs * areas, families: families, children: children)
    )
    for result in results.dropFirst() { eyfs.byKey.merge(result.byKey) { a, _ in a } }
    return try queries.map { query in
      let result = query.definition.id == MetricCatalogue.wellCommMovement.id ? wellComm : eyfs
      return try query.metric(result, db, q) { label(query.dimension, $0) }
    }
  }
}
