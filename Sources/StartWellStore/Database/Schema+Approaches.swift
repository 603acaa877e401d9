import GRDB

extension Schema {
  /// The approach a group session or intervention belongs to
  /// (`RecordRegistry.contact`'s `approach`), and an index for the impact
  /// comparison, which reads the contacts that name one by their day.
  static func contactApproach(_ db: Database) throws {
    try db.execute(
      sql: """
        ALTER TABLE contact ADD COLUMN approach TEXT;
        CREATE INDEX contact_approach ON contact(at, approach) WHERE approach IS NOT NULL;
        """)
  }
}
