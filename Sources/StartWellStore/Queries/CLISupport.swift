import Foundation
import GRDB
import StartWellCore

/// A few counts describing a store as a whole, for the start-up summary.
public struct StoreSummary: Hashable, Sendable {
  public var users: Int
  public var families: Int
  public var people: Int
  public var contacts: Int
  public var openEscalations: Int
  public var auditEvents: Int
}

/// Small read helpers the command line needs that the casework API does not
/// already offer. They are kept here so the executable never issues SQL itself.
extension Store {
  /// Whole-store counts, regardless of who asks; they contain no personal data.
  public func summary() throws -> StoreSummary {
    try read { db in
      func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
      return StoreSummary(
        users: try count("SELECT COUNT(*) FROM users WHERE deleted = 0 AND id <> 'system'"),
        families: try count("SELECT COUNT(*) FROM family WHERE deleted = 0 AND reference <> ''"),
        people: try count("SELECT COUNT(*) FROM person WHERE deleted = 0"),
        contacts: try count("SELECT COUNT(*) FROM contact WHERE deleted = 0"),
        openEscalations: try count(
          "SELECT COUNT(*) FROM escalation WHERE deleted = 0 AND status IN ('raised', 'acknowledged')"),
        auditEvents: try count("SELECT COUNT(*) FROM audit"))
    }
  }

  /// The ids of the people with these references, in the same order.
  ///
  /// An unknown reference is reported against `field`, so the person typing
  /// it knows which option to correct.
  public func personIDs(references: [String], field: String = "present") throws -> [String] {
    try read { db in
      var ids: [String] = []
      var issues: [FieldIssue] = []
      for reference in references {
        let ref = ReferenceCode.normalise(reference)
        if let id = try String.fetchOne(
          db, sql: "SELECT id FROM person WHERE reference = ? AND deleted = 0", arguments: [ref])
        {
          ids.append(id)
        } else {
          issues.append(
            FieldIssue(field: field, rule: "unknown", message: "no person with reference \(reference)"))
        }
      }
      if !issues.isEmpty { throw DomainError.invalid(issues) }
      return ids
    }
  }

  /// Walks the audit chain from its first event.
  public func verifyAudit() throws -> AuditChain.Verdict {
    try read { try AuditChain.verify($0) }
  }

  /// The most recent audit events the user may read, oldest first.
  ///
  /// One family's events follow the same rule as opening the family: a
  /// family outside the user's hubs needs a reason, which is itself audited.
  /// Without a reference, only events about the user's own hubs' families
  /// (the `.ownHubs` scope) and those about no family are shown.
  public func auditEvents(
    familyReference: String? = nil, reason: String? = nil, as user: User, limit: Int = 500
  ) throws -> [AuditEvent] {
    try Permissions.require(user, .viewAudit)
    guard let familyReference else {
      return try read { try AuditChain.events($0, scope: .ownHubs(for: user), limit: limit) }
    }
    let familyID = try self.familyID(reference: familyReference)
    return try write(as: user) { tx in
      let hub =
        try String.fetchOne(tx.db, sql: "SELECT hub_id FROM family WHERE id = ?", arguments: [familyID]) ?? ""
      if case .breakGlass(let why) = try Permissions.openAccess(
        user, familyHub: hub, breakGlassReason: reason)
      {
        try tx.auditAccess(
          "break-glass", entity: .family, recordID: familyID, familyID: familyID, hub: hub,
          detail: "audit log read outside own hub; reason: \(why)")
      }
      return try AuditChain.events(tx.db, familyID: familyID, limit: limit)
    }
  }

  /// People of a family by id, so listings can name a referral's person without opening the family.
  public func personReferences(ids: [String]) throws -> [String: String] {
    guard !ids.isEmpty else { return [:] }
    return try read { db in
      var out: [String: String] = [:]
      let marks = ids.map { _ in "?" }.joined(separator: ", ")
      for row in try Row.fetchAll(
        db, sql: "SELECT id, reference FROM person WHERE id IN (\(marks))", arguments: StatementArguments(ids)
      ) {
        out[row["id"]] = row["reference"]
      }
      return out
    }
  }
}
