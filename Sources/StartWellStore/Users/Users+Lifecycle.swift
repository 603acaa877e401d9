import Foundation
import GRDB
import StartWellCore

/// What an admin does to an account over its life. Each change is an
/// operation signed by the admin, so it takes effect on every terminal at
/// its clock: operations the user signed after it are refused everywhere,
/// including ones made offline before the change arrived.
extension Store {
  /// Stops an account: its later operations are refused and it can no longer log in.
  @discardableResult
  public func deactivateUser(_ username: String, reason: String, as actor: User) throws -> User {
    try Permissions.require(actor, .manageUsers)
    try requireReason(reason)
    let user = try liveUser(username)
    if user.id == actor.id {
      throw DomainError.forbidden("an admin cannot deactivate their own account; another admin must")
    }
    try refuseLosingLastAdmin(user, becoming: nil)
    return try write(as: actor) { tx in
      try tx.update(.user, id: user.id, ["active": .of(false)])
      try tx.audit(
        "user-deactivate", entity: .user, recordID: user.id, familyID: nil,
        detail: "\(username) deactivated: \(reason.trimmed)")
      var changed = user
      changed.active = false
      return changed
    }
  }

  /// Changes an account's role and hubs (either may be left as it is); can
  /// also bring a deactivated account back.
  @discardableResult
  public func setUser(
    _ username: String, role: Role?, hubs: [String]?, reactivate: Bool = false, as actor: User
  ) throws -> User {
    try Permissions.require(actor, .manageUsers)
    var user = try liveUser(username)
    var v = Validator()
    for hub in hubs ?? [] where config.hub(hub) == nil {
      v.add(
        "hub", "unknown", "'\(hub)' is not a hub; known: \(config.hubs.map(\.id).joined(separator: ", "))")
    }
    let newRole = role ?? user.role
    let newHubs = hubs ?? user.hubs
    if newHubs.isEmpty && newRole != .admin {
      v.add("hub", "required", "a \(newRole.rawValue) needs at least one hub (--hub)")
    }
    try v.check()
    if newRole != .admin { try refuseLosingLastAdmin(user, becoming: newRole) }
    var fields: [String: FieldValue] = ["role": .of(newRole), "hubs": .json(newHubs)]
    if reactivate { fields["active"] = .of(true) }
    return try write(as: actor) { tx in
      let changed = try tx.update(.user, id: user.id, fields)
      guard !changed.isEmpty else { return user }
      try tx.audit(
        "user-set", entity: .user, recordID: user.id, familyID: nil,
        detail:
          "\(username): \(user.role.rawValue) in [\(user.hubs.joined(separator: ", "))] -> "
          + "\(newRole.rawValue) in [\(newHubs.joined(separator: ", "))]\(reactivate ? ", reactivated" : "")")
      user.role = newRole
      user.hubs = newHubs
      if reactivate { user.active = true }
      return user
    }
  }

  /// Gives an account a new key under a new password, certified by the
  /// admin. From this change's clock every terminal refuses what the old
  /// key signs, and only the new password unlocks the account.
  public func resetPassword(_ username: String, to password: String, as actor: User) throws {
    try Permissions.require(actor, .manageUsers)
    let user = try liveUser(username)
    try replaceKey(of: user, password: password, as: actor, action: "user-reset-password")
  }

  /// A user choosing a new password: their own key signs the change to the new one.
  public func changePassword(of user: User, to password: String) throws {
    try replaceKey(of: user, password: password, as: user, action: "user-change-password")
  }

  private func replaceKey(of user: User, password: String, as actor: User, action: String) throws {
    if let problem = PasswordPolicy.problem(password) {
      throw DomainError.invalid([FieldIssue(field: "password", rule: "weak", message: problem)])
    }
    let identity = SigningIdentity()
    let wrapped = try WrappedKey.make(identity, password: password, rounds: keyDerivation.rounds)
    try write(as: actor) { tx in
      try tx.update(
        .user, id: user.id, ["public_key": .text(identity.publicKey), "wrapped_key": .text(wrapped)])
      try tx.audit(
        action, entity: .user, recordID: user.id, familyID: nil,
        detail: "\(user.username) has a new key \(SignatureCheck.fingerprint(identity.publicKey))")
    }
    if actor.id == user.id { unlock(user.id, identity) } else { lock(user.id) }
  }

  /// The one live account with this username.
  func liveUser(_ username: String) throws -> User {
    let users = try read { try Store.accounts($0, named: username).map(User.init(row:)) }
    guard let user = users.first else { throw DomainError.notFound("no account named \(username)") }
    guard users.count == 1 else {
      throw DomainError.conflict(
        "\(users.count) accounts are named \(username); rename one first (startwell user rename)")
    }
    return user
  }

  private func requireReason(_ reason: String) throws {
    var v = Validator()
    v.line("reason", reason, max: Limits.reason)
    try v.check()
  }

  /// A store keeps at least one active admin, or nobody could manage it again.
  private func refuseLosingLastAdmin(_ user: User, becoming role: Role?) throws {
    guard user.role == .admin, user.active else { return }
    let admins = try users().filter { $0.role == .admin && $0.active }
    if admins.count <= 1 {
      throw DomainError.forbidden("\(user.username) is the only active admin; make another admin first")
    }
  }
}
