import GRDB

extension Schema {
  /// Development records gain literacy and mathematics (rated in the
  /// reception year only, so nullable) and the setting the check was made
  /// in. `development_term` serves the cohort view, which reads one term's
  /// records across a hub.
  static func developmentTerms(_ db: Database) throws {
    try db.execute(
      sql: """
        ALTER TABLE development ADD COLUMN literacy TEXT;
        ALTER TABLE development ADD COLUMN maths TEXT;
        ALTER TABLE development ADD COLUMN setting TEXT NOT NULL DEFAULT '';
        CREATE INDEX development_term ON development(term, person_id);
        """)
  }
}
