import GRDB
import StartWellCore

/// The three contact metrics (contacts by type, contacts with a father or
/// male carer present, and families with one) from one pass over the
/// range's contacts, family by family, instead of three.
///
/// The pass uses the selection the three metrics' queries share
/// (`ThroughputMetrics.contacts`) and the father rule they test
/// (`OutcomeMetrics.fatherPresent`), and gives the sums their own passes
/// would give (`ReportPassTests` checks each against its own query).
/// `--explain` still lists each metric's records from its own query.
enum ContactPass {
  static let ids: Set<String> = [
    MetricCatalogue.contactsByType.id, MetricCatalogue.fatherContacts.id, MetricCatalogue.fatherFamilies.id,
  ]

  /// One row per hub: its families with contacts, contacts, contacts with a
  /// father present, families with such a contact, and for each type the
  /// contacts and the families with one.
  static func sql(_ q: ReportSQL, types: [String]) -> String {
    var inner = [
      "MIN(hub) AS hub", "COUNT(*) AS n", "SUM(father) AS fathers",
      "SUM(type NOT IN (\(ReportSQL.list(types)))) AS others",
    ]
    var outer = [
      "hub", "COUNT(*) AS families", "SUM(n) AS n", "SUM(fathers) AS fathers",
      "SUM(fathers > 0) AS father_families", "SUM(others) AS others",
    ]
    for (i, type) in types.enumerated() {
      inner.append("SUM(type = \(ReportSQL.quoted(type))) AS t\(i)")
      outer += ["SUM(t\(i)) AS t\(i)", "SUM(t\(i) > 0) AS tf\(i)"]
    }
    let contacts = """
      SELECT f.id AS family_id, f.hub_id AS hub, c.type AS type, \(OutcomeMetrics.fatherPresent("c")) AS father
      FROM \(ThroughputMetrics.contacts(q)) LIMIT -1 OFFSET 0
      """
    return """
      /* metric contact pass */ SELECT \(outer.joined(separator: ", "))
      FROM (SELECT \(inner.joined(separator: ", ")) FROM (\(contacts)) GROUP BY family_id) GROUP BY hub
      """
  }

  /// The three metrics, in the order of `queries`.
  static func metrics(
    _ db: Database, _ q: ReportSQL, queries: [MetricQuery], label: (BreakdownDimension?, String) -> String
  ) throws -> [Metric] {
    let types = q.config.contactTypes.map(\.id)
    var byType = MetricAggregate.Result()
    var fatherContacts = MetricAggregate.Result()
    var fatherFamilies = MetricAggregate.Result()
    for row in try Row.fetchAll(db, sql: sql(q, types: types)) {
      let hub: String = row["hub"]
      let n: Int = row["n"]
      let families: Int = row["families"]
      let contacts = MetricAggregate.Sums(n: n, hits: row["fathers"], counted: n, families: families)
      let engaged = MetricAggregate.Sums(
        n: families, hits: row["father_families"], counted: families, families: families)
      fatherContacts.add(contacts, key: hub)
      fatherFamilies.add(engaged, key: hub)
      byType.whole.n += n
      byType.whole.families += families
      byType.hasOthers = byType.hasOthers || (row["others"] as Int) > 0
      for (i, type) in types.enumerated() {
        let t: Int = row["t\(i)"]
        guard t > 0 else { continue }
        byType.byKey[type, default: .init()].n += t
        byType.byKey[type, default: .init()].families += row["tf\(i)"]
      }
    }
    return try queries.map { query in
      let l = { label(query.dimension, $0) }
      switch query.definition.id {
      // A type no longer configured has a row of its own: its query counts it.
      case MetricCatalogue.contactsByType.id where byType.hasOthers: return try query.metric(db, q, label: l)
      case MetricCatalogue.contactsByType.id: return try query.metric(byType, db, q, label: l)
      case MetricCatalogue.fatherContacts.id: return try query.metric(fatherContacts, db, q, label: l)
      default: return try query.metric(fatherFamilies, db, q, label: l)
      }
    }
  }
}

extension MetricAggregate.Result {
  /// Adds one key's sums, to its row and to the whole: for keys no family
  /// has records under two of (a family's hub).
  mutating func add(_ sums: MetricAggregate.Sums, key: String) {
    byKey[key] = sums
    whole.n += sums.n
    whole.hits += sums.hits
    whole.counted += sums.counted
    whole.families += sums.families
    whole.children += sums.children
  }
}
