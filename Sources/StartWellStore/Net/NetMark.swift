import Crypto
import Foundation
import GRDB
import StartWellCore

/// A supervisor's mark on one child under one rule, as the net shows it.
public struct NetMark: Hashable, Sendable, Codable {
  public var status: NetMarkStatus
  public var note: String
  /// Who marked it (a username), and when.
  public var markedBy: String
  public var markedAt: Date
  /// For an assigned row, the practitioner it was handed to (a username).
  public var assignee: String?
}

/// The facts of a rule's hit that a mark is made on.
///
/// A mark stands "until the facts change", so the fingerprint must change
/// exactly when the facts do, and not when only time passes. It is made
/// from the rule, the day the fact dates from (`since`: the last contact,
/// the day a referral was sent, the latest development record, the day a
/// review or work fell due) and the rule's `detail` (which referral, which
/// bands, which piece of work). It leaves out the number of days, which
/// grows every day while nothing happens: a child still without contact
/// tomorrow is the child the supervisor already saw. A new contact, a new
/// development record, a new review date or another overdue item moves
/// `since` or `detail`, and the row shows unmarked again.
enum NetFingerprint {
  static func of(rule: String, fact: NetFact) -> String {
    let text = "\(rule)\u{1F}\(fact.since)\u{1F}\(fact.detail)"
    return String(Hex.string(SHA256.hash(data: Data(text.utf8))).prefix(32))
  }
}

/// The id of a child's mark under a rule: the same on every terminal, so
/// two supervisors marking one row offline write one record, which merges
/// field by field when they sync, instead of two marks for one row.
public enum NetMarkID {
  public static func of(child personID: String, rule: String) -> String {
    let h = Hex.string(SHA256.hash(data: Data("net_mark\u{1F}\(personID)\u{1F}\(rule)".utf8)))
    let c = Array(h.prefix(32))
    return [c[0..<8], c[8..<12], c[12..<16], c[16..<20], c[20..<32]].map { String($0) }.joined(separator: "-")
  }
}

extension Store {
  /// Sets each reason's mark where one stands: made on the facts the
  /// reason shows today. A mark on older facts is kept in the store (it
  /// is history) but no longer shows.
  func attachMarks(_ db: Database, to rows: inout [String: NetRow]) throws {
    guard !rows.isEmpty else { return }
    let marks = try Row.fetchCursor(
      db,
      sql: """
        SELECT m.person_id, m.rule, m.status, m.fingerprint, m.note, m.marked_at,
          b.username AS marked_by_name, a.username AS assignee_name
        FROM net_mark m LEFT JOIN users b ON b.id = m.marked_by LEFT JOIN users a ON a.id = m.assignee_id
        WHERE m.deleted = 0
        """)
    while let m = try marks.next() {
      let child: String = m["person_id"]
      guard var row = rows[child],
        let i = row.reasons.firstIndex(where: { $0.rule == m["rule"] && $0.fingerprint == m["fingerprint"] }),
        let at = Timestamp.parse(m["marked_at"])
      else { continue }
      row.reasons[i].mark = NetMark(
        status: NetMarkStatus(rawValue: m["status"]) ?? .seen, note: m["note"],
        markedBy: m["marked_by_name"] ?? "", markedAt: at, assignee: m["assignee_name"])
      rows[child] = row
    }
  }

  /// Marks a child's row under `rule` as seen, with a note.
  @discardableResult
  public func markNet(child: String, rule: String, note: String, as user: User) throws -> NetReason {
    try putNetMark(child: child, rule: rule, status: .seen, note: note, assignee: nil, as: user)
  }

  /// Hands a child's row under `rule` to a practitioner of the child's hub.
  @discardableResult
  public func assignNet(child: String, rule: String, to assignee: String, note: String = "", as user: User)
    throws -> NetReason
  {
    try putNetMark(child: child, rule: rule, status: .assigned, note: note, assignee: assignee, as: user)
  }

