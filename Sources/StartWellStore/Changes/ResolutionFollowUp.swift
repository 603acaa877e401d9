import Foundation
import GRDB
import StartWellCore

/// What settling a conflict did: the value kept, as a person reads it, and
/// anything they should know about records the resolution changed or left.
public struct ConflictResolution: Hashable, Sendable {
  public var id: String
  public var value: FieldValue
  /// The value kept, as a person reads it ("new family F-…", "targeted").
  public var shown: String
  /// What else the resolution did, or left for a person to do by hand.
  public var notes: [String]
}

// A few fields hold decisions that made other records (a triage makes a
// family): settling them has rules and work of their own, kept beside the
// records they are about. Everything else is settled by the generic rules.

extension Store {
  /// Rules of its own a field's resolution keeps, beyond `checkResolution`.
  func checkFollowUp(_ conflict: Conflict, keeping value: FieldValue, as user: User) throws {
    if conflict.isTriage { try checkTriageResolution(conflict, keeping: value, as: user) }
  }

  /// How a person reads a value of a conflict: records by their references, never an id.
  func readable(_ value: FieldValue, of conflict: Conflict, in db: Database) throws -> String {
    if conflict.isTriage { return try triageLabel(value, in: db) }
    return value == .null ? "none" : value.description
  }
}

extension ChangeRecorder {
  /// The work a resolution does beyond writing the kept value, in its transaction.
  func followResolution(of conflict: Conflict, keeping value: FieldValue) throws -> [String] {
    conflict.isTriage ? try settleTriage(conflict, keeping: value) : []
  }
}
