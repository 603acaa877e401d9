import Foundation
import StartWellCore
import StartWellStore
import TerminalUI
import Testing

@testable import StartWellApp

/// Drives the pure `update` with real store effects run synchronously, in
/// order, so a test reads like a session at the keyboard.
final class Harness {
  var state: AppState
  let store: Store
  var demoLoader: DemoLoader?
  /// Runs `.loadSync` and `.requestSync` synchronously, like any other effect here.
  var sync: BackgroundSync?
  /// Every effect `update` asked for, in order.
  private(set) var effects: [Effect] = []
  /// While true, effects are kept instead of run (a save "in flight").
  var holdEffects = false
  private(set) var held: [Effect] = []

  init(
    store: Store, user: User?, size: TerminalSize = TerminalSize(rows: 24, cols: 80), theme: Theme = .colour,
    credentials: Credentials? = nil, demoLoader: DemoLoader? = nil, sync: BackgroundSync? = nil,
    zone: DisplayZone = .utc
  ) {
    self.store = store
    self.demoLoader = demoLoader
    self.sync = sync
    let (state, effects) = AppCore.start(
      config: store.config, size: size, now: Fixture.now, theme: theme, user: user, credentials: credentials,
      canLoadDemo: demoLoader != nil, zone: zone)
    self.state = state
    run(effects)
  }

  /// Times are shown in UTC unless a test names a zone, so no screen depends on the machine's `TZ`.
  convenience init(
    _ fixture: Fixture, as user: User?, size: TerminalSize = TerminalSize(rows: 24, cols: 80),
    zone: DisplayZone = .utc
  ) {
    self.init(store: fixture.store, user: user, size: size, zone: zone)
  }

  func send(_ event: AppEvent) {
    let (next, newEffects) = AppCore.update(state, event)
    state = next
    run(newEffects)
  }

  func run(_ newEffects: [Effect]) {
    effects += newEffects
    if holdEffects {
      held += newEffects
      return
    }
    for effect in newEffects {
      for event in EffectRunner.perform(
        effect, store: store, user: state.user, demoLoader: demoLoader, sync: sync)
      {
        send(event)
      }
    }
  }

  /// Runs the effects kept while `holdEffects` was on.
  func release() {
    holdEffects = false
    let pending = held
    held = []
    for effect in pending {
      for event in EffectRunner.perform(
        effect, store: store, user: state.user, demoLoader: demoLoader, sync: sync)
      {
        send(event)
      }
    }
  }

  func press(_ keys: Key...) { for key in keys { send(.key(key)) } }

  /// Types text one grapheme at a time, as a person would.
  func type(_ text: String) { for c in text { send(.key(.character(c))) } }

  func resize(cols: Int, rows: Int) { send(.resize(TerminalSize(rows: rows, cols: cols))) }

  var grid: CellGrid { AppCore.view(state, size: state.size) }
  var screen: String { grid.text() }

  /// Finds a family by typing its name and opens the first match.
  func openFamily(searching text: String) {
    if state.route != .families { press(.character("F")) }
    press(.character("/"))
    type(text)
    press(.enter, .enter)
  }
}

func contains(_ screen: String, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
  if screen.contains(text) { return true }
  Issue.record("screen does not contain \"\(text)\":\n\(screen)", sourceLocation: sourceLocation)
  return false
}
