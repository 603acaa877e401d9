import GRDB

/// The store's migrations. Each migration is append-only: never edit one that has shipped.
enum Schema {
  static var migrator: DatabaseMigrator {
    var m = DatabaseMigrator()
    m.registerMigration("v1-records", migrate: records)
    m.registerMigration("v1-sync-audit", migrate: syncAndAudit)
    m.registerMigration("v1-search", migrate: search)
    m.registerMigration("v2-action-completion", migrate: actionCompletion)
    m.registerMigration("v3-operation-log", migrate: operationLog)
    m.registerMigration("v3-sync-ledger", migrate: syncLedger)
    m.registerMigration("v4-share-damage", migrate: shareDamage)
    m.registerMigration("v5-latest-development", migrate: latestDevelopment)
    m.registerMigration("v6-risk-list", migrate: riskList)
    m.registerMigration("v7-signing", migrate: signing)
    m.registerMigration("v8-casework", migrate: casework)
    m.registerMigration("v9-search-fold", migrate: refoldSearchNames)
    m.registerMigration("v10-net", migrate: net)
    m.registerMigration("v11-huddles", migrate: huddles)
    m.registerMigration("v12-net-marks", migrate: netMarks)
    m.registerMigration("v13-agenda-reads", migrate: agendaReads)
    m.registerMigration("v14-development-terms", migrate: developmentTerms)
    m.registerMigration("v15-risk-reasons", migrate: riskReasons)
    m.registerMigration("v16-match-indexes", migrate: matchIndexes)
    m.registerMigration("v17-intake", migrate: intake)
    m.registerMigration("v18-intake-risk", migrate: intakeRisk)
    m.registerMigration("v19-contact-approach", migrate: contactApproach)
    m.registerMigration("v20-metrics", migrate: metrics)
    m.registerMigration("v21-report-by-family", migrate: reportByFamily)
    m.registerMigration("v22-development-below", migrate: developmentBelow)
    m.registerMigration("v23-approach-present", migrate: approachPresent)
    m.registerMigration("v24-report-covering", migrate: reportCovering)
    return m
  }

  static let common = """
    created_at TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL DEFAULT '',
    author_id TEXT NOT NULL DEFAULT '',
    deleted INTEGER NOT NULL DEFAULT 0
    """

