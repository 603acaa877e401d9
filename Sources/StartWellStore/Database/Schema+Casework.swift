import GRDB

extension Schema {
  /// Finishing casework: a follow-up marked done (when, by whom, with a
  /// note), and a contact marked as entered in error, which keeps the
  /// contact as recorded and says why it no longer counts.
  static func casework(_ db: Database) throws {
    try db.execute(
      sql: """
        ALTER TABLE contact ADD COLUMN follow_up_done_at TEXT;
        ALTER TABLE contact ADD COLUMN follow_up_done_by TEXT;
        ALTER TABLE contact ADD COLUMN follow_up_note TEXT;
        ALTER TABLE contact ADD COLUMN in_error INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE contact ADD COLUMN error_reason TEXT;
        """)
  }
}
