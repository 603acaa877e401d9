/// Which families a user may see in a list, worked out once from the user.
///
/// Every list that names families (the families list, the escalation queue,
/// referrals, home, the audit log, conflicts) takes its rule from here, and
/// the store renders the same value into SQL, so no screen or command can
/// decide visibility on its own. There are three variants, each defined
/// once, in `init(_:for:)`:
///
/// - `.list`: the families list and home. Families of the user's own hubs,
///   and other hubs' families whose consent to share was given; refused or
///   unrecorded consent keeps another hub's family out of sight entirely.
/// - `.ownHubs`: work queues and the audit log (the escalation queue,
///   referrals, home's queue count, audit events). Families of the user's own
///   hubs only; another hub's work is that hub's to do, even with consent.
/// - `.conflicts`: sync conflicts, which only someone who may edit the family
///   can settle. Families of the user's own hubs only.
///
/// A user who may not view families (or edit them, for conflicts), and any
/// inactive user, sees no family at all.
public struct VisibilityScope: Hashable, Sendable {
  public enum Variant: String, Hashable, Sendable, CaseIterable {
    case list
    case ownHubs = "own-hubs"
    case conflicts
  }

  /// Hubs whose families are admitted whatever their consent.
  public var hubs: [String]
  /// Whether other hubs' families are admitted when their consent is `given`.
  public var consentedElsewhere: Bool
  /// False when no family is admitted at all.
  public var seesFamilies: Bool

  public init(hubs: [String], consentedElsewhere: Bool, seesFamilies: Bool = true) {
    self.hubs = seesFamilies ? hubs : []
    self.consentedElsewhere = seesFamilies && consentedElsewhere
    self.seesFamilies = seesFamilies
  }

  /// The scope that admits nothing.
  public static let nothing = VisibilityScope(hubs: [], consentedElsewhere: false, seesFamilies: false)

  /// The scope of `variant` for `user`.
  public init(_ variant: Variant, for user: User) {
    let permission: Permission = variant == .conflicts ? .editFamily : .viewFamilies
    guard user.active, Permissions.allows(user.role, permission) else {
      self = .nothing
      return
    }
    self.init(hubs: user.hubs, consentedElsewhere: variant == .list)
  }

  public static func list(for user: User) -> VisibilityScope { VisibilityScope(.list, for: user) }
  public static func ownHubs(for user: User) -> VisibilityScope { VisibilityScope(.ownHubs, for: user) }
  public static func conflicts(for user: User) -> VisibilityScope { VisibilityScope(.conflicts, for: user) }

  /// Whether a family of `familyHub` with `consent` is in this scope.
  public func admits(familyHub: String, consent: Consent?) -> Bool {
    guard seesFamilies else { return false }
    return hubs.contains(familyHub) || (consentedElsewhere && consent == .given)
  }

  /// Whether anything at all can be admitted: false for no permission, an
  /// inactive user, or a hub-only scope of a user with no hubs.
  public var admitsAny: Bool { seesFamilies && (!hubs.isEmpty || consentedElsewhere) }
}
