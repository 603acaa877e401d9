import GRDB
import StartWellCore

/// One open case on a practitioner's caseload.
public struct CaseloadCase: Hashable, Sendable {
  public var caseID: String
  public var familyID: String
  public var familyReference: String
  public var familyName: String
  public var level: CaseLevel
  public var riskBand: RiskBand
  /// How many times the case's lead has been handed on: each family
  /// retells its story to every new lead.
  public var leadChanges: Int
}

/// A practitioner's open cases, by level and risk band.
public struct Caseload: Hashable, Sendable {
  /// The lead's username; nil for open cases with no lead.
  public var lead: String?
  public var cases: [CaseloadCase]

  public var count: Int { cases.count }
  public func count(level: CaseLevel) -> Int { cases.filter { $0.level == level }.count }
  public func count(band: RiskBand) -> Int { cases.filter { $0.riskBand == band }.count }
  public var totalLeadChanges: Int { cases.map(\.leadChanges).reduce(0, +) }
  public var averageLeadChanges: Double { cases.isEmpty ? 0 : Double(totalLeadChanges) / Double(count) }
  public var maximumLeadChanges: Int { cases.map(\.leadChanges).max() ?? 0 }
}

extension Store {
  /// Open cases on families of the user's hubs (or one of them), by lead,
  /// busiest caseload first; cases with no lead come last.
  public func caseloads(for user: User, hub: String? = nil) throws -> [Caseload] {
    let scope = try SupervisionScope.of(user, hub: hub, config: config)
    return try read { db in
      let changes = try Self.leadChanges(db)
      let rows = try Row.fetchAll(
        db,
        sql: """
          SELECT c.id AS case_id, c.level, f.id AS family_id, f.reference, f.name, f.risk_override,
            \(riskScoreSQL) AS score, u.username AS lead
          FROM cases c JOIN family f ON f.id = c.family_id LEFT JOIN users u ON u.id = c.lead_user_id
          WHERE c.status = 'open' AND c.deleted = 0 AND \(scope.sql)
          ORDER BY f.reference, c.id
          """, arguments: scope.arguments)
      var byLead: [String?: [CaseloadCase]] = [:]
      for row in rows {
        let score: Int = row["score"]
        let id: String = row["case_id"]
        let band =
          (row["risk_override"] as String?).flatMap(RiskBand.init) ?? config.riskBands.band(for: score)
        byLead[row["lead"] as String?, default: []].append(
          CaseloadCase(
            caseID: id, familyID: row["family_id"], familyReference: row["reference"],
            familyName: row["name"],
            level: CaseLevel(rawValue: row["level"]) ?? .universal, riskBand: band,
            leadChanges: changes[id] ?? 0))
      }
      return byLead.map { Caseload(lead: $0.key, cases: $0.value) }.sorted { a, b in
        if (a.lead == nil) != (b.lead == nil) { return b.lead == nil }
        if a.count != b.count { return a.count > b.count }
        return (a.lead ?? "") < (b.lead ?? "")
      }
    }
  }

  /// Lead changes per case, from the accepted writes of each case's lead
  /// in the operation log, in clock order: every write that names a lead
  /// other than the one before it is a hand-over. The lead a case was made
  /// with is not a change, and neither is a lead taken off and given back.
  /// A case made outside the log (demo seed data) had a lead before any
  /// logged write, so its first logged lead is already a hand-over. The
  /// log holds the same accepted writes on every terminal once they have
  /// synced, so every terminal counts alike.
  static func leadChanges(_ db: Database) throws -> [String: Int] {
    let logged = try Set(
      String.fetchAll(
        db,
        sql: """
          SELECT DISTINCT record_id FROM op_log
          WHERE entity = 'case' AND field = 'created_at' AND status = 'accepted'
          """))
    let writes = try Row.fetchCursor(
      db,
      sql: """
        SELECT record_id, value FROM op_log
        WHERE entity = 'case' AND field = 'lead_user_id' AND status = 'accepted'
        ORDER BY record_id, clock
        """)
    var counts: [String: Int] = [:]
    var current: (id: String, lead: String?) = ("", nil)
    while let w = try writes.next() {
      let id: String = w["record_id"]
      // Seed data's lead is not in the log; any lead written later differs from it.
      if id != current.id { current = (id, logged.contains(id) ? nil : "\u{0}seed") }
      guard let lead = (try? FieldValue(json: w["value"]))?.textValue, !lead.isEmpty else { continue }
      if let previous = current.lead, previous != lead { counts[id, default: 0] += 1 }
      current.lead = lead
    }
    return counts
  }
}
