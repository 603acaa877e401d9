import Foundation
import StartWellCore
import StartWellStore
import StartWellSync
import TerminalUI
import Testing

@testable import StartWellApp

/// Sync in the client: the header follows each background run, changes from
/// other terminals refresh what is on screen, and conflicts are settled on
/// the sync screen.
@Suite struct SyncUpdateTests {
  static let practitionerID = "p"

  /// A joined overview with `pending` local changes and `conflicts` open conflicts.
  static func overview(
    pending: Int = 0, conflicts: [SyncConflict] = [], lastError: String? = nil, offline: Bool = false
  ) -> SyncOverview {
    SyncOverview(
      configured: true, sharePath: "/srv/share", deviceID: "here0000here0000", pending: pending,
      lastSync: Fixture.now, lastError: lastError, offline: offline, conflicts: conflicts)
  }

  static func conflict() -> SyncConflict {
    var conflict = SyncConflict(
      id: "K-7K3Q9XA2", familyReference: "F-0000001A", entity: "case", field: "level",
      current: .text("targeted"),
      edits: [
        .init(
          value: .text("early-help"), device: "here0000here0000", here: true, userID: "u1", at: Fixture.now),
        .init(
          value: .text("targeted"), device: "them0000them0000", here: false, userID: "u2", at: Fixture.now),
      ])
    conflict.hub = "north"
    return conflict
  }

  @Test func headerFollowsEachRun() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    #expect(h.state.sync == .notConfigured)
    #expect(h.screen.split(separator: "\n")[0].hasSuffix("sync: off"))

    h.send(.syncFinished(SyncOutcome(finished: Fixture.now, overview: Self.overview(pending: 2))))
    #expect(h.state.sync == .pending(2))
    #expect(h.screen.split(separator: "\n")[0].hasSuffix("sync: pending 2"))

    h.send(.syncFinished(SyncOutcome(finished: Fixture.now, pushed: 2, overview: Self.overview())))
    #expect(h.state.sync == .synced)
    #expect(h.screen.split(separator: "\n")[0].hasSuffix("sync: synced"))

    h.send(
      .syncFinished(SyncOutcome(finished: Fixture.now, overview: Self.overview(conflicts: [Self.conflict()])))
    )
    #expect(h.state.sync == .conflicts(1))
    #expect(h.screen.split(separator: "\n")[0].hasSuffix("sync: conflicts 1"))

    // The share vanished: offline, with the engine's reason kept for the sync screen.
    let why = "the share /srv/share is not there (unmounted or moved); sync refused and nothing was changed"
    h.send(
      .syncFinished(
        SyncOutcome(
          finished: Fixture.now, error: why,
          overview: Self.overview(pending: 1, lastError: why, offline: true))))
    #expect(h.state.sync == .offline)
    #expect(h.screen.split(separator: "\n")[0].hasSuffix("sync: offline"))
    h.press(.character("y"))
    h.send(
      .syncFinished(
        SyncOutcome(
          finished: Fixture.now, error: why,
          overview: Self.overview(pending: 1, lastError: why, offline: true))))
    #expect(h.state.route == .sync)
    #expect(contains(h.screen, "Last attempt failed: the share /srv/share is not there"))

    // A run that could not even read the store still says offline rather than nothing.
    h.send(.syncFinished(SyncOutcome(finished: Fixture.now, error: "disk I/O error", overview: nil)))
    #expect(h.state.sync == .offline)

