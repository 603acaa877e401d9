import Foundation
import GRDB
import StartWellCore

/// The running order of an open huddle: skipping a family, adding one not on
/// the agenda, and moving one to another place.
extension Store {
  /// Passes over a family at an open huddle; it can still be recorded later.
  @discardableResult
  public func skipHuddleItem(huddle huddleText: String, familyReference: String, as user: User) throws
    -> HuddleItem
  {
    try write(as: user) { tx in
      let huddle = try tx.openHuddle(huddleText, as: user)
      let family = try tx.huddleFamily(familyReference, huddle: huddle)
      let id = HuddleID.item(huddleID: huddle.meta.id, familyID: family.meta.id)
      guard try tx.itemExists(id) else {
        throw DomainError.invalid([
          FieldIssue(
            field: "family", rule: "not-on-huddle",
            message: "\(family.reference) is not on this huddle; only an item on it can be skipped")
        ])
      }
      if HuddleItem(row: try tx.row(.huddleItem, id)).state == .discussed {
        throw DomainError.conflict(
          "\(family.reference) was already discussed at this huddle; record it again to change the decision")
      }
      try tx.update(.huddleItem, id: id, ["state": .of(HuddleItemState.skipped)])
      try tx.audit(
        "huddle-skip", entity: .huddleItem, recordID: id, familyID: family.meta.id,
        detail: "\(family.reference) skipped at the huddle of \(huddle.date)")
      return HuddleItem(row: try tx.row(.huddleItem, id))
    }
  }

  /// Adds a family that is not on the agenda to an open huddle, at the end
  /// of the running order, to be discussed.
  @discardableResult
  public func addToHuddle(huddle huddleText: String, familyReference: String, as user: User) throws
    -> HuddleItem
  {
    try write(as: user) { tx in
      let huddle = try tx.openHuddle(huddleText, as: user)
      let family = try tx.huddleFamily(familyReference, huddle: huddle)
      return try tx.huddleItem(huddle: huddle, family: family, origin: "added")
    }
  }

  /// Moves a family to `position` (1 is first) in an open huddle's running
  /// order; the others keep their order around it.
  public func moveHuddleItem(
    huddle huddleText: String, familyReference: String, to position: Int, as user: User
  )
    throws
  {
    try write(as: user) { tx in
      let huddle = try tx.openHuddle(huddleText, as: user)
      let family = try tx.huddleFamily(familyReference, huddle: huddle)
      var order = try String.fetchAll(
        tx.db,
        sql: "SELECT id FROM huddle_item WHERE huddle_id = ? AND deleted = 0 ORDER BY position, id",
        arguments: [huddle.meta.id])
      let id = HuddleID.item(huddleID: huddle.meta.id, familyID: family.meta.id)
      guard let from = order.firstIndex(of: id) else {
        throw DomainError.invalid([
          FieldIssue(
            field: "family", rule: "not-on-huddle", message: "\(family.reference) is not on this huddle")
        ])
      }
      guard (1...order.count).contains(position) else {
        throw DomainError.invalid([
          FieldIssue(
            field: "position", rule: "range", message: "\(position) is not between 1 and \(order.count)")
        ])
      }
      order.insert(order.remove(at: from), at: position - 1)
      // Only the positions that change are written, so a move syncs as a few fields.
      for (index, itemID) in order.enumerated() {
        try tx.update(.huddleItem, id: itemID, ["position": .integer(Int64(index + 1))])
      }
    }
  }
}
