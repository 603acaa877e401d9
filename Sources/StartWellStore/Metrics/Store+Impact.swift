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
  func impactMovements(_ db: Database, from: LocalDate, to: LocalDate, hubs: Set<String>?) throws
    -> [ImpactMovement]
  {
    guard hubs?.isEmpty != true, var pairing = try ImpactPairing(db, terms: config.terms, from: from, to: to)
    else { return [] }
    let hubCondition = hubs.map { " AND f.hub_id IN (\(ReportSQL.list($0.sorted())))" } ?? ""
    try TermWalk.read(db, terms: pairing.termNames, family: "f.deleted = 0" + hubCondition) {
      pairing.add($0)
    }
    return pairing.movements
  }
}

/// Pairs each child's WellComm bands across consecutive terms of a range,
/// with the approaches the child took part in during the starting term,
/// as the children come from a walk of the records (`TermWalk`).
struct ImpactPairing {
  /// The terms with a day in the range, in order, and their names (a
  /// term works its name out each time it is asked).
  let terms: [SchoolTerm]
  let names: [String]
  /// The approaches each child was named present at, by child id and by
  /// the place of the pair's first term (`approachesTaken`).
  let taking: Taken
  /// Approaches by child id, then by the place of a pair's first term.
  typealias Taken = [String: [Int: Set<String>]]
  private(set) var movements: [ImpactMovement] = []

  /// Nil when the range has fewer than two terms, and so no pair.
  init?(_ db: Database, terms all: SchoolTerms, from: LocalDate, to: LocalDate) throws {
    terms = all.all.filter { $0.start <= to && $0.end >= from }
    guard terms.count >= 2 else { return nil }
    names = terms.map(\.name)
    taking = try Self.approachesTaken(db, terms: terms)
  }

  var termNames: Set<String> { Set(names) }

  /// A child's movements: a term's band is the latest of its records (they
  /// come in the order recorded); a child without a date of birth has no
  /// age band and is left out.
  mutating func add(_ child: TermWalk.Child) {
    var bands = [WellCommBand?](repeating: nil, count: terms.count)
    for record in child.records {
      // A handful of terms: a search of their names costs less than a hash.
      guard let term = names.firstIndex(of: record.term), let band = record.wellComm else { continue }
      bands[term] = band
    }
    let paired = terms.indices.dropLast().contains { bands[$0] != nil && bands[$0 + 1] != nil }
    guard paired, let dateOfBirth = child.dateOfBirth.flatMap(LocalDate.init) else { return }
    let taken = taking[child.id]
    for i in terms.indices.dropLast() {
      guard let start = bands[i], let end = bands[i + 1] else { continue }
      movements.append(
        ImpactMovement(
          childID: child.id, familyID: child.familyID, hubID: child.hub, startTerm: names[i],
          endTerm: names[i + 1], startBand: start, endBand: end,
          ageBand: ImpactMovement.ageBand(dateOfBirth: dateOfBirth, on: terms[i].start),
          approaches: taken?[i] ?? []))
    }
  }

  /// The approaches each child was named present at, by child id and by
  /// the place of the pair's first term: from that term's first day up to
  /// (not including) the next term's first day. Those spans follow one
  /// another, so one read of the contacts serves every pair; the
  /// `contact_approach` index holds every column it reads.
  private static func approachesTaken(_ db: Database, terms: [SchoolTerm]) throws -> Taken {
    let starts = terms.map(\.start.description)
    let statement = try db.makeStatement(
      sql: """
        SELECT j.value AS child, c.approach, c.at
        FROM contact c INDEXED BY contact_approach, json_each(c.present) j
        WHERE c.approach IS NOT NULL AND c.deleted = 0 AND c.in_error = 0 AND c.at >= ? AND c.at < ?
        """)
    statement.arguments = [starts[0], starts[starts.count - 1]]
    // Read where SQLite holds them: an instant is compared with the terms'
    // first days as text, as SQL compares it, and an approach is one of
    // a handful.
    let column = RawColumns(statement)
    let startBytes = starts.map { Array($0.utf8) }
    var approaches = FewStrings([])
    let cursor = try Row.fetchCursor(statement)
    var taken: Taken = [:]
    while try cursor.next() != nil {
      let at = column.bytes(2)
      guard
        let pair = startBytes.indices.dropLast().last(where: { !at.lexicographicallyPrecedes(startBytes[$0]) }
        ),
        let child = column.string(0)
      else { continue }
      taken[child, default: [:]][pair, default: []].insert(approaches.string(column.bytes(1)))
    }
    return taken
  }
}