    // Leaving the share (or never joining) turns sync off again.
    h.send(.syncFinished(SyncOutcome(finished: Fixture.now, overview: nil)))
    #expect(h.state.sync == .notConfigured)
  }

  @Test("the header decides offline with the same rule as `sync status`")
  func headerUsesSyncHealth() {
    for unreachable in [false, true] {
      for lastError in [nil, "the share key is wrong"] {
        for pending in [0, 2] {
          let overview = Self.overview(pending: pending, lastError: lastError, offline: unreachable)
          let offline = SyncHealth.isOffline(unreachable: unreachable, lastError: lastError)
          #expect(
            overview.header
              == SyncStatus(
                SyncHealth.summary(configured: true, conflicts: 0, offline: offline, pending: pending)))
          #expect((overview.header == .offline) == offline)
        }
      }
    }
  }

  @Test("the sync screen shows only the conflicts the user's conflicts scope admits")
  func conflictsFollowTheScope() {
    let north = Self.conflict()
    var south = Self.conflict()
    south.id = "K-SOUTH000"
    south.hub = "south"
    south.consent = .given
    var homeless = Self.conflict()
    homeless.id = "K-NOFAMILY"
    homeless.hub = nil
    let overview = Self.overview(conflicts: [north, south, homeless])
    for role in Role.allCases {
      for active in [true, false] {
        let user = User(username: "u", displayName: "U", role: role, hubs: ["north"], active: active)
        let scope = VisibilityScope.conflicts(for: user)
        let expected = [north, south].filter { scope.admits(familyHub: $0.hub!, consent: $0.consent) }
        #expect(overview.visible(to: user).conflicts == expected, "\(role) \(active)")
        // Written out: editors of the family's own hub only; consent elsewhere is not enough.
        #expect(expected.map(\.id) == (active && role != .admin ? [north.id] : []))
      }
    }
    #expect(overview.visible(to: nil).conflicts.isEmpty)
  }

  @Test func aStalledShareReadsOffline() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.press(.character("y"))
    h.send(.syncFinished(SyncOutcome(finished: Fixture.now, overview: Self.overview())))
    h.send(.syncStalled(since: Fixture.now))
    #expect(h.state.sync == .offline)
    #expect(contains(h.screen, "The share has not answered since 2025-03-14 10:00"))
    // The run finally returns: the stall is over.
    h.send(.syncFinished(SyncOutcome(finished: Fixture.now, overview: Self.overview())))
    #expect(h.state.sync == .synced)
    #expect(!h.screen.contains("has not answered"))
  }

  @Test func appliedChangesReloadWhatIsOnScreen() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    let applied = SyncOutcome(finished: Fixture.now, applied: 3, overview: Self.overview())
    let nothing = SyncOutcome(finished: Fixture.now, overview: Self.overview())

    // Home.
    #expect(AppCore.update(h.state, .syncFinished(nothing)).1.isEmpty)
    #expect(AppCore.update(h.state, .syncFinished(applied)).1.contains(.loadHome))

    // The families list, moved down a few rows: fetched again without losing its place.
    h.press(.character("F"), .character("j"), .character("j"), .character("j"))
    let selected = h.state.families.list.selected
    let (after, effects) = AppCore.update(h.state, .syncFinished(applied))
    #expect(effects.contains { if case .countFamilies = $0 { true } else { false } })
    #expect(effects.contains { if case .fetchFamilies = $0 { true } else { false } })
    #expect(after.families.list.selected == selected)
    #expect(after.families.row(selected) != nil, "rows stay on screen until their fresh page arrives")
    h.send(.syncFinished(applied))
    #expect(h.state.families.list.selected == selected)

    // An open family.
    h.openFamily(searching: "Smith Khan")
    let familyEffects = AppCore.update(h.state, .syncFinished(applied)).1
    #expect(familyEffects.contains(.reloadFamily(id: Fixture.id("F-0000001A"), access: .ownHub)))
    #expect(!familyEffects.contains(.loadHome))
    #expect(AppCore.update(h.state, .syncFinished(nothing)).1.isEmpty)
  }

  @Test func aContactFromAnotherTerminalAppearsWithoutAKey() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("2"))
    #expect(!h.screen.contains("Met at the library"))
    // What a pull does: the contact lands in the store underneath the open screen.
    try fx.store.logContact(
      familyID: Fixture.id("F-0000001A"),
      ContactDraft(
        type: "phone", at: Fixture.now.addingTimeInterval(-600), summary: "Met at the library"),
      as: fx.supervisor)
    h.send(.syncFinished(SyncOutcome(finished: Fixture.now, applied: 8, overview: Self.overview())))
    #expect(contains(h.screen, "Met at the library"))
    #expect(h.state.route == .family)
  }

  @Test func syncNowWithoutAShareSaysSoAndCodesReadAsWords() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.press(.character("y"), .character("s"))
    h.send(.syncFinished(SyncOutcome(finished: Fixture.now, overview: nil)))
    #expect(contains(h.screen, "has not joined a share"))
    #expect(!h.screen.contains("Synced: nothing new"))
    #expect(SyncConflict.show(.text("early-help")) == "Early help")
    #expect(SyncConflict.show(.text("stepped-down")) == "Stepped down")
    #expect(SyncConflict.show(.text("Flat 2")) == "Flat 2")
  }

  @Test("v offers the conflict's values to pick, never free text, and asks before settling")
  func chooseValueIsAPicker() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.supervisor)
    h.press(.character("y"))
    h.send(
      .syncFinished(SyncOutcome(finished: Fixture.now, overview: Self.overview(conflicts: [Self.conflict()])))
    )
    h.press(.character("v"))
    // Both sides, saying whose, then the other levels the case can hold.
    #expect(contains(h.screen, "1. Early help (this terminal)"))
    #expect(contains(h.screen, "2. Targeted (terminal them0000)"))
    #expect(contains(h.screen, "3. Universal"))
    // Typing is not an answer: letters do nothing, a number picks.
    h.type("specialist")
    guard case .prompt(let prompt)? = h.state.overlay else {
      Issue.record("the picker closed")
      return
    }
    #expect(prompt.selected == 0)
    h.press(.character("2"), .enter)
    #expect(contains(h.screen, "Set F-0000001A case level to Targeted (terminal them0000)? (y/n)"))
    guard case .confirm(let confirm)? = h.state.overlay else {
      Issue.record("no confirmation was asked")
      return
    }
    #expect(confirm.purpose == .resolveConflict(id: "K-7K3Q9XA2", value: .text("targeted")))
  }

  @Test func everySaveAsksForASync() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("c"), .tab, .tab, .tab)
    h.type("Quick call")
    h.press(.ctrl("o"))
    #expect(contains(h.screen, "Contact saved."))
    #expect(h.effects.last == .requestSync)
  }

  @Test func syncScreenIsReachableByKeyAndPalette() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.press(.character("y"))
    #expect(h.state.route == .sync)
    #expect(contains(h.screen, "This terminal has not joined a share"))
    h.press(.escape)
    #expect(h.state.route == .home)
    h.openFamily(searching: "Smith Khan")
    h.press(.character(":"))
    h.type("sync status")
    h.press(.enter)
    #expect(h.state.route == .sync)
    #expect(h.effects.last == .loadSync)
  }

  @Test func hFlagsAndUnflagsTheCaseForHuddle() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Smith Khan")
    #expect(!h.screen.contains("Flagged for the next huddle"))
    h.press(.character("h"))
    #expect(contains(h.screen, "Flagged for the next huddle (h to take it off)"))
    #expect(h.effects.suffix(2).contains(.requestSync))
    var detail = try fx.store.reloadFamily(id: Fixture.id("F-0000001A"), as: fx.practitioner, access: .ownHub)
    #expect(detail.openCase?.flaggedForHuddle == true)
    h.press(.character("h"))
    #expect(contains(h.screen, "Huddle flag removed."))
    #expect(!h.screen.contains("Flagged for the next huddle"))
    detail = try fx.store.reloadFamily(id: Fixture.id("F-0000001A"), as: fx.practitioner, access: .ownHub)
    #expect(detail.openCase?.flaggedForHuddle == false)
    let events = try fx.store.auditEvents(familyReference: "F-0000001A", as: fx.supervisor).map(\.action)
    #expect(events.contains("huddle-flag") && events.contains("huddle-unflag"))
  }

  @Test func huddleFlagNeedsEditRightsOnTheFamily() throws {
    let fx = try Fixture()
    // An admin manages the system, not cases; a practitioner of another hub may not edit this family.
    #expect(throws: DomainError.self) {
      try fx.store.flagForHuddle(familyID: Fixture.id("F-0000001A"), flagged: true, as: fx.admin)
    }
    #expect(throws: DomainError.self) {
      try fx.store.flagForHuddle(familyID: Fixture.id("F-0000001A"), flagged: true, as: fx.southPractitioner)
    }
    let flagged = try fx.store.flagForHuddle(
      familyReference: "F-0000001A", flagged: true, as: fx.practitioner)
    #expect(flagged.flaggedForHuddle)
    // Flagging twice is one decision, audited once.
    try fx.store.flagForHuddle(familyReference: "F-0000001A", flagged: true, as: fx.practitioner)
    let events = try fx.store.auditEvents(familyReference: "F-0000001A", as: fx.supervisor).filter {
      $0.action == "huddle-flag"
    }
    #expect(events.count == 1)
  }
}

