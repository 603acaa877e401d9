import Foundation
import StartWellCore
import StartWellStore
import Synchronization

/// Runs effects against the store on one background serial queue and posts
/// their results to an inbox the UI loop drains between frames. The loop
/// never waits for the store; it only ever takes what has arrived.
public final class EffectRunner: Sendable {
  private let store: Store
  private let demoLoader: DemoLoader?
  private let sync: BackgroundSync?
  private let queue = DispatchQueue(label: "startwell.effects", qos: .userInitiated)
  private let inbox = Mutex<[AppEvent]>([])
  /// The newest families-list generation asked for. Queued queries of an
  /// older generation are skipped, so a burst of keystrokes costs one query.
  private let latestGeneration = Atomic<Int>(0)
  private let inFlight = Atomic<Int>(0)
  /// Called after each result is posted, to wake the loop early.
  private let wake: @Sendable () -> Void

  public init(
    store: Store, demoLoader: DemoLoader?, sync: BackgroundSync? = nil,
    wake: @escaping @Sendable () -> Void = {}
  ) {
    self.store = store
    self.demoLoader = demoLoader
    self.sync = sync
    self.wake = wake
  }

  /// Effects submitted and not yet finished.
  public var pendingCount: Int { inFlight.load(ordering: .acquiring) }

  public func submit(_ effect: Effect, as user: User?) {
    switch effect {
    case .countFamilies(_, let g), .fetchFamilies(_, let g):
      latestGeneration.max(g)
    default: break
    }
    inFlight.add(1, ordering: .relaxed)
    queue.async { [self] in
      defer { inFlight.subtract(1, ordering: .releasing) }
      if case .countFamilies(_, let g) = effect, g < latestGeneration.load(ordering: .acquiring) { return }
      if case .fetchFamilies(_, let g) = effect, g < latestGeneration.load(ordering: .acquiring) { return }
      let events = Self.perform(effect, store: store, user: user, demoLoader: demoLoader, sync: sync) {
        [self] event in
        post(event)
      }
      for event in events { post(event) }
    }
  }

  /// Everything that has arrived since the last call.
  public func drain() -> [AppEvent] {
    inbox.withLock { events in
      defer { events.removeAll() }
      return events
    }
  }

  private func post(_ event: AppEvent) {
    inbox.withLock { $0.append(event) }
    wake()
  }

  /// Does one effect synchronously and returns its result events. Used by the
  /// runner's queue and directly by tests, which want results in order.
  ///
  /// `.requestSync` runs a whole sync here, synchronously; the client never
  /// sends it to the runner but to its `BackgroundSync` thread, so only tests
  /// take this path.
  public static func perform(
    _ effect: Effect, store: Store, user: User?, demoLoader: DemoLoader?, sync: BackgroundSync? = nil,
    progress: @escaping @Sendable (AppEvent) -> Void = { _ in }
  ) -> [AppEvent] {
    let log = DebugLog(store: store)
    do {
      switch effect {
      case .inspectStore:
        return [.storeInspected(isEmpty: try store.isEmpty())]
      case .loadDemo:
        guard let demoLoader else { return [.demoFailed("demo data is not available in this build")] }
        do {
          let throttle = ProgressThrottle()
          try demoLoader(store) { done, total in
            if throttle.shouldReport(done: done, total: total) {
              progress(.demoProgress(done: done, total: total))
            }
          }
          return [.demoLoaded]
        } catch {
          return [.demoFailed(SaveFailure(error, log: log).message)]
        }
      case .authenticate(let username, let password):
        do {
          return [.loggedIn(try store.authenticate(username: username, password: password))]
        } catch {
          return [.loginFailed(SaveFailure(error, log: log).message)]
        }
      case .loadUsers:
        return [.usersLoaded(try store.users())]
      case .loadHome:
        guard let user else { return [] }
        return [.homeLoaded(try store.homeSummary(for: user))]
      case .countFamilies(let q, let g):
        guard let user else { return [] }
        let quick = try store.familyCount(q, for: user)
        guard quick >= Store.searchCountCap, !q.text.trimmed.isEmpty else {
          return [.familiesCounted(generation: g, count: quick, exact: true)]
        }
        // Show "1000+" at once, then the real count, so the list reaches its
        // last match; with it, the matches' order, so `G` reads the last page
        // by row id instead of sorting every match again.
        progress(.familiesCounted(generation: g, count: quick, exact: false))
        if let order = try store.familyOrder(q, for: user) {
          return [
            .familiesOrdered(generation: g, order: order),
            .familiesCounted(generation: g, count: order.count, exact: true),
          ]
        }
        return [
          .familiesCounted(
            generation: g, count: try store.familyCount(q, for: user, exact: true), exact: true)
        ]
      case .fetchFamilies(let q, let g):
        guard let user else { return [] }
        return [.familiesPage(generation: g, offset: q.offset, rows: try store.families(q, for: user))]
      case .findFamily(let reference):
        guard let found = try store.familyHeader(reference: reference) else {
          return [.failed("No family has the reference \(reference).")]
        }
        return [.familyFound(id: found.id, reference: found.reference, name: found.name, hub: found.hub)]
      case .openFamily(let id, let reason):
        guard let user else { return [] }
        return [.familyOpened(try store.openFamily(id: id, as: user, reason: reason))]
      case .reloadFamily(let id, let access):
        guard let user else { return [] }
        return [.familyOpened(try store.reloadFamily(id: id, as: user, access: access))]
      case .loadScreen(let request):
        guard let user, let screen = Screens.screen(for: request.route) else { return [] }
        let context = ScreenLoadContext(store: store, user: user, today: store.today)
        return [.screenLoaded(request, try screen.load(request, context))]
      case .loadQueue:
        guard let user else { return [] }
        return [.queueLoaded(try store.escalations(status: QueueScreen.statuses, for: user))]
      case .save(let request):
        guard let user else { return [] }
        do {
          return [.saved(try save(request, store: store, user: user))]
        } catch {
          return [.saveFailed(SaveFailure(error, log: log))]
        }
      case .loadSync:
        return [.syncLoaded(try sync?.overview())]
      case .requestSync:
        guard let sync else { return [] }
        return [.syncFinished(sync.syncOnce())]
      }
    } catch {
      return [.failed(SaveFailure(error, log: log).message)]
    }
  }

