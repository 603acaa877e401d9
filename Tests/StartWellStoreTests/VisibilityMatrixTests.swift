import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore

/// Who may see which family, checked through the SQL: for every role, active
/// or not, against families of the user's own hub and of another hub with
/// consent given, refused or unrecorded, each list returns exactly the
/// families its `VisibilityScope` variant admits in the core.
@Suite("The visibility matrix, through the SQL")
struct VisibilityMatrixTests {
  /// One family per hub and consent, each with an open escalation, a
  /// referral, a follow-up due tomorrow, audit events and a case-level
  /// conflict, all written by one user of both hubs.
  final class World: @unchecked Sendable {
    let store: Store
    let writer: User
    /// Family id → (hub, consent).
    var families: [String: (hub: String, consent: Consent?)] = [:]

    static let shared: Result<World, any Error> = Result { try World() }

    init() throws {
      let fx = try StoreFixture()
      store = fx.store
      writer = try store.addUser(
        username: "wren", displayName: "Wren Writer", role: .supervisor, hubs: ["north", "south"],
        password: "pw", as: fx.admin, checkPolicy: false)
      let other = try Store.inMemory(config: StoreFixture.config, now: { StoreFixture.fixedNow })
      // Both terminals belong to the store the admin founded, and the writer is signed in on both.
      if let root = try store.root() { try other.adoptRoot(user: root.user, key: root.key) }
      if let key = store.identity(for: writer.id) { other.unlock(writer.id, key) }
      var cases: [String] = []
      for hub in ["north", "south"] {
        for consent in [Consent.given, .refused, nil] {
          let family = try store.addFamily(
            FamilyDraft(
              name: "\(hub) \(consent?.rawValue ?? "none")", postcode: "LS6 2AB", hubID: hub, consent: consent
            ),
            as: writer)
          families[family.meta.id] = (hub, consent)
          let mother = try store.addPerson(
            familyReference: family.reference,
            PersonDraft(
              givenName: "Ada", familyName: "Okafor", dateOfBirth: "1994-05-06", relationship: .mother),
            as: writer)
          try store.addReferral(
            personReference: mother.reference,
            ReferralDraft(service: "slt", reason: "speech delay", consentRecorded: true), as: writer)
          try store.escalate(
            familyID: family.meta.id,
            EscalationDraft(toLevel: .earlyHelp, reason: "worry", urgency: .routine),
            as: writer)
          try store.logContact(
            familyID: family.meta.id,
            ContactDraft(
              type: "home-visit", at: StoreFixture.fixedNow.addingTimeInterval(-3600), summary: "Visited",
              followUp: store.today.adding(days: 1)),
            as: writer)
          guard let caseID = try store.openFamily(id: family.meta.id, as: writer).openCase?.meta.id else {
            throw DomainError.notFound("the open case of \(family.reference)")
          }
          cases.append(caseID)
        }
      }
      // The same case levels changed on another terminal at once: one conflict per family.
      try Self.deliver(store, to: other)
      for caseID in cases {
        _ = try store.write(as: writer) {
          try $0.update(.caseRecord, id: caseID, ["level": .text("targeted")])
        }
        _ = try other.write(as: writer) {
          try $0.update(.caseRecord, id: caseID, ["level": .text("specialist")])
        }
      }
      try Self.deliver(other, to: store)
    }

    static func deliver(_ from: Store, to: Store) throws {
      // Each marked with its verified signer, as a pull marks it.
      let ops = try from.read { db in
        try Outbox.vouched(
          db, Row.fetchAll(db, sql: "SELECT * FROM outbox WHERE batch IS NULL ORDER BY seq"),
          deviceKey: from.deviceIdentity.publicKey)
      }
      _ = try to.applyRemoteBatch { try to.applyRemote(ops, in: $0) }
      // As a sync does: the receiver's next edit comes after what it received.
      if let latest = ops.map(\.clock).max() { _ = to.receive(clock: latest) }
    }

    /// The ids of the families `scope` admits, by the core rule.
    func admitted(_ scope: VisibilityScope) -> Set<String> {
      Set(families.filter { scope.admits(familyHub: $0.value.hub, consent: $0.value.consent) }.keys)
    }

    func id(reference: String) throws -> String { try store.familyID(reference: reference) }
  }

  /// Every role, active and inactive, with the north hub as its own.
  static let users: [User] = Role.allCases.flatMap { role in
    [true, false].map { active in
      User(
        username: "\(role.rawValue)-\(active ? "active" : "inactive")", displayName: "Tester", role: role,
        hubs: ["north"], active: active)
    }
  }

  /// The tested user, acting on the writer's records: same id and username, the tested role, hubs and state.
  func asWriter(_ user: User, in world: World) -> User {
    User(
      id: world.writer.id, username: world.writer.username, displayName: user.displayName, role: user.role,
      hubs: user.hubs, active: user.active)
  }

  func world() throws -> World { try World.shared.get() }

  @Test("the world has one family per hub and consent, each with a conflict")
  func theWorld() throws {
    let w = try world()
    #expect(w.families.count == 6)
    #expect(try w.store.conflicts().count == 6)
  }

