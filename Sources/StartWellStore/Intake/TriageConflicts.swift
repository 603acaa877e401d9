import Foundation
import GRDB
import StartWellCore

/// The notification a conflict is about (two triages made apart): what a
/// person needs to find it, and who may see and settle it.
public struct ConflictNotification: Hashable, Sendable {
  public var id: String
  public var reference: String
  public var hub: String
  public var kind: NotificationKind
  /// The roles that see its kind (`intake.json`) and may triage it.
  public var triagers: Set<Role>
}

extension Conflict {
  /// Two triages of one notification made apart.
  public var isTriage: Bool { entity == Entity.notification.rawValue && field == "triage" }
}

extension Store {
  /// The notification a triage conflict is about; nil for any other conflict.
  public func notification(of conflict: Conflict) throws -> ConflictNotification? {
    guard conflict.isTriage else { return nil }
    return try read { db in try notification(of: conflict, in: db) }
  }

  func notification(of conflict: Conflict, in db: Database) throws -> ConflictNotification? {
    guard conflict.isTriage,
      let row = try Row.fetchOne(
        db, sql: "SELECT id, reference, hub_id, kind FROM notification WHERE id = ?",
        arguments: [conflict.recordID]),
      let kind = NotificationKind(rawValue: row["kind"])
    else { return nil }
    let roles = Role.allCases.filter {
      config.intake.visible(kind, to: $0) && Permissions.allows($0, .triageNotifications)
    }
    return ConflictNotification(
      id: row["id"], reference: row["reference"], hub: row["hub_id"], kind: kind, triagers: Set(roles))
  }

  /// A triage conflict is shown to those who could have made either
  /// triage: users of the notification's hub whose role sees its kind and triages.
  func triageConflictVisible(_ conflict: Conflict, to user: User, in db: Database) throws -> Bool {
    guard user.active, let n = try notification(of: conflict, in: db) else { return false }
    return n.triagers.contains(user.role) && user.hubs.contains(n.hub)
  }

  /// A triage decision as a person reads it: "attached to P-… (F-…)",
  /// "new family F-…", "not for us", "duplicate of N-…"; never an id.
  func triageLabel(_ value: FieldValue, in db: Database) throws -> String {
    guard let text = value.textValue else { return "none (back to the triage queue)" }
    guard let decision = TriageDecision(text: text) else { return "an unreadable triage" }
    switch decision.outcome {
    case .notOurs:
      return "not for us"
    case .duplicate:
      let reference = try decision.target.flatMap {
        try String.fetchOne(db, sql: "SELECT reference FROM notification WHERE id = ?", arguments: [$0])
      }
      return "duplicate of \(reference ?? "a notification not held here")"
    case .attached, .newMember, .newFamily:
      let row = try decision.target.flatMap {
        try Row.fetchOne(
          db,
          sql: """
            SELECT p.reference, p.deleted, f.reference AS family FROM person p
            LEFT JOIN family f ON f.id = p.family_id WHERE p.id = ?
            """, arguments: [$0])
      }
      let person: String = row?["reference"] ?? "a person not held here"
      let family: String = row?["family"] ?? "a family not held here"
      let withdrawn = (row?["deleted"] as Bool?) == true ? ", since withdrawn" : ""
      switch decision.outcome {
      case .attached: return "attached to \(person) (\(family)\(withdrawn))"
      case .newMember: return "new member \(person) of \(family)\(withdrawn)"
      default: return "new family \(family)\(withdrawn)"
      }
    }
  }

  /// Who may settle a triage conflict, and with what: one of the two
  /// triages, or none (the notification goes back to the queue to be
  /// triaged again). A triage whose person has since been withdrawn (by a
  /// resolution made on another terminal at the same time) cannot be kept.
  func checkTriageResolution(_ conflict: Conflict, keeping value: FieldValue, as user: User) throws {
    try Permissions.require(user, .triageNotifications)
    let n = try notification(conflict.recordID, as: user)
    guard value != .null else { return }
    let labels = try read { db in
      try Set(conflict.heads.map(\.value)).map { try triageLabel($0, in: db) }.sorted()
    }
    guard conflict.heads.contains(where: { $0.value == value }) else {
      throw DomainError.invalid([
        FieldIssue(
          field: "keep", rule: "one-of-the-triages",
          message:
            "that is not one of the triages of \(n.reference); keep \(labels.joined(separator: " or ")), or none to send it back to the queue"
        )
      ])
    }
    guard let person = value.textValue.flatMap(TriageDecision.init(text:))?.personID else { return }
    let live = try read { db in
      try Bool.fetchOne(
        db, sql: "SELECT EXISTS(SELECT 1 FROM person WHERE id = ? AND deleted = 0)", arguments: [person])
    }
    guard live != true else { return }
    let shown = try read { db in try triageLabel(value, in: db) }
    throw DomainError.invalid([
      FieldIssue(
        field: "keep", rule: "person-withdrawn",
        message:
          "\(shown): that person is no longer held (withdrawn when another terminal settled this triage differently); keep another triage, or none to send \(n.reference) back to the queue"
      )
    ])
  }
}