  static func save(_ request: SaveRequest, store: Store, user: User) throws -> SaveResult {
    switch request {
    case .screen(let r):
      guard let screen = Screens.screen(for: r.route) else {
        throw DomainError.notFound("no screen \(r.route)")
      }
      let context = ScreenLoadContext(store: store, user: user, today: store.today)
      return .screen(r, message: try screen.save(r, context))
    case .contact(let familyID, let draft):
      let contact = try store.logContact(familyID: familyID, draft, as: user)
      return .contact(familyID: familyID, contactID: contact.meta.id)
    case .escalation(let familyID, let draft):
      let e = try store.escalate(familyID: familyID, draft, as: user)
      return .escalation(familyID: familyID, reference: e.reference, id: e.meta.id)
    case .decision(let reference, let decision, let note):
      let e = try store.decide(escalation: reference, decision, note: note, as: user)
      return .decision(reference: e.reference, status: e.status)
    case .newReferral(let familyID, let person, let draft):
      let r = try store.addReferral(personReference: person, draft, as: user)
      return .referral(familyID: familyID, reference: r.reference, status: r.status)
    case .advanceReferral(let familyID, let reference, let status, let outcome, let reason):
      let r = try store.updateReferral(
        reference, to: status, outcome: outcome, unsuccessfulReason: reason, as: user)
      return .referral(familyID: familyID, reference: r.reference, status: r.status)
    case .family(let draft):
      let f = try store.addFamily(draft, as: user)
      return .family(id: f.meta.id, reference: f.reference)
    case .person(let familyID, let familyReference, let draft):
      let p = try store.addPerson(familyReference: familyReference, draft, as: user)
      return .person(familyID: familyID, reference: p.reference)
    case .markDone(let item, let familyID):
      switch item.kind {
      case .action: try store.completeAction(id: item.id, as: user)
      case .followUp: try store.completeFollowUp(contactID: item.id, as: user)
      }
      return .markedDone(familyID: familyID, item)
    case .huddleFlag(let familyID, let flagged):
      let c = try store.flagForHuddle(familyID: familyID, flagged: flagged, as: user)
      return .huddleFlag(familyID: familyID, flagged: c.flaggedForHuddle)
    case .consent(let familyID, let reference, let consent, let day):
      let f = try store.setConsent(familyReference: reference, consent, on: day, as: user)
      return .consent(familyID: familyID, f.consent ?? consent, on: f.consentDate ?? day)
    case .riskOverride(let familyID, let reference, let band, let reason):
      try store.overrideRisk(familyReference: reference, band: band, reason: reason, as: user)
      return .riskOverride(familyID: familyID, band: band)
    case .reopen(let reference, let familyID, let reason):
      let e = try store.reopen(escalation: reference, reason: reason, as: user)
      return .reopened(familyID: familyID, reference: e.reference, status: e.status)
    case .resolveConflict(let id, let value):
      return .conflictResolved(try store.resolveConflict(id, value: value, as: user))
    case .casework(let familyID, let reference, let change):
      let done = try change.apply(familyReference: reference, store: store, user: user)
      return .casework(familyID: familyID, message: done.message, stillVisible: done.stillVisible)
    }
  }
}

extension Atomic where Value == Int {
  /// Raises the value to `candidate` if it is larger.
  fileprivate func max(_ candidate: Int) {
    var current = load(ordering: .relaxed)
    while current < candidate {
      let (exchanged, original) = compareExchange(
        expected: current, desired: candidate, ordering: .acquiringAndReleasing)
      if exchanged { return }
      current = original
    }
  }
}

/// Passes on each whole percent of progress once; the loop has no use for more.
final class ProgressThrottle: Sendable {
  private let last = Mutex(-1)

  func shouldReport(done: Int, total: Int) -> Bool {
    let percent = total > 0 ? done * 100 / total : 0
    return last.withLock { last in
      if percent == last && done != total { return false }
      last = percent
      return true
    }
  }
}
