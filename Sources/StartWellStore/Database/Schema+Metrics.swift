import GRDB

extension Schema {
  /// The metrics report reads a year of the partnership's records by the
  /// day they happened; these make each metric a range of an index.
  ///
  /// - `contact_report`: contacts by time, with the columns the contact
  ///   metrics test (who was present among them), so a year's contacts
  ///   are read from the index alone: at 100,000 families the contacts
  ///   table is far bigger than the cache, and its rows lie in the order
  ///   they were written, not by time. (`reportByFamily` replaced it.)
  /// - `contact_follow_up_due`: every follow-up by its due day, done or not
  ///   (`contact_open_follow_up` holds only the open ones).
  /// - `action_due`: every action by its due day.
  /// - `cases_opened`, `escalation_raised`, `huddle_date`: by their day.
  /// - `referral_sent_at`, `referral_answered`: referrals by the instant
  ///   they were sent and answered, whatever their status now
  ///   (`referral_sent` holds only those still waiting).
  /// - `family_scope`: a family's hub, SDF and standing from one probe of a
  ///   small index, for the hundreds of thousands of records a year's
  ///   report joins to their family.
  /// - `person_engaged_father`: each family's fathers and male carers (the
  ///   father engagement rule, `OutcomeMetrics.engagedFather`), so a
  ///   contact's presence is checked against those few alone.
  static func metrics(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE INDEX contact_report ON contact(at, deleted, in_error, family_id, type, present);
        CREATE INDEX contact_follow_up_due ON contact(follow_up, family_id) WHERE follow_up IS NOT NULL;
        CREATE INDEX action_due ON action(due, family_id);
        CREATE INDEX cases_opened ON cases(opened_on);
        CREATE INDEX escalation_raised ON escalation(raised_at);
        CREATE INDEX huddle_date ON huddle(date);
        CREATE INDEX family_scope ON family(id, hub_id, sdf_id, deleted, reference);
        CREATE INDEX person_engaged_father ON person(family_id, id)
          WHERE deleted = 0 AND (relationship = 'father' OR (relationship = 'carer' AND sex = 'male'));
        CREATE INDEX referral_sent_at ON referral(json_extract(status_dates, '$.sent'));
        CREATE INDEX referral_answered ON referral(
          COALESCE(json_extract(status_dates, '$.accepted'), json_extract(status_dates, '$.declined')));
        """)
  }

  /// The contacts of a year are read family by family (`ThroughputMetrics.contacts`):
  /// `contact_family_report` holds a family's contacts by time with the
  /// columns the contact metrics test, and replaces `contact_report`,
  /// which held them by time alone and so made a year's report look up
  /// the family of each of its hundreds of thousands of contacts.
  /// `contact_follow_up_report` does the same for follow-ups by their due
  /// day, with what the on-time rule tests, so no contact row is read.
  /// Development records are read family by family too
  /// (`OutcomeMetrics.familyRecords`): `development_latest` gains the term,
  /// so no development row is read.
  /// `cases_report` does the same for the cases open in the range.
  static func reportByFamily(_ db: Database) throws {
    try db.execute(
      sql: """
        DROP INDEX contact_report;
        CREATE INDEX contact_family_report ON contact(family_id, at, deleted, in_error, type, present);
        DROP INDEX contact_follow_up_due;
        CREATE INDEX contact_follow_up_report
          ON contact(family_id, follow_up, deleted, in_error, follow_up_done, follow_up_done_at)
          WHERE follow_up IS NOT NULL;
        DROP INDEX development_latest;
        CREATE INDEX development_latest ON development(
          person_id, recorded_on, deleted, wellcomm, communication, physical, personal_social_emotional, term);
        CREATE INDEX cases_report ON cases(family_id, deleted, opened_on, closed_on, id);
        """)
  }
}
