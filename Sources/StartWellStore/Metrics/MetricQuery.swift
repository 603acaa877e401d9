import Foundation
import GRDB
import StartWellCore

/// One metric as a query. `base` selects one row per record behind the
/// figure, with the columns every base returns:
///
/// - `id`, `reference`, `family` (the family's reference), `family_id`
///   and `child_id` (the family's and the child's row ids, which the sums
///   count distinct: an integer is cheaper to tell apart than a UUID), `hub`,
///   `key` (its breakdown row), `day`;
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
  /// The same records with only the columns the sums read (`family_id`,
  /// `key`, `hit`, `counted`, `child_id`, `amount`), where the base's other columns
  /// cost more than the sums; nil reads them from the base.
  var counted: (@Sendable (ReportSQL) -> String)? = nil
}

extension MetricQuery {
  /// The metric's figure and breakdown, summed from one plain read of
  /// `base` (`MetricAggregate`).
  func metric(_ db: Database, _ q: ReportSQL, label: (String) -> String) throws -> Metric {
    let aggregate = MetricAggregate(shares: !isCount, children: countsChildren)
    let records = counted?(q) ?? MetricAggregate.records(base: base(q))
    let result = try aggregate.read(db, records: records, label: definition.id)
    return metric(result, label: label)
  }

  /// The metric from its sums, however they were read (`ContactPass` reads
  /// three metrics' sums in one pass).
  func metric(_ result: MetricAggregate.Result, label: (String) -> String) -> Metric {
    var rows = result.byKey.mapValues { sums in
      rowsAsCounts
        ? Figure(count: sums.n, children: countsChildren ? sums.children : nil, families: sums.families)
        : figure(sums)
    }
    var total = figure(result.whole)
    addDurations(result.amounts, total: &total, rows: &rows)
    let keys = knownKeys + rows.keys.filter { !knownKeys.contains($0) }.sorted()
    let breakdown =
      dimension == nil
      ? []
      : keys.map { key in
        BreakdownRow(
          key: key, label: label(key),
          figure: rows[key]
            ?? (rowsAsCounts
              ? Figure(count: 0, children: countsChildren ? 0 : nil, families: 0) : emptyFigure))
      }
    return Metric(definition: definition, figure: total, dimension: dimension, breakdown: breakdown)
  }

  private var isCount: Bool {
    if case .count = shape { return true }
    return false
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
      return (row["counted"] as Int? ?? 0) == 0
        ? "not-counted" : (row["hit"] as Int? ?? 0) == 1 ? "yes" : "no"
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
    case .share:
      Figure(shape: .share, numerator: 0, denominator: 0, children: countsChildren ? 0 : nil, families: 0)
    case .duration(let unit, let withShare):
      Figure(
        shape: withShare ? .durationAndShare : .duration, count: 0, numerator: withShare ? 0 : nil,
        denominator: withShare ? 0 : nil, unit: unit, families: 0)
    }
  }

  private func figure(_ sums: MetricAggregate.Sums) -> Figure {
    figure(
      n: sums.n, hits: sums.hits, counted: sums.counted, families: sums.families,
      children: countsChildren ? sums.children : nil)
  }

  private func figure(n: Int, hits: Int, counted: Int, families: Int, children: Int?) -> Figure {
    switch shape {
    case .count:
      return Figure(count: n, children: children, families: families)
    case .share:
      return Figure(
        shape: .share, numerator: hits, denominator: counted, children: children, families: families)
    case .duration(let unit, let withShare):
      return Figure(
        shape: withShare ? .durationAndShare : .duration, numerator: withShare ? hits : nil,
        denominator: withShare ? counted : nil, unit: unit, children: children, families: families)
    }
  }

  /// Median and 90th percentile of the amounts the sums kept, for the
  /// whole and per key.
  private func addDurations(
    _ amounts: MetricAggregate.Amounts, total: inout Figure, rows: inout [String: Figure]
  ) {
    guard case .duration(let unit, _) = shape else { return }
    func fill(_ f: inout Figure, _ values: [Double]) {
      let d = Percentiles.figure(values, unit: unit)
      f.count = d.count
      f.median = d.median
      f.p90 = d.p90
      f.unit = unit
    }
    fill(&total, amounts.all)
    for key in rows.keys { fill(&rows[key]!, amounts.byKey[key] ?? []) }
  }
}

extension [MetricQuery] {
  /// Each metric from the tally a shared pass kept for it, by metric id,
  /// in the order of the queries.
  func metrics(_ tallies: [String: MetricTally], label: (BreakdownDimension?, String) -> String) -> [Metric] {
    map { query in
      query.metric(tallies[query.definition.id]?.result ?? MetricAggregate.Result()) {
        label(query.dimension, $0)
      }
    }
  }
}
