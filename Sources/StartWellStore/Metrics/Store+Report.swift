import Foundation
import GRDB
import StartWellCore

extension Store {
  /// The common metrics report for `request`, as the user may see it
  /// (SPEC workflow 8). Figures are whole: the caller suppresses small
  /// numbers before writing an export (`MetricsReport.suppressingSmallNumbers`).
  ///
  /// The sections are read side by side (`readSideBySide`).
  public func report(_ request: ReportRequest, for user: User) throws -> MetricsReport {
    let scope = try ReportSight.scope(request, for: user, config: config)
    let q = reportSQL(request, scope: scope)
    let all = metricQueries(q, scope: scope).filter {
      request.countsNet || $0.definition.id != MetricCatalogue.netByRule.id
    }
    // Metrics read together, each pass checked against its metrics' own
    // queries (`ReportPassTests`).
    let passes: [(ids: Set<String>, read: Pass)] = [
      (ContactPass.ids, ContactPass.metrics), (NotificationPass.ids, NotificationPass.metrics),
      (CasePass.ids, CasePass.metrics),
    ]
    let inPasses = passes.reduce(into: Self.walked) { $0.formUnion($1.ids) }
    let queries = all.filter { !inPasses.contains($0.definition.id) }.sorted {
      Self.readsMost.firstIndex(of: $0.definition.id) ?? .max < Self.readsMost.firstIndex(
        of: $1.definition.id) ?? .max
    }
    let config = self.config
    let label = { @Sendable (d: BreakdownDimension?, key: String) in ReportLabels.label(d, key, config) }
    // One read per metric or pass, so the readers share the work evenly
    // whatever each costs, the ones that read most first so that none is
    // left running alone at the end: the net, then the walk of the terms'
    // records (the impact section and the movements), the passes, then the
    // rest. The impact section is counted in Swift from what it reads.
    let single = queries.map { query in
      { @Sendable (db: Database) in [try query.metric(db, q) { label(query.dimension, $0) }] }
    }
    let shared = passes.map { pass in
      let members = all.filter { pass.ids.contains($0.definition.id) }
      return { @Sendable (db: Database) in try pass.read(db, q, members, label) }
    }
    let walkedQueries = all.filter { Self.walked.contains($0.definition.id) }
    let terms: @Sendable (Database) throws -> [Metric] = { db in
      try self.termMetrics(db, request, q, queries: walkedQueries, label: label)
    }
    let jobs: [@Sendable (Database) throws -> [Metric]] =
      Array(single.prefix(1)) + [terms] + shared
      + single.dropFirst()
    let zone = self.zone
    let computed = try readSideBySide(jobs.count, cacheKiB: Self.reportCacheKiB) { i, db -> [Metric] in
      try ReportFunctions.install(db, zone: zone, config: config)
      return try jobs[i](db)
    }
    var byID: [String: Metric] = [:]
    for metric in computed.joined() { byID[metric.id] = netTotal(metric) }
    let impact = computed.joined().filter { $0.section == .impact }
    let sections = ReportSectionID.allCases.map { id in
      id == .impact
        ? ReportSection(
          id: id, metrics: impact,
          note: config.approaches.isEmpty ? MetricCatalogue.noApproaches : nil)
        : ReportSection(id: id, metrics: MetricCatalogue.section(id).compactMap { byID[$0.id] })
    }
    return MetricsReport(
      from: request.from, to: request.to, scope: scope, asOf: today, smallNumber: config.metrics.smallNumber,
      sections: sections)
  }

  /// The records behind one metric of the report for `request`.
  public func explainMetric(_ id: String, _ request: ReportRequest, for user: User) throws
    -> MetricExplanation
  {
    let smallNumber = config.metrics.smallNumber
    guard
      let definition = MetricCatalogue.definition(
        id, approaches: config.approaches, minimumGroup: smallNumber)
    else {
      let known = MetricCatalogue.all(approaches: config.approaches, minimumGroup: smallNumber).map(\.id)
      throw DomainError.invalid([
        FieldIssue(
          field: "explain", rule: "known",
          message: "'\(id)' is not a metric; known: \(known.joined(separator: ", "))")
      ])
    }
    let scope = try ReportSight.scope(request, for: user, config: config)
    if definition.section == .impact {
      return MetricExplanation(
        definition: definition, from: request.from, to: request.to, scope: scope,
        records: try impactRecords(definition.id, request, scope: scope))
    }
    try requireNotificationSight(definition, user)
    let q = reportSQL(request, scope: scope)
    let records = try read { db -> [ExplainedRecord] in
      try ReportFunctions.install(db, zone: zone, config: config)
      if id == MetricCatalogue.leadChanges.id { return try LeadChangeMetric.explain(db, q) }
      guard let query = metricQuery(id, q, scope: scope) else { return [] }
      return try query.explain(db, q)
    }
    return MetricExplanation(
      definition: definition, from: request.from, to: request.to, scope: scope, records: records)
  }