/// The sync screen against golden files.
@Suite struct SyncScreenSnapshotTests {
  static func outcome(_ fx: Fixture) -> SyncOutcome {
    var overview = SyncOverview(
      configured: true, sharePath: "/srv/startwell-share", deviceID: "k3q9xa27mzp4tw8c", pending: 2,
      published: 14,
      lastSync: Fixture.now.addingTimeInterval(-60), lastError: nil, offline: false,
      devices: [
        SyncDevice(id: "a7fz2k9qw3mt5r8x", seq: 31, lastSeen: Fixture.now.addingTimeInterval(-120)),
        SyncDevice(
          id: "b4nc6p1vx9hd2j7e", seq: 5, lastSeen: Fixture.now.addingTimeInterval(-86_400 * 2),
          note: "50.0 hours ahead"),
      ],
      conflicts: [
        SyncConflict(
          id: "K-7K3Q9XA2", familyReference: "F-0000001A", entity: "case", field: "level",
          current: .text("targeted"),
          edits: [
            .init(
              value: .text("early-help"), device: "k3q9xa27mzp4tw8c", here: true, userID: fx.practitioner.id,
              at: Fixture.now.addingTimeInterval(-3_600)),
            .init(
              value: .text("targeted"), device: "a7fz2k9qw3mt5r8x", here: false, userID: fx.supervisor.id,
              at: Fixture.now.addingTimeInterval(-3_000)),
          ]),
        SyncConflict(
          id: "K-2M8WQ4NB", familyReference: "F-0000005E", entity: "family", field: "consent",
          current: .text("refused"),
          edits: [
            .init(
              value: .text("given"), device: "k3q9xa27mzp4tw8c", here: true, userID: fx.practitioner.id,
              at: Fixture.now.addingTimeInterval(-7_200)),
            .init(
              value: .text("refused"), device: "b4nc6p1vx9hd2j7e", here: false, userID: fx.supervisor.id,
              at: Fixture.now.addingTimeInterval(-7_100)),
          ]),
      ],
      quarantine: [
        SyncQuarantined(
          path: "devices/b4nc6p1vx9hd2j7e/batches/000000000006.json", device: "b4nc6p1vx9hd2j7e",
          reason: "authentication failed: the file was altered or made with another key",
          since: Fixture.now.addingTimeInterval(-600))
      ])
    // Both families are in the practitioner's hub, so the screen shows both conflicts.
    overview.conflicts = overview.conflicts.map {
      var conflict = $0
      conflict.hub = "north"
      return conflict
    }
    return SyncOutcome(finished: Fixture.now, pushed: 3, applied: 0, overview: overview)
  }

