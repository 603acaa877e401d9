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
    let cursor = try Row.fetchCursor(
      db,
      sql: """
        /* metric contact pass: fathers */ SELECT pp.family_id, pp.id FROM person pp INDEXED BY person_engaged_father
        WHERE \(OutcomeMetrics.engagedFather)
        """)
    while let row = try cursor.next() {
      fathers[row[0], default: []].append(Array("\"\(row[1] as String)\"".utf8))
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
    // The contacts come family by family: a family's fathers are looked
    // up once, when its first contact arrives, and whether one was present
    // at any of its contacts is kept when the next family starts.
    var family: (row: Int64, hub: String, fathers: [[UInt8]], father: Bool)?
    func keep(_ f: (row: Int64, hub: String, fathers: [[UInt8]], father: Bool)) {
      families[f.row] = (f.hub, f.father || families[f.row]?.father == true)
    }
    let cursor = try Row.fetchCursor(db, sql: sql(q))
    while let row = try cursor.next() {
      let rowID: Int64 = row[0]
      if family?.row != rowID {
        if let done = family { keep(done) }
        family = (rowID, row[2], fathers[row[1]] ?? [], false)
      }
      guard let current = family else { continue }
      let father =
        try !current.fathers.isEmpty
        && row.withUnsafeData(atIndex: 4) { present in
          present.map { p in current.fathers.contains { contains(p, $0) } } ?? false
        }
      byType.add(family: rowID, key: row[3], hit: 0, counted: 0, child: nil)
      fatherContacts.add(family: rowID, key: current.hub, hit: father ? 1 : 0, counted: 1, child: nil)
      if father { family?.father = true }
    }
    if let done = family { keep(done) }
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

  /// Whether `text` holds `part`, as SQL's `instr(text, part) > 0` tests it.
  static func contains(_ text: some DataProtocol & ContiguousBytes, _ part: [UInt8]) -> Bool {
    text.withUnsafeBytes { t in
      guard let first = part.first, part.count <= t.count else { return part.isEmpty }
      var i = 0
      while i <= t.count - part.count {
        if t[i] == first, (1..<part.count).allSatisfy({ t[i + $0] == part[$0] }) { return true }
        i += 1
      }
      return false
    }
  }
}
