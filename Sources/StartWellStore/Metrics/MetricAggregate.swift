import GRDB

/// A metric's figure and its breakdown rows from one plain read of its
/// records, summed in Swift as they arrive (`MetricTally`).
///
/// Summing in SQL took a temporary B-tree per grouping and, per record, a
/// sum for each breakdown key: at stress scale that was four to six times
/// the read itself. A record's family and child are counted once in the
/// whole and once in each key they have records under.
struct MetricAggregate {
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
    /// The amounts of the records that have one (a duration's), for its
    /// median and percentile.
    var amounts = Amounts()
  }

  struct Amounts {
    var all: [Double] = []
    var byKey: [String: [Double]] = [:]
  }

  /// The base's records, with only the columns the sums read.
  static func records(base: String) -> String {
    "SELECT family_id, key, hit, counted, child_id, amount FROM (\(base))"
  }

  /// The sums of `records`, a selection of the columns `records(base:)` names.
  func read(_ db: Database, records: String, label: String) throws -> Result {
    var tally = MetricTally(shares: shares, children: children)
    let cursor = try Row.fetchCursor(db, sql: "/* metric \(label) */ " + records)
    while let row = try cursor.next() {
      tally.add(
        family: row[0], key: row[1], hit: row[2] ?? 0, counted: row[3] ?? 0, child: row[4], amount: row[5])
    }
    return tally.result
  }
}

/// Sums records one at a time: each record in the whole and in its key's
/// row, each family and child once in the whole and once in each key.
struct MetricTally {
  typealias Sums = MetricAggregate.Sums

  private let shares: Bool
  private let children: Bool
  private var whole = Sums()
  private var keyIndex: [String: Int] = [:]
  private var keys: [String] = []
  private var byKey: [Sums] = []
  private var families = Set<Int64>()
  private var childIDs = Set<Int64>()
  private var familyKeys = Set<Keyed>()
  private var childKeys = Set<Keyed>()
  /// The family and child of the last record, in the whole and in each key.
  private var last = Mark()
  private var marks: [Mark] = []
  private var lastKey: (key: String, index: Int)?

  private struct Mark {
    var family: Int64?
    var child: Int64?
  }

  private struct Keyed: Hashable {
    var id: Int64
    var key: Int
  }

  private var amounts = MetricAggregate.Amounts()

  init(shares: Bool, children: Bool) {
    self.shares = shares
    self.children = children
  }

  private mutating func index(of key: String) -> Int {
    if let lastKey, lastKey.key == key { return lastKey.index }
    let i = keyIndex[key] ?? newKey(key)
    lastKey = (key, i)
    return i
  }

  private mutating func newKey(_ key: String) -> Int {
    keyIndex[key] = keys.count
    keys.append(key)
    byKey.append(Sums())
    marks.append(Mark())
    return keys.count - 1
  }

  /// Counts one record, of the family and child with those row ids: `hit`
  /// and `counted` are 0 or 1, and count only for a share; a record with
  /// no key counts in the whole alone.
  ///
  /// Most passes read family by family, so a record's family and child are
  /// mostly the last record's: the last ones seen, in the whole and in each
  /// key, are kept beside the sets and need no look-up in them.
  mutating func add(
    family: Int64?, key: String?, hit: Int, counted: Int, child: Int64?, amount: Double? = nil
  ) {
    let hit = shares ? hit : 0
    let counted = shares ? counted : 0
    whole.n += 1
    whole.hits += hit
    whole.counted += counted
    let child = children ? child : nil
    if let family, family != last.family {
      if families.insert(family).inserted { whole.families += 1 }
      last.family = family
    }
    if let child, child != last.child {
      if childIDs.insert(child).inserted { whole.children += 1 }
      last.child = child
    }
    if let amount {
      amounts.all.append(amount)
      if let key { amounts.byKey[key, default: []].append(amount) }
    }
    guard let key else { return }
    let k = index(of: key)
    byKey[k].n += 1
    byKey[k].hits += hit
    byKey[k].counted += counted
    if let family, family != marks[k].family {
      if familyKeys.insert(Keyed(id: family, key: k)).inserted { byKey[k].families += 1 }
      marks[k].family = family
    }
    if let child, child != marks[k].child {
      if childKeys.insert(Keyed(id: child, key: k)).inserted { byKey[k].children += 1 }
      marks[k].child = child
    }
  }

  /// The sums, with a row for each key that has records.
  var result: MetricAggregate.Result {
    var rows: [String: Sums] = [:]
    for (k, key) in keys.enumerated() { rows[key] = byKey[k] }
    return MetricAggregate.Result(whole: whole, byKey: rows, amounts: amounts)
  }
}
