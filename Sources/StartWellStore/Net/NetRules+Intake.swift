import StartWellCore

extension NetRule {
  /// The intake's rules: what partners told the hubs, with nothing done since.
  static let intake: [NetRule] = [twoYearOfferNotTaken, antenatalNoContact, domesticAbuseNoContact]

  /// The child's two-year offer for the latest term they were listed in
  /// shows them eligible and not taking a place up: the record the risk
  /// factor `two-year-offer-not-taken` reads (`IntakeRisk.latestListed`).
  static let twoYearOfferNotTaken = NetRule(
    id: "two-year-offer-not-taken", title: "Two-year offer not taken up",
    entryDelay: { _ in 0 },
    query: { q in
      let listed = "COALESCE(o.listed_on, substr(o.created_at, 1, 10))"
      let later = SchoolTerm.orderKeySQL("o2.term")
      let this = SchoolTerm.orderKeySQL("o.term")
      // `two_year_waiting` (kept by FamilyIndex) finds the few families
      // with such a child from the family index alone.
      let from = """
        family f JOIN person p ON p.family_id = f.id AND \(q.child)
        JOIN two_year_offer o INDEXED BY two_year_offer_waiting ON o.person_id = p.id
        """
      return """
        SELECT \(NetSQL.childColumns), \(listed) AS since,
          o.term || CASE WHEN o.code <> '' THEN ' (code ' || o.code || ')' ELSE '' END AS detail
        FROM \(from)
        WHERE f.two_year_waiting > 0 AND o.eligible = 1 AND o.taken_up = 0 AND o.deleted = 0 AND \(q.family)
          AND NOT EXISTS (SELECT 1 FROM two_year_offer o2 WHERE o2.person_id = o.person_id
            AND o2.eligible = 1 AND o2.deleted = 0 AND \(later) > \(this))\(q.enteredCondition("two-year-offer-not-taken", listed))
        """
    },
    facts: { f, _ in
      "eligible for a funded two-year place in \(f.detail), listed \(f.since), \(f.daysText) ago; not taken up"
    })

  /// A triaged antenatal notification, still current (to its expected date
  /// of delivery and the configured days after), with no contact recorded
  /// for the family since the day it was triaged.
  static let antenatalNoContact = noContactSince(
    .antenatal, id: "antenatal-no-contact", title: "Antenatal notification, no contact since",
    countsFrom: "json_extract(n.details, '$.edd')", days: { $0.antenatalFactorDaysAfterDelivery },
    facts: { reference, source, day in
      "antenatal notification \(reference)\(source.isEmpty ? "" : " from midwife \(source)"), expected \(day)"
    })

  /// A triaged domestic abuse notification, still current (the configured
  /// days after the incident), with no contact recorded for the family
  /// since the day it was triaged.
  static let domesticAbuseNoContact = noContactSince(
    .domesticAbuse, id: "domestic-abuse-no-contact", title: "Domestic abuse notification, no contact since",
    countsFrom: "COALESCE(json_extract(n.details, '$.\"incident-date\"'), substr(n.received_at, 1, 10))",
    days: { $0.domesticAbuseFactorDays },
    // Every standing domestic abuse notification raises the factor while it
    // is current, so the family's last day of the factor tells from the
    // index whether any of its notifications is.
    familyCurrent: { q in "f.domestic_abuse_until >= \(q.today.dayNumber)" },
    facts: { reference, source, day in
      "domestic abuse notification \(reference)\(source.isEmpty ? "" : " (police reference \(source))"), incident \(day)"
    })

  /// A rule for notifications of `kind` that stand on the family
  /// (`StandingTriage`) and are current: `countsFrom` (SQL for the day
  /// they count from) plus the configured `days` is today or later, as
  /// `IntakeRisk.liveUntil` reads them. The notification is about the
  /// household, so it counts for each of its children. `since` is the day
  /// it was triaged; a contact that day or later takes the family out.
  private static func noContactSince(
    _ kind: NotificationKind, id: String, title: String, countsFrom: String,
    days: @escaping @Sendable (IntakeConfiguration) -> Int,
    familyCurrent: @escaping @Sendable (NetSQL) -> String = { _ in "1" },
    facts: @escaping @Sendable (_ reference: String, _ source: String, _ day: String) -> String
  ) -> NetRule {
    NetRule(
      id: id, title: title, entryDelay: { _ in 0 },
      query: { q in
        let triaged = "substr(COALESCE(n.triaged_at, n.received_at), 1, 10)"
        let source =
          q.intake.kind(kind).map { "json_extract(n.details, '$.\"\($0.sourceField)\"')" } ?? "NULL"
        let live = "date(\(countsFrom), '+\(days(q.intake)) days') >= '\(q.today)'"
        // `notice_day` (kept by FamilyIndex) finds the few families with a
        // notification triaged after their last contact from the family
        // index alone; only their members' notifications are read.
        let from = """
          family f CROSS JOIN person np ON np.family_id = f.id AND np.deleted = 0
          CROSS JOIN notification n INDEXED BY notification_person ON n.person_id = np.id AND n.kind = '\(kind.rawValue)'
          """
        return """
          SELECT \(NetSQL.childColumns), \(triaged) AS since,
            n.reference || char(31) || COALESCE(\(source), '') || char(31) || COALESCE(\(countsFrom), '') AS detail
          FROM \(from)
          JOIN person p ON p.family_id = f.id AND \(q.child)
          WHERE f.notice_day IS NOT NULL AND (f.last_contact_day IS NULL OR f.last_contact_day < f.notice_day)
            AND \(familyCurrent(q))
            AND n.kind = '\(kind.rawValue)' AND n.person_id IS NOT NULL AND n.deleted = 0 AND \(q.family)
            AND (f.last_contact_day IS NULL OR date(f.last_contact_day * 86400, 'unixepoch') < \(triaged))
            AND \(live) AND NOT \(StandingTriage.disputed)\(q.enteredCondition(id, triaged))
          """
      },
      facts: { f, _ in
        let parts = f.detail.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
        let part = { (i: Int) in i < parts.count ? parts[i] : "" }
        return "\(facts(part(0), part(1), part(2))); triaged \(f.since), \(f.daysText) ago, no contact since"
      }, notificationKind: kind)
  }
}
