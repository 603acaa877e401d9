import GRDB
import StartWellCore

/// WellComm movement and EYFS movement from one walk of the records
/// (`TermWalk`), instead of two reads of the term pairs, with the three
/// EYFS areas taken from each pair at once.
///
/// A pair is a child's record in a term starting in the range and one in
/// the term before, as the metrics' own queries join them
/// (`OutcomeMetrics.termPairRecords`), and moves by the same rule
/// (`OutcomeMetrics.movement`): the ranks SQL gives each band, compared
/// here. A pair counts once for WellComm and once for each area, as the
/// queries' records do. `ReportPassTests` holds the two to the same
/// figures, and `--explain` still lists each metric's records from its
/// own query.
enum TermPairPass {
  static let ids: Set<String> = [MetricCatalogue.wellCommMovement.id, MetricCatalogue.eyfsMovement.id]

  /// The measures a pair moves in: WellComm, then each EYFS area, as
  /// (key prefix, column).
  static let measures = [("", "wellcomm")] + OutcomeMetrics.areas.map { ("\($0.0)/", $0.1) }

  /// The two metrics, in the order of `queries`, from a walk of their own.
  static func metrics(
    _ db: Database, _ q: ReportSQL, queries: [MetricQuery], label: (BreakdownDimension?, String) -> String
  ) throws -> [Metric] {
    var tally = Tally(q)
    try TermWalk.read(db, terms: tally.terms, family: q.family()) { tally.add($0) }
    return tally.metrics(queries, label: label)
  }

  /// The pairs' movements, counted child by child as a walk hands them over.
  struct Tally {
    /// The terms starting in the range, each with the term before it.
    let pairs: [(name: String, previous: String)]
    var wellComm = MetricTally(shares: false, children: true)
    var eyfs = MetricTally(shares: false, children: true)
    /// Each measure's row for each movement in its tally, resolved once.
    let keys: [[Int]]

    init(_ q: ReportSQL) {
      pairs = OutcomeMetrics.termPairList(q)
      var wellComm = MetricTally(shares: false, children: true)
      var eyfs = MetricTally(shares: false, children: true)
      keys = measures.enumerated().map { i, measure in
        OutcomeMetrics.movements.map { movement in
          i == 0 ? wellComm.index(of: measure.0 + movement) : eyfs.index(of: measure.0 + movement)
        }
      }
      self.wellComm = wellComm
      self.eyfs = eyfs
    }

    /// Every term a pair reads.
    var terms: Set<String> { Set(pairs.flatMap { [$0.name, $0.previous] }) }

    /// A child's pairs: each record in a pair's term with each record in
    /// the term before, as the queries' join gives them. Only families
    /// with a reference count, as everywhere in the report.
    mutating func add(_ child: TermWalk.Child) {
      guard child.confirmed else { return }
      for pair in pairs {
        for d in child.records where d.term == pair.name {
          for d0 in child.records where d0.term == pair.previous {
            for i in measures.indices {
              let key = keys[i][OutcomeMetrics.movementIndex(before: d0.ranks[i], after: d.ranks[i])]
              if i == 0 {
                wellComm.add(family: child.familyRow, at: key, hit: 0, counted: 0, child: child.row)
              } else {
                eyfs.add(family: child.familyRow, at: key, hit: 0, counted: 0, child: child.row)
              }
            }
          }
        }
      }
    }

    func metrics(_ queries: [MetricQuery], label: (BreakdownDimension?, String) -> String) -> [Metric] {
      queries.metrics(
        [MetricCatalogue.wellCommMovement.id: wellComm, MetricCatalogue.eyfsMovement.id: eyfs], label: label)
    }
  }
}
