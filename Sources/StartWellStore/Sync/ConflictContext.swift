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
      let familyID: String?
      switch conflict.entity {
      case Entity.family.rawValue: familyID = conflict.recordID
      default:
        guard let entity = Entity(rawValue: conflict.entity), entity.familyColumn != nil else { return nil }
        familyID = try String.fetchOne(
          db, sql: "SELECT family_id FROM \(entity.table) WHERE id = ?", arguments: [conflict.recordID])
      }
      guard let familyID,
        let row = try Row.fetchOne(
          db, sql: "SELECT reference, hub_id FROM family WHERE id = ?", arguments: [familyID])
      else { return nil }
      return (row["reference"], row["hub_id"])
    }
  }
}
