import StartWellCore

extension NetRule {
  /// Every rule of the net, in the order the net lists reasons. A new rule
  /// is one entry here.
  public static let all: [NetRule] =
    [
      noContact, referralWaiting, developmentBelow, reviewOverdue, workOverdue,
    ] + intake

  public static func named(_ id: String) -> NetRule? { all.first { $0.id == id } }

  /// The entry delay of the rule named `rule` (0 for a name not known).
  static func entryDelay(_ rule: String, _ t: Thresholds) -> Int { named(rule)?.entryDelay(t) ?? 0 }

  /// No contact with the family, other than contacts entered in error, for
  /// more than the threshold: measured from the last contact, or from the
  /// case's opening when there has been none.
  static let noContact = NetRule(
    id: "no-contact", title: "No contact",
    entryDelay: { $0.noContactDays + 1 },
    query: { q in
      let openedOn = "f.case_opened_on"
      // `last_contact_day` and `case_opened_on` are kept by FamilyIndex;
      // the first already leaves out contacts in error.
      return """
        SELECT \(NetSQL.childColumns),
          CASE WHEN f.last_contact_day IS NULL THEN \(openedOn)
               ELSE date(f.last_contact_day * 86400, 'unixepoch') END AS since,
          CASE WHEN f.last_contact_day IS NULL THEN 'opened' ELSE 'contact' END AS detail
        FROM \(q.childrenOfFamilies)
        WHERE \(q.family) AND (f.last_contact_day < \(q.today.dayNumber - q.thresholds.noContactDays)
          OR (f.last_contact_day IS NULL AND \(openedOn) < \(q.daysAgo(q.thresholds.noContactDays))))
          \(q.enteredFrom.map { from in
            let floor = from.adding(days: -NetRule.entryDelay("no-contact", q.thresholds))
            return "AND (f.last_contact_day >= \(floor.dayNumber) OR (f.last_contact_day IS NULL AND \(openedOn) >= '\(floor)'))"
          } ?? "")
        """
    },
    facts: { f, t in
      let what = f.detail == "opened" ? "no contact since the case opened" : "last contact"
      return "\(what) \(f.since), \(f.daysText); threshold \(t.noContactDays)"
    })

  /// A referral sent and not yet accepted or declined for longer than the
  /// threshold. A referral for a child counts for that child; one for a
  /// parent or carer is the family's, and counts for each of its children.
  static let referralWaiting = NetRule(
    id: "referral-waiting", title: "Referral waiting",
    entryDelay: { $0.referralWaitingWeeks * 7 + 1 },
    query: { q in
      let sent = NetSQL.referralSent
      return """
        SELECT \(NetSQL.childColumns), \(sent) AS since, r.reference || ' to ' || r.service AS detail
        FROM \(NetSQL.referralsBySent) JOIN person p ON p.family_id = f.id AND \(q.child)
        WHERE r.status = '\(ReferralStatus.sent.rawValue)' AND r.deleted = 0 AND \(q.family)
          AND (r.person_id = p.id
            OR NOT EXISTS (SELECT 1 FROM person rp WHERE rp.id = r.person_id AND rp.relationship = 'child'))
          AND \(sent) < \(q.daysAgo(q.thresholds.referralWaitingWeeks * 7))\(q.enteredCondition("referral-waiting", sent))
        """
    },
    facts: { f, t in
      "referral \(f.detail) sent \(f.since), \(f.daysText); threshold \(t.referralWaitingWeeks) weeks"
    })

