import Foundation
import GRDB
import StartWellCore

/// One reason a family is on the agenda, with its facts as a sentence.
public struct AgendaReason: Hashable, Sendable, Codable {
  public var rule: String
  public var title: String
  /// The day the fact dates from, when it has one (a flag has none).
  public var since: LocalDate?
  public var facts: String
}

/// One family on a huddle's agenda, with every reason it is there.
public struct AgendaEntry: Hashable, Sendable, Codable {
  public var familyID: String
  public var familyReference: String
  public var familyName: String
  public var caseID: String
  public var caseLevel: String?
  /// The case lead's username.
  public var lead: String?
  public var reasons: [AgendaReason]
}

extension Store {
  /// The agenda of the huddle of `sdf` (or of a whole `hub`) on `date`
  /// (today by default): every family of the user's view that an agenda
  /// rule names, once, with every reason. Families are listed by their
  /// first reason in the order of `AgendaRule.all`, then by reference.
  public func agenda(sdf: String? = nil, hub: String? = nil, date: LocalDate? = nil, for user: User) throws
    -> [AgendaEntry]
  {
    var v = Validator()
    if sdf == nil, hub == nil { v.add("sdf", "required", "name the SDF (or the hub) whose agenda to show") }
    if let hub, config.hub(hub) == nil {
      v.add("hub", "known", "'\(hub)' is not a hub; known: \(config.hubs.map(\.id).joined(separator: ", "))")
    }
    try v.check()
    let hub = try sdf.map { try huddleHub(sdf: $0) } ?? hub!
    let date = date ?? today
    let scope = VisibilityScope.list(for: user)
    guard scope.admitsAny else { return [] }
    let visible = scope.sql(family: "f")
    var family =
      "f.deleted = 0 AND f.reference <> '' AND f.case_level IS NOT NULL AND f.hub_id = ? AND \(visible.sql)"
    var arguments: StatementArguments = [hub]
    arguments += visible.arguments
    if let sdf {
      family += " AND f.sdf_id = ?"
      arguments += [sdf]
    }
    let last = try read { db in
      try String.fetchOne(
        db,
        sql: """
          SELECT MAX(date) FROM huddle
          WHERE hub_id = ? AND COALESCE(sdf_id, '') = ? AND closed = 1 AND deleted = 0 AND date < ?
          """, arguments: [hub, sdf ?? "", date.description]
      ).flatMap(LocalDate.init)
    }
    // Only the children who came into the net since the last huddle are
    // news; the net reads just those, from the recent range of each rule.
    let after = last ?? date.adding(days: -AgendaRule.firstHuddleDays)
    let reads = try netReads(for: user, hub: hub, sdf: sdf, enteredFrom: after.adding(days: 1))
    var query = AgendaQuery(
      family: "(\(family))", arguments: arguments, date: date, thresholds: config.thresholds,
      lastHuddle: last, hub: hub, sdf: sdf, net: [])
    // The net's rules and the agenda's own are read side by side, in one
    // batch; the rules that read the net follow, once it is merged.
    let own = AgendaRule.all.indices.filter { !AgendaRule.all[$0].readsNet }
    let bare = query
    let batch = try readSideBySide(reads.count + own.count) { i, db -> AgendaRead in
      i < reads.count
        ? .net(try reads.hits(i, db, store: self))
        : .agenda(try AgendaRule.all[own[i - reads.count]].hits(bare, db))
    }
    query.net = try netRows(merging: batch.compactMap(\.net))
    var found = Array(repeating: [AgendaHit](), count: AgendaRule.all.count)
    for (n, index) in own.enumerated() { found[index] = batch[reads.count + n].agenda ?? [] }
    let withNet = query
    for index in AgendaRule.all.indices where AgendaRule.all[index].readsNet {
      found[index] = try read { db in try AgendaRule.all[index].hits(withNet, db) }
    }
    return try read { db in
      var reasons: [String: [AgendaReason]] = [:]
      var firstRule: [String: Int] = [:]
      for (index, rule) in AgendaRule.all.enumerated() {
        for hit in found[index] {
          let reason = AgendaReason(rule: rule.id, title: rule.title, since: hit.since, facts: hit.facts)
          if firstRule[hit.familyID] == nil { firstRule[hit.familyID] = index }
          // A rule that finds one family twice (two waiting referrals) lists each fact.
          if reasons[hit.familyID]?.contains(reason) != true {
            reasons[hit.familyID, default: []].append(reason)
          }
        }
      }
      return try Self.agendaEntries(db, familyIDs: Array(reasons.keys)).compactMap { entry in
        var entry = entry
        entry.reasons = reasons[entry.familyID] ?? []
        return entry
      }.sorted {
        let a = firstRule[$0.familyID]!
        let b = firstRule[$1.familyID]!
        return a != b ? a < b : $0.familyReference < $1.familyReference
      }
    }
  }

  /// The families' rows on an agenda, before their reasons, in one read:
  /// a family without an open case (closed since) is left out.
  private static func agendaEntries(_ db: Database, familyIDs: [String]) throws -> [AgendaEntry] {
    guard !familyIDs.isEmpty else { return [] }
    let rows = try Row.fetchAll(
      db,
      sql: """
        SELECT f.id, f.reference, f.name, f.case_level, f.case_id,
          (SELECT u.username FROM users u WHERE u.id = f.case_lead_id) AS lead
        FROM family f WHERE f.id IN (SELECT value FROM json_each(?))
        """, arguments: [String(decoding: try JSONEncoder().encode(familyIDs), as: UTF8.self)])
    return rows.compactMap { row in
      guard let caseID = row["case_id"] as String? else { return nil }
      return AgendaEntry(
        familyID: row["id"], familyReference: row["reference"], familyName: row["name"], caseID: caseID,
        caseLevel: row["case_level"], lead: row["lead"], reasons: [])
    }
  }
}

/// One read of the agenda's batch: a net rule's hits or an agenda rule's.
private enum AgendaRead: Sendable {
  case net([NetRow])
  case agenda([AgendaHit])

  var net: [NetRow]? { if case .net(let rows) = self { rows } else { nil } }
  var agenda: [AgendaHit]? { if case .agenda(let hits) = self { hits } else { nil } }
}
