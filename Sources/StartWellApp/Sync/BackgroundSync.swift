import Foundation
import StartWellCore
import StartWellStore
import StartWellSync
import Synchronization

/// Syncs with the share on a thread of its own, every `interval` seconds and
/// shortly after each local save, and leaves each outcome in an inbox the UI
/// loop drains between frames.
///
/// The thread is separate from both the drawing loop and the store-effect
/// queue because a network share can be slow or hang outright inside a file
/// call; while it does, screens keep loading and saving from the local store,
/// and the loop notices the stall instead of waiting on it.
public final class BackgroundSync: Sendable {
  /// Seconds between syncs when `STARTWELL_SYNC_INTERVAL` is not set.
  public static let defaultInterval: TimeInterval = 5
  public static let intervalVariable = "STARTWELL_SYNC_INTERVAL"

  public let interval: TimeInterval
  /// How long to wait after a save before syncing, so a burst of saves goes in one batch.
  let settle: TimeInterval
  private let makeEngine: @Sendable () throws -> SyncEngine?
  /// Where the raw text of a failure goes; without one, the engine's store's data folder.
  private let debugLog: DebugLog?
  private let engine = Mutex<SyncEngine?>(nil)
  private let wakeups = DispatchSemaphore(value: 0)
  private let stopped = DispatchSemaphore(value: 0)
  private let control = Mutex(Control())
  private let inbox = Mutex<[AppEvent]>([])
  private let wake: Mutex<(@Sendable () -> Void)?> = Mutex(nil)

  private struct Control {
    var running = false
    var stopping = false
    /// When the sync in progress started; nil between runs.
    var busySince: Date?
  }

  /// A service for whatever share `makeEngine` finds; it is asked again
  /// before each run until it returns an engine, so a data folder that joins
  /// a share while the client is open starts syncing without a restart.
  public init(
    interval: TimeInterval = BackgroundSync.defaultInterval, settle: TimeInterval = 0.2,
    debugLog: DebugLog? = nil, engine makeEngine: @escaping @Sendable () throws -> SyncEngine?
  ) {
    self.interval = max(0.05, interval)
    self.settle = settle
    self.debugLog = debugLog
    self.makeEngine = makeEngine
  }

  /// A service for `store`'s joined share, with the key from its key file or
  /// the passphrase in `environment`.
  public convenience init(store: Store, environment: [String: String], interval: TimeInterval) {
    self.init(interval: interval, debugLog: DebugLog(store: store)) {
      try SyncLedger.isJoined(store) ? try SyncEngine(store: store, environment: environment) : nil
    }
  }

  /// `STARTWELL_SYNC_INTERVAL` in seconds, or the default when unset or not a positive number.
  public static func interval(from environment: [String: String]) -> TimeInterval {
    guard let text = environment[intervalVariable], let value = Double(text), value > 0, value.isFinite
    else { return defaultInterval }
    return value
  }

  // MARK: - Control

  /// Starts the thread; the first sync runs at once. `wake` is called after
  /// each outcome is posted, to wake the loop early.
  public func start(wake: @escaping @Sendable () -> Void = {}) {
    self.wake.withLock { $0 = wake }
    let start = control.withLock { c -> Bool in
      guard !c.running else { return false }
      c.running = true
      return true
    }
    guard start else { return }
    let thread = Thread { [self] in loop() }
    thread.name = "startwell.sync"
    thread.qualityOfService = .utility
    thread.start()
  }

  /// Asks for a sync soon, e.g. after a save.
  public func requestSync() { wakeups.signal() }

  /// Stops the thread, waiting up to `timeout` seconds for a sync in progress
  /// to finish. It never waits longer: on a hung share the sync would never
  /// end, and what it had not committed is simply done again next time.
  public func stop(timeout: TimeInterval = 2) {
    let wasRunning = control.withLock { c -> Bool in
      c.stopping = true
      return c.running
    }
    guard wasRunning else { return }
    wakeups.signal()
    _ = stopped.wait(timeout: .now() + timeout)
  }

  /// When the sync in progress started, or nil when none is running.
  public var busySince: Date? { control.withLock { $0.busySince } }

  /// Everything posted since the last call.
  public func drain() -> [AppEvent] {
    inbox.withLock { events in
      defer { events.removeAll() }
      return events
    }
  }

  // MARK: - Work

  /// The engine, made on first use once the store has joined a share.
  func currentEngine() throws -> SyncEngine? {
    if let engine = engine.withLock({ $0 }) { return engine }
    guard let made = try makeEngine() else { return nil }
    return engine.withLock { current in
      if current == nil { current = made }
      return current
    }
  }

  /// The sync screen's contents from the local store; never touches the share.
  public func overview() throws -> SyncOverview? {
    guard let engine = try currentEngine() else { return nil }
    return try SyncOverview.load(engine)
  }

  /// One sync, then the state after it. Never throws: a failure is part of the outcome.
  public func syncOnce() -> SyncOutcome {
    let engine: SyncEngine?
    do {
      engine = try currentEngine()
    } catch {
      return SyncOutcome(finished: Date(), error: describe(error), overview: nil)
    }
    guard let engine else { return SyncOutcome(finished: Date(), overview: nil) }
    var outcome = SyncOutcome(finished: Date(), overview: nil)
    do {
      let report = try engine.sync()
      outcome.pushed = report.push.operations
      outcome.applied = report.pull.applied
      outcome.quarantined = report.pull.quarantined.count
      // Pulled, but this terminal's changes could not be published.
      outcome.error = report.pushError
    } catch let error as SyncError where error == .notConfigured {
      // Left the share (or never finished joining): nothing to report.
    } catch {
      outcome.error = describe(error)
    }
    outcome.finished = Date()
    do {
      outcome.overview = try SyncOverview.load(engine)
      // The engine records share failures itself; anything else (a local
      // database error) is recorded here so the header and screen show it.
      if let error = outcome.error, outcome.overview?.lastError == nil { outcome.overview?.lastError = error }
    } catch {
      outcome.error = outcome.error ?? describe(error)
    }
    return outcome
  }

  /// Background sync's one boundary for errors: the sentence `PeopleError`
  /// gives `error`, with its raw text (if any) written to the data folder's `debug.log`.
  func describe(_ error: any Error) -> String {
    let log = debugLog ?? engine.withLock { $0 }.flatMap { DebugLog(store: $0.store) }
    return PeopleError.report(error, context: "background sync", log: log)
  }

  private func loop() {
    var first = true
    // Failed syncs in a row: after each, the next attempt waits longer (`SyncRetry`).
    var failures = 0
    while !control.withLock({ $0.stopping }) {
      if !first {
        let wait = SyncRetry.delay(interval: interval, failures: failures)
        if wakeups.wait(timeout: .now() + wait) == .success {
          // Woken by a save (or by stop): let a burst of saves finish, then
          // fold every request that arrived meanwhile into this one run.
          if control.withLock({ $0.stopping }) { break }
          Thread.sleep(forTimeInterval: settle)
          while wakeups.wait(timeout: .now()) == .success {}
        }
        if control.withLock({ $0.stopping }) { break }
      }
      first = false
      control.withLock { $0.busySince = Date() }
      let outcome = syncOnce()
      failures = outcome.error == nil ? 0 : failures + 1
      control.withLock { $0.busySince = nil }
      inbox.withLock { $0.append(.syncFinished(outcome)) }
      wake.withLock { $0 }?()
    }
    control.withLock { $0.running = false }
    stopped.signal()
  }
}