  /// The child's latest development record is below expected
  /// (`NetSQL.belowExpected`) and no referral for the child raised since
  /// that record is still open. Only families with such a child
  /// (`family.development_below`, kept by FamilyIndex) are read further.
  static let developmentBelow = NetRule(
    id: "development-below", title: "Development below expected",
    entryDelay: { _ in 0 },
    query: { q in
      let detail = NetSQL.belowAreas.map { " || CASE WHEN \($0.test("d")) THEN ', \($0.name)' ELSE '' END" }
        .joined()
      let closed = [ReferralStatus.closed, .declined].map { "'\($0.rawValue)'" }.joined(separator: ", ")
      let raised = "substr(COALESCE(json_extract(r.status_dates, '$.draft'), r.created_at), 1, 10)"
      return """
        SELECT \(NetSQL.childColumns), d.recorded_on AS since, substr(''\(detail), 3) AS detail
        FROM \(q.childrenOfFamilies) JOIN \(NetSQL.latestDevelopment)
        WHERE f.development_below > 0 AND \(q.family)\(q.enteredCondition("development-below", "d.recorded_on"))
          AND \(NetSQL.belowExpected("d"))
          AND NOT EXISTS (SELECT 1 FROM referral r WHERE r.family_id = f.id AND r.person_id = p.id
            AND r.deleted = 0 AND r.status NOT IN (\(closed)) AND \(raised) >= d.recorded_on)
        """
    },
    facts: { f, _ in
      "latest development \(f.since), \(f.daysText) ago: \(f.detail); no open referral raised since"
    })

  /// The open case's review date has passed, or it has none and was opened
  /// longer ago than the review period. `since` is the day the review fell
  /// due; a case without a date carries its opening day as the detail.
  ///
  /// The case's dates are read from the family's row (FamilyIndex keeps
  /// them), each condition a range of one of its indexes.
  static let reviewOverdue = NetRule(
    id: "review-overdue", title: "Review overdue",
    entryDelay: { _ in 1 },
    query: { q in
      let period = q.thresholds.reviewIntervalDays
      let delay = NetRule.entryDelay("review-overdue", q.thresholds)
      let recent = q.enteredFrom.map { $0.adding(days: -delay) }
      return """
        SELECT \(NetSQL.childColumns), \(NetSQL.reviewDue(period)) AS since,
          CASE WHEN f.case_next_review IS NULL THEN f.case_opened_on ELSE '' END AS detail
        FROM \(q.childrenOfFamilies)
        WHERE \(q.family) AND (\(NetSQL.reviewDue(before: q.today, from: recent, period: period)))
        """
    },
    facts: { f, t in
      f.detail.isEmpty
        ? "review due \(f.since), \(f.daysText) overdue"
        : "no review date; case opened \(f.detail), review due \(f.since), \(f.daysText) overdue; "
          + "review period \(t.reviewIntervalDays) days"
    })

  /// An open follow-up (of a contact not entered in error) or an open action
  /// more than the threshold past its due date. Work is the family's, so it
  /// counts for each of its children.
  static let workOverdue = NetRule(
    id: "work-overdue", title: "Work overdue",
    entryDelay: { $0.workOverdueDays + 1 },
    query: { q in
      let cutoff = q.daysAgo(q.thresholds.workOverdueDays)
      // The overdue work is read first, from the open-work indexes, and
      // then joined to families (CROSS JOIN keeps that order): left to
      // itself the planner walks every family of the SDF instead. Without
      // statistics it may also take every follow-up ever set, done or
      // not, for the open ones: the index is named.
      return """
        WITH w AS MATERIALIZED (
          SELECT ct.family_id, ct.follow_up AS due, 'follow-up of the contact of ' || substr(ct.at, 1, 10) AS what
          FROM contact ct INDEXED BY contact_open_follow_up
          WHERE ct.follow_up IS NOT NULL AND ct.follow_up_done = 0 AND ct.in_error = 0 AND ct.deleted = 0
            AND ct.follow_up < \(cutoff)\(q.enteredCondition("work-overdue", "ct.follow_up"))
          UNION ALL
          SELECT a.family_id, a.due, 'action "' || substr(a.description, 1, 40) || '"'
          FROM action a
          WHERE a.status = '\(ActionStatus.open.rawValue)' AND a.deleted = 0 AND a.due <> '' AND a.due < \(cutoff)\(q.enteredCondition("work-overdue", "a.due"))
        )
        SELECT \(NetSQL.childColumns), w.due AS since, w.what AS detail
        FROM w
        CROSS JOIN family f ON f.id = w.family_id JOIN person p ON p.family_id = f.id AND \(q.child)
        WHERE \(q.family)
        """
    },
    facts: { f, t in
      "\(f.detail) due \(f.since), \(f.daysText) overdue; threshold \(t.workOverdueDays)"
    })
}
