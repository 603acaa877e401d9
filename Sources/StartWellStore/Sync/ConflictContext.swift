import Foundation
import GRDB
import StartWellCore

extension Store {
  /// The reference of the family a conflict belongs to, so a person can find
  /// it; references carry no personal data, so listing them needs no hub check.
  public func familyReference(of conflict: Conflict) throws -> String? {
    try read { db in
      let familyID: String?
      switch conflict.entity {
      case Entity.family.rawValue: familyID = conflict.recordID
      default:
        guard let entity = Entity(rawValue: conflict.entity), entity.familyColumn != nil else { return nil }
        familyID = try String.fetchOne(
          db, sql: "SELECT family_id FROM \(entity.table) WHERE id = ?", arguments: [conflict.recordID])
      }
      guard let familyID else { return nil }
      return try String.fetchOne(db, sql: "SELECT reference FROM family WHERE id = ?", arguments: [familyID])
    }
  }
}
