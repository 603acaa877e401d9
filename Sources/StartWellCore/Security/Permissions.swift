/// What a user may do, decided here in the core so the command line and the
/// interactive client enforce exactly the same rules (SPEC section 6).
public enum Permission: String, Sendable, CaseIterable {
  case viewFamilies = "view families"
  case editFamily = "edit a family"
  case logContact = "log a contact"
  case raiseEscalation = "raise an escalation"
  case decideEscalation = "decide an escalation"
  case viewEscalationQueue = "view the escalation queue"
  case addReferral = "add a referral"
  case updateReferral = "update a referral"
  case runHuddle = "run a huddle"
  case superviseCaseloads = "supervise caseloads"
  case manageUsers = "manage users"
  case manageConfiguration = "manage configuration"
  case viewAudit = "view the audit log"
  case takeInNotifications = "take in notifications"
  case triageNotifications = "triage notifications"
}

public enum Permissions {
  /// The permission matrix, by role. Admins manage the system, not cases.
  public static let matrix: [Role: Set<Permission>] = {
    let casework: Set<Permission> = [
      .viewFamilies, .editFamily, .logContact, .raiseEscalation, .addReferral, .updateReferral,
      .takeInNotifications, .triageNotifications,
    ]
    return [
      .practitioner: casework,
      .huddleLead: casework.union([.runHuddle]),
      .supervisor: casework.union([
        .decideEscalation, .viewEscalationQueue, .runHuddle, .superviseCaseloads, .viewAudit,
      ]),
      .admin: [.manageUsers, .manageConfiguration, .viewAudit, .viewFamilies],
    ]
  }()

  public static func allows(_ role: Role, _ permission: Permission) -> Bool {
    matrix[role]?.contains(permission) ?? false
  }

  public static func require(_ user: User, _ permission: Permission) throws(DomainError) {
    guard user.active else { throw .forbidden("\(user.username) is inactive") }
    guard allows(user.role, permission) else {
      let who = matrix.filter { $0.value.contains(permission) }.keys.map(\.rawValue).sorted()
      throw .forbidden(
        "\(user.username) is \(user.role == .admin ? "an" : "a") \(user.role.rawValue); only \(who.joined(separator: " or ")) may \(permission.rawValue)"
      )
    }
  }

  /// Whether a family shows up in a user's lists at all: the `.list`
  /// visibility scope, which the store also renders into every list's SQL.
  ///
  /// Families of the user's own hubs always do; another hub's family shows
  /// only when its consent to share was given. Refused or unrecorded
  /// consent keeps it out of sight entirely.
  public static func canList(_ user: User, familyHub: String, consent: Consent?) -> Bool {
    VisibilityScope.list(for: user).admits(familyHub: familyHub, consent: consent)
  }

  /// Whether opening a family is allowed, and on what grounds.
  public static func openAccess(
    _ user: User, familyHub: String, breakGlassReason: String?
  ) throws(DomainError) -> FamilyAccess {
    try require(user, .viewFamilies)
    if user.hubs.contains(familyHub) { return .ownHub }
    guard let reason = breakGlassReason?.trimmed, !reason.isEmpty else {
      throw .forbidden(
        "this family belongs to hub \(familyHub), outside \(user.username)'s hubs (\(user.hubs.joined(separator: ", "))); give a reason to open it (--reason)"
      )
    }
    var v = Validator()
    v.line("reason", reason, max: Limits.reason)
    if let problem = breakGlassReasonProblem(reason) { v.add("reason", "too-short", problem) }
    try v.check()
    return .breakGlass(reason: reason)
  }

  /// The fewest words a reason for breaking the glass takes: a reason a
  /// supervisor can read later, never a keystroke.
  public static let breakGlassMinimumWords = 3

  /// What is wrong with a reason for opening a family outside one's hubs, or nil.
  public static func breakGlassReasonProblem(_ reason: String) -> String? {
    let words = reason.split(whereSeparator: { $0.isWhitespace || $0.isPunctuation }).filter {
      $0.contains(where: \.isLetter)
    }
    return words.count < breakGlassMinimumWords
      ? "needs at least \(breakGlassMinimumWords) words, so a supervisor can tell why later" : nil
  }

  /// Writing to a family requires the same hub, or a break-the-glass reason.
  public static func requireWrite(
    _ user: User, _ permission: Permission, familyHub: String, breakGlassReason: String? = nil
  ) throws(DomainError) {
    try require(user, permission)
    if user.hubs.contains(familyHub) { return }
    guard breakGlassReason != nil else {
      throw .forbidden(
        "this family belongs to hub \(familyHub); \(user.username) may \(permission.rawValue) only for families of \(user.hubs.isEmpty ? "their own hubs" : user.hubs.joined(separator: ", "))"
      )
    }
    _ = try openAccess(user, familyHub: familyHub, breakGlassReason: breakGlassReason)
  }
}

public enum FamilyAccess: Equatable, Sendable {
  case ownHub
  case breakGlass(reason: String)
}
