import GRDB

extension Schema {
  /// Signed authorship: user keys instead of password hashes, enrolled
  /// terminals, the signature of each local transaction, the key that
  /// signed each held operation, and the local record of failed logins.
  static func signing(_ db: Database) throws {
    try db.execute(
      sql: """
        ALTER TABLE users ADD COLUMN public_key TEXT NOT NULL DEFAULT '';
        ALTER TABLE users ADD COLUMN wrapped_key TEXT NOT NULL DEFAULT '';
        -- Password hashes are no longer kept, here or on the share: the wrapped key replaces them.
        ALTER TABLE users DROP COLUMN password_hash;

        CREATE TABLE device (
          id TEXT PRIMARY KEY NOT NULL,
          revoked INTEGER NOT NULL DEFAULT 0,
          revoked_after INTEGER NOT NULL DEFAULT 0,
          revoke_reason TEXT NOT NULL DEFAULT '',
          \(common));

        CREATE TABLE audit_event (
          id TEXT PRIMARY KEY NOT NULL,
          action TEXT NOT NULL DEFAULT '',
          entity_name TEXT NOT NULL DEFAULT '',
          record_id TEXT NOT NULL DEFAULT '',
          family_id TEXT,
          hub_id TEXT,
          detail TEXT NOT NULL DEFAULT '',
          \(common));
        CREATE INDEX audit_event_hub ON audit_event(hub_id, created_at);

        -- Which local transaction each queued operation belongs to, and the
        -- author's signature over that transaction's operations.
        ALTER TABLE outbox ADD COLUMN tx INTEGER;
        CREATE TABLE outbox_tx (
          tx INTEGER PRIMARY KEY,
          user_id TEXT NOT NULL,
          public_key TEXT NOT NULL,
          signature TEXT NOT NULL
        );

        -- The key whose signature over an operation was checked, and the
        -- batch of its terminal's log it came in (nil for local ones).
        ALTER TABLE op_log ADD COLUMN signer TEXT;
        ALTER TABLE op_log ADD COLUMN batch_seq INTEGER;
        CREATE INDEX op_log_device_batch ON op_log(device, batch_seq) WHERE batch_seq IS NOT NULL;

        -- Each terminal's public key as first read from its device.json.
        CREATE TABLE device_key (
          device TEXT PRIMARY KEY NOT NULL,
          public_key TEXT NOT NULL,
          first_seen TEXT NOT NULL
        ) WITHOUT ROWID;

        -- Failed logins per username on this terminal, for the growing delay.
        CREATE TABLE login_failure (
          username TEXT PRIMARY KEY NOT NULL,
          failures INTEGER NOT NULL,
          last_at TEXT NOT NULL
        ) WITHOUT ROWID;
        """)
  }
}
