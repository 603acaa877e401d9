import Foundation
import GRDB
import StartWellCore

/// An action in a listing, with what the list shows beside it.
public struct ActionRow: Hashable, Sendable {
  public var action: CaseAction
  public var familyReference: String
  public var familyName: String
  public var ownerUsername: String
  /// Who marked it done (a username), when it is done.
  public var doneByUsername: String?
}

extension Store {

  /// Sets an action on a family's open case, owned by `draft.owner`.
  @discardableResult
  public func addAction(familyID: String, _ draft: ActionDraft, as user: User) throws -> CaseAction {
    try write(as: user) { tx in
      let family = try tx.family(familyID)
      try Permissions.requireWrite(user, .editFamily, familyHub: family.hubID)
      let owner = try tx.user(named: draft.owner.trimmed)
      let due = try draft.validated(today: tx.today, ownerUser: owner, familyHub: family.hubID)
      let openCase = try tx.openCase(familyID: familyID, purpose: "setting an action")
      let id = UUID().uuidString.lowercased()
      try tx.insert(
        .action, id: id,
        [
          "family_id": .text(familyID), "case_id": .text(openCase.meta.id), "huddle_item_id": .null,
          "description": .text(draft.text.trimmed), "owner_id": .text(owner!.id), "due": .of(due),
          "status": .of(ActionStatus.open), "done_at": .null, "done_by": .null, "done_note": .null,
        ])
      try tx.audit(
        "create", entity: .action, recordID: id, familyID: familyID,
        detail: "action \(ShortID.of(id)) set for \(owner!.username), due \(due)")
      return CaseAction(row: try tx.row(.action, id))
    }
  }

  @discardableResult
  public func addAction(
    familyReference: String, owner username: String, due: String, text: String, as user: User
  ) throws -> CaseAction {
    try addAction(
      familyID: try familyID(reference: familyReference), ActionDraft(owner: username, due: due, text: text),
      as: user)
  }

  /// Marks an action done. Done is final: a second attempt is refused.
  ///
  /// `id` is the action's id or a unique prefix of it, at least
  /// `ShortID.length` characters from its start or end, as listings show it.
  @discardableResult
  public func completeAction(id: String, note: String? = nil, as user: User) throws -> CaseAction {
    let note = note?.trimmed.ifEmpty(nil)
    if let note {
      var v = Validator()
      v.line("note", note, max: Limits.note)
      try v.check()
    }
    return try write(as: user) { tx in
      let id = try tx.actionID(matching: id)
      let action = CaseAction(row: try tx.row(.action, id))
      let family = try tx.family(action.familyID)
      try Permissions.requireWrite(user, .editFamily, familyHub: family.hubID)
      let short = ShortID.of(id)
      if action.status == .done {
        var when = ""
        if let by = action.doneBy, let name = try tx.username(id: by) { when += " by \(name)" }
        if let at = action.doneAt { when += " on \(zone.day(at))" }
        throw DomainError.conflict("action \(short) is already done\(when); done is final")
      }
      try tx.update(
        .action, id: id,
        [
          "status": .of(ActionStatus.done), "done_at": .of(tx.at), "done_by": .text(user.id),
          "done_note": .of(note),
        ])
      try tx.audit(
        "action-done", entity: .action, recordID: id, familyID: action.familyID,
        detail: "action \(short) done (was due \(action.due))\(note.map { ": \($0)" } ?? "")")
      return CaseAction(row: try tx.row(.action, id))
    }
  }

