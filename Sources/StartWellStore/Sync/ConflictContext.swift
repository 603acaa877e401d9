import Foundation
import GRDB
import StartWellCore

extension Store {
  /// The reference of the family a conflict belongs to, so a person can find it.
  public func familyReference(of conflict: Conflict) throws -> String? {
    try familyOf(conflict)?.reference
  }

  /// The hub of the family a conflict belongs to; conflicts are shown and
  /// resolved only by users of that hub, like the family itself.
  public func familyHub(of conflict: Conflict) throws -> String? {
    try familyOf(conflict)?.hub
  }

  /// Open conflicts on families of the user's own hubs.
  public func conflicts(visibleTo user: User) throws -> [Conflict] {
    guard Permissions.allows(user.role, .editFamily), user.active else { return [] }
    return try conflicts().filter { conflict in
      guard let hub = try familyHub(of: conflict) else { return false }
      return user.hubs.contains(hub)
    }
  }

  private func familyOf(_ conflict: Conflict) throws -> (reference: String, hub: String)? {
    try read { db in
      guard let familyID = try Self.familyID(of: conflict.entity, recordID: conflict.recordID, in: db),
        let row = try Row.fetchOne(
          db, sql: "SELECT reference, hub_id FROM family WHERE id = ?", arguments: [familyID])
      else { return nil }
      return (row["reference"], row["hub_id"])
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
