import Foundation

/// How long `sync --watch` and the client's background sync wait after a
/// failed sync: twice as long after each failure in a row, up to a cap, so a
/// share that is away for hours is not hammered, and one that returns is
/// found again within minutes. A good sync starts again from `interval`.
public enum SyncRetry {
  /// The longest wait, in seconds, for intervals shorter than it.
  public static let longestWait: TimeInterval = 300

  /// Seconds to wait before the next attempt, after `failures` failed syncs in a row.
  public static func delay(interval: TimeInterval, failures: Int) -> TimeInterval {
    guard failures > 0 else { return interval }
    // Never more than 16 intervals, never more than five minutes, never less than one interval.
    let cap = max(interval, min(longestWait, interval * 16))
    let grown = interval * pow(2, Double(min(failures, 20)))
    return min(cap, grown)
  }
}
