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
    let statement = try db.makeStatement(sql: "/* metric \(label) */ " + records)
    let column = RawColumns(statement)
    var keys = FewStrings([])
    let cursor = try Row.fetchCursor(statement)
    while try cursor.next() != nil {
      tally.add(
        family: column.int64(0), key: column.isNull(1) ? nil : keys.string(column.bytes(1)),
        hit: column.int(2),
        counted: column.int(3), child: column.int64(4), amount: column.double(5))
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
  private var families = RowIDSet()
  private var childIDs = RowIDSet()
  private var familyKeys: [RowIDSet] = []
  private var childKeys: [RowIDSet] = []
  /// The family and child of the last record, in the whole and in each key.
  private var last = Mark()
  private var marks: [Mark] = []
  private var lastKey: (key: String, index: Int)?

  private struct Mark {
    var family: Int64?
    var child: Int64?
  }

  private var amounts = MetricAggregate.Amounts()

  init(shares: Bool, children: Bool) {
    self.shares = shares
    self.children = children
  }

  /// The place of `key`'s row, for `add(family:at:...)`: a pass that knows
  /// its keys ahead resolves each once rather than hashing it per record.
  /// A key resolved but never added to has no row in the result.
  mutating func index(of key: String) -> Int {
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
    familyKeys.append(RowIDSet())
    childKeys.append(RowIDSet())
    return keys.count - 1
  }

  /// Counts one record, of the family and child with those row ids: `hit`
  /// and `counted` are 0 or 1, and count only for a share; a record with
  /// no key counts in the whole alone.
  mutating func add(
    family: Int64?, key: String?, hit: Int, counted: Int, child: Int64?, amount: Double? = nil
  ) {
    add(
      family: family, at: key.map { index(of: $0) }, hit: hit, counted: counted, child: child, amount: amount)
  }

  /// `add(family:key:...)` with the key's row as `index(of:)` gave it.
  ///
  /// Most passes read family by family, so a record's family and child are
  /// mostly the last record's: the last ones seen, in the whole and in each
  /// key, are kept beside the sets and need no look-up in them.
  mutating func add(family: Int64?, at k: Int?, hit: Int, counted: Int, child: Int64?, amount: Double? = nil)
  {
    let hit = shares ? hit : 0
    let counted = shares ? counted : 0
    whole.n += 1
    whole.hits += hit
    whole.counted += counted
    let child = children ? child : nil
    if let family, family != last.family {
      if families.insert(family) { whole.families += 1 }
      last.family = family
    }
    if let child, child != last.child {
      if childIDs.insert(child) { whole.children += 1 }
      last.child = child
    }
    if let amount {
      amounts.all.append(amount)
      if let k { amounts.byKey[keys[k], default: []].append(amount) }
    }
    guard let k else { return }
    byKey[k].n += 1
    byKey[k].hits += hit
    byKey[k].counted += counted
    if let family, family != marks[k].family {
      if familyKeys[k].insert(family) { byKey[k].families += 1 }
      marks[k].family = family
    }
    if let child, child != marks[k].child {
      if childKeys[k].insert(child) { byKey[k].children += 1 }
      marks[k].child = child
    }
  }

  /// The sums, with a row for each key that has records.
  var result: MetricAggregate.Result {
    var rows: [String: Sums] = [:]
    for (k, key) in keys.enumerated() where byKey[k].n > 0 { rows[key] = byKey[k] }
    return MetricAggregate.Result(whole: whole, byKey: rows, amounts: amounts)
  }
}

/// Row ids seen, one bit each. SQLite gives a table's rows ids from 1
/// upwards, so a report's families and children are counted with a bit
/// per id, which costs a fraction of hashing each id into a set; an id
/// past `bitLimit` (a row id set by hand) goes to a set instead.
struct RowIDSet {
  private var bits: [UInt64] = []
  private var others = Set<Int64>()
  /// How many ids are in the set.
  private(set) var count = 0
  /// 64 million ids: 8 MB of bits at the most.
  static let bitLimit: Int64 = 1 << 26

  /// Adds `id`; true when it was not there before.
  @discardableResult mutating func insert(_ id: Int64) -> Bool {
    guard id >= 0, id < Self.bitLimit else {
      let inserted = others.insert(id).inserted
      if inserted { count += 1 }
      return inserted
    }
    let word = Int(id >> 6)
    if word >= bits.count {
      bits.append(contentsOf: repeatElement(0, count: max(word + 1, 2 * bits.count) - bits.count))
    }
    let bit = UInt64(1) << UInt64(id & 63)
    guard bits[word] & bit == 0 else { return false }
    bits[word] |= bit
    count += 1
    return true
  }
}
