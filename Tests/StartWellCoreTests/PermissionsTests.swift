import StartWellCore
import Testing

/// The permission matrix as SPEC section 6 and the product design describe it, one row per role.
private let expectedMatrix: [Role: Set<Permission>] = [
  .practitioner: [
    .viewFamilies, .editFamily, .logContact, .raiseEscalation, .addReferral, .updateReferral,
    .takeInNotifications, .triageNotifications,
  ],
  .huddleLead: [
    .viewFamilies, .editFamily, .logContact, .raiseEscalation, .addReferral, .updateReferral, .runHuddle,
    .takeInNotifications, .triageNotifications,
  ],
  .supervisor: [
    .viewFamilies, .editFamily, .logContact, .raiseEscalation, .addReferral, .updateReferral, .runHuddle,
    .decideEscalation, .viewEscalationQueue, .superviseCaseloads, .viewAudit, .takeInNotifications,
    .triageNotifications,
  ],
  .admin: [.manageUsers, .manageConfiguration, .viewAudit, .viewFamilies],
]

private func user(_ role: Role, hubs: [String] = ["north"], active: Bool = true, name: String = "sam") -> User
{
  User(username: name, displayName: "Sam Example", role: role, hubs: hubs, active: active)
}

@Suite("Permissions")
struct PermissionsTests {
  @Test("the matrix, role by permission", arguments: Role.allCases, Permission.allCases)
  func matrix(role: Role, permission: Permission) {
    let expected = expectedMatrix[role]!.contains(permission)
    #expect(Permissions.allows(role, permission) == expected)
    let u = user(role)
    do {
      try Permissions.require(u, permission)
      #expect(expected, "\(role) should not be allowed to \(permission.rawValue)")
    } catch {
      #expect(!expected, "\(role) should be allowed to \(permission.rawValue): \(error)")
      guard case .forbidden(let why) = error else {
        Issue.record("expected forbidden, got \(error)")
        return
      }
      #expect(why.contains(role.rawValue))
      #expect(why.contains(permission.rawValue))
    }
  }

  @Test("only supervisors decide escalations; only admins manage users")
  func keyRules() {
    #expect(Role.allCases.filter { Permissions.allows($0, .decideEscalation) } == [.supervisor])
    #expect(Role.allCases.filter { Permissions.allows($0, .manageUsers) } == [.admin])
  }

  @Test("the refusal names who may do it")
  func refusalMessage() {
    let error = domainError { try Permissions.require(user(.practitioner, name: "pat"), .manageUsers) }
    #expect(error == .forbidden("pat is a practitioner; only admin may manage users"))
    let audit = domainError { try Permissions.require(user(.huddleLead), .viewAudit) }
    #expect(audit?.description.contains("admin or supervisor") == true)
  }

  @Test("an inactive user is refused everything, even what the role allows", arguments: Role.allCases)
  func inactive(role: Role) throws {
    let u = user(role, active: false, name: "gone")
    for permission in expectedMatrix[role]! {
      let error = domainError { try Permissions.require(u, permission) }
      #expect(error == .forbidden("gone is inactive"))
    }
    #expect(
      domainError { _ = try Permissions.openAccess(u, familyHub: "north", breakGlassReason: nil) } != nil)
    #expect(!Permissions.canList(u, familyHub: "north", consent: .given))
  }
}

@Suite("Family access and break the glass")
struct FamilyAccessTests {
  @Test("own hub opens without a reason", arguments: Role.allCases)
  func ownHub(role: Role) throws {
    #expect(try Permissions.openAccess(user(role), familyHub: "north", breakGlassReason: nil) == .ownHub)
    #expect(
      try Permissions.openAccess(user(role), familyHub: "north", breakGlassReason: "ignored") == .ownHub)
  }

  @Test("any of several hubs counts as own")
  func multiHub() throws {
    let u = user(.practitioner, hubs: ["north", "east"])
    #expect(try Permissions.openAccess(u, familyHub: "east", breakGlassReason: nil) == .ownHub)
  }

  @Test(
    "another hub without a reason is forbidden and says how to give one",
    arguments: [nil, "", "   ", " \n\t "])
  func noReason(reason: String?) throws {
    let error = domainError {
      _ = try Permissions.openAccess(
        user(.practitioner, name: "pat"), familyHub: "south", breakGlassReason: reason)
    }
    guard case .forbidden(let why) = error else {
      Issue.record("expected forbidden, got \(String(describing: error))")
      return
    }
    #expect(why.contains("--reason"))
    #expect(why.contains("south"))
    #expect(why.contains("pat"))
  }

  @Test("another hub with a reason breaks the glass, recording the trimmed reason")
  func withReason() throws {
    let access = try Permissions.openAccess(
      user(.supervisor), familyHub: "south", breakGlassReason: "  Out-of-hours safeguarding call  ")
    #expect(access == .breakGlass(reason: "Out-of-hours safeguarding call"))
  }

  @Test("a break-glass reason must be clean single-line text within the limit")
  func badReason() {
    #expect(
      brokenRules {
        _ = try Permissions.openAccess(
          user(.practitioner), familyHub: "south", breakGlassReason: "call from the\u{1B}[2J school")
      } == ["reason/control-character"])
    #expect(
      brokenRules {
        _ = try Permissions.openAccess(
          user(.practitioner), familyHub: "south",
          breakGlassReason: String(repeating: "rang ", count: Limits.reason / 5 + 1))
      } == ["reason/max-length"])
  }

  @Test("a break-glass reason takes at least three words")
  func shortReason() {
    for reason in ["x", "covering", "duty desk", "1 2 3 4"] {
      #expect(
        brokenRules {
          _ = try Permissions.openAccess(user(.practitioner), familyHub: "south", breakGlassReason: reason)
        } == ["reason/too-short"], "\(reason)")
    }
    #expect(Permissions.breakGlassReasonProblem("covering the duty desk") == nil)
  }

  @Test("writing needs the permission and then the same access rule")
  func requireWrite() throws {
    try Permissions.requireWrite(user(.practitioner), .logContact, familyHub: "north")
    try Permissions.requireWrite(
      user(.practitioner), .logContact, familyHub: "south", breakGlassReason: "covering the duty desk")
    let noReason = domainError {
      try Permissions.requireWrite(user(.practitioner), .logContact, familyHub: "south")
    }
    #expect(noReason?.description.contains("only for families of north") == true)
    let admin = domainError { try Permissions.requireWrite(user(.admin), .logContact, familyHub: "north") }
    #expect(admin?.description.contains("admin") == true)
    #expect(admin?.description.contains("log a contact") == true)
  }
}

@Suite("Listing families")
struct CanListTests {
  @Test(
    "own hub always; another hub only with consent given",
    arguments: [
      ("north", Consent?.some(.given), true),
      ("north", Consent?.some(.refused), true),
      ("north", Consent?.none, true),
      ("south", Consent?.some(.given), true),
      ("south", Consent?.some(.refused), false),
      ("south", Consent?.none, false),
    ])
  func rules(hub: String, consent: Consent?, listed: Bool) {
    for role in Role.allCases {
      #expect(Permissions.canList(user(role), familyHub: hub, consent: consent) == listed, "\(role)")
    }
  }

  @Test("a user with no hubs sees only consented families")
  func noHubs() {
    let u = user(.practitioner, hubs: [])
    #expect(!Permissions.canList(u, familyHub: "north", consent: nil))
    #expect(Permissions.canList(u, familyHub: "north", consent: .given))
  }
}