  // Columns default to empty values rather than NOT NULL without default:
  // records arriving from another terminal are written field by field, and
  // a row must be insertable before all its fields have been applied.
  private static func records(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE store_meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;

        CREATE TABLE users (
          id TEXT PRIMARY KEY NOT NULL,
          username TEXT NOT NULL DEFAULT '',
          display_name TEXT NOT NULL DEFAULT '',
          role TEXT NOT NULL DEFAULT 'practitioner',
          hubs TEXT NOT NULL DEFAULT '[]',
          active INTEGER NOT NULL DEFAULT 1,
          password_hash TEXT NOT NULL DEFAULT '',
          \(common));
        CREATE UNIQUE INDEX users_username ON users(username) WHERE username <> '';

        CREATE TABLE family (
          id TEXT PRIMARY KEY NOT NULL,
          reference TEXT NOT NULL DEFAULT '',
          name TEXT NOT NULL DEFAULT '',
          address TEXT NOT NULL DEFAULT '',
          postcode TEXT NOT NULL DEFAULT '',
          hub_id TEXT NOT NULL DEFAULT '',
          sdf_id TEXT,
          consent TEXT,
          consent_date TEXT,
          lead_user_id TEXT REFERENCES users(id),
          risk_override TEXT,
          -- Derived locally, never synced: kept in step by FamilyIndex.
          flag_score INTEGER NOT NULL DEFAULT 0,
          last_contact_day INTEGER,
          case_level TEXT,
          case_lead_id TEXT,
          \(common));
        CREATE INDEX family_reference ON family(reference);
        CREATE INDEX family_hub ON family(hub_id, sdf_id);
        -- Covers the list's filters so paging deep into the name order reads only the index.
        CREATE INDEX family_name ON family(name COLLATE NOCASE, id, hub_id, consent, deleted, reference);
        CREATE INDEX family_case_lead ON family(case_lead_id);

        CREATE TABLE person (
          id TEXT PRIMARY KEY NOT NULL,
          reference TEXT NOT NULL DEFAULT '',
          family_id TEXT NOT NULL DEFAULT '' REFERENCES family(id),
          given_name TEXT NOT NULL DEFAULT '',
          family_name TEXT NOT NULL DEFAULT '',
          date_of_birth TEXT NOT NULL DEFAULT '',
          expected INTEGER NOT NULL DEFAULT 0,
          sex TEXT NOT NULL DEFAULT 'unknown',
          relationship TEXT NOT NULL DEFAULT 'other',
          nhs_number TEXT,
          first_language TEXT,
          interpreter_needed INTEGER NOT NULL DEFAULT 0,
          send_status INTEGER NOT NULL DEFAULT 0,
          ehcp INTEGER NOT NULL DEFAULT 0,
          flags TEXT NOT NULL DEFAULT '[]',
          \(common));
        CREATE INDEX person_family ON person(family_id);
        CREATE INDEX person_reference ON person(reference);

        CREATE TABLE cases (
          id TEXT PRIMARY KEY NOT NULL,
          family_id TEXT NOT NULL DEFAULT '' REFERENCES family(id),
          status TEXT NOT NULL DEFAULT 'open',
          opened_on TEXT NOT NULL DEFAULT '',
          closed_on TEXT,
          closure_reason TEXT,
          level TEXT NOT NULL DEFAULT 'universal',
          lead_user_id TEXT REFERENCES users(id),
          next_review TEXT,
          flagged_for_huddle INTEGER NOT NULL DEFAULT 0,
          \(common));
        CREATE INDEX cases_family ON cases(family_id, status);
        CREATE INDEX cases_lead ON cases(lead_user_id, status);

        CREATE TABLE contact (
          id TEXT PRIMARY KEY NOT NULL,
          family_id TEXT NOT NULL DEFAULT '' REFERENCES family(id),
          practitioner_id TEXT NOT NULL DEFAULT '' REFERENCES users(id),
          at TEXT NOT NULL DEFAULT '',
          type TEXT NOT NULL DEFAULT 'other',
          summary TEXT NOT NULL DEFAULT '',
          notes TEXT NOT NULL DEFAULT '',
          significant INTEGER NOT NULL DEFAULT 0,
          follow_up TEXT,
          follow_up_done INTEGER NOT NULL DEFAULT 0,
          present TEXT NOT NULL DEFAULT '[]',
          \(common));
        CREATE INDEX contact_family ON contact(family_id, at);
        CREATE INDEX contact_follow_up ON contact(practitioner_id, follow_up) WHERE follow_up IS NOT NULL AND follow_up_done = 0;

        CREATE TABLE escalation (
          id TEXT PRIMARY KEY NOT NULL,
          reference TEXT NOT NULL DEFAULT '',
          family_id TEXT NOT NULL DEFAULT '' REFERENCES family(id),
          case_id TEXT NOT NULL DEFAULT '' REFERENCES cases(id),
          from_level TEXT NOT NULL DEFAULT 'universal',
          to_level TEXT NOT NULL DEFAULT 'universal',
          reason TEXT NOT NULL DEFAULT '',
          urgency TEXT NOT NULL DEFAULT 'routine',
          raised_by TEXT NOT NULL DEFAULT '',
          raised_at TEXT NOT NULL DEFAULT '',
          status TEXT NOT NULL DEFAULT 'raised',
          acknowledged_by TEXT,
          acknowledged_at TEXT,
          acknowledged_note TEXT,
          decided_by TEXT,
          decided_at TEXT,
          decision_note TEXT,
          \(common));
        CREATE INDEX escalation_family ON escalation(family_id);
        CREATE INDEX escalation_status ON escalation(status);
        CREATE INDEX escalation_reference ON escalation(reference);

        CREATE TABLE referral (
          id TEXT PRIMARY KEY NOT NULL,
          reference TEXT NOT NULL DEFAULT '',
          family_id TEXT NOT NULL DEFAULT '' REFERENCES family(id),
          person_id TEXT NOT NULL DEFAULT '' REFERENCES person(id),
          service TEXT NOT NULL DEFAULT '',
          reason TEXT NOT NULL DEFAULT '',
          consent_recorded INTEGER NOT NULL DEFAULT 0,
          status TEXT NOT NULL DEFAULT 'draft',
          status_dates TEXT NOT NULL DEFAULT '{}',
          outcome TEXT,
          unsuccessful_reason TEXT,
          \(common));
        CREATE INDEX referral_family ON referral(family_id);
        CREATE INDEX referral_status ON referral(status);
        CREATE INDEX referral_reference ON referral(reference);

        CREATE TABLE development (
          id TEXT PRIMARY KEY NOT NULL,
          person_id TEXT NOT NULL DEFAULT '' REFERENCES person(id),
          family_id TEXT NOT NULL DEFAULT '' REFERENCES family(id),
          term TEXT NOT NULL DEFAULT '',
          recorded_on TEXT NOT NULL DEFAULT '',
          wellcomm TEXT NOT NULL DEFAULT 'green',
          communication TEXT NOT NULL DEFAULT 'on-track',
          physical TEXT NOT NULL DEFAULT 'on-track',
          personal_social_emotional TEXT NOT NULL DEFAULT 'on-track',
          notes TEXT NOT NULL DEFAULT '',
          \(common));
        CREATE INDEX development_family ON development(family_id);

        CREATE TABLE huddle (
          id TEXT PRIMARY KEY NOT NULL,
          hub_id TEXT NOT NULL DEFAULT '',
          sdf_id TEXT,
          date TEXT NOT NULL DEFAULT '',
          attendees TEXT NOT NULL DEFAULT '[]',
          \(common));

        CREATE TABLE huddle_item (
          id TEXT PRIMARY KEY NOT NULL,
          huddle_id TEXT NOT NULL DEFAULT '' REFERENCES huddle(id),
          family_id TEXT NOT NULL DEFAULT '' REFERENCES family(id),
          case_id TEXT NOT NULL DEFAULT '' REFERENCES cases(id),
          discussion TEXT NOT NULL DEFAULT '',
          decision TEXT NOT NULL DEFAULT '',
          \(common));
        CREATE INDEX huddle_item_family ON huddle_item(family_id);

        CREATE TABLE action (
          id TEXT PRIMARY KEY NOT NULL,
          family_id TEXT NOT NULL DEFAULT '' REFERENCES family(id),
          case_id TEXT NOT NULL DEFAULT '' REFERENCES cases(id),
          huddle_item_id TEXT REFERENCES huddle_item(id),
          description TEXT NOT NULL DEFAULT '',
          owner_id TEXT NOT NULL DEFAULT '',
          due TEXT NOT NULL DEFAULT '',
          status TEXT NOT NULL DEFAULT 'open',
          \(common));
        CREATE INDEX action_family ON action(family_id);
        CREATE INDEX action_owner ON action(owner_id, status, due);
        """)
  }

  private static func syncAndAudit(_ db: Database) throws {
    try db.execute(
      sql: """
        -- Every local change, one row per changed field, waiting to be pushed.
        CREATE TABLE outbox (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          op_id TEXT NOT NULL UNIQUE,
          clock TEXT NOT NULL,
          device TEXT NOT NULL,
          user_id TEXT NOT NULL,
          entity TEXT NOT NULL,
          record_id TEXT NOT NULL,
          field TEXT NOT NULL,
          value TEXT NOT NULL,
          replaces TEXT,
          also_replaces TEXT,
          batch INTEGER
        );
        CREATE INDEX outbox_unpushed ON outbox(seq) WHERE batch IS NULL;

        -- The winning clock of every field, local or remote: the merge state.
        CREATE TABLE field_clock (
          entity TEXT NOT NULL,
          record_id TEXT NOT NULL,
          field TEXT NOT NULL,
          clock TEXT NOT NULL,
          PRIMARY KEY (entity, record_id, field)
        ) WITHOUT ROWID;

        -- Operation ids already applied, so redelivery is harmless.
        CREATE TABLE applied_op (op_id TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;

        -- Append-only and hash-chained; `audit verify` walks it.
        CREATE TABLE audit (
          seq INTEGER PRIMARY KEY,
          at TEXT NOT NULL,
          user_id TEXT NOT NULL,
          username TEXT NOT NULL,
          action TEXT NOT NULL,
          entity TEXT NOT NULL,
          record_id TEXT NOT NULL,
          family_id TEXT,
          detail TEXT NOT NULL,
          prev_hash TEXT NOT NULL,
          hash TEXT NOT NULL
        );
        CREATE INDEX audit_family ON audit(family_id, seq);

        -- Every edit of a safeguarding-critical field, local or remote. Two
        -- edits that neither replaced the other are a conflict; computing it
        -- from this history gives every terminal the same answer.
        CREATE TABLE field_history (
          entity TEXT NOT NULL,
          record_id TEXT NOT NULL,
          field TEXT NOT NULL,
          clock TEXT NOT NULL,
          replaces TEXT,
          also_replaces TEXT NOT NULL DEFAULT '[]',
          value TEXT NOT NULL,
          user_id TEXT NOT NULL,
          PRIMARY KEY (entity, record_id, field, clock)
        ) WITHOUT ROWID;
        CREATE TABLE field_replaced (
          entity TEXT NOT NULL, record_id TEXT NOT NULL, field TEXT NOT NULL, clock TEXT NOT NULL,
          PRIMARY KEY (entity, record_id, field, clock)
        ) WITHOUT ROWID;
        """)
  }

  /// Who marked an action done, and when: the chronology shows both.
  private static func actionCompletion(_ db: Database) throws {
    try db.execute(
      sql: """
        ALTER TABLE action ADD COLUMN done_at TEXT;
        ALTER TABLE action ADD COLUMN done_by TEXT;
        """)
  }

  /// Every operation held, with the gate's verdict; and usernames that may
  /// clash, because two terminals can each add the same one while offline
  /// and both accounts must be kept until an admin renames one.
  private static func operationLog(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE op_log (
          op_id TEXT PRIMARY KEY NOT NULL,
          clock TEXT NOT NULL,
          device TEXT NOT NULL,
          user_id TEXT NOT NULL,
          entity TEXT NOT NULL,
          record_id TEXT NOT NULL,
          field TEXT NOT NULL,
          value TEXT NOT NULL,
          replaces TEXT,
          also_replaces TEXT,
          status TEXT NOT NULL,
          reason TEXT,
          seen_at TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX op_log_field ON op_log(entity, record_id, field, clock);
        CREATE INDEX op_log_author ON op_log(user_id, clock);
        CREATE INDEX op_log_unaccepted ON op_log(status, clock) WHERE status <> 'accepted';

        INSERT OR IGNORE INTO op_log(op_id, clock, device, user_id, entity, record_id, field, value, replaces,
          also_replaces, status, seen_at)
        SELECT op_id, clock, device, user_id, entity, record_id, field, value, replaces, also_replaces,
          'accepted', ''
        FROM outbox;

        DROP INDEX users_username;
        CREATE INDEX users_username ON users(username);
        """)
  }