  /// Actions on families of the user's hubs, soonest due first.
  ///
  /// `owner` narrows to one owner's actions (by username); `overdue` to open
  /// actions due before `today`. Done actions are left out unless `includeDone`.
  public func actions(
    owner: String? = nil, overdue: Bool = false, includeDone: Bool = false, for user: User,
    today: LocalDate? = nil, limit: Int = 500
  ) throws -> [ActionRow] {
    let today = today ?? self.today
    return try read { db in
      var sql =
        Self.actionRowSQL
        + " AND f.hub_id IN (\(user.hubs.map { _ in "?" }.joined(separator: ", ").ifEmpty("''")))"
      var args = StatementArguments(user.hubs)
      if let owner {
        let ownerID = try Store.ownerID(db, named: owner)
        sql += " AND a.owner_id = ?"
        args += [ownerID]
      }
      if overdue {
        sql += " AND a.status = 'open' AND a.due < ?"
        args += [today.description]
      } else if !includeDone {
        sql += " AND a.status = 'open'"
      }
      sql += " ORDER BY a.due, f.reference, a.id LIMIT ?"
      args += [limit]
      return try Row.fetchAll(db, sql: sql, arguments: args).map(ActionRow.init(row:))
    }
  }

  /// One action as listings show it, by its full id; for showing what a write just did.
  public func actionRow(id: String) throws -> ActionRow? {
    try read { db in
      try Row.fetchOne(db, sql: Self.actionRowSQL + " AND a.id = ?", arguments: [id]).map(
        ActionRow.init(row:))
    }
  }

  /// The id of the live user a listing's `--owner` names, or a refusal that says so.
  static func ownerID(_ db: Database, named owner: String) throws -> String {
    guard
      let id = try String.fetchOne(
        db, sql: "SELECT id FROM users WHERE username = ? AND deleted = 0", arguments: [owner.trimmed])
    else {
      throw DomainError.invalid([
        FieldIssue(field: "owner", rule: "unknown", message: "no user named '\(owner.trimmed)'")
      ])
    }
    return id
  }

  static let actionRowSQL = """
    SELECT a.*, f.reference AS family_reference, f.name AS family_name, o.username AS owner_username,
      d.username AS done_by_username
    FROM action a JOIN family f ON f.id = a.family_id LEFT JOIN users o ON o.id = a.owner_id
      LEFT JOIN users d ON d.id = a.done_by
    WHERE a.deleted = 0 AND f.deleted = 0
    """
}

extension ActionRow {
  init(row: Row) {
    self.init(
      action: CaseAction(row: row), familyReference: row["family_reference"], familyName: row["family_name"],
      ownerUsername: row["owner_username"] ?? "", doneByUsername: row["done_by_username"])
  }
}

extension ChangeRecorder {
  /// The live user with this username, if any.
  func user(named username: String) throws -> User? {
    try Row.fetchOne(db, sql: "SELECT * FROM users WHERE username = ? AND deleted = 0", arguments: [username])
      .map(User.init(row:))
  }

  func username(id: String) throws -> String? {
    try String.fetchOne(db, sql: "SELECT username FROM users WHERE id = ?", arguments: [id])
  }

  /// The id of the one live action whose id is `text` or starts with it.
  func actionID(matching text: String) throws -> String { try recordID(.action, matching: text) }

  /// The id of the one live `entity` record that `text` names: its whole
  /// id, or at least `ShortID.length` characters from its start or its end
  /// (listings show the end).
  func recordID(_ entity: Entity, matching text: String) throws -> String {
    let wanted = text.trimmed.lowercased()
    let name = entity.rawValue
    guard wanted.count >= ShortID.length else {
      throw DomainError.invalid([
        FieldIssue(
          field: "id", rule: "too-short",
          message: "'\(text)' is too short; give at least \(ShortID.length) characters of the \(name) id")
      ])
    }
    let n = wanted.count
    let ids = try String.fetchAll(
      db,
      sql: """
        SELECT id FROM \(entity.table) WHERE deleted = 0 AND (substr(id, 1, ?) = ? OR substr(id, -?) = ?)
        ORDER BY id LIMIT 2
        """, arguments: [n, wanted, n, wanted])
    guard let first = ids.first else { throw DomainError.notFound("no \(name) with id \(text)") }
    guard ids.count == 1 else {
      throw DomainError.invalid([
        FieldIssue(
          field: "id", rule: "ambiguous",
          message: "'\(text)' matches more than one \(name); give more of the id")
      ])
    }
    return first
  }
}
