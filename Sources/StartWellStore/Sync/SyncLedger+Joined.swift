import Foundation
import GRDB

extension SyncLedger {
  /// Whether `store` has joined a share, found without creating the sync
  /// tables: opening `SyncLedger` creates them, and a store that never joins
  /// a share should carry none.
  public static func isJoined(_ store: Store) throws -> Bool {
    try store.read { db in
      guard try db.tableExists("sync_share") else { return false }
      return try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM sync_share WHERE id = 1)") ?? false
    }
  }
}