  @Test(arguments: SnapshotTests.Size.allCases)
  func syncScreen(_ size: SnapshotTests.Size) throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner, size: size.size)
    h.press(.character("y"))
    h.send(.syncFinished(Self.outcome(fx)))
    Snapshot.check(h.screen, named: "sync-\(size.rawValue)")
  }

  @Test(arguments: SnapshotTests.Size.allCases)
  func notJoined(_ size: SnapshotTests.Size) throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner, size: size.size)
    h.press(.character("y"))
    Snapshot.check(h.screen, named: "sync-not-joined-\(size.rawValue)")
  }
}

/// Two stores exchanging real batch files through a temporary share folder.
@Suite struct SyncConflictTests {
  final class Share {
    let root: URL
    let folder: URL
    let keyFile: URL

    init() throws {
      root = FileManager.default.temporaryDirectory.appendingPathComponent(
        "startwell-app-sync-\(UUID().uuidString)")
      folder = root.appendingPathComponent("share")
      keyFile = root.appendingPathComponent("share.key")
      try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Joins `store` and returns a background service for it whose runs the test drives.
    /// The first store to join creates the share, as `share init` does on the founding terminal.
    func join(_ store: Store) throws -> BackgroundSync {
      if !FileManager.default.fileExists(atPath: folder.appendingPathComponent("STORE.json").path) {
        try SyncEngine.initShare(path: folder, keyFile: keyFile, founder: store)
      }
      try SyncEngine.join(store: store, path: folder, keyFile: keyFile, environment: [:])
      // The fixture's clock is made up; the file server's is real.
      let share = FolderShare(root: folder, readsServerClock: false)
      let engine = try SyncEngine(store: store, share: share, environment: [:])
      return BackgroundSync(interval: 3_600) { engine }
    }
  }

  static func setLevel(_ store: Store, _ level: CaseLevel, as user: User) throws {
    try store.write(as: user) { tx in
      try tx.update(.caseRecord, id: Fixture.id("CF-0000001A"), ["level": .of(level)])
    }
  }

