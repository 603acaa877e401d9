import StartWellCore

/// Quality: whether work was done when it was due, and how long people waited.
enum QualityMetrics {
  static func all(_ config: StartWellCore.Configuration) -> [MetricQuery] {
    [
      followUpsOnTime, actionsOnTime, referralWaiting(config), escalationsInTarget(config),
      notificationsTriagedInTarget(config),
    ]
  }

  /// Work falls due in the range and no later than today: what is not yet
  /// due cannot be late.
  static func dueInRange(_ q: ReportSQL, _ column: String) -> String {
    "\(column) BETWEEN '\(q.from)' AND '\(min(q.to, q.today))'"
  }

  /// Read family by family, as the contacts are (`ThroughputMetrics.contacts`),
  /// from an index that holds all the rule tests.
  static let followUpsOnTime = MetricQuery(
    definition: MetricCatalogue.followUpsOnTime, entity: "contact", shape: .share, dimension: .hub
  ) { q in
    BaseColumns(
      id: "c.id", key: "f.hub_id", day: "c.follow_up",
      hit: "(c.follow_up_done = 1 AND report_day(c.follow_up_done_at) <= c.follow_up)",
      counted: "NOT (c.follow_up_done = 1 AND c.follow_up_done_at IS NULL)"
    ).sql + """
       FROM family f INDEXED BY family_scope
        CROSS JOIN contact c INDEXED BY contact_follow_up_report ON c.family_id = f.id AND c.follow_up IS NOT NULL
      WHERE \(q.family()) AND \(dueInRange(q, "c.follow_up")) AND c.deleted = 0 AND c.in_error = 0
      """
  }

  static let actionsOnTime = MetricQuery(
    definition: MetricCatalogue.actionsOnTime, entity: "action", shape: .share, dimension: .hub
  ) { q in
    BaseColumns(
      id: "a.id", key: "f.hub_id", day: "a.due",
      hit: "(a.status = '\(ActionStatus.done.rawValue)' AND report_day(a.done_at) <= a.due)",
      counted: "NOT (a.status = '\(ActionStatus.done.rawValue)' AND a.done_at IS NULL)"
    ).sql + """
       FROM action a INDEXED BY action_due \(q.familyOf("a.family_id"))
      WHERE \(dueInRange(q, "a.due")) AND a.deleted = 0
      """
  }

  /// The instant a referral was answered: accepted or declined.
  static let referralAnswered =
    "COALESCE(json_extract(r.status_dates, '$.accepted'), json_extract(r.status_dates, '$.declined'))"

  static func referralWaiting(_ config: StartWellCore.Configuration) -> MetricQuery {
    MetricQuery(
      definition: MetricCatalogue.referralWaiting, entity: "referral",
      shape: .duration(.days, withShare: false),
      dimension: .service, knownKeys: config.services.map(\.id)
    ) { q in
      let sent = ThroughputMetrics.referralStep("r", .sent)
      return BaseColumns(
        id: "r.id", reference: "r.reference", key: "r.service", day: "report_day(\(referralAnswered))",
        amount: "julianday(report_day(\(referralAnswered))) - julianday(report_day(\(sent)))"
      ).sql + """
         FROM referral r \(q.familyOf("r.family_id"))
        WHERE r.deleted = 0 AND \(referralAnswered) IS NOT NULL AND \(q.instantInRange(referralAnswered))
          AND \(sent) IS NOT NULL
        """
    }
  }

  /// The hours an escalation of its urgency may wait for a decision.
  static func targetHours(_ e: String, _ config: StartWellCore.Configuration) -> String {
    "CASE \(e).urgency "
      + Urgency.allCases.map { "WHEN '\($0.rawValue)' THEN \(config.thresholds.decisionTarget($0)) " }
      .joined()
      + "ELSE \(config.thresholds.decisionTarget(.routine)) END"
  }

  /// Decided within target when the decision came less than the target's
  /// hours after raising (the queue's "past target" is age ≥ target); an
  /// undecided one counts once its target has passed.
  static func escalationsInTarget(_ config: StartWellCore.Configuration) -> MetricQuery {
    MetricQuery(
      definition: MetricCatalogue.escalationsDecidedInTarget, entity: "escalation", shape: .share,
      dimension: .urgency, knownKeys: Urgency.allCases.reversed().map(\.rawValue)
    ) { q in
      let seconds = "(julianday(COALESCE(e.decided_at, '\(q.now)')) - julianday(e.raised_at)) * 86400"
      let target = "(\(targetHours("e", config))) * 3600"
      return BaseColumns(
        id: "e.id", reference: "e.reference", key: "e.urgency", day: "report_day(e.raised_at)",
        hit: "(e.decided_at IS NOT NULL AND \(seconds) < \(target))",
        counted: "(e.decided_at IS NOT NULL OR \(seconds) >= \(target))"
      ).sql + """
         FROM escalation e \(q.familyOf("e.family_id"))
        WHERE e.deleted = 0 AND \(q.instantInRange("e.raised_at"))
        """
    }
  }

  /// Triaged on or before the due day its kind's working days give; an
  /// untriaged one counts once that day has passed.
  static func notificationsTriagedInTarget(_ config: StartWellCore.Configuration) -> MetricQuery {
    MetricQuery(
      definition: MetricCatalogue.notificationsTriagedInTarget, entity: "notification", shape: .share,
      dimension: .kind, knownKeys: config.intake.kinds.map(\.kind.rawValue)
    ) { q in
      BaseColumns(
        id: "n.id", reference: "n.reference", hub: "n.hub_id", key: "n.kind",
        day: "report_day(n.received_at)", hit: triagedInTarget, counted: triageCounted(q)
      ).sql + " FROM " + ThroughputMetrics.notifications(q)
    }
  }

  /// Notification `n` was triaged by its due day.
  static let triagedInTarget =
    "(n.triaged_at IS NOT NULL AND report_day(n.triaged_at) <= report_triage_due(n.kind, n.received_at))"

  /// Notification `n` counts: triaged, or past its due day untriaged.
  static func triageCounted(_ q: ReportSQL) -> String {
    "(n.triaged_at IS NOT NULL OR report_triage_due(n.kind, n.received_at) < '\(q.today)')"
  }
}
