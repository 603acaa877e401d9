import StartWellCore

/// Throughput: how much work came in and was done in the range.
enum ThroughputMetrics {
  static func all(_ config: StartWellCore.Configuration, hubs: [String]) -> [MetricQuery] {
    [
      newCases(hubs), contactsByType(config), escalationsByLevel, referralsByService(config),
      notificationsByKind(config), huddlesHeld(hubs), huddleItemsDiscussed(hubs),
    ]
  }

  static func newCases(_ hubs: [String]) -> MetricQuery {
    MetricQuery(
      definition: MetricCatalogue.newCases, entity: "case", shape: .count, dimension: .hub, knownKeys: hubs
    ) { q in
      BaseColumns(id: "c.id", key: "f.hub_id", day: "c.opened_on").sql + """
         FROM cases c \(q.familyOf("c.family_id"))
        WHERE c.deleted = 0 AND \(q.dayInRange("c.opened_on"))
        """
    }
  }

  /// Contacts on a day of the range, not in error: the one selection the
  /// contact metrics share. They are read family by family, each family's
  /// range of `contact_family_report`, so the contacts arrive grouped by
  /// family (`MetricAggregate` then needs no sort) and each family in
  /// scope is read once, not looked up once per contact.
  static func contacts(_ q: ReportSQL) -> String {
    """
    family f INDEXED BY family_scope CROSS JOIN contact c INDEXED BY contact_family_report ON c.family_id = f.id
    WHERE \(q.family()) AND \(q.instantInRange("c.at")) AND c.deleted = 0 AND c.in_error = 0
    """
  }

  static func contactsByType(_ config: StartWellCore.Configuration) -> MetricQuery {
    MetricQuery(
      definition: MetricCatalogue.contactsByType, entity: "contact", shape: .count, dimension: .type,
      knownKeys: config.contactTypes.map(\.id)
    ) { q in
      BaseColumns(id: "c.id", key: "c.type", day: "report_day(c.at)").sql + " FROM " + contacts(q)
    }
  }

  static let escalationsByLevel = MetricQuery(
    definition: MetricCatalogue.escalationsByLevel, entity: "escalation", shape: .count,
    dimension: .levelAndUrgency,
    knownKeys: CaseLevel.allCases.dropFirst().flatMap { level in
      Urgency.allCases.reversed().map { "\(level.rawValue)/\($0.rawValue)" }
    }
  ) { q in
    BaseColumns(
      id: "e.id", reference: "e.reference", key: "e.to_level || '/' || e.urgency",
      day: "report_day(e.raised_at)"
    ).sql + """
       FROM escalation e \(q.familyOf("e.family_id"))
      WHERE e.deleted = 0 AND \(q.instantInRange("e.raised_at"))
      """
  }

  /// The instant a referral took a step, from its dated steps.
  static func referralStep(_ r: String, _ status: ReferralStatus) -> String {
    "json_extract(\(r).status_dates, '$.\(status.rawValue)')"
  }

  static func referralsByService(_ config: StartWellCore.Configuration) -> MetricQuery {
    MetricQuery(
      definition: MetricCatalogue.referralsByService, entity: "referral", shape: .count, dimension: .service,
      knownKeys: config.services.map(\.id)
    ) { q in
      let sent = referralStep("r", .sent)
      return BaseColumns(
        id: "r.id", reference: "r.reference", key: "r.service", day: "report_day(\(sent))"
      ).sql + """
         FROM referral r \(q.familyOf("r.family_id"))
        WHERE r.deleted = 0 AND \(sent) IS NOT NULL AND \(q.instantInRange(sent))
        """
    }
  }

  /// Notifications received in the range, and the family they landed on, if any.
  static func notifications(_ q: ReportSQL, kind: NotificationKind? = nil) -> String {
    """
    notification n LEFT JOIN person np ON np.id = n.person_id LEFT JOIN family f ON f.id = np.family_id
    WHERE \(q.instantInRange("n.received_at")) AND \(q.notification())\(kind.map { " AND n.kind = '\($0.rawValue)'" } ?? "")
    """
  }

  static func notificationsByKind(_ config: StartWellCore.Configuration) -> MetricQuery {
    MetricQuery(
      definition: MetricCatalogue.notificationsByKind, entity: "notification", shape: .count,
      dimension: .kind,
      knownKeys: config.intake.kinds.map(\.kind.rawValue)
    ) { q in
      BaseColumns(
        id: "n.id", reference: "n.reference", familyID: "f.rowid", hub: "n.hub_id", key: "n.kind",
        day: "report_day(n.received_at)"
      ).sql + " FROM " + notifications(q)
    }
  }

  static func huddlesHeld(_ hubs: [String]) -> MetricQuery {
    MetricQuery(
      definition: MetricCatalogue.huddlesHeld, entity: "huddle", shape: .count, dimension: .hub,
      knownKeys: hubs
    ) { q in
      BaseColumns(
        id: "h.id", family: "NULL", familyID: "NULL", hub: "h.hub_id", key: "h.hub_id", day: "h.date"
      ).sql + " FROM huddle h WHERE \(q.huddle()) AND \(q.dayInRange("h.date"))"
    }
  }

  static func huddleItemsDiscussed(_ hubs: [String]) -> MetricQuery {
    MetricQuery(
      definition: MetricCatalogue.huddleItemsDiscussed, entity: "huddle-item", shape: .count, dimension: .hub,
      knownKeys: hubs
    ) { q in
      BaseColumns(id: "i.id", hub: "h.hub_id", key: "h.hub_id", day: "h.date").sql + """
         FROM huddle h JOIN huddle_item i ON i.huddle_id = h.id LEFT JOIN family f ON f.id = i.family_id
        WHERE \(q.huddle()) AND \(q.dayInRange("h.date")) AND i.deleted = 0
          AND i.state = '\(HuddleItemState.discussed.rawValue)'
        """
    }
  }
}
