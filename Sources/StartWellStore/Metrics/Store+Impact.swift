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
    try read { db in try impactMovements(db, from: from, to: to, hubs: hubs) }
  }

  /// `impactMovements(from:to:hubs:)` read in `db`.
  func impactMovements(_ db: Database, from: LocalDate, to: LocalDate, hubs: Set<String>?) throws
    -> [ImpactMovement]
  {
    let terms = config.terms.all.filter { $0.start <= to && $0.end >= from }
    guard terms.count >= 2 else { return [] }
    let bands = try termBands(db, terms: terms, hubs: hubs)
    var movements: [ImpactMovement] = []
    for (start, end) in zip(terms, terms.dropFirst()) {
      let taking = try approachesTaken(db, during: start, until: end.start)
      for (child, record) in bands[start.name] ?? [:] {
        guard let next = bands[end.name]?[child] else { continue }
        movements.append(
          ImpactMovement(
            childID: child, familyID: record.familyID, hubID: record.hubID, startTerm: start.name,
            endTerm: end.name, startBand: record.band, endBand: next.band,
            ageBand: ImpactMovement.ageBand(dateOfBirth: record.dateOfBirth, on: start.start),
            approaches: taking[child] ?? []))
      }
    }
    return movements.sorted { ($0.startTerm, $0.childID) < ($1.startTerm, $1.childID) }
  }

  private struct TermBand {
    var familyID: String
    var hubID: String
    var dateOfBirth: LocalDate
    var band: WellCommBand
  }

  /// Each term's WellComm band for every child recorded in it, by term name and child id.
  private func termBands(_ db: Database, terms: [SchoolTerm], hubs: Set<String>?) throws -> [String: [String:
    TermBand]]
  {
    var sql = """
      SELECT d.person_id, d.term, d.wellcomm, p.date_of_birth, f.id AS family_id, f.hub_id
      FROM family f INDEXED BY family_scope
        CROSS JOIN person p INDEXED BY person_child ON p.family_id = f.id
        CROSS JOIN development d INDEXED BY development_latest ON d.person_id = p.id
      WHERE d.deleted = 0 AND p.deleted = 0 AND f.deleted = 0
        AND d.term IN (\(terms.map { _ in "?" }.joined(separator: ", ")))
      """
    var arguments = StatementArguments(terms.map(\.name))
    if let hubs {
      sql += " AND f.hub_id IN (\(hubs.map { _ in "?" }.joined(separator: ", ")))"
      arguments += StatementArguments(hubs.sorted())
      if hubs.isEmpty { return [:] }
    }
    var bands: [String: [String: TermBand]] = [:]
    for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
      guard let band = (row["wellcomm"] as String?).flatMap(WellCommBand.init(rawValue:)),
        let dob = (row["date_of_birth"] as String?).flatMap(LocalDate.init)
      else { continue }
      bands[row["term"], default: [:]][row["person_id"]] = TermBand(
        familyID: row["family_id"], hubID: row["hub_id"], dateOfBirth: dob, band: band)
    }
    return bands
  }

  /// The approaches each child was named present at from the term's first
  /// day up to (not including) `until`, by child id.
  private func approachesTaken(_ db: Database, during term: SchoolTerm, until: LocalDate) throws -> [String:
    Set<String>]
  {
    let rows = try Row.fetchAll(
      db,
      sql: """
        SELECT DISTINCT j.value AS child, c.approach
        FROM contact c, json_each(c.present) j
        WHERE c.approach IS NOT NULL AND c.deleted = 0 AND c.in_error = 0 AND c.at >= ? AND c.at < ?
        """, arguments: [term.start.description, until.description])
    var taken: [String: Set<String>] = [:]
    for row in rows { taken[row["child"], default: []].insert(row["approach"]) }
    return taken
  }
}
