import Crypto
import Foundation
import GRDB
import StartWellCore
import _CryptoExtras

extension Store {
  /// The account that acts for the system itself (first set-up, demo loading).
  public static let systemUser = User(
    id: "system", username: "system", displayName: "System", role: .admin, hubs: [])

  public func userCount() throws -> Int {
    try read {
      try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM users WHERE deleted = 0 AND id <> 'system'") ?? 0
    }
  }

  /// Adds a user with a new signing key wrapped under `password`. Only
  /// admins may, except for the very first admin (`startwell init`), who
  /// signs their own record and becomes the store's root.
  ///
  /// `checkPolicy: false` skips the password rule, for demo and test
  /// accounts; a real account's password always passes it.
  @discardableResult
  public func addUser(
    username: String, displayName: String, role: Role, hubs: [String], password: String, as actor: User,
    checkPolicy: Bool = true
  ) throws -> User {
    if actor.id == Store.systemUser.id, try hasJoinedShare() {
      throw DomainError.forbidden(
        "this terminal has joined a shared store, whose users come from the share at the next sync; "
          + "an admin of the shared store adds users with `startwell user add`")
    }
    let isBootstrap = try userCount() == 0 && role == .admin && actor.id == Store.systemUser.id
    if !isBootstrap { try Permissions.require(actor, .manageUsers) }
    var v = Validator()
    if let problem = Usernames.problem(username) { v.add("username", "format", problem) }
    v.line("name", displayName, max: Limits.name)
    if hubs.isEmpty && role != .admin {
      v.add("hub", "required", "a \(role.rawValue) needs at least one hub (--hub)")
    }
    for hub in hubs where config.hub(hub) == nil {
      v.add(
        "hub", "unknown", "'\(hub)' is not a hub; known: \(config.hubs.map(\.id).joined(separator: ", "))")
    }
    if checkPolicy, let problem = PasswordPolicy.problem(password) { v.add("password", "weak", problem) }
    try v.check()
    let identity = SigningIdentity()
    let wrapped = try WrappedKey.make(identity, password: password, rounds: keyDerivation.rounds)
    let user = User(username: username, displayName: displayName.trimmed, role: role, hubs: hubs)
    // The founding admin signs their own record: the root of every later authority.
    let author = isBootstrap ? user : actor
    if isBootstrap { unlock(user.id, identity) }
    let made = try write(as: author) { tx in
      try tx.ensureSystemUser()
      if isBootstrap {
        try StoreMeta.set(tx.db, .rootUser, user.id)
        try StoreMeta.set(tx.db, .rootKey, identity.publicKey)
      }
      if try Bool.fetchOne(
        tx.db, sql: "SELECT EXISTS(SELECT 1 FROM users WHERE username = ?)", arguments: [username]) == true
      {
        throw DomainError.invalid([
          FieldIssue(field: "username", rule: "unique", message: "'\(username)' is already taken")
        ])
      }
      try tx.insert(
        .user, id: user.id,
        [
          "username": .text(username), "display_name": .text(user.displayName), "role": .of(role),
          "hubs": .json(hubs), "active": .of(true), "public_key": .text(identity.publicKey),
          "wrapped_key": .text(wrapped),
        ])
      try tx.audit(
        "user-add", entity: .user, recordID: user.id, familyID: nil,
        detail: "\(username) added as \(role.rawValue) in \(hubs.joined(separator: ", "))"
          + "; key \(SignatureCheck.fingerprint(identity.publicKey))")
      return user
    }
    // The new account's key is unlocked for this process: tests and the
    // first admin act as it at once; no command writes as another user.
    unlock(made.id, identity)
    return made
  }

