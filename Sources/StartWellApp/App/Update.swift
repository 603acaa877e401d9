import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// The client's logic: `update` is pure, `view` is pure, effects are data.
public enum AppCore {
  /// The state to start from and the first effects to run.
  public static func start(
    config: Configuration, size: TerminalSize, now: Date, theme: Theme, user: User?,
    credentials: Credentials?,
    canLoadDemo: Bool, zone: DisplayZone = .utc
  ) -> (AppState, [Effect]) {
    let state = AppState(
      config: config, size: size, now: now, theme: theme, user: user, credentials: credentials,
      canLoadDemo: canLoadDemo, zone: zone)
    return (state, [.inspectStore])
  }

  public static func update(_ state: AppState, _ event: AppEvent) -> (AppState, [Effect]) {
    var s = state
    let effects = s.apply(event)
    return (s, effects)
  }
}

extension AppState {
  mutating func apply(_ event: AppEvent) -> [Effect] {
    switch event {
    case .key(let key):
      // Nothing acts out of sight: while "terminal too small" stands in for
      // the screen, a key would save a form or make a decision nobody sees.
      guard size.fits() else { return [] }
      // A new key clears an old message; a new result may set another.
      message = nil
      return Keys.handle(key, &self)
    case .paste(let text):
      guard size.fits() else { return [] }
      message = nil
      return Paste.handle(text, &self)
    case .resize(let newSize):
      size = newSize
      guard route == .families else { return [] }
      return families.fetchVisible(visibleRows: FamiliesScreen.visibleRows(size))
    case .tick(let date):
      now = date
      return []
    case .syncStatus(let status):
      sync = status
      return []
    case .syncFinished(let outcome): return SyncEvents.finished(outcome, &self)
    case .syncStalled(let since):
      sync = .offline
      syncScreen.stalledSince = since
      return []
    case .syncLoaded(let loaded):
      let overview = loaded?.visible(to: user)
      syncScreen.show(overview)
      if let overview { sync = overview.header }
      return []
    default:
      return Results.apply(event, &self) + replayTypeAhead()
    }
  }

  /// Keys typed while the client was still starting act once it has a
  /// screen to act on, in the order they were typed.
  private mutating func replayTypeAhead() -> [Effect] {
    guard route != .starting, !typeAhead.isEmpty else { return [] }
    let keys = typeAhead
    typeAhead = []
    return keys.flatMap { Keys.handle($0, &self) }
  }
}

/// Routes a key to whatever has it: an overlay, a text box, a form, or the key table.
enum Keys {
  static func handle(_ key: Key, _ s: inout AppState) -> [Effect] {
    // ^C stops: it quits, except where it would throw typed work away. In a
    // form, or with a dialog open, it does what Esc does, which asks first.
    // ^L repaints the whole screen, whatever covers it.
    if key == .ctrl("l") {
      s.repaints += 1
      return []
    }
    if key == .ctrl("c") {
      if s.route == .form || s.overlay != nil { return handle(.escape, &s) }
      s.shouldQuit = true
      return []
    }
    if let overlay = s.overlay {
      switch overlay {
      case .help(let page):
        HelpOverlay.handle(key, page: page, &s)
        return []
      case .palette(let p): return Palette.handle(key, p, &s)
      case .prompt(let p): return PromptOverlay.handle(key, p, &s)
      case .confirm(let c): return PromptOverlay.handleConfirm(key, c, &s)
      case .entry(let e): return PromptOverlay.handleEntry(key, e, &s)
      }
    }
    if let taken = Screens.screen(for: s.route)?.handleKey(key, &s) { return taken }
    guard let action = s.keys.action(for: key, in: s.keyContexts) else { return [] }
    return Actions.perform(action, &s)
  }
}

/// What each action does, wherever it came from (a key or the palette).
enum Actions {
  static func perform(_ action: Action, _ s: inout AppState) -> [Effect] {
    switch action {
    case .quit:
      s.shouldQuit = true
      return []
    case .back: return Navigation.back(&s)
    case .help:
      s.overlay = .help(page: 0)
      return []
    case .palette:
      s.overlay = .palette(PaletteState())
      return []
    case .refresh: return refresh(&s)
    default: break
    }
    if let screen = Screens.screen(opening: action) { return screen.show(&s) }
    return Screens.screen(for: s.route)?.perform(action, &s) ?? []
  }

  static func refresh(_ s: inout AppState) -> [Effect] {
    Screens.screen(for: s.route)?.reload(&s) ?? []
  }
}

/// What a finished background sync changes on screen.
enum SyncEvents {
  static func finished(_ outcome: SyncOutcome, _ s: inout AppState) -> [Effect] {
    s.syncScreen.lastOutcome = outcome
    s.syncScreen.stalledSince = nil
    if let overview = outcome.overview?.visible(to: s.user) {
      s.sync = overview.header
      s.syncScreen.show(overview)
    } else if outcome.error != nil {
      s.sync = .offline
    } else {
      s.sync = .notConfigured
      s.syncScreen.show(nil)
    }
    // Answer a "sync now" on the status line; otherwise a run says nothing there.
    if s.message?.text == "Syncing…" {
      if s.sync == .notConfigured {
        s.message = StatusMessage(
          "Nothing synced: this terminal has not joined a share (an admin runs startwell share join).",
          isError: true)
      } else {
        s.message = StatusMessage(
          outcome.error == nil ? "Synced: \(outcome.summary)." : "Sync \(outcome.summary)",
          isError: outcome.error != nil)
      }
    }
    guard outcome.applied > 0 else { return [] }
    return refreshAfterSync(&s)
  }

  /// Reloads what is on screen, and what going back would show without a
  /// reload, so another terminal's changes appear without a key press.
  /// Lists keep their place: the selection stays where the user left it.
  static func refreshAfterSync(_ s: inout AppState) -> [Effect] {
    guard s.user != nil else { return [] }
    var effects: [Effect] = [.loadUsers]
    for screen in Screens.all { effects += screen.afterSync(&s) }
    return effects
  }
}
