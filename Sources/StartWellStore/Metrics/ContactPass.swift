import Foundation
import GRDB
import StartWellCore

/// The three contact metrics (contacts by type, contacts with a father or
/// male carer present, and families with one) from one plain read of the
/// range's contacts, instead of three.
///
/// The pass reads the selection the three metrics' queries share
/// (`ThroughputMetrics.contacts`) and applies the father rule they test
/// (`OutcomeMetrics.fatherPresent`) in Swift, to the fathers and male
/// carers read once: testing it in SQL looked each contact's family up in
/// `person` again, which was three quarters of the pass. `ReportPassTests`
/// checks that each metric comes out as its own query gives it, and
/// `--explain` still lists each metric's records from its own query.
enum ContactPass {
  static let ids: Set<String> = [
    MetricCatalogue.contactsByType.id, MetricCatalogue.fatherContacts.id, MetricCatalogue.fatherFamilies.id,
  ]

  /// The range's contacts, family by family: the family's row id, id and
  /// hub, the contact's type and who was present.
  static func sql(_ q: ReportSQL) -> String {
    "/* metric contact pass */ SELECT f.rowid, f.id, f.hub_id, c.type, c.present FROM \(ThroughputMetrics.contacts(q))"
  }

  /// Each family's fathers and male carers (`OutcomeMetrics.engagedFather`),
  /// as the quoted ids a contact's `present` list holds.
  static func fathers(_ db: Database) throws -> [String: [[UInt8]]] {
    var fathers: [String: [[UInt8]]] = [:]
    let statement = try db.makeStatement(
      sql: """
        /* metric contact pass: fathers */ SELECT pp.family_id, pp.id FROM person pp INDEXED BY person_engaged_father
        WHERE \(OutcomeMetrics.engagedFather)
        """)
    let column = RawColumns(statement)
    let quote = UInt8(ascii: "\"")
    let cursor = try Row.fetchCursor(statement)
    while try cursor.next() != nil {
      fathers[column.string(0) ?? "", default: []].append([quote] + column.bytes(1) + [quote])
    }
    return fathers
  }

  /// The three metrics, in the order of `queries`.
  static func metrics(
    _ db: Database, _ q: ReportSQL, queries: [MetricQuery], label: (BreakdownDimension?, String) -> String
  ) throws -> [Metric] {
    let fathers = try fathers(db)
    var byType = MetricTally(shares: false, children: false)
    var fatherContacts = MetricTally(shares: true, children: false)
    var families: [Int64: (hub: String, father: Bool)] = [:]
    var types = FewKeys()
    // The contacts come family by family: a family's fathers and hub are
    // looked up once, when its first contact arrives, and whether a father
    // was present at any of its contacts is kept when the next family starts.
    var family = Family(row: -1, hub: "", hubIndex: 0, fathers: [], father: false)
    let statement = try db.makeStatement(sql: sql(q))
    let column = RawColumns(statement)
    let cursor = try Row.fetchCursor(statement)
    while try cursor.next() != nil {
      let rowID = Int64(column.int(0))
      if family.row != rowID {
        family.keep(in: &families)
        let hub = column.string(2) ?? ""
        family = Family(
          row: rowID, hub: hub, hubIndex: fatherContacts.index(of: hub),
          fathers: fathers[column.string(1) ?? ""] ?? [], father: false)
      }
      // Who was present is read where SQLite holds it, not copied out,
      // and only for a family with a father or male carer.
      let present = family.fathers.isEmpty ? nil : column.bytes(4)
      let father = present.map { p in family.fathers.contains { contains(p, $0) } } ?? false
      byType.add(
        family: rowID, at: types.index(of: column.bytes(3), in: &byType), hit: 0, counted: 0, child: nil)
      fatherContacts.add(family: rowID, at: family.hubIndex, hit: father ? 1 : 0, counted: 1, child: nil)
      if father { family.father = true }
    }
    family.keep(in: &families)
    var fatherFamilies = MetricTally(shares: true, children: false)
    for (rowID, seen) in families {
      fatherFamilies.add(family: rowID, key: seen.hub, hit: seen.father ? 1 : 0, counted: 1, child: nil)
    }
    return queries.metrics(
      [
        MetricCatalogue.contactsByType.id: byType, MetricCatalogue.fatherContacts.id: fatherContacts,
        MetricCatalogue.fatherFamilies.id: fatherFamilies,
      ], label: label)
  }

  /// The family whose contacts are being read.
  private struct Family {
    var row: Int64
    var hub: String
    var hubIndex: Int
    var fathers: [[UInt8]]
    var father: Bool

    /// Whether a father was present at any of the family's contacts.
    func keep(in families: inout [Int64: (hub: String, father: Bool)]) {
      guard row != -1 else { return }
      families[row] = (hub, father || families[row]?.father == true)
    }
  }

  /// A tally's rows for a handful of keys (the contact types), found by a
  /// search of the keys seen by their bytes, which costs less than making
  /// a `String` and hashing it for every record.
  private struct FewKeys {
    private var seen: [(key: [UInt8], index: Int)] = []

    mutating func index(of key: UnsafeRawBufferPointer, in tally: inout MetricTally) -> Int {
      if let found = seen.first(where: { key.holds($0.key) }) { return found.index }
      seen.append((Array(key), tally.index(of: String(decoding: key, as: UTF8.self))))
      return seen[seen.count - 1].index
    }
  }

  /// Whether `text` holds `part`, as SQL's `instr(text, part) > 0` tests it.
  static func contains(_ text: some DataProtocol & ContiguousBytes, _ part: [UInt8]) -> Bool {
    text.withUnsafeBytes { contains($0, part) }
  }

  static func contains(_ t: UnsafeRawBufferPointer, _ part: [UInt8]) -> Bool {
    guard let first = part.first, part.count <= t.count else { return part.isEmpty }
    var i = 0
    while i <= t.count - part.count {
      if t[i] == first, (1..<part.count).allSatisfy({ t[i + $0] == part[$0] }) { return true }
      i += 1
    }
    return false
  }
}
