import Crypto
import Foundation
import GRDB
import StartWellCore

/// Two or more edits of a safeguarding-critical field that did not see each other.
public struct Conflict: Hashable, Sendable {
  public struct Head: Hashable, Sendable {
    public var clock: HLC
    public var value: FieldValue
    public var userID: String
  }

  /// Stable across terminals: derived from the entity, record and field.
  public var id: String
  public var entity: String
  public var recordID: String
  public var field: String
  public var heads: [Head]
  /// The value the merge currently shows (the highest clock) until a person decides.
  public var current: FieldValue
}

extension Store {
  public static func conflictID(entity: String, recordID: String, field: String) -> String {
    let digest = SHA256.hash(data: Data("\(entity)|\(recordID)|\(field)".utf8))
    let alphabet = ReferenceCode.alphabet
    return "K-" + String(digest.prefix(8).map { alphabet[Int($0) % alphabet.count] })
  }

  /// Open conflicts: fields whose edit history has more than one head.
  public func conflicts() throws -> [Conflict] { try read { try conflicts($0) } }

  func conflicts(_ db: Database) throws -> [Conflict] {
    let rows = try Row.fetchAll(
      db,
      sql: """
        SELECT h.* FROM field_history h
        WHERE NOT EXISTS (
          SELECT 1 FROM field_replaced r
          WHERE r.entity = h.entity AND r.record_id = h.record_id AND r.field = h.field AND r.clock = h.clock)
        ORDER BY h.entity, h.record_id, h.field, h.clock
        """)
    var grouped: [String: [Row]] = [:]
    var order: [String] = []
    for row in rows {
      let key = "\(row["entity"] as String)|\(row["record_id"] as String)|\(row["field"] as String)"
      if grouped[key] == nil { order.append(key) }
      grouped[key, default: []].append(row)
    }
    return try order.compactMap { key in
      let heads = grouped[key]!
      guard heads.count > 1 else { return nil }
      let first = heads[0]
      let entity: String = first["entity"]
      let record: String = first["record_id"]
      let field: String = first["field"]
      // A history row that cannot be read (a hand-edited store) is passed over, never a crash.
      let parsed = heads.compactMap { row -> Conflict.Head? in
        guard let clock = (row["clock"] as DatabaseValue).asText.flatMap(HLC.init),
          let value = (row["value"] as DatabaseValue).asText.flatMap({ try? FieldValue(json: $0) })
        else { return nil }
        return Conflict.Head(
          clock: clock, value: value, userID: (row["user_id"] as DatabaseValue).asText ?? "")
      }
      // Edits made apart that agree are not a conflict: there is nothing to choose.
      guard parsed.count > 1, Set(parsed.map(\.value)).count > 1 else { return nil }
      let table = Entity(rawValue: entity)?.table ?? entity
      let current =
        try DatabaseValue.fetchOne(db, sql: "SELECT \(field) FROM \(table) WHERE id = ?", arguments: [record])
        .map(FieldValue.init) ?? .null
      return Conflict(
        id: Store.conflictID(entity: entity, recordID: record, field: field), entity: entity,
        recordID: record,
        field: field, heads: parsed, current: current)
    }
  }

  /// Settles a conflict with the chosen value; the resolution travels to every terminal and closes it there too.
  @discardableResult
  public func resolveConflict(_ id: String, value: FieldValue, as user: User) throws -> ConflictResolution {
    guard let conflict = try conflicts().first(where: { $0.id == id.uppercased() || $0.id == id }) else {
      throw DomainError.notFound("no open conflict \(id)")
    }
    guard let entity = Entity(rawValue: conflict.entity) else {
      throw DomainError.notFound("entity \(conflict.entity)")
    }
    // A field with rules of its own (a triage: one of the triages, by
    // someone who could triage the notification) says so in its own words first.
    try checkFollowUp(conflict, keeping: value, as: user)
    try checkResolution(value, for: conflict)
    // The same rules as the ordinary edit (the registry's write rule for a
    // later edit of the field: a supervisor's decision for case level, risk
    // override and escalations, casework for consent and referrals), within
    // the user's own hubs.
    guard let spec = registry.spec(named: conflict.entity), let field = spec.field(conflict.field) else {
      throw DomainError.notFound("the field \(conflict.entity).\(conflict.field)")
    }
    let permission: Permission =
      switch spec.writeRule(field) {
      case .permission(let p), .selfOr(let p): p
      case .created(_, _, let then): then
      }
    guard let hub = try hub(of: conflict) else {
      throw DomainError.notFound("the family of conflict \(id)")
    }
    try Permissions.requireWrite(user, permission, familyHub: hub)
    let shown = try read { db in try readable(value, of: conflict, in: db) }
    var notes: [String] = []
    try write(as: user) { tx in
      try tx.resolve(
        entity, id: conflict.recordID, field: conflict.field, value: value, heads: conflict.heads.map(\.clock)
      )
      notes = try tx.followResolution(of: conflict, keeping: value)
      let family = try Store.familyID(of: conflict.entity, recordID: conflict.recordID, in: tx.db)
      try tx.audit(
        "conflict-resolve", entity: entity, recordID: conflict.recordID, familyID: family,
        detail: "\(conflict.id) \(conflict.entity).\(conflict.field) resolved to \(shown)")
    }
    return ConflictResolution(id: conflict.id, value: value, shown: shown, notes: notes)
  }
}

extension Store {
  /// Whether `value` may settle `conflict`: one of its edits, or for a
  /// field that is not a workflow step, a valid value of the field. Says
  /// which values would do when it may not.
  public func checkResolution(_ value: FieldValue, for conflict: Conflict) throws {
    if conflict.heads.contains(where: { $0.value == value }) { return }
    let heads = Set(conflict.heads.map { $0.value == .null ? "none" : $0.value.description }).sorted()
    guard let spec = registry.spec(named: conflict.entity), let field = spec.field(conflict.field) else {
      throw DomainError.notFound("the field \(conflict.entity).\(conflict.field)")
    }
    let label = Self.conflictLabel(conflict)
    let shown = value == .null ? "none" : "'\(value)'"
    if spec.transition?.state == conflict.field {
      throw DomainError.invalid([
        FieldIssue(
          field: "keep", rule: "one-of-the-decisions",
          message:
            "\(shown) was not one of the decisions on this \(label); keep \(heads.joined(separator: " or "))")
      ])
    }
    var choices: [String] = []
    switch field.kind {
    case .choice(let values): choices = values
    case .optionalChoice(let values): choices = values + ["none"]
    default: break
    }
    if let problem = field.kind.problem(with: value) ?? field.rule?.check(value) {
      let message =
        choices.isEmpty
        ? "\(shown) is not a valid \(label): it \(problem)"
        : "\(shown) is not a \(label); use \(choices.joined(separator: ", "))"
      throw DomainError.invalid([FieldIssue(field: "keep", rule: "value", message: message)])
    }
  }

  static func conflictLabel(_ conflict: Conflict) -> String {
    switch (conflict.entity, conflict.field) {
    case ("case", "level"): "case level"
    case ("family", "risk_override"): "risk override"
    case ("family", "consent"): "consent"
    case ("escalation", "status"): "escalation"
    case ("referral", "status"): "referral"
    case ("notification", "triage"): "triage of a notification"
    default: "\(conflict.entity) \(conflict.field.replacingOccurrences(of: "_", with: " "))"
    }
  }
}
