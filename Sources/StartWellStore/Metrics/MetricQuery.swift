import Foundation
import GRDB
import StartWellCore

/// One metric as a query. `base` selects one row per record behind the
/// figure, with the columns every base returns:
///
/// - `id`, `reference`, `family` (the family's reference), `family_id`,
///   `child_id` (or NULL), `hub`, `key` (its breakdown row), `day`;
/// - `hit` (1 when the record is in a share's part), `counted` (1 when it
///   is in the share's whole), `amount` (a duration, or NULL).
///
/// The figure is aggregated from that same selection in SQL, and
/// `--explain` lists it, so the records listed are exactly the records
/// counted.
struct MetricQuery: Sendable {
  enum Shape {
    /// How many records (`count`), with families and children behind them.
    case count
    /// `hit` of `counted`.
    case share
    /// Median and 90th percentile of `amount`; with the share beside it
    /// when `withShare`.
    case duration(MetricUnit, withShare: Bool)
  }

  var definition: MetricDefinition
  var entity: String
  var shape: Shape
  var dimension: BreakdownDimension?
  /// Keys always shown, in this order, even with nothing counted.
  var knownKeys: [String] = []
  /// Whether the rows stand for children (so `children` is given).
  var countsChildren = false
  /// Whether the breakdown rows are counts of the whole's records (GLD's
  /// outcomes), rather than shares of their own.
  var rowsAsCounts = false
  var base: @Sendable (ReportSQL) -> String
}

extension MetricQuery {
  /// The metric's figure and breakdown, from one pass over `base`.
  func metric(_ db: Database, _ q: ReportSQL, label: (String) -> String) throws -> Metric {
    let sql = """
      WITH b AS MATERIALIZED (\(base(q)))
      SELECT 0 AS whole, NULL AS key, COUNT(*) AS n, COALESCE(SUM(hit), 0) AS hits,
        COALESCE(SUM(counted), 0) AS counted, COUNT(DISTINCT family_id) AS families,
        COUNT(DISTINCT child_id) AS children FROM b
      UNION ALL
      SELECT 1, key, COUNT(*), COALESCE(SUM(hit), 0), COALESCE(SUM(counted), 0), COUNT(DISTINCT family_id),
        COUNT(DISTINCT child_id) FROM b WHERE key IS NOT NULL GROUP BY key
      """
    var total = Figure()
    var rows: [String: Figure] = [:]
    for row in try Row.fetchAll(db, sql: "/* metric \(definition.id) */ " + sql) {
      let figure = self.figure(row)
      if (row["whole"] as Int) == 0 {
        total = figure
      } else {
        rows[row["key"] as String] =
          rowsAsCounts
          ? Figure(count: row["n"], children: countsChildren ? row["children"] : nil, families: row["families"])
          : figure
      }
    }
    if case .duration = shape {
      try addDurations(db, q, total: &total, rows: &rows)
    }
    let keys = knownKeys + rows.keys.filter { !knownKeys.contains($0) }.sorted()
    let breakdown = dimension == nil ? [] : keys.map { key in
      BreakdownRow(
        key: key, label: label(key),
        figure: rows[key] ?? (rowsAsCounts ? Figure(count: 0, children: countsChildren ? 0 : nil, families: 0) : emptyFigure))
    }
    return Metric(definition: definition, figure: total, dimension: dimension, breakdown: breakdown)
  }

  /// The records behind the figure, in key and day order.
  func explain(_ db: Database, _ q: ReportSQL) throws -> [ExplainedRecord] {
    let sql = """
      SELECT id, reference, family, hub, key, day, hit, counted, amount FROM (\(base(q)))
      ORDER BY key, day, reference, id
      """
    return try Row.fetchAll(db, sql: "/* explain \(definition.id) */ " + sql).map { row in
      ExplainedRecord(
        entity: entity, id: row["id"], reference: nonEmpty(row["reference"]), family: nonEmpty(row["family"]),
        hub: row["hub"], key: row["key"], date: row["day"], value: value(row))
    }
  }

  private func nonEmpty(_ s: String?) -> String? { s.flatMap { $0.isEmpty ? nil : $0 } }

  /// What one record contributes, in words a reader of the CSV can check.
  private func value(_ row: Row) -> String? {
    switch shape {
    case .count: return nil
    case .share:
      return (row["counted"] as Int? ?? 0) == 0 ? "not-counted" : (row["hit"] as Int? ?? 0) == 1 ? "yes" : "no"
    case .duration(_, let withShare):
      let amount = (row["amount"] as Double?).map(Self.number)
      guard withShare else { return amount }
      let verdict = (row["hit"] as Int? ?? 0) == 1 ? "in-target" : "late"
      return amount.map { "\($0);\(verdict)" } ?? verdict
    }
  }

  /// A duration as the report prints it: whole numbers plainly, others to one decimal.
  static func number(_ d: Double) -> String {
    d == d.rounded() ? String(Int(d)) : String(format: "%.1f", d)
  }

  private var emptyFigure: Figure {
    switch shape {
    case .count: Figure(count: 0, children: countsChildren ? 0 : nil, families: 0)
    case .share: Figure(shape: .share, numerator: 0, denominator: 0, children: countsChildren ? 0 : nil, families: 0)
    case .duration(let unit, let withShare):
      Figure(
        shape: withShare ? .durationAndShare : .duration, count: 0, numerator: withShare ? 0 : nil,
        denominator: withShare ? 0 : nil, unit: unit, families: 0)
    }
  }

  private func figure(_ row: Row) -> Figure {
    let children: Int? = countsChildren ? row["children"] : nil
    let families: Int = row["families"]
    switch shape {
    case .count:
      return Figure(count: row["n"], children: children, families: families)
    case .share:
      return Figure(
        shape: .share, numerator: row["hits"], denominator: row["counted"], children: children, families: families)
    case .duration(let unit, let withShare):
      return Figure(
        shape: withShare ? .durationAndShare : .duration, numerator: withShare ? row["hits"] : nil, denominator: withShare ? row["counted"] : nil, unit: unit,
        children: children, families: families)
    }
  }

  /// Median and 90th percentile of the amounts, for the whole and per key.
  private func addDurations(
    _ db: Database, _ q: ReportSQL, total: inout Figure, rows: inout [String: Figure]
  ) throws {
    guard case .duration(let unit, _) = shape else { return }
    var all: [Double] = []
    var byKey: [String: [Double]] = [:]
    let cursor = try Row.fetchCursor(
      db, sql: "SELECT key, amount FROM (\(base(q))) WHERE amount IS NOT NULL ORDER BY amount")
    while let row = try cursor.next() {
      let amount: Double = row["amount"]
      all.append(amount)
      if let key: String = row["key"] { byKey[key, default: []].append(amount) }
    }
    func fill(_ f: inout Figure, _ values: [Double]) {
      let d = Percentiles.figure(values, unit: unit)
      f.count = d.count
      f.median = d.median
      f.p90 = d.p90
      f.unit = unit
    }
    fill(&total, all)
    for key in rows.keys { fill(&rows[key]!, byKey[key] ?? []) }
  }
}
