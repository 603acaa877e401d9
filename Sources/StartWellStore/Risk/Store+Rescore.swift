import Foundation
import GRDB
import StartWellCore

extension Store {
  /// Recomputes every family's stored risk score when the risk configuration
  /// (a factor's weight, a factor added or removed) differs from the one the
  /// scores were computed with, so the list, its band filter, the family
  /// overview and `risk explain` agree from the moment the store opens.
  /// The bands and the no-contact days are applied when a score is read and
  /// need no rescoring, but are part of the fingerprint all the same.
  func rescoreIfRiskConfigurationChanged() throws {
    let fingerprint = config.riskFingerprint
    try writer.write { db in
      guard try StoreMeta.get(db, .riskFingerprint) != fingerprint else { return }
      if try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM family)") == true {
        _ = try FamilyIndex.rebuildAll(db, config: config, today: today)
        try FamilyIndex.countChildrenBelow(db)
      }
      try StoreMeta.set(db, .riskFingerprint, fingerprint)
    }
  }
}