  /// Records that a report left the store: who, what range and scope, which
  /// format and whether small numbers were suppressed. No figures and no
  /// personal details go into the audit.
  public func recordReportExport(
    _ report: MetricsReport, format: String, metric: String? = nil, as user: User
  ) throws {
    try write(as: user) { tx in
      let what = metric.map { "the records behind \($0)" } ?? "metrics report"
      try tx.auditAccess(
        "export", entity: .auditEvent, recordID: UUID().uuidString.lowercased(), familyID: nil,
        hub: report.scope.hubs.count == 1 ? report.scope.hubs.first : nil,
        detail:
          "\(what) \(report.from) to \(report.to), \(report.scope.label), \(format); "
          + "figures under \(report.smallNumber) suppressed")
    }
  }

  /// The records behind a notification metric are notifications, which
  /// a role sees only of the kinds `intake.json` shows it (by default only
  /// huddle leads and supervisors see domestic abuse notifications): the
  /// figure is an aggregate anyone in scope may read, the list is not.
  private func requireNotificationSight(_ definition: MetricDefinition, _ user: User) throws {
    let domesticAbuse = [MetricCatalogue.domesticAbuseNotifications.id, MetricCatalogue.domesticAbuseSeen.id]
    let allKinds = [MetricCatalogue.notificationsByKind.id, MetricCatalogue.notificationsTriagedInTarget.id]
    let covered: [NotificationKind] =
      domesticAbuse.contains(definition.id)
      ? [.domesticAbuse] : allKinds.contains(definition.id) ? config.intake.kinds.map(\.kind) : []
    let hidden = covered.filter { !config.intake.visible($0, to: user.role) }
    guard !hidden.isEmpty else { return }
    throw DomainError.forbidden(
      "the records behind \(definition.id) include \(hidden.map(\.rawValue).joined(separator: ", ")) "
        + "notifications, which a \(user.role.rawValue) may not see (intake.json visibleTo)")
  }

  /// A read of several metrics at once: their figures, in the order of
  /// the queries given.
  typealias Pass =
    @Sendable (
      Database, ReportSQL, [MetricQuery], (BreakdownDimension?, String) -> String
    ) throws -> [Metric]

  /// The metrics counted from the walk of the terms' records (`termMetrics`).
  static let walked = TermPairPass.ids.union(SummerPass.ids)

  /// The page cache of each of the report's readers while it lasts, in
  /// KiB: enough for the family, people and development indexes at stress
  /// scale (`readSideBySide`).
  static let reportCacheKiB = 32 * 1024

  /// The metrics read on their own that read the most at scale, most
  /// first: the net goes before the shared passes, the rest after them.
  static let readsMost = [
    MetricCatalogue.netByRule.id, MetricCatalogue.referralWaiting.id, MetricCatalogue.followUpsOnTime.id,
    MetricCatalogue.newCases.id, MetricCatalogue.referralsByService.id,
  ]

  /// In the net's total a child counts once, whatever number of rules found them.
  private func netTotal(_ metric: Metric) -> Metric {
    guard metric.id == MetricCatalogue.netByRule.id else { return metric }
    var m = metric
    m.figure.count = m.figure.children
    return m
  }

  func reportSQL(_ request: ReportRequest, scope: ReportScope) -> ReportSQL {
    ReportSQL(
      from: request.from, to: request.to, today: today, now: now(), zone: zone, scope: scope, config: config)
  }

  private func metricQuery(_ id: String, _ q: ReportSQL, scope: ReportScope) -> MetricQuery? {
    metricQueries(q, scope: scope).first { $0.definition.id == id }
  }

  /// Every metric counted by a query of its own, in report order.
  func metricQueries(_ q: ReportSQL, scope: ReportScope) -> [MetricQuery] {
    ThroughputMetrics.all(config, hubs: scope.hubs) + QualityMetrics.all(config) + OutcomeMetrics.all(q)
      + SafeguardingMetrics.all(scope.hubs) + [SafeguardingMetrics.netByRule(netSQL(families: q.family()))]
  }
}
