import Foundation
import GRDB
import StartWellCore

extension Store {
  /// Closes a huddle. Closing is final: a closed huddle takes no more
  /// records on any terminal.
  @discardableResult
  public func closeHuddle(_ huddleText: String, as user: User) throws -> Huddle {
    try write(as: user) { tx in
      let huddle = try tx.openHuddle(huddleText, as: user)
      try tx.update(
        .huddle, id: huddle.meta.id,
        ["closed": .integer(1), "closed_at": .of(tx.at), "closed_by": .text(user.id)])
      let counts = try Row.fetchOne(
        tx.db,
        sql: """
          SELECT SUM(state = 'discussed') AS discussed, SUM(state = 'skipped') AS skipped,
            SUM(state = 'pending') AS pending
          FROM huddle_item WHERE huddle_id = ? AND deleted = 0
          """, arguments: [huddle.meta.id])
      let discussed: Int = counts?["discussed"] ?? 0
      let pending: Int = counts?["pending"] ?? 0
      try tx.audit(
        "huddle-close", entity: .huddle, recordID: huddle.meta.id, familyID: nil,
        detail:
          "huddle of \(huddle.sdfID ?? huddle.hubID) on \(huddle.date) closed: \(discussed) discussed, \(pending) not reached"
      )
      return Huddle(row: try tx.row(.huddle, huddle.meta.id))
    }
  }
}
