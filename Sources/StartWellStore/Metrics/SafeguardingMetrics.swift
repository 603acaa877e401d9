import StartWellCore

/// The early years safeguarding priorities the partnership watches.
enum SafeguardingMetrics {
  static func all(_ hubs: [String]) -> [MetricQuery] {
    [domesticAbuseNotifications(hubs), domesticAbuseSeen(hubs), escalationsToSocialCare]
  }

  static func domesticAbuseNotifications(_ hubs: [String]) -> MetricQuery {
    MetricQuery(
      definition: MetricCatalogue.domesticAbuseNotifications, entity: "notification", shape: .count,
      dimension: .hub, knownKeys: hubs
    ) { q in
      BaseColumns(
        id: "n.id", reference: "n.reference", hub: "n.hub_id", key: "n.hub_id",
        day: "report_day(n.received_at)"
      ).sql + " FROM " + ThroughputMetrics.notifications(q, kind: .domesticAbuse)
    }
  }

  /// Hours to triage, with the share triaged within target beside them
  /// (the rule of `quality.notifications-triaged-in-target`).
  static func domesticAbuseSeen(_ hubs: [String]) -> MetricQuery {
    MetricQuery(
      definition: MetricCatalogue.domesticAbuseSeen, entity: "notification",
      shape: .duration(.hours, withShare: true), dimension: .hub, knownKeys: hubs
    ) { q in
      BaseColumns(
        id: "n.id", reference: "n.reference", hub: "n.hub_id", key: "n.hub_id",
        day: "report_day(n.received_at)", hit: QualityMetrics.triagedInTarget,
        counted: QualityMetrics.triageCounted(q), amount: hoursToTriage
      ).sql + " FROM " + ThroughputMetrics.notifications(q, kind: .domesticAbuse)
    }
  }

  /// The hours from notification `n`'s receipt to its triage.
  static let hoursToTriage = "round((julianday(n.triaged_at) - julianday(n.received_at)) * 24, 1)"

  static let escalationsToSocialCare = MetricQuery(
    definition: MetricCatalogue.escalationsToSocialCare, entity: "escalation", shape: .count,
    dimension: .urgency, knownKeys: Urgency.allCases.reversed().map(\.rawValue)
  ) { q in
    BaseColumns(id: "e.id", reference: "e.reference", key: "e.urgency", day: "report_day(e.raised_at)").sql
      + """
       FROM escalation e \(q.familyOf("e.family_id"))
      WHERE e.deleted = 0 AND e.to_level = '\(CaseLevel.specialist.rawValue)' AND \(q.instantInRange("e.raised_at"))
      """
  }

  /// Children in the net today, by rule: each rule's own query (`NetRule`)
  /// over the families in scope, so the report and the net cannot differ.
  static func netByRule(_ netSQL: NetSQL) -> MetricQuery {
    MetricQuery(
      definition: MetricCatalogue.netByRule, entity: "person", shape: .count, dimension: .rule,
      knownKeys: NetRule.all.map(\.id), countsChildren: true, base: { [sql = netSQLText(netSQL)] _ in sql },
      counted: { [sql = netCountedText(netSQL)] _ in sql })
  }

  /// Each child once for each rule that finds them, with nothing but the
  /// ids the sums read: the names and references the base lists are left
  /// unread.
  private static func netCountedText(_ netSQL: NetSQL) -> String {
    NetRule.all.map { rule in
      """
      SELECT DISTINCT family_row AS family_id, '\(rule.id)' AS key, 1 AS hit, 1 AS counted,
        child_row AS child_id, NULL AS amount
      FROM (\(rule.query(netSQL)))
      """
    }.joined(separator: " UNION ALL ")
  }

  private static func netSQLText(_ netSQL: NetSQL) -> String {
    NetRule.all.map { rule in
      """
      SELECT child_id AS id, MIN(child_reference) AS reference, MIN(family_reference) AS family,
        MIN(family_row) AS family_id, child_row AS child_id, MIN(hub_id) AS hub,
        '\(rule.id)' AS key, MIN(since) AS day,
        1 AS hit, 1 AS counted, NULL AS amount
      FROM (\(rule.query(netSQL))) GROUP BY child_row
      """
    }.joined(separator: " UNION ALL ")
  }
}
