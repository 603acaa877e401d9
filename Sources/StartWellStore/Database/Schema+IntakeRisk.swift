import GRDB

extension Schema {
  /// The intake's risk factors and net rules (`RiskFactors.intake`,
  /// `NetRule.intake`).
  ///
  /// - `family.antenatal_until`, `family.domestic_abuse_until`: the last
  ///   day (a day number) the family's notifications raise each dated
  ///   factor, local like `last_contact_day` and kept by `FamilyIndex`, so
  ///   the families list adds the factors in SQL. They are filled when the
  ///   store opens: the risk fingerprint names what makes a notification
  ///   count, so a store scored before it is rescored (`FamilyIndex.rebuildAll`).
  /// - `family_name` gains both, so the list of one risk band still walks
  ///   the name index alone.
  /// - `notification_landed`: triaged notifications of a kind, for the net's
  ///   rules on notifications with no contact since.
  /// - `two_year_offer_waiting`: offers eligible and not taken up, for the
  ///   net's rule on them.
  /// Written out in full, not from the rules' own SQL, so that it stays what
  /// it was when the rules change.
  static func intakeRisk(_ db: Database) throws {
    try db.execute(
      sql: """
        ALTER TABLE family ADD COLUMN antenatal_until INTEGER;
        ALTER TABLE family ADD COLUMN domestic_abuse_until INTEGER;
        DROP INDEX family_name;
        CREATE INDEX family_name ON family(
          name COLLATE NOCASE, id, hub_id, consent, deleted, reference, flag_score, last_contact_day,
          risk_override, antenatal_until, domestic_abuse_until);
        CREATE INDEX notification_landed ON notification(kind, person_id, triaged_at)
          WHERE person_id IS NOT NULL AND deleted = 0;
        CREATE INDEX two_year_offer_waiting ON two_year_offer(person_id, term)
          WHERE eligible = 1 AND taken_up = 0 AND deleted = 0;
        """)
  }
}
