import Foundation
import GRDB
import StartWellCore

/// The family a sync conflict is about: what a person needs to find it, and
/// what the visibility scope needs to decide who sees it.
public struct ConflictFamily: Hashable, Sendable {
  public var id: String
  public var reference: String
  public var hub: String
  public var consent: Consent?
  /// The family was deleted; it can no longer be opened.
  public var deleted: Bool
}

extension Store {
  /// The reference of the family a conflict belongs to, so a person can find it.
  public func familyReference(of conflict: Conflict) throws -> String? {
    try family(of: conflict)?.reference
  }

  /// The hub of the family a conflict belongs to; conflicts are shown and
  /// resolved only by users of that hub, like the family itself.
  public func familyHub(of conflict: Conflict) throws -> String? {
    try family(of: conflict)?.hub
  }

  /// The family a conflict belongs to, or nil when it is about no family
  /// (or the family has not arrived here yet).
  public func family(of conflict: Conflict) throws -> ConflictFamily? {
    try read { db in
      guard let familyID = try Self.familyID(of: conflict.entity, recordID: conflict.recordID, in: db),
        let row = try Row.fetchOne(
          db, sql: "SELECT id, reference, hub_id, consent, deleted FROM family WHERE id = ?",
          arguments: [familyID])
      else { return nil }
      return ConflictFamily(
        id: row["id"], reference: row["reference"], hub: row["hub_id"],
        consent: (row["consent"] as String?).flatMap(Consent.init(rawValue:)), deleted: row["deleted"])
    }
  }

  /// Open conflicts on families in the user's `.conflicts` scope: their own
  /// hubs, and only for users who may edit families.
  public func conflicts(visibleTo user: User) throws -> [Conflict] {
    let scope = VisibilityScope.conflicts(for: user)
    guard scope.admitsAny else { return [] }
    let visible = scope.sql(family: "f")
    return try read { db in
      try conflicts(db).filter { conflict in
        guard let familyID = try Self.familyID(of: conflict.entity, recordID: conflict.recordID, in: db)
        else { return false }
        var arguments: StatementArguments = [familyID]
        arguments += visible.arguments
        return try Bool.fetchOne(
          db, sql: "SELECT EXISTS(SELECT 1 FROM family f WHERE f.id = ? AND \(visible.sql))",
          arguments: arguments) ?? false
      }
    }
  }

  /// The family a record belongs to: itself for a family, its `family_id` otherwise.
  static func familyID(of entity: String, recordID: String, in db: Database) throws -> String? {
    if entity == Entity.family.rawValue { return recordID }
    guard let entity = Entity(rawValue: entity), entity.familyColumn != nil else { return nil }
    return try String.fetchOne(
      db, sql: "SELECT family_id FROM \(entity.table) WHERE id = ?", arguments: [recordID])
  }
}