  /// Writes the mark through the gate. Everything is checked before the
  /// first write, and the transaction writes nothing when any check fails.
  private func putNetMark(
    child: String, rule: String, status: NetMarkStatus, note: String, assignee: String?, as user: User
  ) throws -> NetReason {
    let ruleID = rule.trimmed
    var v = Validator()
    v.line("child", child, max: 32)
    if ruleID.isEmpty {
      v.add("rule", "required", "is required")
    } else if NetRule.named(ruleID) == nil {
      v.add(
        "rule", "known",
        "'\(ruleID)' is not a net rule; known: \(NetRule.all.map(\.id).joined(separator: ", "))")
    }
    // A row marked seen says why; an assignment may speak for itself.
    v.line("note", note, max: Limits.note, required: status == .seen)
    if let assignee { v.line("to", assignee, max: 32) }
    try v.check()
    try Permissions.require(user, .superviseCaseloads)
    return try write(as: user) { tx in
      let reference = ReferenceCode.normalise(child)
      guard
        let person = try Row.fetchOne(
          tx.db,
          sql: """
            SELECT p.id, p.family_id, f.hub_id FROM person p JOIN family f ON f.id = p.family_id
            WHERE p.reference = ? AND p.deleted = 0 AND f.deleted = 0
            """, arguments: [reference])
      else {
        throw DomainError.invalid([
          FieldIssue(field: "child", rule: "unknown", message: "no child with reference \(child.trimmed)")
        ])
      }
      let personID: String = person["id"]
      let familyID: String = person["family_id"]
      let hub: String = person["hub_id"]
      guard user.hubs.contains(hub) else {
        throw DomainError.forbidden(
          "\(reference) is a child of hub \(hub); \(user.username) marks the net only for their own hubs")
      }
      let rules = NetRule.all.filter { $0.id == ruleID }
      guard
        let reason = try net(tx.db, familyID: familyID, rules: rules, for: user)
          .first(where: { $0.childID == personID })?.reasons.first
      else {
        throw DomainError.invalid([
          FieldIssue(
            field: "rule", rule: "not-in-net",
            message: "\(reference) is not in the net under \(ruleID) today; there is nothing to mark")
        ])
      }
      var assigneeID: FieldValue = .null
      if let assignee {
        let name = assignee.trimmed
        guard let target = try tx.user(named: name), target.active else {
          throw DomainError.invalid([
            FieldIssue(field: "to", rule: "unknown", message: "no active user named '\(name)'")
          ])
        }
        guard target.hubs.contains(hub), Permissions.allows(target.role, .editFamily) else {
          throw DomainError.invalid([
            FieldIssue(
              field: "to", rule: "not-in-hub",
              message: "\(name) is not a practitioner of hub \(hub), the child's hub")
          ])
        }
        assigneeID = .text(target.id)
      }
      let id = NetMarkID.of(child: personID, rule: ruleID)
      let fields: [String: FieldValue] = [
        "status": .of(status), "fingerprint": .text(reason.fingerprint), "note": .text(note.trimmed),
        "marked_by": .text(user.id), "marked_at": .of(tx.at), "assignee_id": assigneeID,
      ]
      let exists =
        try Bool.fetchOne(tx.db, sql: "SELECT EXISTS(SELECT 1 FROM net_mark WHERE id = ?)", arguments: [id])
        ?? false
      if exists {
        try tx.update(.netMark, id: id, fields)
      } else {
        try tx.insert(
          .netMark, id: id,
          fields.merging(
            ["family_id": .text(familyID), "person_id": .text(personID), "rule": .text(ruleID)],
            uniquingKeysWith: { a, _ in a }))
      }
      let what =
        status == .seen ? "marked seen" : "assigned to \(assignee?.trimmed ?? "")"
      try tx.audit(
        status == .seen ? "net-mark" : "net-assign", entity: .netMark, recordID: id, familyID: familyID,
        detail: "net row \(reference) under \(ruleID) \(what)")
      guard
        let marked = try net(tx.db, familyID: familyID, rules: rules, for: user)
          .first(where: { $0.childID == personID })?.reasons.first
      else { return reason }
      return marked
    }
  }
}
