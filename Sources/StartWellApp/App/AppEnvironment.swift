import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// What the header shows about sync: the outcome of the background sync, or
/// a `SyncStatusProvider` when no `BackgroundSync` is given. With neither the
/// client shows "sync: off".
public enum SyncStatus: Hashable, Sendable {
  case notConfigured
  case synced
  case pending(Int)
  case offline
  case conflicts(Int)
  /// Everything moved, but something needs a person (`SyncAttention`).
  case attention(String)

  public var label: String {
    switch self {
    case .notConfigured: "sync: off"
    case .synced: "sync: synced"
    case .pending(let n): "sync: pending \(n)"
    case .offline: "sync: offline"
    case .conflicts(let n): "sync: conflicts \(n)"
    case .attention(let what): "sync: \(what)"
    }
  }

  /// Conflicts and an unreachable share need the user's attention.
  public var needsAttention: Bool {
    switch self {
    case .offline, .conflicts, .attention: true
    default: false
    }
  }
}

/// Asked about once a second from the drawing loop, so it must be cheap and
/// must never touch the share itself.
public typealias SyncStatusProvider = @Sendable () -> SyncStatus

/// Loads demo data into an empty store, reporting (done, total) families.
public typealias DemoLoader =
  @Sendable (_ store: Store, _ progress: @escaping @Sendable (_ done: Int, _ total: Int) -> Void) throws ->
  Void

/// A username and password given outside the client (`--as` and
/// `STARTWELL_PASSWORD`), tried after the store is ready so the login screen
/// can be skipped.
public struct Credentials: Hashable, Sendable {
  public var username: String
  public var password: String

  public init(username: String, password: String) {
    self.username = username
    self.password = password
  }
}

/// Everything the client needs from the outside world.
public struct AppEnvironment: Sendable {
  public var store: Store
  /// A user already authenticated by the caller; skips the login screen.
  public var user: User?
  /// Credentials to try once the store is ready; skips the login screen when they work.
  public var credentials: Credentials?
  public var syncStatus: SyncStatusProvider
  /// Syncs with the share in the background; when set, it drives the header
  /// and `syncStatus` is not asked.
  public var sync: BackgroundSync?
  /// Offered when the store is empty; nil hides the offer.
  public var demoLoader: DemoLoader?
  /// The process environment, for `NO_COLOR`.
  public var variables: [String: String]
  /// The wall clock, substituted in tests.
  public var now: @Sendable () -> Date

  public init(
    store: Store, user: User? = nil, credentials: Credentials? = nil,
    syncStatus: @escaping SyncStatusProvider = { .notConfigured }, sync: BackgroundSync? = nil,
    demoLoader: DemoLoader? = nil,
    variables: [String: String] = ProcessInfo.processInfo.environment,
    now: (@Sendable () -> Date)? = nil
  ) {
    self.store = store
    self.user = user
    self.credentials = credentials
    self.syncStatus = syncStatus
    self.sync = sync
    self.demoLoader = demoLoader
    self.variables = variables
    self.now = now ?? store.now
  }
}
