import GRDB

extension Schema {
  /// A huddle's agenda reads a whole SDF's families with its net in under
  /// 200 ms at 100,000 families; these make each of its reads a range of an
  /// index rather than a probe of `cases` or a parse of JSON per family.
  /// The families list of one risk band gets the same for its name order.
  ///
  /// - `case_id`, `case_next_review`, `case_opened_on`: the family's case
  ///   (as `FamilyIndex` picks it) on the family's row, local like
  ///   `case_level`; filled here for the families already stored.
  /// - `family_sdf` replaces `family_hub`: an SDF's families and every
  ///   column the agenda's conditions test, from the index alone.
  /// - `family_review`, `family_review_undated`: an SDF's cases whose
  ///   review falls in a range of days, dated or counted from the opening.
  ///   Both are partial, so a query that does not ask about reviews (a
  ///   whole hub's net) is never planned through them instead of
  ///   `family_sdf`, which holds every column its conditions test.
  /// - `person_child` gains the child's id, so finding a child's records
  ///   does not read the person's row.
  /// - `referral_sent`: referrals waiting, by the day they were sent.
  /// - `family_name` gains the columns a family's risk band is read from,
  ///   so the list of one band, in name order, walks the index alone.
  /// The migration is written out in full, not from the rules' own SQL, so
  /// that it stays what it was when the rules change.
  static func agendaReads(_ db: Database) throws {
    try db.execute(
      sql: """
        ALTER TABLE family ADD COLUMN case_id TEXT;
        ALTER TABLE family ADD COLUMN case_next_review TEXT;
        ALTER TABLE family ADD COLUMN case_opened_on TEXT;
        UPDATE family SET case_id = (
          SELECT c.id FROM cases c WHERE c.family_id = family.id AND c.status = 'open' AND c.deleted = 0
          ORDER BY c.opened_on, c.created_at, c.id LIMIT 1);
        UPDATE family SET
          case_next_review = (SELECT NULLIF(c.next_review, '') FROM cases c WHERE c.id = family.case_id),
          case_opened_on = (SELECT c.opened_on FROM cases c WHERE c.id = family.case_id)
        WHERE case_id IS NOT NULL;
        DROP INDEX family_hub;
        CREATE INDEX family_sdf ON family(
          hub_id, sdf_id, deleted, case_level, reference, consent, id, last_contact_day, case_lead_id,
          case_next_review, case_opened_on);
        CREATE INDEX family_review ON family(hub_id, sdf_id, case_next_review)
          WHERE case_next_review IS NOT NULL;
        CREATE INDEX family_review_undated ON family(hub_id, sdf_id, case_opened_on)
          WHERE case_next_review IS NULL;
        DROP INDEX person_child;
        CREATE INDEX person_child ON person(family_id, relationship, deleted, expected, date_of_birth, id);
        DROP INDEX family_name;
        CREATE INDEX family_name ON family(
          name COLLATE NOCASE, id, hub_id, consent, deleted, reference, flag_score, last_contact_day,
          risk_override);
        CREATE INDEX referral_sent ON referral(substr(json_extract(status_dates, '$.sent'), 1, 10), family_id)
          WHERE status = 'sent' AND deleted = 0;
        """)
  }
}