  @Test func conflictIsShownAndSettledOnTheSyncScreen() throws {
    let share = try Share()
    let fx = try Fixture()
    let a = fx.store
    let b = try Fixture.emptyStore()
    let syncA = try share.join(a)
    let syncB = try share.join(b)
    #expect(syncA.syncOnce().error == nil)
    let first = syncB.syncOnce()
    #expect(first.error == nil)
    #expect(first.applied > 0, "terminal B receives the users and families")
    let supervisorOnB = try b.authenticate(username: "supervisor1", password: Fixture.password)

    // Both terminals change the case level before either has seen the other's change.
    try Self.setLevel(a, .targeted, as: fx.supervisor)
    try Self.setLevel(b, .specialist, as: supervisorOnB)
    #expect(syncA.syncOnce().error == nil)
    #expect(syncB.syncOnce().error == nil)
    #expect(syncA.syncOnce().error == nil)
    #expect(try a.conflicts().count == 1)
    #expect(try b.conflicts().count == 1)

    // Terminal A's client: the header and the sync screen show the conflict
    // to a supervisor of the family's hub, who may settle a case level.
    let h = Harness(store: a, user: fx.supervisor, sync: syncA)
    h.press(.character("s"))  // nothing on home; the sync screen has its own s
    h.press(.character("y"))
    #expect(h.state.route == .sync)
    #expect(h.state.sync == .conflicts(1))
    #expect(h.screen.split(separator: "\n")[0].hasSuffix("sync: conflicts 1"))
    #expect(contains(h.screen, "F-0000001A case level"))
    #expect(contains(h.screen, "Targeted     by Sam Okafor on this terminal"))
    #expect(contains(h.screen, "Specialist   by Sam Okafor on terminal \(b.deviceID)"))

    // "Keep theirs" asks first; n leaves the conflict open.
    h.press(.character("t"))
    #expect(contains(h.screen, "Set F-0000001A case level to Specialist? (y/n)"))
    h.press(.character("n"))
    #expect(try a.conflicts().count == 1)

    // Choosing a value: picked from both sides and the other levels, never typed.
    h.press(.character("v"))
    #expect(contains(h.screen, "1. Targeted (this terminal)"))
    #expect(contains(h.screen, "4. Early help"))
    h.type("severe")
    #expect(try a.conflicts().count == 1)
    h.press(.down, .down, .down, .enter)
    #expect(contains(h.screen, "Set F-0000001A case level to Early help? (y/n)"))
    h.press(.character("y"))
    #expect(contains(h.screen, "settled as Early help"))
    #expect(h.state.overlay == nil)
    // The save asked for a sync, which ran here and pushed the resolution.
    #expect(h.effects.contains(.requestSync))
    #expect(try a.conflicts().isEmpty)
    #expect(h.state.sync == .synced)
    #expect(contains(h.screen, "Conflicts: none"))

    // Terminal B closes it at its next sync, with the chosen value.
    #expect(syncB.syncOnce().error == nil)
    #expect(try b.conflicts().isEmpty)
    let onB = try b.reloadFamily(id: Fixture.id("F-0000001A"), as: supervisorOnB, access: .ownHub)
    #expect(onB.openCase?.level == .earlyHelp)
  }

  @Test func keepMineSettlesWithThisTerminalsValue() throws {
    let share = try Share()
    let fx = try Fixture()
    let b = try Fixture.emptyStore()
    let syncA = try share.join(fx.store)
    let syncB = try share.join(b)
    _ = syncA.syncOnce()
    _ = syncB.syncOnce()
    let supervisorOnB = try b.authenticate(username: "supervisor1", password: Fixture.password)
    try Self.setLevel(fx.store, .targeted, as: fx.supervisor)
    try Self.setLevel(b, .specialist, as: supervisorOnB)
    _ = syncA.syncOnce()
    _ = syncB.syncOnce()

    let h = Harness(store: b, user: supervisorOnB, sync: syncB)
    h.press(.character("y"))
    #expect(h.state.sync == .conflicts(1))
    h.press(.character("m"))
    #expect(contains(h.screen, "Set F-0000001A case level to Specialist? (y/n)"))
    h.press(.character("y"))
    #expect(try b.conflicts().isEmpty)
    _ = syncA.syncOnce()
    #expect(try fx.store.conflicts().isEmpty)
    let onA = try fx.store.reloadFamily(id: Fixture.id("F-0000001A"), as: fx.practitioner, access: .ownHub)
    #expect(onA.openCase?.level == .specialist)
  }

  @Test func aVanishedShareIsOfflineWithItsReasonAndLosesNothing() throws {
    let share = try Share()
    let fx = try Fixture()
    let sync = try share.join(fx.store)
    #expect(sync.syncOnce().error == nil)
    let h = Harness(store: fx.store, user: fx.practitioner, sync: sync)
    try FileManager.default.removeItem(at: share.folder)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("c"), .tab, .tab, .tab)
    h.type("Saved while the share is away")
    h.press(.ctrl("o"))
    #expect(contains(h.screen, "Contact saved."))
    #expect(h.state.sync == .offline)
    h.press(.character("y"))
    #expect(contains(h.screen, "Last attempt failed:"))
    #expect(contains(h.screen, "refused and nothing was changed"))
    #expect(try sync.overview()?.pending ?? 0 > 0)
  }
}
