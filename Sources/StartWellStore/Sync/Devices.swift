import Foundation
import GRDB
import StartWellCore

/// A terminal as this one knows it.
public struct DeviceInfo: Sendable, Equatable {
  public var id: String
  public var isThis: Bool
  /// Fingerprint of its public key, when known.
  public var fingerprint: String?
  /// The last of its batches applied here.
  public var lastBatch: Int64?
  public var lastApplied: String?
  public var revoked: Bool
  public var revokedAfter: Int64?
  public var reason: String?
}

extension Store {
  /// Every terminal this one has heard of, this one first.
  public func devices() throws -> [DeviceInfo] {
    try read { db in
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT ids.id, k.public_key, c.seq, c.last_applied, d.revoked, d.revoked_after, d.revoke_reason
          FROM (SELECT device AS id FROM sync_cursor UNION SELECT device FROM device_key
                UNION SELECT id FROM device) ids
          LEFT JOIN device_key k ON k.device = ids.id
          LEFT JOIN sync_cursor c ON c.device = ids.id
          LEFT JOIN device d ON d.id = ids.id AND d.deleted = 0
          ORDER BY ids.id
          """)
      let own = try Row.fetchOne(
        db, sql: "SELECT revoked, revoked_after, revoke_reason FROM device WHERE id = ?",
        arguments: [deviceID])
      var out = [
        DeviceInfo(
          id: deviceID, isThis: true, fingerprint: SignatureCheck.fingerprint(deviceIdentity.publicKey),
          lastBatch: nil, lastApplied: nil, revoked: (own?["revoked"] as Int64?) == 1,
          revokedAfter: own?["revoked_after"], reason: own?["revoke_reason"])
      ]
      for row in rows where (row["id"] as String) != deviceID {
        let revoked = (row["revoked"] as Int64?) == 1
        out.append(
          DeviceInfo(
            id: row["id"], isThis: false,
            fingerprint: (row["public_key"] as String?).map(SignatureCheck.fingerprint),
            lastBatch: row["seq"], lastApplied: row["last_applied"], revoked: revoked,
            revokedAfter: revoked ? row["revoked_after"] : nil, reason: revoked ? row["revoke_reason"] : nil))
      }
      return out
    }
  }

  /// Revokes a terminal (lost, stolen, or retired): its batches up to the
  /// last one applied here stay; every later one is refused everywhere.
  @discardableResult
  public func revokeDevice(_ id: String, reason: String, as actor: User) throws -> Int64 {
    try Permissions.require(actor, .manageUsers)
    var v = Validator()
    v.line("reason", reason, max: Limits.reason)
    try v.check()
    guard id != deviceID else {
      throw DomainError.forbidden("a terminal cannot revoke itself; an admin on another terminal does")
    }
    let after = try read { db -> Int64? in
      let known =
        try Bool.fetchOne(
          db,
          sql:
            "SELECT EXISTS(SELECT 1 FROM sync_cursor WHERE device = ?) OR EXISTS(SELECT 1 FROM device_key WHERE device = ?)",
          arguments: [id, id]) ?? false
      guard known else { return nil }
      return try Int64.fetchOne(db, sql: "SELECT seq FROM sync_cursor WHERE device = ?", arguments: [id]) ?? 0
    }
    guard let after else {
      throw DomainError.notFound("no terminal \(id) is known here; see startwell device list")
    }
    return try write(as: actor) { tx in
      let exists =
        try Bool.fetchOne(
          tx.db, sql: "SELECT EXISTS(SELECT 1 FROM device WHERE id = ?)", arguments: [id]) ?? false
      if exists {
        try tx.update(.device, id: id, ["revoked": .integer(1), "revoke_reason": .text(reason.trimmed)])
      } else {
        try tx.insert(
          .device, id: id,
          ["revoked": .integer(1), "revoked_after": .integer(after), "revoke_reason": .text(reason.trimmed)])
      }
      try tx.audit(
        "device-revoke", entity: .device, recordID: id, familyID: nil,
        detail: "terminal \(id) revoked after its batch \(after): \(reason.trimmed)")
      return after
    }
  }
}

extension Store {
  /// Records a change of the share key as a signed audit event, which
  /// reaches every terminal's admins and supervisors.
  public func auditShareKeyRotation(generation: Int, keySource: String, as actor: User) throws {
    try Permissions.require(actor, .manageUsers)
    try write(as: actor) { tx in
      try tx.auditAccess(
        "share-key-rotate", entity: .device, recordID: "share-key-\(generation)", familyID: nil, hub: nil,
        detail:
          "share key changed to key \(generation) (a new \(keySource == "file" ? "key file" : "passphrase"))")
    }
  }
}
