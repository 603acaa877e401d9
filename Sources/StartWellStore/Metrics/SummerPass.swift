import GRDB
import StartWellCore

/// GLD and school readiness from the records of the summer terms ending
/// in the range, as a walk of the records hands them over (`TermWalk`),
/// instead of two reads: each metric takes the records of its own cohort
/// (`OutcomeMetrics.gldCohort`, `.readinessCohort`) with its own rule,
/// written once in `OutcomeMetrics` and worked out by SQL in the walk
/// (whether GLD was achieved, and judged, follow from its outcome there).
/// `ReportPassTests` checks both against their own queries; `--explain`
/// lists each from its own query.
enum SummerPass {
  static let ids: Set<String> = [MetricCatalogue.gld.id, MetricCatalogue.schoolReadiness.id]

  /// The two metrics, in the order of `queries`, from a walk of their own.
  static func metrics(
    _ db: Database, _ q: ReportSQL, queries: [MetricQuery], label: (BreakdownDimension?, String) -> String
  ) throws -> [Metric] {
    var tally = Tally()
    let terms = Set(OutcomeMetrics.summerTermList(q).map(\.name))
    try TermWalk.read(db, terms: terms, family: q.family(), summer: q) { tally.add($0) }
    return tally.metrics(queries, label: label)
  }

  struct Tally {
    var gld = MetricTally(shares: true, children: true)
    var readiness = MetricTally(shares: true, children: true)

    /// A child's summer records, when their family has a reference and
    /// they have a date of birth, as the queries' records
    /// (`OutcomeMetrics.summerRecords`).
    mutating func add(_ child: TermWalk.Child) {
      guard child.confirmed, child.dateOfBirth?.isEmpty == false else { return }
      for record in child.records {
        guard let summer = record.summer else { continue }
        if summer.gldCohort {
          gld.add(
            family: child.familyRow, key: summer.gldOutcome, hit: summer.gldAchieved,
            counted: summer.gldJudged,
            child: child.row)
        }
        if summer.readinessCohort {
          readiness.add(
            family: child.familyRow, key: child.hub, hit: summer.ready, counted: 1, child: child.row)
        }
      }
    }

    func metrics(_ queries: [MetricQuery], label: (BreakdownDimension?, String) -> String) -> [Metric] {
      queries.metrics(
        [MetricCatalogue.gld.id: gld, MetricCatalogue.schoolReadiness.id: readiness], label: label)
    }
  }
}
