import GRDB

extension Schema {
  /// What a resumable huddle needs: who leads it and whether it is closed;
  /// each item's place in the running order, where it stands, and why it is
  /// on the agenda; and the note an owner leaves when marking an action done.
  ///
  /// - `huddle_sdf`: an SDF's huddles by date, for the agenda's "since the
  ///   last huddle" and the list.
  /// - `huddle_item_huddle`: a huddle's items in running order.
  /// - `action_item`: the actions a huddle item set.
  /// - `cases_flagged`, `cases_review`: the agenda's
  ///   rules read a small range of an index rather than every case.
  static func huddles(_ db: Database) throws {
    try db.execute(
      sql: """
        ALTER TABLE huddle ADD COLUMN lead_id TEXT;
        ALTER TABLE huddle ADD COLUMN closed INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE huddle ADD COLUMN closed_at TEXT;
        ALTER TABLE huddle ADD COLUMN closed_by TEXT;
        ALTER TABLE huddle_item ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE huddle_item ADD COLUMN state TEXT NOT NULL DEFAULT 'pending';
        ALTER TABLE huddle_item ADD COLUMN origin TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE action ADD COLUMN done_note TEXT;
        CREATE INDEX huddle_sdf ON huddle(sdf_id, date);
        CREATE INDEX huddle_item_huddle ON huddle_item(huddle_id, position);
        CREATE INDEX action_item ON action(huddle_item_id) WHERE huddle_item_id IS NOT NULL;
        CREATE INDEX cases_flagged ON cases(family_id) WHERE flagged_for_huddle = 1 AND status = 'open';
        CREATE INDEX cases_review ON cases(next_review, family_id) WHERE status = 'open' AND deleted = 0;
        """)
  }
}
