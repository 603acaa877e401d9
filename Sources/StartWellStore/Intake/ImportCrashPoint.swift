import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where the crash test kills an import: with `STARTWELL_CRASH_AT=import.between-rows`
/// the process sends itself SIGKILL after the first row is written inside
/// the import's transaction, before the next, as abruptly as a power cut.
/// The same variable names the sync's crash points (`CrashPoint`, which
/// this module cannot see); unset, a check costs one comparison.
public enum ImportCrashPoint {
  public static let variable = "STARTWELL_CRASH_AT"
  public static let betweenRows = "import.between-rows"

  private static let armed: Bool =
    ProcessInfo.processInfo.environment[variable] == betweenRows

  static func afterRow() {
    guard armed else { return }
    kill(getpid(), SIGKILL)
  }
}
