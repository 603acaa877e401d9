import GRDB

/// A metric's figure and its breakdown rows from one pass over its base:
/// the records are first summed family by family (child by child first,
/// where children are counted), with each breakdown key a column of its
/// own, and those rows are summed again. A family is counted once in the
/// whole and once in each key it has records under, and so is a child (a
/// child belongs to one family), with no sort of the records by key and
/// none for each distinct count. Where the base reads its records family
/// by family, the family sums need no sort either.
struct MetricAggregate {
  /// The keys counted in columns of their own, in order.
  let keys: [String]
  /// Whether records count in parts (`hit`) of a whole (`counted`); a
  /// plain count leaves both sums out.
  let shares: Bool
  /// Whether distinct children are counted.
  let children: Bool

  /// Sums of the whole or of one key.
  struct Sums: Equatable {
    var n = 0
    var hits = 0
    var counted = 0
    var families = 0
    var children = 0
  }

  struct Result {
    var whole = Sums()
    var byKey: [String: Sums] = [:]
    /// Whether some records have a key outside `keys` (a contact type no
    /// longer configured, say), which `MetricAggregate.others` counts.
    var hasOthers = false
  }

  func sql(base: String) -> String {
    // OFFSET keeps the base a subquery of its own, so each record's key
    // and parts are worked out once, not once for each column naming them.
    let records = "SELECT family_id, key, hit, counted, child_id FROM (\(base)) LIMIT -1 OFFSET 0"
    let families =
      children
      ? "SELECT \(familyColumns.joined(separator: ", ")) FROM "
        + "(SELECT \(recordColumns(grouping: "family_id, child_id").joined(separator: ", ")) FROM (\(records)) "
        + "GROUP BY family_id, child_id) GROUP BY family_id"
      : "SELECT \(recordColumns(grouping: "family_id").joined(separator: ", ")) FROM (\(records)) GROUP BY family_id"
    return "SELECT \(wholeColumns.joined(separator: ", ")) FROM (\(families))"
  }

  /// Sums of records: per family, or per child first where children are
  /// counted (a child is then counted once in each key it has records under).
  private func recordColumns(grouping: String) -> [String] {
    let hits = shares ? "SUM(hit)" : "0"
    let counted = shares ? "SUM(counted)" : "0"
    var columns = [
      grouping, "COUNT(*) AS n", "\(hits) AS hits", "\(counted) AS counted", "0 AS children",
      "SUM(key IS NOT NULL AND key NOT IN (\(ReportSQL.list(keys)))) AS others",
    ]
    for (i, key) in keys.enumerated() {
      let k = "key = \(ReportSQL.quoted(key))"
      columns += [
        "SUM(\(k)) AS n\(i)", shares ? "SUM(CASE WHEN \(k) THEN hit END) AS h\(i)" : "0 AS h\(i)",
        shares ? "SUM(CASE WHEN \(k) THEN counted END) AS c\(i)" : "0 AS c\(i)", "0 AS ch\(i)",
      ]
    }
    return columns
  }

  /// A family's sums from its children's.
  private var familyColumns: [String] {
    var columns = [
      "family_id", "SUM(n) AS n", "SUM(hits) AS hits", "SUM(counted) AS counted",
      "SUM(child_id IS NOT NULL) AS children", "SUM(others) AS others",
    ]
    for i in keys.indices {
      columns += [
        "SUM(n\(i)) AS n\(i)", "SUM(h\(i)) AS h\(i)", "SUM(c\(i)) AS c\(i)",
        "SUM(child_id IS NOT NULL AND n\(i) > 0) AS ch\(i)",
      ]
    }
    return columns
  }

  /// The whole's sums from the families'; a family counts in a key when it
  /// has records under it.
  private var wholeColumns: [String] {
    var columns = [
      "COALESCE(SUM(n), 0) AS n", "COALESCE(SUM(hits), 0) AS hits", "COALESCE(SUM(counted), 0) AS counted",
      "COALESCE(SUM(family_id IS NOT NULL), 0) AS families", "COALESCE(SUM(children), 0) AS children",
      "COALESCE(SUM(others), 0) AS others",
    ]
    for i in keys.indices {
      columns += [
        "COALESCE(SUM(n\(i)), 0) AS n\(i)", "COALESCE(SUM(h\(i)), 0) AS h\(i)",
        "COALESCE(SUM(c\(i)), 0) AS c\(i)", "COALESCE(SUM(family_id IS NOT NULL AND n\(i) > 0), 0) AS f\(i)",
        "COALESCE(SUM(ch\(i)), 0) AS ch\(i)",
      ]
    }
    return columns
  }

  func read(_ db: Database, base: String, label: String) throws -> Result {
    guard let row = try Row.fetchOne(db, sql: "/* metric \(label) */ " + sql(base: base))
    else { return Result() }
    var result = Result()
    result.whole = Sums(
      n: row["n"], hits: row["hits"], counted: row["counted"], families: row["families"],
      children: row["children"])
    result.hasOthers = (row["others"] as Int) > 0
    for (i, key) in keys.enumerated() {
      let n: Int = row["n\(i)"]
      guard n > 0 else { continue }
      result.byKey[key] = Sums(
        n: n, hits: row["h\(i)"], counted: row["c\(i)"], families: row["f\(i)"], children: row["ch\(i)"])
    }
    return result
  }

  /// The sums of the keys outside `keys`, by key: a second pass, made only
  /// when the first found such records.
  func others(_ db: Database, base: String, label: String) throws -> [String: Sums] {
    let childColumn = children ? "COUNT(DISTINCT child_id)" : "0"
    let sql = """
      SELECT key, COUNT(*) AS n, COALESCE(SUM(hit), 0) AS hits, COALESCE(SUM(counted), 0) AS counted,
        COUNT(DISTINCT family_id) AS families, \(childColumn) AS children
      FROM (\(base)) WHERE key IS NOT NULL AND key NOT IN (\(ReportSQL.list(keys))) GROUP BY key
      """
    var sums: [String: Sums] = [:]
    for row in try Row.fetchAll(db, sql: "/* metric \(label) other keys */ " + sql) {
      sums[row["key"]] = Sums(
        n: row["n"], hits: row["hits"], counted: row["counted"], families: row["families"],
        children: row["children"])
    }
    return sums
  }
}