  /// The sync bookkeeping. Stores that joined a share under an earlier
  /// version made these tables themselves, hence IF NOT EXISTS.
  private static func syncLedger(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE TABLE IF NOT EXISTS sync_share (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          path TEXT NOT NULL,
          store_id TEXT NOT NULL,
          key_file TEXT,
          joined_at TEXT NOT NULL,
          last_sync TEXT,
          last_attempt TEXT,
          last_error TEXT,
          offline INTEGER NOT NULL DEFAULT 0,
          file_count INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS sync_batch (
          seq INTEGER PRIMARY KEY,
          hash TEXT NOT NULL,
          prev TEXT NOT NULL,
          op_count INTEGER NOT NULL,
          bytes BLOB,
          staged_at TEXT NOT NULL,
          published_at TEXT);
        CREATE TABLE IF NOT EXISTS sync_cursor (
          device TEXT PRIMARY KEY NOT NULL,
          seq INTEGER NOT NULL DEFAULT 0,
          hash TEXT NOT NULL,
          first_seen TEXT NOT NULL,
          last_applied TEXT,
          skewed_at TEXT,
          skew_detail TEXT) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS sync_seen (
          device TEXT NOT NULL,
          seq INTEGER NOT NULL,
          hash TEXT NOT NULL,
          PRIMARY KEY (device, seq)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS sync_quarantine (
          path TEXT PRIMARY KEY NOT NULL,
          device TEXT NOT NULL,
          reason TEXT NOT NULL,
          first_seen TEXT NOT NULL,
          last_seen TEXT NOT NULL) WITHOUT ROWID;
        """)
  }

  /// How many valid batches the share held at the last sync (junk is not
  /// counted; null until the first sync that counts them), and what each
  /// quarantined file looked like, so an unchanged one is not read again.
  private static func shareDamage(_ db: Database) throws {
    try db.execute(
      sql: """
        ALTER TABLE sync_share ADD COLUMN valid_batches INTEGER;
        ALTER TABLE sync_quarantine ADD COLUMN size INTEGER;
        ALTER TABLE sync_quarantine ADD COLUMN modified INTEGER;
        ALTER TABLE sync_quarantine ADD COLUMN inode INTEGER;
        """)
  }

  /// A child's latest development record, which a family's risk reads on
  /// every save: without it each read scanned every development record.
  private static func latestDevelopment(_ db: Database) throws {
    try db.execute(sql: "CREATE INDEX development_person ON development(person_id, recorded_on)")
  }

  /// A risk band's families are found through these, not by scoring every
  /// family: the score is the stored flag score plus at most the one
  /// date-dependent factor, so a band is a narrow range of flag scores (see
  /// `Store.riskBandBound`), and overrides are few.
  private static func riskList(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE INDEX family_flag_score ON family(flag_score);
        CREATE INDEX family_risk_override ON family(risk_override) WHERE risk_override IS NOT NULL;
        """)
  }

  /// Searched names are folded to NFKC since this version (see
  /// `SearchText.fold`); names indexed before it are folded again here, so a
  /// Korean name stored decomposed is found without waiting for its family
  /// to change.
  static func refoldSearchNames(_ db: Database) throws {
    let rows = try Row.fetchAll(db, sql: "SELECT rowid, names FROM family_search")
    for row in rows {
      let names: String = row["names"] ?? ""
      let folded = SearchText.fold(names)
      // Compared code point by code point: Swift's `==` holds NFD and NFC equal.
      guard !folded.unicodeScalars.elementsEqual(names.unicodeScalars) else { continue }
      try db.execute(
        sql: "UPDATE family_search SET names = ? WHERE rowid = ?", arguments: [folded, row["rowid"] as Int64])
    }
  }

  private static func search(_ db: Database) throws {
    // Prefix indexes make search-as-you-type cheap for the first few letters.
    try db.execute(
      sql: """
        CREATE VIRTUAL TABLE family_search USING fts5(
          family_id UNINDEXED, reference, names, postcode, nhs, dob,
          tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
        );
        """)
  }
}
