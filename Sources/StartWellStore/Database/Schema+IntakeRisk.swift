import GRDB

extension Schema {
  /// The intake's risk factors and net rules (`RiskFactors.intake`,
  /// `NetRule.intake`).
  ///
  /// - `family.antenatal_until`, `family.domestic_abuse_until`: the last
  ///   day (a day number) the family's notifications raise each dated
  ///   factor, so the families list adds the factors in SQL.
  /// - `family.notice_day`: the latest day an antenatal or domestic abuse
  ///   notification was triaged onto the family, and
  ///   `family.two_year_waiting`: its children whose latest two-year offer
  ///   is not taken up. With `last_contact_day` they tell the net's intake
  ///   rules, from the index alone, the few families worth reading further.
  /// - `family_name` gains the two dated factors' columns, so the list of one
  ///   risk band still walks the name index alone; `family_sdf` gains the
  ///   net's, so a hub's or an SDF's intake rules start from it.
  /// - `two_year_offer_waiting`: offers eligible and not taken up, by child.
  ///
  /// The four columns are local like `last_contact_day` and kept by
  /// `FamilyIndex`. They are filled when the store next opens: the migration
  /// forgets the risk fingerprint the store was scored with, so every
  /// family is rescored (`Store.rescoreIfRiskConfigurationChanged`) whatever
  /// configuration it last held.
  /// Written out in full, not from the rules' own SQL, so that it stays what
  /// it was when the rules change.
  static func intakeRisk(_ db: Database) throws {
    try db.execute(
      sql: """
        ALTER TABLE family ADD COLUMN antenatal_until INTEGER;
        ALTER TABLE family ADD COLUMN domestic_abuse_until INTEGER;
        ALTER TABLE family ADD COLUMN notice_day INTEGER;
        ALTER TABLE family ADD COLUMN two_year_waiting INTEGER NOT NULL DEFAULT 0;
        DROP INDEX family_name;
        CREATE INDEX family_name ON family(
          name COLLATE NOCASE, id, hub_id, consent, deleted, reference, flag_score, last_contact_day,
          risk_override, antenatal_until, domestic_abuse_until);
        DROP INDEX family_sdf;
        CREATE INDEX family_sdf ON family(
          hub_id, sdf_id, deleted, case_level, reference, consent, id, last_contact_day, case_lead_id,
          case_next_review, case_opened_on, notice_day, domestic_abuse_until, two_year_waiting);
        CREATE INDEX two_year_offer_waiting ON two_year_offer(person_id, term)
          WHERE eligible = 1 AND taken_up = 0 AND deleted = 0;
        DELETE FROM store_meta WHERE key = 'risk_fingerprint';
        """)
  }
}
