import Foundation
import GRDB
import StartWellCore

extension Store {
  /// A family's whole risk score as of today, with every reason: the same
  /// factors as its stored score (`FamilyIndex`) plus the dated ones.
  func riskAssessment(_ db: Database, familyID: String) throws -> RiskAssessment {
    let override = try String.fetchOne(
      db, sql: "SELECT risk_override FROM family WHERE id = ?", arguments: [familyID]
    ).flatMap(RiskBand.init)
    return RiskScorer.assess(
      try RiskFacts.load(db, familyID: familyID, config: config), today: today, config: config,
      override: override)
  }

  /// Every risk override decision on a family, oldest first.
  func riskOverrideDecisions(_ db: Database, familyID: String) throws -> [RiskOverrideDecision] {
    try Row.fetchAll(
      db,
      sql: """
        SELECT id, family_id, band, previous, reason, decided_by, decided_at FROM risk_override
        WHERE family_id = ? AND deleted = 0 ORDER BY decided_at, id
        """, arguments: [familyID]
    ).map { row in
      RiskOverrideDecision(
        id: row["id"], familyID: row["family_id"], band: (row["band"] as String?).flatMap(RiskBand.init),
        previous: (row["previous"] as String?).flatMap(RiskBand.init), reason: row["reason"],
        decidedBy: row["decided_by"], decidedAt: Timestamp.parse(row["decided_at"]) ?? .distantPast)
    }
  }
}
