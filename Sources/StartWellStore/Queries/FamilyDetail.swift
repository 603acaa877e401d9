import Foundation
import GRDB
import StartWellCore

/// Everything a family record shows: members, case, risk, chronology and open work.
public struct FamilyDetail: Sendable {
  public var family: Family
  public var members: [Person]
  public var openCase: Case?
  public var contacts: [Contact]
  public var escalations: [Escalation]
  public var referrals: [Referral]
  public var development: [DevelopmentRecord]
  public var actions: [CaseAction]
  public var risk: RiskAssessment
  /// The decision behind the risk override in force, if any.
  public var riskOverride: RiskOverrideDecision?
  public var chronology: [ChronologyEntry]
  /// Display names of the users this record mentions, by id.
  public var userNames: [String: String]
  public var access: FamilyAccess

  public var openActions: [CaseAction] { actions.filter { $0.status == .open }.sorted { $0.due < $1.due } }
  public var openFollowUps: [Contact] {
    contacts.filter { $0.followUp != nil && !$0.followUpDone && !$0.inError }.sorted {
      $0.followUp! < $1.followUp!
    }
  }
  public func userName(_ id: String?) -> String? { id.flatMap { userNames[$0] } }
}

extension Store {
  /// Finds a family by its reference, among all families (visibility is checked by the caller).
  public func familyID(reference: String) throws -> String {
    let ref = ReferenceCode.normalise(reference)
    guard
      let id = try read({
        try String.fetchOne(
          $0, sql: "SELECT id FROM family WHERE reference = ? AND deleted = 0", arguments: [ref])
      })
    else { throw DomainError.notFound("no family with reference \(reference)") }
    return id
  }

  /// Opens a family for reading: checks access, writes the "viewed" audit event, and loads the record.
  ///
  /// Opening a family outside the user's hubs needs a reason (break the
  /// glass); that reason goes into the audit event.
  public func openFamily(reference: String, as user: User, reason: String? = nil) throws -> FamilyDetail {
    let id = try familyID(reference: reference)
    return try openFamily(id: id, as: user, reason: reason)
  }

  public func openFamily(id: String, as user: User, reason: String? = nil) throws -> FamilyDetail {
    try write(as: user) { tx in
      guard let row = try Row.fetchOne(tx.db, sql: "SELECT * FROM family WHERE id = ?", arguments: [id])
      else {
        throw DomainError.notFound("family \(id)")
      }
      let family = Family(row: row)
      let access = try Permissions.openAccess(user, familyHub: family.hubID, breakGlassReason: reason)
      let detail: String
      switch access {
      case .ownHub: detail = "viewed"
      case .breakGlass(let why): detail = "viewed outside own hub; reason: \(why)"
      }
      try tx.auditAccess(
        access == .ownHub ? "view" : "break-glass", entity: .family, recordID: id, familyID: id,
        hub: family.hubID, detail: detail)
      return try loadDetail(tx.db, family: family, access: access, role: user.role)
    }
  }

  /// Notifications of a kind `role` does not see (`intake.json`) still
  /// count in the family's risk, but neither their reasons nor the
  /// chronology name them or their source.
  func loadDetail(_ db: Database, family: Family, access: FamilyAccess, role: Role) throws -> FamilyDetail {
    let id = family.meta.id
    func rows(_ table: String, order: String) throws -> [Row] {
      try Row.fetchAll(
        db, sql: "SELECT * FROM \(table) WHERE family_id = ? AND deleted = 0 ORDER BY \(order)",
        arguments: [id])
    }
    let members = try rows("person", order: "relationship = 'child', date_of_birth").map(Person.init(row:))
    let openCase = try Row.fetchOne(
      db,
      sql:
        "SELECT * FROM cases WHERE family_id = ? AND deleted = 0 ORDER BY status = 'open' DESC, opened_on, created_at, id LIMIT 1",
      arguments: [id]
    ).map(Case.init(row:))
    let contacts = try rows("contact", order: "at").map(Contact.init(row:))
    let escalations = try rows("escalation", order: "raised_at").map(Escalation.init(row:))
    let referrals = try rows("referral", order: "created_at").map(Referral.init(row:))
    let development = try rows("development", order: "recorded_on").map(DevelopmentRecord.init(row:))
    let actions = try rows("action", order: "due").map(CaseAction.init(row:))
    // Only items the huddle decided on: one still pending, or skipped, has no
    // decision to show. A decision stays shown even if another terminal
    // skipped the item at the same time.
    let huddleItems = try Row.fetchAll(
      db,
      sql: """
        SELECT hi.*, h.date AS huddle_date FROM huddle_item hi JOIN huddle h ON h.id = hi.huddle_id
        WHERE hi.family_id = ? AND hi.deleted = 0 AND (hi.state = 'discussed' OR hi.decision <> '')
        """,
      arguments: [id]
    ).map { r in
      (item: HuddleItem(row: r), date: r.day("huddle_date") ?? LocalDate(year: 2000, month: 1, day: 1)!)
    }
    let users = try userNames(db)
    let people = Dictionary(uniqueKeysWithValues: members.map { ($0.meta.id, $0.fullName) })
    let overrides = try riskOverrideDecisions(db, familyID: id)
    let chronology = Chronology.build(
      contacts: contacts, escalations: escalations, referrals: referrals,
      development: development, huddleItems: huddleItems, actions: actions, riskOverrides: overrides,
      triages: try triageEvents(db, familyID: id, visibleTo: role), people: people, users: users,
      config: config)
    let risk = try riskAssessment(db, familyID: id).withholdingNotifications(from: role, config: config)
    return FamilyDetail(
      family: family, members: members, openCase: openCase, contacts: contacts, escalations: escalations,
      referrals: referrals, development: development, actions: actions, risk: risk,
      riskOverride: RiskOverrideDecision.inForce(overrides, band: risk.override), chronology: chronology,
      userNames: users, access: access)
  }

  func userNames(_ db: Database) throws -> [String: String] {
    var names: [String: String] = [:]
    for row in try Row.fetchAll(db, sql: "SELECT id, display_name, username FROM users") {
      let display: String = row["display_name"]
      names[row["id"]] = display.isEmpty ? row["username"] : display
    }
    return names
  }
}

extension Store {
  /// A family's id, name and hub by its reference, to open it: whether the
  /// user may, and with what reason, is the opening's question.
  public func familyHeader(reference: String) throws -> (
    id: String, reference: String, name: String, hub: String
  )? {
    try read { db in
      try Row.fetchOne(
        db, sql: "SELECT id, reference, name, hub_id FROM family WHERE reference = ? AND deleted = 0 LIMIT 1",
        arguments: [ReferenceCode.normalise(reference)]
      ).map { ($0[0], $0[1], $0[2], $0[3]) }
    }
  }
}
