import Foundation
import GRDB
import StartWellCore

/// What the families list asks for: search text, filters, a sort and a page.
public struct FamilyQuery: Hashable, Sendable {
  public enum Sort: String, Sendable, CaseIterable {
    case name, reference, hub, sdf, level, risk, lead, lastContact = "last-contact"
  }

  public var text: String
  public var hub: String?
  public var sdf: String?
  public var level: CaseLevel?
  public var risk: RiskBand?
  /// A username.
  public var lead: String?
  /// Only families whose open case is flagged for the next huddle.
  public var flaggedForHuddle = false
  /// Only families whose open case's review date has passed.
  public var reviewOverdue = false
  public var sort: Sort
  public var descending: Bool
  public var limit: Int
  /// The position of the page's first row in the whole list.
  public var offset: Int
  /// The row just before this page, when the caller holds it: the page is
  /// then read by seeking past it in the sort's index rather than by
  /// counting `offset` rows from the start, so row 80,000 costs what row 200
  /// does. `offset` still says where the page goes.
  public var after: FamilyAnchor?
  /// How many rows the whole list has, when the caller knows: a page nearer
  /// the end than the start is then read backwards from the end.
  public var total: Int?
  /// The total is the real count, not a search's count stopped at the cap.
  public var totalIsExact = false
  /// The page's rows, in list order, when the caller holds the whole list's
  /// order (`familyOrder`): the page is then read by row id, and costs the
  /// same at the end of a search of 10,000 matches as at its start.
  public var rowids: [Int64]?

  public init(
    text: String = "", hub: String? = nil, sdf: String? = nil, level: CaseLevel? = nil, risk: RiskBand? = nil,
    lead: String? = nil, sort: Sort = .name, descending: Bool = false, limit: Int = 50, offset: Int = 0,
    after: FamilyAnchor? = nil, total: Int? = nil
  ) {
    self.text = text
    self.hub = hub
    self.sdf = sdf
    self.level = level
    self.risk = risk
    self.lead = lead
    self.sort = sort
    self.descending = descending
    self.limit = limit
    self.offset = offset
    self.after = after
    self.total = total
  }

  /// The query for the page after `rows`, which this query returned: it
  /// seeks past their last row. Every caller that walks a list page by page
  /// asks for the next page this way.
  public func next(after rows: [FamilyRow]) -> FamilyQuery {
    var q = self
    q.offset = offset + limit
    q.after = rows.count == limit ? rows.last.map(FamilyAnchor.init) : nil
    return q
  }

  /// Whether pages of this query can seek or be read from the end: only the
  /// name order, whose key (name, id) is unique and covered by an index.
  var seeks: Bool { inNameOrder }

  /// Whether the list runs in name order: sorted by name, or sorted by risk
  /// band while filtered to one band, where every row has the same band in
  /// force and the families within it run by name, as they do within each
  /// band of the unfiltered list.
  var inNameOrder: Bool { sort == .name || (sort == .risk && risk != nil) }

  /// Whether names run backwards: only when sorted by name, descending.
  var namesDescending: Bool { sort == .name && descending }

  /// Whether the page lies nearer the known end than the start. A search's
  /// count stops at the cap, so only a count under it is the real end.
  var readsFromEnd: Bool {
    guard seeks, let total, offset > total / 2, offset < total else { return false }
    return totalIsExact || text.trimmed.isEmpty || total < Store.searchCountCap
  }
}

/// Where a page starts: the sort key of the row before it.
public struct FamilyAnchor: Hashable, Sendable {
  public var name: String
  public var id: String

  public init(name: String, id: String) {
    self.name = name
    self.id = id
  }

  public init(_ row: FamilyRow) { self.init(name: row.name, id: row.id) }
}

/// One line of the families list.
public struct FamilyRow: Hashable, Sendable, Codable {
  public var id: String
  public var reference: String
  public var name: String
  public var postcode: String
  public var hub: String
  public var sdf: String?
  public var level: CaseLevel?
  public var riskScore: Int
  public var riskBand: RiskBand
  public var lead: String?
  public var lastContact: LocalDate?
}

