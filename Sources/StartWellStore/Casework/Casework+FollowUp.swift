import Foundation
import GRDB
import StartWellCore

/// A contact's follow-up in a listing.
public struct FollowUpRow: Hashable, Sendable {
  public var contactID: String
  public var familyID: String
  public var familyReference: String
  public var familyName: String
  /// The practitioner who logged the contact, and so owns its follow-up.
  public var ownerUsername: String
  public var summary: String
  public var due: LocalDate
  public var done: Bool
  public var doneAt: Date?
  public var doneByUsername: String?
  public var note: String?

  public func isOverdue(today: LocalDate) -> Bool { !done && due < today }
}

extension Store {
  /// Follow-ups on families of the user's hubs, soonest due first: open ones,
  /// or only those past due with `overdue`. `owner` narrows to the ones of
  /// the contacts one practitioner logged. Contacts entered in error have none.
  public func followUps(
    owner: String? = nil, overdue: Bool = false, for user: User, today: LocalDate? = nil, limit: Int = 1000
  ) throws -> [FollowUpRow] {
    let today = today ?? self.today
    // Follow-ups are work in one's own hubs; a consented family elsewhere is seen, not worked.
    let listed = VisibilityScope.ownHubs(for: user).sql(family: "f")
    return try read { db in
      var sql = Self.followUpSQL + " AND c.follow_up_done = 0 AND \(listed.sql)"
      var args = listed.arguments
      if let owner {
        let ownerID = try Store.ownerID(db, named: owner)
        sql += " AND c.practitioner_id = ?"
        args += [ownerID]
      }
      if overdue {
        sql += " AND c.follow_up < ?"
        args += [today.description]
      }
      sql += " ORDER BY c.follow_up, f.reference, c.id LIMIT ?"
      args += [limit]
      return try Row.fetchAll(db, sql: sql, arguments: args).map(FollowUpRow.init(row:))
    }
  }

  /// One contact's follow-up, by the contact's full id.
  public func followUp(contactID: String) throws -> FollowUpRow? {
    try read { db in
      try Row.fetchOne(db, sql: Self.followUpSQL + " AND c.id = ?", arguments: [contactID]).map(
        FollowUpRow.init(row:))
    }
  }

  /// Marks a contact's follow-up done, with an optional note. Done is final.
  ///
  /// `contactID` is the contact's id or a unique prefix of it, as listings show it.
  @discardableResult
  public func completeFollowUp(contactID: String, note: String? = nil, as user: User) throws -> FollowUpRow {
    var v = Validator()
    if let note { v.text("note", note, max: Limits.note, multiline: true) }
    try v.check()
    let id = try write(as: user) { tx -> String in
      let id = try tx.recordID(.contact, matching: contactID)
      let contact = Contact(row: try tx.row(.contact, id))
      let family = try tx.family(contact.familyID)
      try Permissions.requireWrite(user, .logContact, familyHub: family.hubID)
      let short = ShortID.of(id)
      let row = try tx.row(.contact, id)
      guard contact.followUp != nil else {
        throw DomainError.conflict("contact \(short) has no follow-up to mark done")
      }
      guard (row["in_error"] as Int64? ?? 0) == 0 else {
        throw DomainError.conflict("contact \(short) was entered in error; it has no follow-up to do")
      }
      if contact.followUpDone {
        throw DomainError.conflict("the follow-up of contact \(short) is already done")
      }
      let trimmed = note?.trimmed ?? ""
      try tx.update(
        .contact, id: id,
        [
          "follow_up_done": .of(true), "follow_up_done_at": .of(tx.at), "follow_up_done_by": .text(user.id),
          "follow_up_note": trimmed.isEmpty ? .null : .text(trimmed),
        ])
      try tx.audit(
        "follow-up-done", entity: .contact, recordID: id, familyID: contact.familyID,
        detail: "follow-up of contact \(short) done (was due \(contact.followUp!))")
      return id
    }
    return try followUp(contactID: id)!
  }

  /// Marks a contact as entered in error, with the reason. The contact
  /// stays in the history as it was recorded; it no longer counts as a
  /// contact with the family, and its follow-up is dropped.
  public func markContactInError(contactID: String, reason: String, as user: User) throws {
    try CaseworkRules.requireReason(reason)
    try write(as: user) { tx in
      let id = try tx.recordID(.contact, matching: contactID)
      let row = try tx.row(.contact, id)
      let contact = Contact(row: row)
      let family = try tx.family(contact.familyID)
      try Permissions.requireWrite(user, .logContact, familyHub: family.hubID)
      let short = ShortID.of(id)
      guard (row["in_error"] as Int64? ?? 0) == 0 else {
        throw DomainError.conflict("contact \(short) is already marked as entered in error")
      }
      try tx.update(.contact, id: id, ["in_error": .of(true), "error_reason": .text(reason.trimmed)])
      try tx.audit(
        "contact-error", entity: .contact, recordID: id, familyID: contact.familyID,
        detail: "contact \(short) marked as entered in error: \(reason.trimmed)")
      tx.touch(family: contact.familyID)
    }
  }

  private static let followUpSQL = """
    SELECT c.id, c.family_id, f.reference AS family_reference, f.name AS family_name,
      o.username AS owner_username, c.summary, c.follow_up, c.follow_up_done, c.follow_up_done_at,
      d.username AS done_by_username, c.follow_up_note
    FROM contact c JOIN family f ON f.id = c.family_id LEFT JOIN users o ON o.id = c.practitioner_id
      LEFT JOIN users d ON d.id = c.follow_up_done_by
    WHERE c.deleted = 0 AND f.deleted = 0 AND c.in_error = 0 AND c.follow_up IS NOT NULL
    """
}

extension FollowUpRow {
  init(row: Row) {
    let done: Int64 = row["follow_up_done"] ?? 0
    self.init(
      contactID: row["id"], familyID: row["family_id"], familyReference: row["family_reference"],
      familyName: row["family_name"], ownerUsername: row["owner_username"] ?? "", summary: row["summary"],
      due: LocalDate(row["follow_up"] as String? ?? "") ?? LocalDate(year: 2000, month: 1, day: 1)!,
      done: done != 0,
      doneAt: (row["follow_up_done_at"] as String?).flatMap(Timestamp.parse),
      doneByUsername: row["done_by_username"], note: row["follow_up_note"])
  }
}
