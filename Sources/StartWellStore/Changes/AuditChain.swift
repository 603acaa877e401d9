import Crypto
import Foundation
import GRDB
import StartWellCore

public struct AuditEvent: Hashable, Sendable, Codable {
  public var seq: Int64
  public var at: String
  public var userID: String
  public var username: String
  public var action: String
  public var entity: String
  public var recordID: String
  public var familyID: String?
  public var detail: String
  public var hash: String
}

/// The append-only audit log. Each event's hash covers its own content and
/// the previous event's hash, so editing or deleting any event breaks every
/// link after it. The head (last sequence number and hash) is also kept in
/// `store_meta`, which is how a deleted final event is noticed.
public enum AuditChain {
  static let genesis = String(repeating: "0", count: 64)

  static func append(
    _ db: Database, at: Date, user: User, action: String, entity: String, recordID: String, familyID: String?,
    detail: String
  ) throws {
    let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
    let seq: Int64 = (head?["seq"] ?? 0) + 1
    let prev: String = head?["hash"] ?? genesis
    let stamp = Timestamp.format(at)
    let hash = digest(
      seq: seq, at: stamp, userID: user.id, username: user.username, action: action, entity: entity,
      recordID: recordID, familyID: familyID, detail: detail, prev: prev)
    try db.execute(
      sql: """
        INSERT INTO audit(seq, at, user_id, username, action, entity, record_id, family_id, detail, prev_hash, hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [seq, stamp, user.id, user.username, action, entity, recordID, familyID, detail, prev, hash])
    try StoreMeta.set(db, .auditHead, "\(seq):\(hash)")
  }

  public static func digest(
    seq: Int64, at: String, userID: String, username: String, action: String, entity: String,
    recordID: String, familyID: String?, detail: String, prev: String
  ) -> String {
    // Length-prefix every part so no two different events can serialise alike.
    let parts = [String(seq), at, userID, username, action, entity, recordID, familyID ?? "", detail, prev]
    let text = parts.map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
    return Hex.string(SHA256.hash(data: Data(text.utf8)))
  }

  public enum Verdict: Equatable, Sendable {
    case intact(events: Int)
    case broken(seq: Int64, problem: String)
  }

  /// Walks the chain from the start; reports the first event that does not hold.
  public static func verify(_ db: Database) throws -> Verdict {
    var expectedSeq: Int64 = 1
    var prev = genesis
    var count = 0
    let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM audit ORDER BY seq")
    while let row = try cursor.next() {
      let seq: Int64 = row["seq"]
      if seq != expectedSeq {
        return .broken(seq: expectedSeq, problem: "event \(expectedSeq) is missing (next present is \(seq))")
      }
      if row["prev_hash"] as String != prev {
        return .broken(seq: seq, problem: "event \(seq) does not link to the event before it")
      }
      let hash = digest(
        seq: seq, at: row["at"], userID: row["user_id"], username: row["username"], action: row["action"],
        entity: row["entity"], recordID: row["record_id"], familyID: row["family_id"], detail: row["detail"],
        prev: prev)
      if hash != row["hash"] as String {
        return .broken(seq: seq, problem: "event \(seq) was altered (its hash does not match its content)")
      }
      prev = hash
      expectedSeq += 1
      count += 1
    }
    if let head = try StoreMeta.get(db, .auditHead) {
      let parts = head.split(separator: ":")
      if let last = Int64(parts.first ?? ""), last >= expectedSeq {
        return .broken(
          seq: expectedSeq, problem: "events \(expectedSeq) to \(last) were removed from the end")
      }
      if parts.count == 2, count > 0, String(parts[1]) != prev {
        return .broken(seq: expectedSeq - 1, problem: "the last event does not match the recorded head")
      }
    }
    return .intact(events: count)
  }

  /// The latest events, oldest first: one family's, or those about no
  /// family or about families in `scope` (all of them when `scope` is nil).
  public static func events(
    _ db: Database, familyID: String? = nil, scope: VisibilityScope? = nil, limit: Int = 500
  ) throws -> [AuditEvent] {
    var sql = "SELECT * FROM audit"
    var args = StatementArguments()
    if let familyID {
      sql += " WHERE family_id = ?"
      args += [familyID]
    } else if let scope {
      let visible = scope.sql(familyIDColumn: "family_id")
      sql += " WHERE family_id IS NULL OR \(visible.sql)"
      args += visible.arguments
    }
    sql += " ORDER BY seq DESC LIMIT ?"
    args += [limit]
    let rows = try Row.fetchAll(db, sql: sql, arguments: args)
    return rows.reversed().map {
      AuditEvent(
        seq: $0["seq"], at: $0["at"], userID: $0["user_id"], username: $0["username"], action: $0["action"],
        entity: $0["entity"], recordID: $0["record_id"], familyID: $0["family_id"], detail: $0["detail"],
        hash: $0["hash"])
    }
  }
}

extension Store {
  /// The head of the local audit chain, `seq:hash`, as batches anchor it on the share.
  public func auditHead() throws -> String? {
    try read { try StoreMeta.get($0, .auditHead) }
  }

  /// The hash of local audit event `seq`, if the chain holds it.
  public func auditHash(seq: Int64) throws -> String? {
    try read { try String.fetchOne($0, sql: "SELECT hash FROM audit WHERE seq = ?", arguments: [seq]) }
  }
}
