import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// The interactive client's event loop: draw, wait briefly for a key, apply
/// what arrived, repeat. Store work happens in the `EffectRunner` and sync in
/// the `BackgroundSync` thread; the loop only ever picks up finished results,
/// so a slow query, save or share never freezes the screen.
public final class StartWellClient {
  public private(set) var state: AppState
  private let backend: any TerminalBackend
  private let environment: AppEnvironment
  private let runner: EffectRunner
  private var lastSyncCheck = Date.distantPast
  private var lastTick = Date.distantPast
  /// The start of the sync run already reported as stalled, so it is reported once.
  private var reportedStall: Date?
  /// The ^L count already acted on.
  private var repainted = 0

  /// How long to wait for input before looking at results and the clock.
  public static let pollInterval: Duration = .milliseconds(30)

  public init(backend: any TerminalBackend, environment: AppEnvironment) {
    self.backend = backend
    self.environment = environment
    self.runner = EffectRunner(
      store: environment.store, demoLoader: environment.demoLoader, sync: environment.sync)
    let theme = Theme.resolve(environment: environment.variables, colorCount: backend.colorCount)
    let (state, effects) = AppCore.start(
      config: environment.store.config, size: backend.size, now: environment.now(), theme: theme,
      user: environment.user, credentials: environment.credentials,
      canLoadDemo: environment.demoLoader != nil,
      zone: environment.store.zone)
    self.state = state
    if let sync = environment.sync {
      sync.start()
    } else {
      self.state.sync = environment.syncStatus()
    }
    submit(effects)
  }

  /// How long a sync may go without an answer from the share before the
  /// header says offline: a network share that hangs inside a file call
  /// looks exactly like this.
  public var stallLimit: TimeInterval {
    max(20, 3 * (environment.sync?.interval ?? BackgroundSync.defaultInterval))
  }

  /// Runs until the user quits. The backend is left for the caller to shut down.
  public func run() {
    var needsDraw = true
    while !state.shouldQuit {
      if needsDraw {
        backend.draw(AppCore.view(state, size: state.size))
        needsDraw = false
      }
      needsDraw = step(timeout: Self.pollInterval)
    }
    environment.sync?.stop()
  }

  /// Handles one round of input and results; returns whether anything changed.
  @discardableResult
  public func step(timeout: Duration) -> Bool {
    var changed = false
    if let first = backend.nextEvent(timeout: timeout) {
      var asking = state.asksForReason
      apply(first)
      changed = true
      // Take every key already waiting (a paste, a fast typist) before drawing again.
      var burst = 0
      while burst < 256, !state.shouldQuit {
        // Keys typed before a reason prompt was on screen are not its answer: they are dropped.
        if state.asksForReason && !asking {
          while backend.nextEvent(timeout: .zero) != nil {}
          break
        }
        asking = state.asksForReason
        guard let next = backend.nextEvent(timeout: .zero) else { break }
        apply(next)
        burst += 1
      }
    }
    if state.repaints != repainted {
      repainted = state.repaints
      backend.invalidate()
      changed = true
    }
    for event in runner.drain() + (environment.sync?.drain() ?? []) {
      dispatch(event)
      changed = true
    }
    let now = environment.now()
    if now.timeIntervalSince(lastTick) >= 1 {
      lastTick = now
      dispatch(.tick(now))
    }
    if let sync = environment.sync {
      // Measured on the wall clock, not the store's (which tests fix).
      if let since = sync.busySince, Date().timeIntervalSince(since) >= stallLimit, reportedStall != since {
        reportedStall = since
        dispatch(.syncStalled(since: since))
        changed = true
      }
    } else if now.timeIntervalSince(lastSyncCheck) >= 1 {
      lastSyncCheck = now
      let status = environment.syncStatus()
      if status != state.sync {
        dispatch(.syncStatus(status))
        changed = true
      }
    }
    return changed
  }

  /// Whether effects are still running (tests wait for this to reach false).
  public var isBusy: Bool { runner.pendingCount > 0 }

  private func apply(_ input: InputEvent) {
    switch input {
    case .key(let key): dispatch(.key(key))
    case .paste(let text): dispatch(.paste(text))
    case .resize(let rows, let cols): dispatch(.resize(TerminalSize(rows: rows, cols: cols)))
    case .tick: dispatch(.tick(environment.now()))
    }
  }

  private func dispatch(_ event: AppEvent) {
    let (next, effects) = AppCore.update(state, event)
    state = next
    submit(effects)
  }

  private func submit(_ effects: [Effect]) {
    for effect in effects {
      // Sync has a thread of its own, so a hung share never holds up the store queue.
      if effect == .requestSync {
        environment.sync?.requestSync()
      } else {
        runner.submit(effect, as: state.user)
      }
    }
  }
}
