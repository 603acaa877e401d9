import Foundation
import GRDB
import StartWellCore

extension Store {
  /// The impact section, one metric per configured approach, and the
  /// movement, GLD and readiness metrics (`TermPairPass`, `SummerPass`, in
  /// the order of `queries`), from one walk of the records of the range's
  /// terms (`TermWalk`).
  ///
  /// The impact section compares the movements of the children in the
  /// report's scope (`ImpactComparison`), groups smaller than the report's
  /// small number on either side giving no rate.
  func termMetrics(
    _ db: Database, _ request: ReportRequest, _ q: ReportSQL, queries: [MetricQuery],
    label: (BreakdownDimension?, String) -> String
  ) throws -> [Metric] {
    var pairs = TermPairPass.Tally(q)
    var summer = SummerPass.Tally()
    var pairing =
      config.approaches.isEmpty
      ? nil : try ImpactPairing(db, terms: config.terms, from: request.from, to: request.to)
    let terms = pairs.terms.union(OutcomeMetrics.summerTermList(q).map(\.name)).union(
      pairing?.termNames ?? [])
    try TermWalk.read(db, terms: terms, family: q.family(withReference: false), summer: q) { child in
      pairs.add(child)
      summer.add(child)
      pairing?.add(child)
    }
    let minimumGroup = config.metrics.smallNumber
    let impact =
      config.approaches.isEmpty
      ? []
      : ImpactComparison.compare(
        pairing?.movements ?? [], approaches: config.approaches, minimumGroup: minimumGroup
      ).map { ImpactMetrics.metric($0, minimumGroup: minimumGroup) }
    func members(_ ids: Set<String>) -> [MetricQuery] { queries.filter { ids.contains($0.definition.id) } }
    let walked =
      pairs.metrics(members(TermPairPass.ids), label: label)
      + summer.metrics(members(SummerPass.ids), label: label)
    let byID = Dictionary(uniqueKeysWithValues: walked.map { ($0.id, $0) })
    return impact + queries.compactMap { byID[$0.definition.id] }
  }

  /// The children behind an impact metric: each taker, once for each pair
  /// of terms they are counted in, with the group row they count in and
  /// whether their band improved. References, never names.
  func impactRecords(_ metricID: String, _ request: ReportRequest, scope: ReportScope) throws
    -> [ExplainedRecord]
  {
    guard
      let approach = config.approaches.first(where: { MetricCatalogue.impactPrefix + $0.id == metricID })
    else { return [] }
    let movements = try read { db in try scopedMovements(db, request, scope: scope) }
      .filter { $0.approaches.contains(approach.id) }.sorted(by: Self.termThenChild)
    let references = try childReferences(Set(movements.map(\.childID)))
    return movements.map { m in
      let group = "\(m.hubID)/\(m.startBand.rawValue)/\(m.ageBand)"
      return ExplainedRecord(
        entity: "person", id: m.childID, reference: references[m.childID]?.child,
        family: references[m.childID]?.family, hub: m.hubID, key: group, date: m.startTerm,
        value: m.direction.rawValue)
    }
  }

  /// The movements of the children in the report's scope: its hubs, and
  /// for an SDF only the families of that SDF, as the report's own walk
  /// reads them (`termMetrics`).
  private func scopedMovements(_ db: Database, _ request: ReportRequest, scope: ReportScope) throws
    -> [ImpactMovement]
  {
    guard var pairing = try ImpactPairing(db, terms: config.terms, from: request.from, to: request.to)
    else { return [] }
    let q = reportSQL(request, scope: scope)
    try TermWalk.read(db, terms: pairing.termNames, family: q.family(withReference: false)) {
      pairing.add($0)
    }
    return pairing.movements
  }

  /// Each child's reference (P-…) and their family's (F-…), by child id.
  private func childReferences(_ ids: Set<String>) throws -> [String: (child: String, family: String)] {
    guard !ids.isEmpty else { return [:] }
    return try read { db in
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT p.id, p.reference, f.reference AS family FROM person p JOIN family f ON f.id = p.family_id
          WHERE p.id IN (\(ids.map { _ in "?" }.joined(separator: ", ")))
          """, arguments: StatementArguments(ids.sorted()))
      var references: [String: (child: String, family: String)] = [:]
      for row in rows { references[row["id"]] = (row["reference"], row["family"]) }
      return references
    }
  }
}
