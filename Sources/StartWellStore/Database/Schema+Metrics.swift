import GRDB

extension Schema {
  /// The metrics report reads a year of the partnership's records by the
  /// day they happened; these make each metric a range of an index.
  ///
  /// - `contact_report`: contacts by time, with the columns the contact
  ///   metrics test, so a year's contacts are read from the index alone.
  /// - `contact_follow_up_due`: every follow-up by its due day, done or not
  ///   (`contact_open_follow_up` holds only the open ones).
  /// - `action_due`: every action by its due day.
  /// - `cases_opened`, `escalation_raised`, `huddle_date`: by their day.
  /// - `referral_sent_at`, `referral_answered`: referrals by the instant
  ///   they were sent and answered, whatever their status now
  ///   (`referral_sent` holds only those still waiting).
  static func metrics(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE INDEX contact_report ON contact(at, deleted, in_error, family_id, type);
        CREATE INDEX contact_follow_up_due ON contact(follow_up, family_id) WHERE follow_up IS NOT NULL;
        CREATE INDEX action_due ON action(due, family_id);
        CREATE INDEX cases_opened ON cases(opened_on);
        CREATE INDEX escalation_raised ON escalation(raised_at);
        CREATE INDEX huddle_date ON huddle(date);
        CREATE INDEX referral_sent_at ON referral(json_extract(status_dates, '$.sent'));
        CREATE INDEX referral_answered ON referral(
          COALESCE(json_extract(status_dates, '$.accepted'), json_extract(status_dates, '$.declined')));
        """)
  }
}
