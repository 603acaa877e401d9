import Foundation
import GRDB
import StartWellCore

extension Store {
  /// Every child's WellComm band movement between consecutive terms within
  /// `from...to`, with the approaches the child took part in during the
  /// starting term: what `ImpactComparison.compare` compares.
  ///
  /// - A term is in the range when any of its days is; a movement needs a
  ///   development record in both terms of a pair of consecutive terms in it.
  /// - A child took part in an approach when named present at a contact
  ///   (not entered in error) that belongs to it, from the first day of the
  ///   starting term up to the day before the next term starts: sessions
  ///   in the holiday after a term count with that term, as the journey does.
  /// - The hub is that of the child's family now, as the cohort counts it.
  /// - `hubs` nil is the whole partnership; the caller scopes it by role.
  public func impactMovements(from: LocalDate, to: LocalDate, hubs: Set<String>?) throws -> [ImpactMovement] {
    try read { db in try impactMovements(db, from: from, to: to, hubs: hubs) }.sorted(by: Self.termThenChild)
  }

  /// Movements in the order of their starting term, then of the child.
  static func termThenChild(_ a: ImpactMovement, _ b: ImpactMovement) -> Bool {
    (a.startTerm, a.childID) < (b.startTerm, b.childID)
  }

  /// `impactMovements(from:to:hubs:)` read in `db`, in no set order.
  ///
  /// The records are read child by child (`family_scope`, `person_child`,
  /// then the child's records in order), so each child's terms are paired
  /// as soon as the next child starts, and the approaches of every pair
  /// of terms come from one read of the contacts.
  func impactMovements(_ db: Database, from: LocalDate, to: LocalDate, hubs: Set<String>?) throws
    -> [ImpactMovement]
  {
    let terms = config.terms.all.filter { $0.start <= to && $0.end >= from }
    guard terms.count >= 2, hubs?.isEmpty != true else { return [] }
    let taking = try approachesTaken(db, terms: terms)
    var movements: [ImpactMovement] = []
    var child: ChildTerms?
    func pair(_ c: ChildTerms) {
      for i in terms.indices.dropLast() {
        guard let start = c.bands[i], let end = c.bands[i + 1] else { continue }
        movements.append(
          ImpactMovement(
            childID: c.id, familyID: c.familyID, hubID: c.hubID, startTerm: terms[i].name,
            endTerm: terms[i + 1].name, startBand: start, endBand: end,
            ageBand: ImpactMovement.ageBand(dateOfBirth: c.dateOfBirth, on: terms[i].start),
            approaches: taking[c.id]?[i] ?? []))
      }
    }
    let termIndex = Dictionary(uniqueKeysWithValues: terms.enumerated().map { ($1.name, $0) })
    let cursor = try Row.fetchCursor(db, sql: termBandsSQL(terms: terms, hubs: hubs))
    var childRow: Int64?
    while let row = try cursor.next() {
      let rowID: Int64 = row[0]
      if childRow != rowID {
        if let done = child { pair(done) }
        childRow = rowID
        child = (row[3] as String?).flatMap(LocalDate.init).map {
          ChildTerms(
            id: row[6], familyID: row[4], hubID: row[5], dateOfBirth: $0,
            bands: Array(repeating: nil, count: terms.count))
        }
      }
      guard let term = termIndex[row[1]], let band = (row[2] as String?).flatMap(WellCommBand.init) else {
        continue
      }
      child?.bands[term] = band
    }
    if let done = child { pair(done) }
    return movements
  }

  /// One child's band in each term, by the term's place in the range's
  /// terms (the latest record of a term standing).
  private struct ChildTerms {
    var id: String
    var familyID: String
    var hubID: String
    var dateOfBirth: LocalDate
    var bands: [WellCommBand?]
  }

  /// Each child's records in `terms`, child by child and in the order recorded.
  private func termBandsSQL(terms: [SchoolTerm], hubs: Set<String>?) -> String {
    let hubCondition = hubs.map { " AND f.hub_id IN (\(ReportSQL.list($0.sorted())))" } ?? ""
    return """
      SELECT p.rowid, d.term, d.wellcomm, p.date_of_birth, f.id AS family_id, f.hub_id, p.id
      FROM family f INDEXED BY family_scope
        CROSS JOIN person p INDEXED BY person_child ON p.family_id = f.id
        CROSS JOIN development d INDEXED BY development_latest ON d.person_id = p.id
      WHERE d.deleted = 0 AND p.deleted = 0 AND f.deleted = 0
        AND d.term IN (\(ReportSQL.list(terms.map(\.name))))\(hubCondition)
      """
  }

  /// The approaches each child was named present at, by child id and by
  /// the place of the pair's first term: from that term's first day up to
  /// (not including) the next term's first day. Those spans follow one
  /// another, so one read of the contacts serves every pair.
  private func approachesTaken(_ db: Database, terms: [SchoolTerm]) throws -> [String: [Int: Set<String>]] {
    let starts = terms.map(\.start.description)
    let cursor = try Row.fetchCursor(
      db,
      sql: """
        SELECT j.value AS child, c.approach, c.at
        FROM contact c, json_each(c.present) j
        WHERE c.approach IS NOT NULL AND c.deleted = 0 AND c.in_error = 0 AND c.at >= ? AND c.at < ?
        """, arguments: [starts[0], starts[starts.count - 1]])
    var taken: [String: [Int: Set<String>]] = [:]
    while let row = try cursor.next() {
      let at: String = row[2]
      guard let pair = starts.indices.dropLast().last(where: { starts[$0] <= at }), let child: String = row[0]
      else { continue }
      taken[child, default: [:]][pair, default: []].insert(row[1])
    }
    return taken
  }
}
