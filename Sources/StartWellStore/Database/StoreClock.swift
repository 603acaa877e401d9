import Foundation
import GRDB
import StartWellCore

/// What this terminal knows about its own wall clock, from the clocks it holds.
public struct ClockWarning: Sendable, Equatable {
  /// How far the wall clock is behind the store's logical clock, in milliseconds.
  public var behindMillis: Int64
  /// An admin told the store to go on writing with its own clock.
  public var accepted: Bool

  /// One line for people, on every screen and command.
  public var message: String {
    let lead = "this terminal's clock is \(Self.span(behindMillis)) behind the changes it holds"
    if accepted { return lead + "; an admin let it go on writing with the store's own clock" }
    return lead
      + " (it went back, or is wrong); changes are refused until the system clock is set right,"
      + " or an admin runs `startwell clock accept`"
  }

  /// "3 hours", "30 days": the size of a clock error in words.
  public static func span(_ millis: Int64) -> String {
    let hours = Double(millis) / 3_600_000
    if hours >= 47.5 { return "\(Int((hours / 24).rounded())) days" }
    if hours >= 1.5 { return "\(Int(hours.rounded())) hours" }
    return "\(max(1, Int((hours * 60).rounded()))) minutes"
  }
}

extension Store {
  /// The warning when this terminal's wall clock is far behind its logical
  /// clock (see `ClockState`); nil when they agree.
  public func clockWarning() throws -> ClockWarning? {
    try read { try clockWarning($0) }
  }

  func clockWarning(_ db: Database) throws -> ClockWarning? {
    if let persisted = try StoreMeta.get(db, .clock).flatMap(HLC.init) { absorb(persisted) }
    guard let behind = clock.withLock({ $0.wallBehind(now: now()) }) else { return nil }
    // An acceptance covers the error it was given for, not a later, larger jump.
    let accepted = try StoreMeta.get(db, .clockAccepted).flatMap(Int64.init).map {
      behind <= $0 + ClockState.maxDrift
    }
    return ClockWarning(behindMillis: behind, accepted: accepted ?? false)
  }

  /// Lets this terminal go on writing while its wall clock is behind: its
  /// changes carry the store's logical clock, which follows the newest
  /// change it holds. Admins only; recorded in the audit log.
  public func acceptClock(as user: User, reason: String) throws -> ClockWarning {
    guard Permissions.allows(user.role, .manageUsers) else {
      throw DomainError.forbidden("only an admin may let a terminal write with a wrong clock")
    }
    let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !reason.isEmpty else {
      throw DomainError.invalid([FieldIssue(field: "reason", rule: "required", message: "must not be empty")])
    }
    guard let warning = try clockWarning() else {
      throw DomainError.conflict(
        "this terminal's clock agrees with the changes it holds; there is nothing to accept")
    }
    try write(as: user) { tx in
      try StoreMeta.set(tx.db, .clockAccepted, String(warning.behindMillis))
      try tx.audit(
        "clock.accept", entity: .user, recordID: user.id, familyID: nil,
        detail: "wall clock \(ClockWarning.span(warning.behindMillis)) behind the store's: \(reason)")
    }
    return ClockWarning(behindMillis: warning.behindMillis, accepted: true)
  }

  /// Compares this terminal's wall clock with the file server's, read from
  /// a file this terminal just published; remembers a difference beyond ε.
  public func noteServerClock(_ server: Date) throws {
    let offset = ClockState.millis(now()) - ClockState.millis(server)
    try writer.write { db in
      if abs(offset) > ClockState.maxDrift {
        try StoreMeta.set(db, .serverClockOffset, String(offset))
      } else {
        try StoreMeta.remove(db, .serverClockOffset)
      }
    }
  }

  /// What this terminal last learned of its clock against the file server's, in words; nil when they agree.
  public func serverClockWarning() throws -> String? {
    guard let offset = try read({ try StoreMeta.get($0, .serverClockOffset) }).flatMap(Int64.init) else {
      return nil
    }
    let span = ClockWarning.span(abs(offset))
    return offset > 0
      ? "when it last published, this terminal's clock was \(span) ahead of the shared folder's file "
        + "server; if the server is right, the other terminals hold its changes until it is set right"
      : "when it last published, this terminal's clock was \(span) behind the shared folder's file "
        + "server; check which of the two is right"
  }

  /// Refuses a change while the wall clock is far behind and no admin has accepted it.
  func checkClock(_ db: Database) throws {
    if let warning = try clockWarning(db), !warning.accepted {
      throw DomainError.forbidden(warning.message)
    }
  }
}
