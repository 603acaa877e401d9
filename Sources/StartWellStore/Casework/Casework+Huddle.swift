import Foundation
import GRDB
import StartWellCore

extension Store {
  /// Puts a family's open case on (or takes it off) the list for the next huddle.
  ///
  /// The flag is an ordinary field of the case, so it syncs like any other
  /// edit, and each change is audited with who made it.
  @discardableResult
  public func flagForHuddle(familyID: String, flagged: Bool, as user: User) throws -> Case {
    try write(as: user) { tx in
      let family = try tx.family(familyID)
      try Permissions.requireWrite(user, .editFamily, familyHub: family.hubID)
      let openCase = try tx.openCase(familyID: familyID)
      let changed = try tx.update(.caseRecord, id: openCase.meta.id, ["flagged_for_huddle": .of(flagged)])
      // Pressing the key twice is not two decisions: only a real change is audited.
      if !changed.isEmpty {
        try tx.audit(
          flagged ? "huddle-flag" : "huddle-unflag", entity: .caseRecord, recordID: openCase.meta.id,
          familyID: familyID,
          detail: "\(family.reference) \(flagged ? "flagged for" : "taken off") the next huddle")
      }
      return Case(row: try tx.row(.caseRecord, openCase.meta.id))
    }
  }

  @discardableResult
  public func flagForHuddle(familyReference: String, flagged: Bool, as user: User) throws -> Case {
    try flagForHuddle(familyID: try familyID(reference: familyReference), flagged: flagged, as: user)
  }
}
