import GRDB

extension Schema {
  /// A supervisor's risk overrides, one record per decision, so the reason,
  /// who and when travel to every terminal (`RecordRegistry.riskOverride`).
  static func riskReasons(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE risk_override (
          id TEXT PRIMARY KEY NOT NULL,
          family_id TEXT NOT NULL DEFAULT '' REFERENCES family(id),
          band TEXT,
          previous TEXT,
          reason TEXT NOT NULL DEFAULT '',
          decided_by TEXT NOT NULL DEFAULT '',
          decided_at TEXT NOT NULL DEFAULT '',
          \(common));
        CREATE INDEX risk_override_family ON risk_override(family_id, decided_at);
        """)
  }
}
