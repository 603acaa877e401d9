import Foundation
import GRDB
import StartWellCore

extension Store {
  /// Logs a user in: their password unwraps their signing key, which this
  /// store then holds for their writes.
  ///
  /// Every failure reads "login failed", whether the username is unknown,
  /// the password wrong or the account inactive, and costs about the same
  /// time: an unknown username still pays for one key derivation. Failures
  /// are audited, and after three in a row each attempt waits twice as long
  /// as the one before (up to five minutes) before it is even tried.
  public func authenticate(username: String, password: String) throws -> User {
    if let wait = try loginWait(username), wait > 0 {
      throw DomainError.forbidden(
        "login failed: too many failed attempts; try again in \(wait) s")
    }
    let rows = try read {
      try Row.fetchAll(
        $0, sql: "SELECT * FROM users WHERE username = ? AND deleted = 0 AND id <> 'system'",
        arguments: [username])
    }
    guard let row = rows.first else {
      WrappedKey.spendUnwrapTime(rounds: keyDerivation.rounds)
      try loginFailed(username, user: nil, why: "unknown username")
      throw Self.loginFailed
    }
    let user = User(row: row)
    let wrapped = (row["wrapped_key"] as DatabaseValue).asText ?? ""
    let publicKey = (row["public_key"] as DatabaseValue).asText ?? ""
    let rounds = WrappedKey.rounds(of: wrapped) ?? keyDerivation.rounds
    guard rounds >= keyDerivation.rounds else {
      try loginFailed(username, user: user, why: "key made with test-strength derivation on a real store")
      throw DomainError.forbidden(
        "login failed: \(username)'s key was made with the cheap key derivation only test stores use; "
          + "an admin resets the password (startwell user reset-password \(username))")
    }
    guard let identity = WrappedKey.open(wrapped, password: password), identity.publicKey == publicKey,
      try password != "demo" || isDemoStore()
    else {
      try loginFailed(username, user: user, why: "wrong password")
      throw Self.loginFailed
    }
    guard rows.count == 1 else {
      throw DomainError.forbidden(
        "\(rows.count) accounts are named \(username): two terminals added them while offline. "
          + "An admin must rename one (startwell user rename \(username) --id ID --to NEW) before \(username) can log in"
      )
    }
    guard user.active else {
      try loginFailed(username, user: user, why: "inactive account")
      throw Self.loginFailed
    }
    try writer.write { db in
      try db.execute(sql: "DELETE FROM login_failure WHERE username = ?", arguments: [username])
    }
    unlock(user.id, identity)
    return user
  }

  static let loginFailed = DomainError.forbidden("login failed")

  /// Seconds until `username` may try again; 0 or nil when now.
  func loginWait(_ username: String) throws -> Int? {
    guard
      let row = try read({
        try Row.fetchOne(
          $0, sql: "SELECT failures, last_at FROM login_failure WHERE username = ?", arguments: [username])
      }),
      let last = Timestamp.parse(row["last_at"])
    else { return nil }
    let delay = Self.loginDelay(failures: row["failures"])
    return max(0, Int((last.timeIntervalSince(now()) + Double(delay)).rounded(.up)))
  }

  /// The wait after `failures` failed logins in a row: none for the first
  /// three, then 2, 4, 8 … seconds, at most five minutes.
  public static func loginDelay(failures: Int) -> Int {
    failures < 3 ? 0 : min(300, 1 << min(failures - 2, 9))
  }

  private func loginFailed(_ username: String, user: User?, why: String) throws {
    try writer.write { db in
      try db.execute(
        sql: """
          INSERT INTO login_failure(username, failures, last_at) VALUES (?, 1, ?)
          ON CONFLICT(username) DO UPDATE SET failures = failures + 1, last_at = excluded.last_at
          """, arguments: [username, Timestamp.format(now())])
      try ensureSystemRow(db)
      try AuditChain.append(
        db, at: now(), user: user ?? Store.systemUser, action: "login-failed", entity: Entity.user.rawValue,
        recordID: user?.id ?? "", familyID: nil, detail: "login as \(username) failed: \(why)")
    }
  }

  func ensureSystemRow(_ db: Database) throws {
    try db.execute(
      sql: """
        INSERT OR IGNORE INTO users(id, username, display_name, role, hubs, active)
        VALUES ('system', 'system', 'System', 'admin', '[]', 0)
        """)
  }

  /// Whether this store holds demo data, whose accounts use the password `demo`.
  public func isDemoStore() throws -> Bool {
    try read { try StoreMeta.get($0, .kind) } == StoreKind.demo.rawValue
  }
}

extension Store {
  /// The founding admin's user id and public key, when this store has one.
  public func root() throws -> (user: String, key: String)? {
    try read { db in
      guard let user = try StoreMeta.get(db, .rootUser), let key = try StoreMeta.get(db, .rootKey) else {
        return nil
      }
      return (user, key)
    }
  }

  /// Takes the root from the share joined. A store that already has another root refuses it.
  public func adoptRoot(user: String, key: String) throws {
    try writer.write { db in
      if let held = try StoreMeta.get(db, .rootKey), held != key {
        throw DomainError.conflict(
          "this data folder belongs to a store founded by another admin (a different root key)")
      }
      try StoreMeta.set(db, .rootUser, user)
      try StoreMeta.set(db, .rootKey, key)
    }
  }

  /// Whether this store holds the demo accounts (password `demo`).
  public func holdsDemoUsers() throws -> Bool {
    try read { try StoreMeta.get($0, .demoUsers) } == "1"
  }
}

extension Store {
  /// Whether `publicKey` is, or was until a later change, an admin's signing
  /// key here: the authority a share-wide act outside the records (a key
  /// rotation, a snapshot) is checked against. A deactivated admin's earlier
  /// acts stand, as their earlier changes do.
  public func isAdminKey(_ publicKey: String) throws -> Bool {
    try read { db in
      try Bool.fetchOne(
        db,
        sql: """
          SELECT EXISTS(SELECT 1 FROM users WHERE role = 'admin' AND public_key = ?)
            OR EXISTS(SELECT 1 FROM users u JOIN field_history h
              ON h.entity = 'user' AND h.record_id = u.id AND h.field = 'public_key'
              WHERE u.role = 'admin' AND h.value = ?)
          """, arguments: [publicKey, FieldValue.text(publicKey).json]) ?? false
    }
  }
}
