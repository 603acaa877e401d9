import Foundation
import GRDB
import StartWellCore

/// A huddle in a listing: who leads it and how far it has gone.
public struct HuddleSummary: Hashable, Sendable {
  public var huddle: Huddle
  public var leadUsername: String?
  public var discussed: Int
  public var skipped: Int
  public var pending: Int
  public var actions: Int
}

/// One item of a huddle, as huddle mode shows it.
public struct HuddleItemRow: Hashable, Sendable {
  public var item: HuddleItem
  public var familyReference: String
  public var familyName: String
  public var actions: [ActionRow]
}

/// Everything a lead needs to resume a huddle: its items in running order,
/// which are done, and the next one to take.
public struct HuddleState: Hashable, Sendable {
  public var summary: HuddleSummary
  public var items: [HuddleItemRow]
  public var attendeeUsernames: [String]

  /// The first item in running order still pending: where an interrupted
  /// huddle resumes. Nil when every item is discussed or skipped.
  public var next: HuddleItemRow? { items.first { $0.item.state == .pending } }
}

extension Store {
  /// Huddles of the user's hubs (of one SDF when given), latest first.
  public func huddles(sdf: String? = nil, for user: User, limit: Int = 200) throws -> [HuddleSummary] {
    if let sdf { _ = try huddleHub(sdf: sdf) }
    guard !user.hubs.isEmpty else { return [] }
    return try read { db in
      var sql =
        Self.summarySQL
        + " WHERE h.deleted = 0 AND h.hub_id IN (\(user.hubs.map { _ in "?" }.joined(separator: ", ")))"
      var args = StatementArguments(user.hubs)
      if let sdf {
        sql += " AND h.sdf_id = ?"
        args += [sdf]
      }
      sql += " ORDER BY h.date DESC, h.id LIMIT ?"
      args += [limit]
      return try Row.fetchAll(db, sql: sql, arguments: args).map(HuddleSummary.init(row:))
    }
  }

  /// A huddle's state for resuming it, by its id or at least 8 characters of it.
  public func huddleState(_ text: String, for user: User) throws -> HuddleState {
    try read { db in
      let id = try Store.matchID(db, .huddle, text, field: "huddle")
      guard let row = try Row.fetchOne(db, sql: Self.summarySQL + " WHERE h.id = ?", arguments: [id]) else {
        throw DomainError.notFound("no huddle with id \(text)")
      }
      let summary = HuddleSummary(row: row)
      guard user.hubs.contains(summary.huddle.hubID) else {
        throw DomainError.forbidden(
          "this huddle belongs to hub \(summary.huddle.hubID), outside \(user.username)'s hubs")
      }
      let items = try Row.fetchAll(
        db,
        sql: """
          SELECT hi.*, f.reference AS family_reference, f.name AS family_name
          FROM huddle_item hi JOIN family f ON f.id = hi.family_id
          WHERE hi.huddle_id = ? AND hi.deleted = 0 ORDER BY hi.position, f.reference
          """, arguments: [id])
      var actions: [String: [ActionRow]] = [:]
      let actionRows = try Row.fetchAll(
        db,
        sql: Self.actionRowSQL
          + " AND a.huddle_item_id IN (SELECT id FROM huddle_item WHERE huddle_id = ?) ORDER BY a.due, a.id",
        arguments: [id])
      for r in actionRows.map(ActionRow.init(row:)) {
        actions[r.action.huddleItemID ?? "", default: []].append(r)
      }
      let names = try Dictionary(
        uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, username FROM users").map {
          ($0["id"] as String, $0["username"] as String)
        })
      return HuddleState(
        summary: summary,
        items: items.map {
          let item = HuddleItem(row: $0)
          return HuddleItemRow(
            item: item, familyReference: $0["family_reference"], familyName: $0["family_name"],
            actions: actions[item.meta.id] ?? [])
        },
        attendeeUsernames: summary.huddle.attendees.map { names[$0] ?? $0 })
    }
  }

  /// The id of the one live `entity` record that `text` names (see
  /// `ChangeRecorder.recordID`), with refusals naming `field`.
  static func matchID(_ db: Database, _ entity: Entity, _ text: String, field: String) throws -> String {
    let wanted = text.trimmed.lowercased()
    guard wanted.count >= ShortID.length else {
      throw DomainError.invalid([
        FieldIssue(
          field: field, rule: "too-short",
          message:
            "'\(text)' is too short; give at least \(ShortID.length) characters of the \(entity.rawValue) id")
      ])
    }
    let n = wanted.count
    let ids = try String.fetchAll(
      db,
      sql: """
        SELECT id FROM \(entity.table) WHERE deleted = 0 AND (substr(id, 1, ?) = ? OR substr(id, -?) = ?)
        ORDER BY id LIMIT 2
        """, arguments: [n, wanted, n, wanted])
    guard let first = ids.first else {
      throw DomainError.invalid([
        FieldIssue(field: field, rule: "unknown", message: "no \(entity.rawValue) with id '\(text.trimmed)'")
      ])
    }
    guard ids.count == 1 else {
      throw DomainError.invalid([
        FieldIssue(
          field: field, rule: "ambiguous",
          message: "'\(text)' matches more than one \(entity.rawValue); give more of the id")
      ])
    }
    return first
  }

  private static let summarySQL = """
    SELECT h.*, u.username AS lead_username,
      (SELECT COUNT(*) FROM huddle_item i WHERE i.huddle_id = h.id AND i.deleted = 0 AND i.state = 'discussed') AS discussed,
      (SELECT COUNT(*) FROM huddle_item i WHERE i.huddle_id = h.id AND i.deleted = 0 AND i.state = 'skipped') AS skipped,
      (SELECT COUNT(*) FROM huddle_item i WHERE i.huddle_id = h.id AND i.deleted = 0 AND i.state = 'pending') AS pending,
      (SELECT COUNT(*) FROM action a JOIN huddle_item i ON i.id = a.huddle_item_id
        WHERE i.huddle_id = h.id AND a.deleted = 0) AS actions
    FROM huddle h LEFT JOIN users u ON u.id = h.lead_id
    """
}

extension HuddleSummary {
  init(row: Row) {
    self.init(
      huddle: Huddle(row: row), leadUsername: row["lead_username"], discussed: row["discussed"] ?? 0,
      skipped: row["skipped"] ?? 0, pending: row["pending"] ?? 0, actions: row["actions"] ?? 0)
  }
}
