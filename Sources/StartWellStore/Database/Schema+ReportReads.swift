import GRDB

extension Schema {
  /// `family.development_below`: the family's children whose latest
  /// development record is below expected (`FamilyIndex.childrenBelow`),
  /// local like `two_year_waiting` and kept by `FamilyIndex`. The net's
  /// development rule reads only the families where it is above zero:
  /// walking every child of the partnership to its latest record took
  /// three quarters of the net by rule in a year's report.
  ///
  /// `family_sdf` gains it, so the rule finds those families from the
  /// index alone. Filled when the store next opens, as `intakeRisk`'s
  /// columns are: the risk fingerprint is forgotten, so every family is
  /// indexed again (`Store.rescoreIfRiskConfigurationChanged`).
  static func developmentBelow(_ db: Database) throws {
    try db.execute(
      sql: """
        ALTER TABLE family ADD COLUMN development_below INTEGER NOT NULL DEFAULT 0;
        DROP INDEX family_sdf;
        CREATE INDEX family_sdf ON family(
          hub_id, sdf_id, deleted, case_level, reference, consent, id, last_contact_day, case_lead_id,
          case_next_review, case_opened_on, notice_day, domestic_abuse_until, two_year_waiting,
          development_below);
        DELETE FROM store_meta WHERE key = 'risk_fingerprint';
        """)
  }
}

extension Schema {
  /// `contact_approach` gains who was present and the contact's standing,
  /// so the impact section reads the approaches children took part in
  /// from the index alone (`ImpactPairing`): reading each contact's row
  /// for them was two thirds of that read at stress scale.
  static func approachPresent(_ db: Database) throws {
    try db.execute(
      sql: """
        DROP INDEX contact_approach;
        CREATE INDEX contact_approach ON contact(at, approach, deleted, in_error, present)
          WHERE approach IS NOT NULL;
        """)
  }
}

extension Schema {
  /// Two reads of a year's report that went to each record's row for a
  /// column or two, made reads of an index alone:
  ///
  /// - `contact_open_follow_up` gains the contact's time, which the net's
  ///   work-overdue rule quotes (`NetRule.workOverdue`): reading the row
  ///   of each overdue follow-up was a third of the rule.
  /// - `notification_report`: notifications by the instant received, with
  ///   every column the notification metrics count (`NotificationPass`):
  ///   a notification's row holds its details and was most of that read.
  static func reportCovering(_ db: Database) throws {
    try db.execute(
      sql: """
        DROP INDEX contact_open_follow_up;
        CREATE INDEX contact_open_follow_up ON contact(follow_up, family_id, at)
          WHERE follow_up IS NOT NULL AND follow_up_done = 0 AND in_error = 0 AND deleted = 0;
        CREATE INDEX notification_report ON notification(received_at, deleted, hub_id, kind, triaged_at, person_id);
        """)
  }
}
