import Foundation
import GRDB
import StartWellCore

extension Store {
  /// Writes the local audit event for one applied batch: which terminal it
  /// came from, and whose changes it held, so this terminal's audit names
  /// the author and terminal of everything it took in.
  func auditPulled(
    _ db: Database, device: String, seq: Int64, ops: [ChangeOperation], report: RemoteApplyReport
  ) throws {
    var counts: [String: Int] = [:]
    for op in ops { counts[op.user, default: 0] += 1 }
    let authors = try counts.keys.sorted().map { id -> String in
      let name = try String.fetchOne(db, sql: "SELECT username FROM users WHERE id = ?", arguments: [id])
      return "\(name ?? "unknown user") (\(ShortID.of(id))): \(counts[id]!)"
    }
    try ensureSystemRow(db)
    try AuditChain.append(
      db, at: now(), user: Store.systemUser, action: "sync-apply", entity: "device", recordID: device,
      familyID: nil,
      detail:
        "batch \(seq) from terminal \(device): \(ops.count) change(s) by \(authors.joined(separator: ", ")); "
        + "\(report.applied) applied, \(report.refused) refused, \(report.duplicates) already held")
  }
}
