import Foundation
import GRDB
import StartWellCore

extension Store {
  /// The impact section: one metric per configured approach, from the
  /// movements of the children in the report's hubs
  /// (`impactMovements`, compared by `ImpactComparison`), groups smaller
  /// than the report's small number on either side giving no rate.
  func impactMetrics(_ db: Database, _ request: ReportRequest, scope: ReportScope) throws -> [Metric] {
    let minimumGroup = config.metrics.smallNumber
    return try impacts(db, request, scope: scope).map {
      ImpactMetrics.metric($0, minimumGroup: minimumGroup)
    }
  }

  private func impacts(_ db: Database, _ request: ReportRequest, scope: ReportScope) throws
    -> [ApproachImpact]
  {
    guard !config.approaches.isEmpty else { return [] }
    let movements = try scopedMovements(db, request, scope: scope)
    return ImpactComparison.compare(
      movements, approaches: config.approaches, minimumGroup: config.metrics.smallNumber)
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
  /// for an SDF only the families of that SDF, as the other figures count.
  private func scopedMovements(_ db: Database, _ request: ReportRequest, scope: ReportScope) throws
    -> [ImpactMovement]
  {
    let movements = try impactMovements(db, from: request.from, to: request.to, hubs: Set(scope.hubs))
    guard scope.kind == .sdf, let sdf = scope.id else { return movements }
    let families = try Set(
      String.fetchAll(db, sql: "SELECT id FROM family WHERE sdf_id = ?", arguments: [sdf]))
    return movements.filter { families.contains($0.familyID) }
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