  @Test("the core rule, written out: who is admitted by each variant", arguments: users)
  func coreRule(user: User) throws {
    for hub in ["north", "south"] {
      for consent in [Consent.given, .refused, nil] {
        let own = hub == "north"
        let list = VisibilityScope.list(for: user).admits(familyHub: hub, consent: consent)
        let ownHubs = VisibilityScope.ownHubs(for: user).admits(familyHub: hub, consent: consent)
        let conflicts = VisibilityScope.conflicts(for: user).admits(familyHub: hub, consent: consent)
        let views = user.active && Permissions.allows(user.role, .viewFamilies)
        let edits = user.active && Permissions.allows(user.role, .editFamily)
        #expect(
          list == (views && (own || consent == .given)),
          "\(user.username) \(hub) \(String(describing: consent))")
        #expect(ownHubs == (views && own))
        #expect(conflicts == (edits && own))
        #expect(Permissions.canList(user, familyHub: hub, consent: consent) == list)
      }
    }
  }

  @Test(
    "the SQL fragment admits exactly what the core rule admits",
    arguments: users, VisibilityScope.Variant.allCases)
  func fragment(user: User, variant: VisibilityScope.Variant) throws {
    let w = try world()
    let scope = VisibilityScope(variant, for: user)
    let visible = scope.sql(family: "f")
    let byJoin = try w.store.read {
      try String.fetchSet(
        $0, sql: "SELECT f.id FROM family f WHERE \(visible.sql)", arguments: visible.arguments)
    }
    #expect(byJoin == w.admitted(scope), "\(user.username) \(variant)")
    let byID = scope.sql(familyIDColumn: "x.id")
    let bySubquery = try w.store.read {
      try String.fetchSet($0, sql: "SELECT x.id FROM family x WHERE \(byID.sql)", arguments: byID.arguments)
    }
    #expect(bySubquery == w.admitted(scope), "\(user.username) \(variant)")
  }

  @Test("the families list uses the list scope", arguments: users)
  func familiesList(user: User) throws {
    let w = try world()
    let expected = w.admitted(.list(for: user))
    let rows = try w.store.families(FamilyQuery(limit: 100), for: user)
    #expect(Set(rows.map(\.id)) == expected, "\(user.username)")
    #expect(try w.store.familyCount(FamilyQuery(), for: user) == expected.count)
    // Searching cannot reach past the scope either.
    let searched = try w.store.families(FamilyQuery(text: "south", limit: 100), for: user)
    #expect(Set(searched.map(\.id)) == expected.filter { w.families[$0]?.hub == "south" })
  }

  @Test("the escalation queue uses the own-hubs scope", arguments: users)
  func escalationQueue(user: User) throws {
    let w = try world()
    let rows = try w.store.escalations(status: [.raised, .acknowledged], for: user)
    #expect(Set(try rows.map { try w.id(reference: $0.familyReference) }) == w.admitted(.ownHubs(for: user)))
    #expect(rows.count == w.admitted(.ownHubs(for: user)).count)
  }

  @Test("referrals use the own-hubs scope", arguments: users)
  func referrals(user: User) throws {
    let w = try world()
    let rows = try w.store.referrals(for: user)
    #expect(Set(rows.map(\.referral.familyID)) == w.admitted(.ownHubs(for: user)), "\(user.username)")
  }

  @Test("home uses the list scope for the user's work and the own-hubs scope for the queue", arguments: users)
  func home(user: User) throws {
    let w = try world()
    let me = asWriter(user, in: w)
    let home = try w.store.homeSummary(for: me)
    let listed = w.admitted(.list(for: me))
    #expect(Set(home.caseload.map(\.id)) == listed, "\(user.username)")
    #expect(home.caseloadCount == listed.count)
    #expect(Set(home.due.map(\.familyID)) == listed)
    #expect(Set(home.escalations.map(\.escalation.familyID)) == listed)
    #expect(Set(home.referrals.map(\.referral.familyID)) == listed)
    let queue =
      Permissions.allows(user.role, .viewEscalationQueue) ? w.admitted(.ownHubs(for: me)).count : nil
    #expect(home.queueCount == queue)
  }

  @Test("the audit log uses the own-hubs scope", arguments: users)
  func audit(user: User) throws {
    let w = try world()
    guard user.active, Permissions.allows(user.role, .viewAudit) else {
      #expect(throws: DomainError.self) { try w.store.auditEvents(as: user) }
      return
    }
    let events = try w.store.auditEvents(as: user, limit: 10_000)
    #expect(Set(events.compactMap(\.familyID)) == w.admitted(.ownHubs(for: user)), "\(user.username)")
    // Events about no family (users added) are everyone's with the permission.
    #expect(events.contains { $0.familyID == nil })
  }

  @Test("conflicts use the conflicts scope", arguments: users)
  func conflicts(user: User) throws {
    let w = try world()
    let visible = try w.store.conflicts(visibleTo: user)
    let families = try visible.map { try #require(try w.store.family(of: $0)?.id) }
    #expect(Set(families) == w.admitted(.conflicts(for: user)), "\(user.username)")
    #expect(visible.count == families.count)
  }

  @Test("a user with no hubs sees only other hubs' consented families in lists, and no queue")
  func noHubs() throws {
    let w = try world()
    let admin = User(username: "root", displayName: "Root", role: .admin, hubs: [])
    let listed = try w.store.families(FamilyQuery(limit: 100), for: admin)
    #expect(Set(listed.map(\.id)) == w.admitted(.list(for: admin)))
    #expect(listed.count == 2)
    #expect(try w.store.escalations(for: admin).isEmpty)
    #expect(try w.store.auditEvents(as: admin).allSatisfy { $0.familyID == nil })
    #expect(VisibilityScope.ownHubs(for: admin).sql().sql == "0")
  }
}

extension User: CustomTestStringConvertible {
  /// "supervisor-inactive" rather than every field, in test names and failures.
  public var testDescription: String { username }
}
