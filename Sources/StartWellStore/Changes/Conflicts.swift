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
      guard parsed.count > 1 else { return nil }
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
  public func resolveConflict(_ id: String, value: FieldValue, as user: User) throws {
    guard let conflict = try conflicts().first(where: { $0.id == id.uppercased() || $0.id == id }) else {
      throw DomainError.notFound("no open conflict \(id)")
    }
    guard let entity = Entity(rawValue: conflict.entity) else {
      throw DomainError.notFound("entity \(conflict.entity)")
    }
    if conflict.entity == "case", conflict.field == "level" {
      guard case .text(let raw) = value, CaseLevel(rawValue: raw) != nil else {
        throw DomainError.invalid([
          FieldIssue(
            field: "value", rule: "case-level",
            message:
              "'\(value)' is not a case level; use \(CaseLevel.allCases.map(\.rawValue).joined(separator: ", "))"
          )
        ])
      }
    }
    if conflict.entity == "family", conflict.field == "consent" {
      guard value == .null || (value.textValue.flatMap(Consent.init(rawValue:)) != nil) else {
        throw DomainError.invalid([
          FieldIssue(field: "value", rule: "consent", message: "'\(value)' is not given or refused")
        ])
      }
    }
    // The same rules as the ordinary edit: case level and risk override move
    // only by a supervisor's decision, consent by casework; all within the
    // user's own hubs.
    let permission: Permission = conflict.field == "consent" ? .editFamily : .decideEscalation
    guard let hub = try familyHub(of: conflict) else {
      throw DomainError.notFound("the family of conflict \(id)")
    }
    try Permissions.requireWrite(user, permission, familyHub: hub)
    try write(as: user) { tx in
      try tx.resolve(
        entity, id: conflict.recordID, field: conflict.field, value: value, heads: conflict.heads.map(\.clock)
      )
      let family = try Store.familyID(of: conflict.entity, recordID: conflict.recordID, in: tx.db)
      try tx.audit(
        "conflict-resolve", entity: entity, recordID: conflict.recordID, familyID: family,
        detail: "\(conflict.id) \(conflict.entity).\(conflict.field) resolved to \(value)")
    }
  }
}

extension FieldValue {
  public var textValue: String? {
    if case .text(let s) = self { return s }
    return nil
  }
}
