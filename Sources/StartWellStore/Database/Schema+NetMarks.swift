import GRDB

extension Schema {
  /// Supervisors' marks on net rows: one record per child and rule, its id
  /// made from both. `net_mark_family` lets the net read a hub's marks
  /// with the families it already selects.
  static func netMarks(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE net_mark (
          id TEXT PRIMARY KEY NOT NULL,
          family_id TEXT NOT NULL DEFAULT '' REFERENCES family(id),
          person_id TEXT NOT NULL DEFAULT '' REFERENCES person(id),
          rule TEXT NOT NULL DEFAULT '',
          status TEXT NOT NULL DEFAULT 'seen',
          fingerprint TEXT NOT NULL DEFAULT '',
          note TEXT NOT NULL DEFAULT '',
          marked_by TEXT NOT NULL DEFAULT '',
          marked_at TEXT NOT NULL DEFAULT '',
          assignee_id TEXT,
          \(common));
        CREATE INDEX net_mark_family ON net_mark(family_id);
        """)
  }
}
