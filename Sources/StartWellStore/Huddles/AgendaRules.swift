import GRDB
import StartWellCore

extension AgendaRule {
  /// Every reason a family is on a huddle's agenda, in the order the agenda
  /// lists them. A new reason is one entry here.
  public static let all: [AgendaRule] = [
    flagged, escalation, review, referralWaiting, newInNet, actionDue,
  ]

  public static func named(_ id: String) -> AgendaRule? { all.first { $0.id == id } }

  /// The family's open case is flagged for the huddle (`h` in the client).
  /// The flagged cases are few and have an index of their own: the query
  /// starts from them (CROSS JOIN keeps that order) rather than from every
  /// family of the SDF.
  static let flagged = AgendaRule(
    id: "flagged", title: "Flagged for huddle",
    hits: { q, db in
      try q.fetch(
        db,
        """
        SELECT f.id AS family_id, NULL AS since, '' AS detail
        FROM cases c CROSS JOIN family f ON f.id = c.family_id
        WHERE c.flagged_for_huddle = 1 AND c.status = 'open' AND c.deleted = 0 AND \(q.family)
        """
      ) { _ in "case flagged for the huddle" }
    })

  /// An escalation raised and not yet decided (new, or acknowledged only).
  static let escalation = AgendaRule(
    id: "escalation", title: "Escalation undecided",
    hits: { q, db in
      try q.fetch(
        db,
        """
        SELECT f.id AS family_id, substr(e.raised_at, 1, 10) AS since,
          e.reference || ' to ' || e.to_level || ' (' || e.urgency || ')' AS detail, e.status
        FROM escalation e JOIN family f ON f.id = e.family_id
        WHERE e.status IN ('\(EscalationStatus.raised.rawValue)', '\(EscalationStatus.acknowledged.rawValue)')
          AND e.deleted = 0 AND \(q.family)
        """
      ) { row in
        let raised = row["since"] as String? ?? ""
        let state =
          (row["status"] as String?) == EscalationStatus.acknowledged.rawValue
          ? "acknowledged, not yet decided" : "not yet acknowledged"
        return "escalation \(row["detail"] as String? ?? "") raised \(raised), \(state)"
      }
    })

  /// The open case's review falls on or before the huddle's day, or it has
  /// no review date and was opened longer ago than the review period.
  static let review = AgendaRule(
    id: "review", title: "Review due",
    hits: { q, db in
      let period = q.thresholds.reviewIntervalDays
      return try q.fetch(
        db,
        """
        SELECT f.id AS family_id, \(NetSQL.reviewDue(period)) AS since,
          CASE WHEN f.case_next_review IS NULL THEN f.case_opened_on ELSE '' END AS detail
        FROM family f
        WHERE \(q.family) AND (\(NetSQL.reviewDue(before: q.date.adding(days: 1), period: period)))
        """
      ) { row in
        let due = (row["since"] as String?).flatMap(LocalDate.init) ?? q.date
        let days = due.days(until: q.date)
        let when = days == 0 ? "due today" : "\(days) day\(days == 1 ? "" : "s") overdue"
        let opened = row["detail"] as String? ?? ""
        return opened.isEmpty
          ? "review due \(due), \(when)" : "no review date; case opened \(opened), review due \(due), \(when)"
      }
    })

  /// A referral sent and not answered for longer than the net's threshold.
  static let referralWaiting = AgendaRule(
    id: "referral-waiting", title: "Referral waiting",
    hits: { q, db in
      let weeks = q.thresholds.referralWaitingWeeks
      let sent = NetSQL.referralSent
      return try q.fetch(
        db,
        """
        SELECT f.id AS family_id, \(sent) AS since, r.reference || ' to ' || r.service AS detail
        FROM \(NetSQL.referralsBySent)
        WHERE r.status = '\(ReferralStatus.sent.rawValue)' AND r.deleted = 0 AND \(q.family)
          AND \(sent) < \(q.daysBefore(weeks * 7))
        """
      ) { row in
        let since = (row["since"] as String?).flatMap(LocalDate.init) ?? q.date
        return "referral \(row["detail"] as String? ?? "") sent \(since), \(since.days(until: q.date)) days; "
          + "threshold \(weeks) weeks"
      }
    })

  /// A child who came into the net after the SDF's last closed huddle, or
  /// within `firstHuddleDays` of the huddle when the SDF has had none.
  static let newInNet = AgendaRule(
    id: "net", title: "New in the net", readsNet: true,
    hits: { q, _ in
      let after = q.lastHuddle ?? q.date.adding(days: -firstHuddleDays)
      var hits: [AgendaHit] = []
      for row in q.net {
        let fresh = row.reasons.compactMap { reason -> (NetReason, LocalDate)? in
          let entered = reason.since.adding(days: NetRule.entryDelay(reason.rule, q.thresholds))
          return entered > after && entered <= q.date ? (reason, entered) : nil
        }
        guard let first = fresh.min(by: { $0.1 < $1.1 }) else { continue }
        let facts = fresh.map { "\($0.0.rule): \($0.0.facts)" }.joined(separator: "; ")
        hits.append(
          AgendaHit(
            familyID: row.familyID, since: first.1,
            facts: "\(row.childName) (\(row.childReference)) in the net since \(first.1): \(facts)"))
      }
      return hits
    })

  /// How far back an SDF's first huddle looks for children new in the net.
  static let firstHuddleDays = 14

  /// An open action set at an earlier huddle of the same SDF, due by the huddle's day.
  static let actionDue = AgendaRule(
    id: "action-due", title: "Action due",
    hits: { q, db in
      try q.fetch(
        db,
        """
        SELECT f.id AS family_id, a.due AS since,
          '"' || substr(a.description, 1, 60) || '" for ' || COALESCE(u.username, '?') || ', set ' || h.date AS detail
        FROM action a JOIN huddle_item i ON i.id = a.huddle_item_id JOIN huddle h ON h.id = i.huddle_id
        JOIN family f ON f.id = a.family_id LEFT JOIN users u ON u.id = a.owner_id
        WHERE a.status = '\(ActionStatus.open.rawValue)' AND a.deleted = 0 AND a.due <= '\(q.date)'
          AND h.date < '\(q.date)' AND h.hub_id = '\(q.hub)' AND COALESCE(h.sdf_id, '') = '\(q.sdf ?? "")'
          AND \(q.family)
        """
      ) { row in
        let due = (row["since"] as String?).flatMap(LocalDate.init) ?? q.date
        let days = due.days(until: q.date)
        let when = days == 0 ? "due today" : "due \(due), \(days) day\(days == 1 ? "" : "s") overdue"
        return "action \(row["detail"] as String? ?? ""), \(when)"
      }
    })
}