  /// Renames an account; the way an admin settles two accounts made with one username.
  ///
  /// `username` may be ambiguous (that is the point); `id` then picks the
  /// account, by its id or the first eight or more characters of it.
  @discardableResult
  public func renameUser(_ username: String, id: String?, to newName: String, as actor: User) throws -> User {
    try Permissions.require(actor, .manageUsers)
    var v = Validator()
    if let problem = Usernames.problem(newName) { v.add("new username", "format", problem) }
    try v.check()
    return try write(as: actor) { tx in
      var rows = try Store.accounts(tx.db, named: username)
      if let id {
        let prefix = id.lowercased()
        rows = rows.filter { ShortID.matches(prefix, ($0["id"] as DatabaseValue).asText ?? "") }
        if prefix.count < ShortID.length {
          throw DomainError.invalid([
            FieldIssue(
              field: "id", rule: "too-short", message: "give at least 8 characters of the account id")
          ])
        }
      }
      guard let row = rows.first else { throw DomainError.notFound("no account named \(username)") }
      guard rows.count == 1 else {
        let ids = rows.map { ShortID.of(($0["id"] as DatabaseValue).asText ?? "") }
        throw DomainError.conflict(
          "\(rows.count) accounts are named \(username) (ids \(ids.joined(separator: ", "))); say which with --id"
        )
      }
      let user = User(row: row)
      if try Int.fetchOne(
        tx.db, sql: "SELECT COUNT(*) FROM users WHERE username = ? AND deleted = 0", arguments: [newName])
        ?? 0 > 0
      {
        throw DomainError.invalid([
          FieldIssue(field: "new username", rule: "unique", message: "'\(newName)' is already taken")
        ])
      }
      try tx.update(.user, id: user.id, ["username": .text(newName)])
      try tx.audit(
        "user-rename", entity: .user, recordID: user.id, familyID: nil,
        detail: "\(username) (\(ShortID.of(user.id))) renamed to \(newName)")
      var renamed = user
      renamed.username = newName
      return renamed
    }
  }

  /// Usernames held by more than one live account: two terminals added the
  /// same one while offline. Both accounts are kept; neither can log in
  /// until an admin renames one.
  public func usernameClashes() throws -> [UsernameClash] {
    try read { db in
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT username, id FROM users WHERE deleted = 0 AND id <> 'system' AND username IN (
            SELECT username FROM users WHERE deleted = 0 AND id <> 'system' GROUP BY username HAVING COUNT(*) > 1)
          ORDER BY username, id
          """)
      var clashes: [UsernameClash] = []
      for row in rows {
        let name = (row["username"] as DatabaseValue).asText ?? ""
        let id = (row["id"] as DatabaseValue).asText ?? ""
        if clashes.last?.username == name {
          clashes[clashes.count - 1].accountIDs.append(id)
        } else {
          clashes.append(UsernameClash(username: name, accountIDs: [id]))
        }
      }
      return clashes
    }
  }

  public func users() throws -> [User] {
    try read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM users WHERE deleted = 0 AND id <> 'system' ORDER BY username")
        .map(User.init(row:))
    }
  }

  public func user(named username: String) throws -> User? {
    try read {
      try Row.fetchOne(
        $0, sql: "SELECT * FROM users WHERE username = ? AND deleted = 0", arguments: [username]
      ).map(User.init(row:))
    }
  }

}

public struct UsernameClash: Hashable, Sendable {
  public var username: String
  public var accountIDs: [String]
}

extension Store {
  /// The live accounts named `username`, the system account aside: more
  /// than one when two terminals each made one offline.
  static func accounts(_ db: Database, named username: String) throws -> [Row] {
    try Row.fetchAll(
      db, sql: "SELECT * FROM users WHERE username = ? AND deleted = 0 AND id <> 'system'",
      arguments: [username])
  }
}

extension ChangeRecorder {
  /// The system user row exists so audit and author columns always reference a real user.
  func ensureSystemUser() throws { try store.ensureSystemRow(db) }
}

extension Store {
  /// Users (beyond the system account) and families this data folder holds.
  public func heldRecords() throws -> (users: Int, families: Int) {
    try read { db in
      (
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users WHERE id <> 'system'") ?? 0,
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM family") ?? 0
      )
    }
  }

  /// Records which terminal founded the shared store this one joined.
  public func setFounderDevice(_ device: String?) throws {
    guard let device else { return }
    try writer.write { try StoreMeta.set($0, .founderDevice, device) }
  }

  /// Whether this data folder has joined a shared store. Its users then come
  /// from the share: `init` and `demo` would make accounts nobody else accepts.
  public func hasJoinedShare() throws -> Bool {
    try read { try Bool.fetchOne($0, sql: "SELECT EXISTS(SELECT 1 FROM sync_share)") ?? false }
  }
}

extension Store {
  /// References of families with more than one open case: two terminals
  /// each opened one before they synced. Both are kept; every screen uses
  /// the older (`FamilyIndex.openCaseOrder`) until one is closed.
  public func familiesWithTwoOpenCases() throws -> [String] {
    try read { db in
      try String.fetchAll(
        db,
        sql: """
          SELECT f.reference FROM cases c JOIN family f ON f.id = c.family_id
          WHERE c.status = 'open' AND c.deleted = 0
          GROUP BY c.family_id HAVING COUNT(*) > 1 ORDER BY f.reference
          """)
    }
  }
}
