import GRDB

extension Schema {
  /// A person arriving from a partner (a notification, the two-year-old
  /// offer list) is matched against the store's people without reading them
  /// all: candidates are found by these, then scored (`Store.matchCandidates`).
  ///
  /// - `person_nhs_number`: people by NHS number (stored normalised, digits
  ///   only); partial, since a quarter of adults have none recorded.
  /// - `person_date_of_birth`: people born on a day, or on its swap.
  /// - `family_postcode`: the families at a postcode (stored normalised).
  static func matchIndexes(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE INDEX person_nhs_number ON person(nhs_number) WHERE nhs_number IS NOT NULL;
        CREATE INDEX person_date_of_birth ON person(date_of_birth);
        CREATE INDEX family_postcode ON family(postcode);
        """)
  }
}
