import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Named steps of push and pull where the crash tests kill the process.
///
/// With `STARTWELL_CRASH_AT=push.after-link` the process sends itself SIGKILL
/// at that step, which is as abrupt as a power cut for everything above the
/// kernel. Unset, a check costs one comparison.
public enum CrashPoint {
  public static let variable = "STARTWELL_CRASH_AT"

  /// Every point, in the order a sync passes them.
  public static let all = [
    "push.after-stage", "push.after-tmp", "push.after-link", "push.after-confirm",
    "pull.before-apply", "pull.after-apply",
  ]

  private static let armed: String? = ProcessInfo.processInfo.environment[variable].flatMap {
    $0.isEmpty ? nil : $0
  }

  static func hit(_ name: String) {
    guard let armed, armed == name else { return }
    kill(getpid(), SIGKILL)
  }
}
