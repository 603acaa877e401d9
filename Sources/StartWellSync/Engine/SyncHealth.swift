import Foundation
import StartWellStore

/// How sync is doing, decided once for `startwell sync status` and the
/// interactive client's header, so the two never disagree about "offline".
public enum SyncHealth {
  /// Sync is offline when its last attempt failed: whether the share could
  /// not be reached (`unreachable`) or something else stopped the run (any
  /// recorded `lastError`), changes are not moving either way. A good sync
  /// clears both. The reason itself is shown by `sync status` and the sync
  /// screen.
  public static func isOffline(unreachable: Bool, lastError: String?) -> Bool {
    unreachable || lastError != nil
  }

  /// The one-word state both front ends show. Conflicts come first because
  /// they wait for a person; then offline; then pending local changes.
  /// After those, what needs a person although everything moved: changes
  /// waiting for an upgrade, a username clash, refused changes.
  public static func summary(
    configured: Bool, conflicts: Int, offline: Bool, pending: Int, attention: SyncAttention = SyncAttention()
  ) -> SyncStatusSummary {
    if !configured { return .notConfigured }
    if conflicts > 0 { return .conflicts(conflicts) }
    if offline { return .offline }
    if attention.clock != nil { return .attention("clock wrong") }
    if pending > 0 { return .pending(pending) }
    if !attention.heldForClock.isEmpty { return .attention("clock skew") }
    if attention.parked > 0 { return .attention("upgrade needed") }
    if !attention.clashes.isEmpty { return .attention("username clash") }
    if !attention.twoOpenCases.isEmpty { return .attention("two open cases") }
    if attention.refused > 0 { return .attention("refused \(attention.refused)") }
    return .synced
  }
}

extension ShareJoin {
  /// Whether the last attempt with this share failed (`SyncHealth.isOffline`).
  public var isOffline: Bool { SyncHealth.isOffline(unreachable: offline, lastError: lastError) }
}
