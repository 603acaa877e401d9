import Foundation
import GRDB
import StartWellCore

extension Store {
  /// The common metrics report for `request`, as the user may see it
  /// (SPEC workflow 8). Figures are whole: the caller suppresses small
  /// numbers before writing an export (`MetricsReport.suppressingSmallNumbers`).
  ///
  /// The sections are read side by side (`readForReport`).
  public func report(_ request: ReportRequest, for user: User) throws -> MetricsReport {
    let scope = try ReportSight.scope(request, for: user, config: config)
    let q = reportSQL(request, scope: scope)
    let all = metricQueries(q, scope: scope).filter {
      request.countsNet || $0.definition.id != MetricCatalogue.netByRule.id
    }
    let contactQueries = all.filter { ContactPass.ids.contains($0.definition.id) }
    let pairQueries = all.filter { TermPairPass.ids.contains($0.definition.id) }
    let summerQueries = all.filter { SummerPass.ids.contains($0.definition.id) }
    let notificationQueries = all.filter { NotificationPass.ids.contains($0.definition.id) }
    let passes = ContactPass.ids.union(TermPairPass.ids).union(SummerPass.ids).union(NotificationPass.ids)
    let queries = all.filter { !passes.contains($0.definition.id) }.sorted {
      Self.readsMost.firstIndex(of: $0.definition.id) ?? .max < Self.readsMost.firstIndex(
        of: $1.definition.id) ?? .max
    }
    let config = self.config
    let label = { @Sendable (d: BreakdownDimension?, key: String) in ReportLabels.label(d, key, config) }
    // One read per metric, so the readers share the work evenly whatever
    // each metric costs, the ones that read most first so that none is
    // left running alone at the end. The contact metrics are one read
    // between them, and so are the two movements between terms, the two
    // summer outcomes and the four notification metrics. Lead changes and
    // the impact section are counted in Swift from what they read.
    let single = queries.map { query in
      { @Sendable (db: Database) in [try query.metric(db, q) { label(query.dimension, $0) }] }
    }
    let jobs: [@Sendable (Database) throws -> [Metric]] =
      single.prefix(1)
      + [
        { db in try self.impactMetrics(db, request, scope: scope) },
        { db in try ContactPass.metrics(db, q, queries: contactQueries, label: label) },
        { db in try TermPairPass.metrics(db, q, queries: pairQueries, label: label) },
        { db in try SummerPass.metrics(db, q, queries: summerQueries, label: label) },
        { db in try NotificationPass.metrics(db, q, queries: notificationQueries, label: label) },
      ]
      + single.dropFirst()
      + [{ db in [try LeadChangeMetric.metric(db, q)] }]
    let zone = self.zone
    let computed = try readForReport(jobs.count) { i, db -> [Metric] in
      ReportFunctions.install(db, zone: zone, config: config)
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
      ReportFunctions.install(db, zone: zone, config: config)
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

  /// The metrics read on their own that read the most at scale, most
  /// first: the net goes before the shared passes, the rest after them.
  static let readsMost = [
    MetricCatalogue.netByRule.id, MetricCatalogue.referralWaiting.id, MetricCatalogue.followUpsOnTime.id,
    MetricCatalogue.newCases.id, MetricCatalogue.referralsByService.id, MetricCatalogue.steppedDown.id,
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