extension Store {
  /// One page of the families the user may see, matching the query.
  ///
  /// Two steps: the page's row ids first, from the covering name index so
  /// that skipping to row 80,000 does not read 80,000 family rows; then the
  /// columns of just those rows.
  public func families(_ q: FamilyQuery, for user: User) throws -> [FamilyRow] {
    try read { db in
      let rowids = try q.rowids ?? pageRowids(q, user: user, db: db)
      guard !rowids.isEmpty else { return [] }
      let marks = rowids.map { _ in "?" }.joined(separator: ", ")
      // Visibility is tested again on the page's own rows: row ids the
      // caller held may name a family moved out of the user's sight since.
      let visible = VisibilityScope.list(for: user).sql(family: "f")
      let sql = """
        SELECT f.rowid AS r, f.id, f.reference, f.name, f.postcode, f.hub_id, f.sdf_id, f.case_level,
               f.last_contact_day, \(riskScoreSQL) AS score, f.risk_override, u.username AS lead
        FROM family f LEFT JOIN users u ON u.id = f.case_lead_id
        WHERE f.rowid IN (\(marks)) AND f.deleted = 0 AND f.reference <> '' AND \(visible.sql)
        """
      var byRowid: [Int64: FamilyRow] = [:]
      let arguments = StatementArguments(rowids) + visible.arguments
      for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
        let score: Int = row["score"]
        let band =
          (row["risk_override"] as String?).flatMap(RiskBand.init) ?? config.riskBands.band(for: score)
        byRowid[row["r"]] = FamilyRow(
          id: row["id"], reference: row["reference"], name: row["name"], postcode: row["postcode"],
          hub: row["hub_id"], sdf: row["sdf_id"],
          level: (row["case_level"] as String?).flatMap(CaseLevel.init),
          riskScore: score, riskBand: band, lead: row["lead"],
          lastContact: (row["last_contact_day"] as Int?).map(LocalDate.init(dayNumber:)))
      }
      return rowids.compactMap { byRowid[$0] }
    }
  }

  /// The page's row ids, in list order. A page of the name order is read by
  /// seeking past the row before it when the caller holds that row, or
  /// backwards from the end when it lies nearer the end; otherwise by offset.
  private func pageRowids(_ q: FamilyQuery, user: User, db: Database) throws -> [Int64] {
    var (whereSQL, args) = try familyFilter(q, user: user, db: db)
    let join = q.sort == .lead ? "LEFT JOIN users u ON u.id = f.case_lead_id" : ""
    var reversed = false
    var offset = q.offset
    var limit = q.limit
    if q.seeks, let anchor = q.after {
      // Spelled out rather than as a row value, so SQLite seeks in the name
      // index. The id breaks ties in ascending order whichever way names run.
      let past = q.namesDescending ? "<" : ">"
      whereSQL +=
        " AND f.name \(past)= ? COLLATE NOCASE AND (f.name \(past) ? COLLATE NOCASE OR f.id > ?)"
      args += [anchor.name, anchor.name, anchor.id]
      offset = 0
    } else if q.readsFromEnd, let total = q.total {
      reversed = true
      limit = min(q.limit, total - q.offset)
      offset = total - q.offset - limit
    }
    args += [limit, offset]
    let order = orderBy(q, reversed: reversed)
    let rowids = try Int64.fetchAll(
      db, sql: "SELECT f.rowid FROM family f \(join) WHERE \(whereSQL) ORDER BY \(order) LIMIT ? OFFSET ?",
      arguments: args)
    return reversed ? rowids.reversed() : rowids
  }

  /// Every matching family's row id, in list order: the exact count of a
  /// search past the cap, with the order that lets any page of it be read
  /// by row id (`FamilyQuery.rowids`). Nil for an order that cannot seek.
  public func familyOrder(_ q: FamilyQuery, for user: User) throws -> [Int64]? {
    guard q.seeks else { return nil }
    return try read { db in
      let (whereSQL, args) = try familyFilter(q, user: user, db: db)
      return try Int64.fetchAll(
        db, sql: "SELECT f.rowid FROM family f WHERE \(whereSQL) ORDER BY \(orderBy(q))", arguments: args)
    }
  }

  /// Searches stop counting here: "1000+ matches" is as useful to a person as the exact figure,
  /// and counting every match of a one-letter search would cost more than the keystroke budget.
  public static let searchCountCap = 1_000

  /// How many families match, for the list's scroll bar and "n of N"; with search text,
  /// at most `searchCountCap` (a result equal to the cap means "at least that many")
  /// unless `exact`, which counts every match: the list asks for that next, so
  /// "1000+" stands for the count only while it is being computed.
  public func familyCount(_ q: FamilyQuery, for user: User, exact: Bool = false) throws -> Int {
    try read { db in
      let (whereSQL, args) = try familyFilter(q, user: user, db: db)
      if q.text.trimmed.isEmpty || exact {
        return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM family f WHERE \(whereSQL)", arguments: args)
          ?? 0
      }
      return try Int.fetchOne(
        db,
        sql: "SELECT COUNT(*) FROM (SELECT 1 FROM family f WHERE \(whereSQL) LIMIT \(Store.searchCountCap))",
        arguments: args) ?? 0
    }
  }

  /// The score the list shows: the stored score plus the dated factors, in
  /// SQL so it can filter and sort. The same factors as the family overview
  /// (`RiskScorer.assess`), read from the derived columns.
  var riskScoreSQL: String {
    let dated = RiskFactors.all.filter(\.isDated).compactMap { datedRiskSQL($0) }
    return "(f.flag_score" + dated.map { " + \($0)" }.joined() + ")"
  }

  /// A dated factor's weight when it applies to the family `f` today, as SQL.
  /// Every dated factor needs its form here: the stored score leaves it out.
  func datedRiskSQL(_ factor: RiskFactor) -> String? {
    guard let weight = config.riskFactor(factor.id)?.weight else { return nil }
    switch factor.id {
    case RiskFactors.noContactID:
      // As `RiskFactors.noContact`: none recorded, or the last more than N days ago.
      let cutoff = today.dayNumber - config.thresholds.noContactDays
      return
        "CASE WHEN f.last_contact_day IS NULL OR f.last_contact_day < \(cutoff) THEN \(weight) ELSE 0 END"
    case RiskFactors.antenatalID:
      // As `RiskFactors.antenatal`: a notification counts to its last day, inclusive.
      return "CASE WHEN f.antenatal_until >= \(today.dayNumber) THEN \(weight) ELSE 0 END"
    case RiskFactors.domesticAbuseID:
      return "CASE WHEN f.domestic_abuse_until >= \(today.dayNumber) THEN \(weight) ELSE 0 END"
    default:
      preconditionFailure("the dated risk factor \(factor.id) has no SQL form")
    }
  }

  /// The band in force for the family `f`, ranked 1 (low) to 3 (high): the
  /// override where a supervisor set one, else the score's band.
  var riskRankSQL: String {
    let bands = config.riskBands
    let score = riskScoreSQL
    return """
      CASE f.risk_override WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE \
      CASE WHEN \(score) >= \(bands.high) THEN 3 WHEN \(score) >= \(bands.medium) THEN 2 ELSE 1 END END
      """
  }

  /// The stored scores a family in `band` can have: the score adds to the
  /// stored score only the dated factors, so it lies within their weights
  /// of it. The bound finds a band through the stored score's index; the
  /// exact score still decides.
  func riskBandBound(_ band: RiskBand) -> (atLeast: Int?, below: Int?) {
    let weights = RiskFactors.all.filter(\.isDated).compactMap { config.riskFactor($0.id)?.weight }
    let most = weights.map { max(0, $0) }.reduce(0, +)
    let least = weights.map { min(0, $0) }.reduce(0, +)
    let bands = config.riskBands
    // score is in [stored + least, stored + most].
    func atLeast(_ score: Int) -> Int { score - most }
    func below(_ score: Int) -> Int { score - least }
    switch band {
    case .low: return (nil, below(bands.medium))
    case .medium: return (atLeast(bands.medium), below(bands.high))
    case .high: return (atLeast(bands.high), nil)
    }
  }

  private func familyFilter(_ q: FamilyQuery, user: User, db: Database) throws -> (String, StatementArguments)
  {
    var clauses = ["f.deleted = 0", "f.reference <> ''"]
    var args = StatementArguments()
    // Visibility is enforced here, in the query, so no screen or command can list a hidden family.
    let scope = VisibilityScope.list(for: user)
    guard scope.admitsAny else { return ("0", args) }
    let visible = scope.sql(family: "f")
    clauses.append(visible.sql)
    args += visible.arguments
    let typed = q.text.trimmed
    if typed.count == 1, let letter = typed.first, letter.isLetter, letter.isASCII {
      // One letter matches most of the store through given names and
      // postcodes; sorting all of that costs tens of milliseconds. A single
      // letter is the start of a surname, so it walks the household-name
      // index instead, already in order. Other letters go through the
      // search index, whose fold matches their stored and typed forms.
      clauses.append("f.name >= ? COLLATE NOCASE AND f.name < ? COLLATE NOCASE")
      let lower = String(letter).uppercased()
      let upper = String(Character(Unicode.Scalar(lower.unicodeScalars.first!.value + 1) ?? "~"))
      args += [lower, upper]
    } else if let match = SearchText.ftsQuery(q.text) {
      clauses.append("f.rowid IN (SELECT rowid FROM family_search WHERE family_search MATCH ?)")
      args += [match]
    }
    if let hub = q.hub {
      clauses.append("f.hub_id = ?")
      args += [hub]
    }
    if let sdf = q.sdf {
      clauses.append("f.sdf_id = ?")
      args += [sdf]
    }
    if let level = q.level {
      clauses.append("f.case_level = ?")
      args += [level.rawValue]
    }
    if let lead = q.lead {
      clauses.append("f.case_lead_id = (SELECT id FROM users WHERE username = ?)")
      args += [lead]
    }
    if q.flaggedForHuddle {
      clauses.append(
        "EXISTS(SELECT 1 FROM cases c WHERE c.family_id = f.id AND c.deleted = 0 AND c.status = 'open' "
          + "AND c.flagged_for_huddle = 1)")
    }
    if q.reviewOverdue {
      clauses.append(
        "EXISTS(SELECT 1 FROM cases c WHERE c.family_id = f.id AND c.deleted = 0 AND c.status = 'open' "
          + "AND c.next_review IS NOT NULL AND c.next_review < ?)")
      args += [today.description]
    }
    if let risk = q.risk {
      let bands = config.riskBands
      let range: String
      switch risk {
      case .low: range = "\(riskScoreSQL) < \(bands.medium)"
      case .medium: range = "\(riskScoreSQL) >= \(bands.medium) AND \(riskScoreSQL) < \(bands.high)"
      case .high: range = "\(riskScoreSQL) >= \(bands.high)"
      }
      let (low, high) = riskBandBound(risk)
      let bound = [low.map { "f.flag_score >= \($0)" }, high.map { "f.flag_score < \($0)" }]
        .compactMap { $0 }.joined(separator: " AND ")
      clauses.append(
        "(f.risk_override = ? OR (f.risk_override IS NULL AND \(bound.isEmpty ? "1" : bound) AND \(range)))")
      args += [risk.rawValue]
    }
    return (clauses.joined(separator: " AND "), args)
  }

  private func orderBy(_ q: FamilyQuery, reversed: Bool = false) -> String {
    if q.inNameOrder {
      // Read backwards, the tie-break turns too, so the order is exactly reversed.
      let dir = q.namesDescending != reversed ? "DESC" : "ASC"
      return "f.name COLLATE NOCASE \(dir), f.id \(reversed ? "DESC" : "ASC")"
    }
    let dir = q.descending != reversed ? "DESC" : "ASC"
    let key: String
    switch q.sort {
    case .name:
      key = "f.name COLLATE NOCASE \(dir)"
    case .reference: key = "f.reference \(dir)"
    case .hub: key = "f.hub_id \(dir), f.name COLLATE NOCASE"
    case .sdf: key = "f.sdf_id \(dir), f.name COLLATE NOCASE"
    case .level:
      key =
        "CASE f.case_level WHEN 'universal' THEN 1 WHEN 'early-help' THEN 2 WHEN 'targeted' THEN 3 WHEN 'specialist' THEN 4 ELSE 0 END \(dir), f.name COLLATE NOCASE"
    // The band in force, so an overridden family sits with its band; within
    // a band by name, as the list filtered to one band runs (`inNameOrder`).
    case .risk: key = "\(riskRankSQL) \(dir), f.name COLLATE NOCASE"
    case .lead: key = "u.username \(dir), f.name COLLATE NOCASE"
    case .lastContact: key = "f.last_contact_day \(dir), f.name COLLATE NOCASE"
    }
    // The id breaks ties so paging never repeats or skips a row.
    return "\(key), f.id"
  }
}
