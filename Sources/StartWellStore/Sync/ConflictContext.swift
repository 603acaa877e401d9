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

  /// The hub whose users see and settle a conflict: its family's, or for
  /// a notification (a record of a hub, on no family until triaged), its own.
  public func hub(of conflict: Conflict) throws -> String? {
    if let family = try family(of: conflict) { return family.hub }
    return try notification(of: conflict)?.hub
  }

  /// The reference a person finds a conflict's record by: its family's
  /// F-…, or the notification's N-… for a triage.
  public func reference(of conflict: Conflict) throws -> String? {
    try family(of: conflict)?.reference ?? notification(of: conflict)?.reference
  }

  /// Open conflicts on families in the user's `.conflicts` scope (their
  /// own hubs, and only for users who may edit families), and triage
  /// conflicts on the notifications they could triage.
  public func conflicts(visibleTo user: User) throws -> [Conflict] {
    let scope = VisibilityScope.conflicts(for: user)
    let visible = scope.sql(family: "f")
    return try read { db in
      try conflicts(db).filter { conflict in
        if conflict.isTriage { return try triageConflictVisible(conflict, to: user, in: db) }
        guard scope.admitsAny,
          let familyID = try Self.familyID(of: conflict.entity, recordID: conflict.recordID, in: db)
        else { return false }
        var arguments: StatementArguments = [familyID]
        arguments += visible.arguments
        return try Bool.fetchOne(
          db, sql: "SELECT EXISTS(SELECT 1 FROM family f WHERE f.id = ? AND \(visible.sql))",
          arguments: arguments) ?? false
      }
    }
  }

  /// How a person reads a value of a conflict: a triage as "attached to
  /// P-… (F-…)", "new family F-…", "not for us" or "duplicate of N-…";
  /// other fields' values as they are.
  public func readable(_ value: FieldValue, of conflict: Conflict) throws -> String {
    try read { db in try readable(value, of: conflict, in: db) }
  }

  /// Every value a person may keep, each once, in the order the edits are
  /// listed, with how it reads; for a triage, then none (back to the queue).
  public func choices(for conflict: Conflict) throws -> [(value: FieldValue, shown: String)] {
    var values: [FieldValue] = []
    for head in conflict.heads where !values.contains(head.value) { values.append(head.value) }
    if conflict.isTriage, !values.contains(.null) { values.append(.null) }
    return try read { db in try values.map { ($0, try readable($0, of: conflict, in: db)) } }
  }

  /// The value a person named to keep: an edit's number as listed (1 for
  /// the first), its readable form, or a reference (P-…, F-…, N-…) that
  /// only one of the edits names. Nil when the words name none of them.
  public func conflictValue(named words: String, in conflict: Conflict) throws -> FieldValue? {
    let typed = words.trimmed
    if let number = Int(typed), conflict.heads.indices.contains(number - 1) {
      return conflict.heads[number - 1].value
    }
    let choices = try choices(for: conflict)
    if let exact = choices.first(where: { $0.shown.caseInsensitiveCompare(typed) == .orderedSame }) {
      return exact.value
    }
    let reference = typed.uppercased()
    guard reference.range(of: #"^[PFN]-[A-Z0-9]+$"#, options: .regularExpression) != nil else { return nil }
    let naming = choices.filter { choice in
      choice.shown.uppercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "-" })
        .contains { $0 == reference }
    }
    return naming.count == 1 ? naming[0].value : nil
  }

  /// The family a record belongs to: itself for a family, its `family_id` otherwise.
  static func familyID(of entity: String, recordID: String, in db: Database) throws -> String? {
    if entity == Entity.family.rawValue { return recordID }
    guard let entity = Entity(rawValue: entity), entity.familyColumn != nil else { return nil }
    return try String.fetchOne(
      db, sql: "SELECT family_id FROM \(entity.table) WHERE id = ?", arguments: [recordID])
  }
}
