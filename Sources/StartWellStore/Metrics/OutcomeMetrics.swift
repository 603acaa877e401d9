import StartWellCore

/// Outcomes: how children's development moved, GLD and readiness for
/// school, cases stepped down, and whether fathers are engaged.
enum OutcomeMetrics {
  static func all(_ q: ReportSQL) -> [MetricQuery] {
    [wellCommMovement, eyfsMovement, steppedDown, gld, schoolReadiness, fatherContacts, fatherFamilies]
  }

  static let movements = ["improved", "unchanged", "worse"]

  /// The terms starting in the range, each with the term before it.
  static func termPairList(_ q: ReportSQL) -> [(name: String, previous: String)] {
    let terms = q.config.terms
    return terms.all.filter { q.from <= $0.start && $0.start <= q.to }.compactMap { term in
      terms.previous(term).map { (term.name, $0.name) }
    }
  }

  /// `termPairList` as an SQL table.
  static func termPairs(_ q: ReportSQL) -> String {
    let pairs = termPairList(q).map { "SELECT '\($0.name)' AS name, '\($0.previous)' AS previous" }
    return "("
      + (pairs.isEmpty
        ? "SELECT NULL AS name, NULL AS previous WHERE 0" : pairs.joined(separator: " UNION ALL ")) + ")"
  }

  /// The summer terms ending in the range.
  static func summerTermList(_ q: ReportSQL) -> [SchoolTerm] {
    q.config.terms.all.filter { $0.season == .summer && q.from <= $0.end && $0.end <= q.to }
  }

  /// `summerTermList` as an SQL table, each term with its school year.
  static func summerTerms(_ q: ReportSQL) -> String {
    let rows = summerTermList(q).map {
      "SELECT '\($0.name)' AS name, \($0.schoolYear) AS school_year"
    }
    return "("
      + (rows.isEmpty
        ? "SELECT NULL AS name, NULL AS school_year WHERE 0" : rows.joined(separator: " UNION ALL ")) + ")"
  }

  /// The ranks of WellComm bands and EYFS ratings, 0 the best; anything
  /// else (red, below, none) ranks `otherRank`. SQL ranks a column by them
  /// (`rank(_:)`), and the term walk ranks the bands it reads (`rank(bytes:)`).
  static let ranks: [(band: [UInt8], rank: Int)] = [
    (WellCommBand.green.rawValue, 0), (EYFSRating.onTrack.rawValue, 0), (WellCommBand.amber.rawValue, 1),
    (EYFSRating.emerging.rawValue, 1),
  ].map { (Array($0.0.utf8), $0.1) }
  static let otherRank = 2

  /// A WellComm band or EYFS rating as a rank, 0 the best.
  static func rank(_ column: String) -> String {
    "(CASE \(column) "
      + ranks.map { "WHEN '\(String(decoding: $0.band, as: UTF8.self))' THEN \($0.rank) " }.joined()
      + "ELSE \(otherRank) END)"
  }

  /// `rank(_:)` of a band as SQLite holds its text.
  static func rank(bytes: UnsafeRawBufferPointer) -> Int {
    ranks.first { bytes.holds($0.band) }?.rank ?? otherRank
  }

  /// Each rank is worked out once: the difference, clamped to -1...1, picks
  /// the word (`movements`, in the order `movementIndex` gives).
  static func movement(_ before: String, _ after: String) -> String {
    "(CASE min(max(\(rank(after)) - \(rank(before)), -1), 1) WHEN -1 THEN '\(movements[0])' "
      + "WHEN 0 THEN '\(movements[1])' ELSE '\(movements[2])' END)"
  }

  /// `movement` for two ranks SQL gave (`rank`): the place of its word in `movements`.
  static func movementIndex(before: Int, after: Int) -> Int { min(max(after - before, -1), 1) + 1 }

  /// A family's people and their development records, family by family
  /// and each from an index alone (`family_scope`, `person_child`,
  /// `development_latest`), so a year's records arrive grouped by family
  /// and no record's family is looked up.
  static let familyRecords = """
    family f INDEXED BY family_scope
    CROSS JOIN person p INDEXED BY person_child ON p.family_id = f.id
    CROSS JOIN development d INDEXED BY development_latest ON d.person_id = p.id
    """

  /// A child's records in a term starting in the range (`d`) and in the term before (`d0`).
  static func termPairRecords(_ q: ReportSQL) -> String {
    """
    \(familyRecords) CROSS JOIN \(termPairs(q)) t ON t.name = d.term
    CROSS JOIN development d0 INDEXED BY development_latest
      ON d0.person_id = d.person_id AND d0.term = t.previous AND d0.deleted = 0
    WHERE \(q.family()) AND p.deleted = 0 AND d.deleted = 0
    """
  }

  static let wellCommMovement = MetricQuery(
    definition: MetricCatalogue.wellCommMovement, entity: "development", shape: .count, dimension: .movement,
    knownKeys: movements, countsChildren: true
  ) { q in
    BaseColumns(
      id: "d.id", reference: "p.reference", child: "p.rowid", key: movement("d0.wellcomm", "d.wellcomm"),
      day: "d.term"
    ).sql + " FROM " + termPairRecords(q)
  }

  static let areas = [
    ("communication", "communication"), ("physical", "physical"), ("psed", "personal_social_emotional"),
  ]

  /// One pass over the term pairs, each pair read once for the three areas.
  static let eyfsMovement = MetricQuery(
    definition: MetricCatalogue.eyfsMovement, entity: "development", shape: .count,
    dimension: .areaAndMovement,
    knownKeys: areas.flatMap { area in movements.map { "\(area.0)/\($0)" } }, countsChildren: true
  ) { q in
    let areaNames = areas.map { "SELECT '\($0.0)' AS area" }.joined(separator: " UNION ALL ")
    func rating(_ d: String) -> String {
      "(CASE a.area " + areas.map { "WHEN '\($0.0)' THEN \(d).\($0.1) " }.joined() + "END)"
    }
    let records = termPairRecords(q).replacingOccurrences(
      of: "\nWHERE ", with: "\nCROSS JOIN (\(areaNames)) a\nWHERE ")
    return BaseColumns(
      id: "d.id", reference: "p.reference", child: "p.rowid",
      key: "a.area || '/' || \(movement(rating("d0"), rating("d")))", day: "d.term"
    ).sql + " FROM " + records
  }

  /// The cases stepped down in the range are found once, by the day of
  /// the decision, and each case open in the range is looked up in them.
  static let steppedDown = MetricQuery(
    definition: MetricCatalogue.steppedDown, entity: "case", shape: .share, dimension: .hub
  ) { q in
    BaseColumns(id: "c.id", key: "f.hub_id", day: "c.opened_on", hit: steppedDownInRange(q)).sql
      + " FROM \(q.openCases())"
  }

  /// Whether open case `c` was stepped down by a decision in the range.
  static func steppedDownInRange(_ q: ReportSQL) -> String {
    """
    c.id IN (SELECT e.case_id FROM escalation e WHERE e.deleted = 0
      AND e.status = '\(EscalationStatus.steppedDown.rawValue)' AND \(q.instantInRange("e.decided_at")))
    """
  }

  /// A child's record for a summer term ending in the range (`d`, `t`).
  static func summerRecords(_ q: ReportSQL) -> String {
    """
    \(familyRecords) CROSS JOIN \(summerTerms(q)) t ON t.name = d.term
    WHERE \(q.family()) AND p.deleted = 0 AND p.date_of_birth <> '' AND d.deleted = 0
    """
  }

  /// A summer record's GLD outcome, and whether it achieved and was judged.
  static let gldOutcome = GoodLevelOfDevelopment.outcomeSQL("d")
  static let gldAchieved = "(\(gldOutcome) = '\(GoodLevelOfDevelopment.Outcome.achieved.rawValue)')"
  static let gldJudged = "(\(gldOutcome) <> '\(GoodLevelOfDevelopment.Outcome.unknown.rawValue)')"
  /// The summer record counts for GLD: the child's reception year. The
  /// summer term's school year is `t.school_year` in the metric's own
  /// query; the walk gives each summer term's as a number (`TermWalk`).
  static func gldCohort(schoolYear: String = "t.school_year") -> String {
    "\(schoolYear) = \(SchoolTerms.receptionYearSQL("p.date_of_birth"))"
  }

  static let gld = MetricQuery(
    definition: MetricCatalogue.gld, entity: "development", shape: .share, dimension: .outcome,
    knownKeys: [GoodLevelOfDevelopment.Outcome.achieved, .notAchieved, .unknown].map(\.rawValue),
    countsChildren: true, rowsAsCounts: true
  ) { q in
    BaseColumns(
      id: "d.id", reference: "p.reference", child: "p.rowid", key: gldOutcome, day: "d.term",
      hit: gldAchieved,
      counted: gldJudged
    ).sql + " FROM " + summerRecords(q) + " AND \(gldCohort())"
  }

  /// Ready for school: on track in communication, PSED and physical.
  static let ready = {
    let onTrack = EYFSRating.onTrack.rawValue
    return
      "(d.communication = '\(onTrack)' AND d.personal_social_emotional = '\(onTrack)' AND d.physical = '\(onTrack)')"
  }()
  /// The summer record counts for school readiness: the summer before the
  /// child's reception year (the school year as for `gldCohort`).
  static func readinessCohort(schoolYear: String = "t.school_year") -> String {
    "\(schoolYear) + 1 = \(SchoolTerms.receptionYearSQL("p.date_of_birth"))"
  }

  static let schoolReadiness = MetricQuery(
    definition: MetricCatalogue.schoolReadiness, entity: "development", shape: .share, dimension: .hub,
    countsChildren: true
  ) { q in
    BaseColumns(
      id: "d.id", reference: "p.reference", child: "p.rowid", key: "f.hub_id", day: "d.term", hit: ready
    ).sql + " FROM " + summerRecords(q) + " AND \(readinessCohort())"
  }

  /// A father, or a male carer: written exactly as the partial index
  /// `person_engaged_father` is, so the check reads that index alone.
  static let engagedFather =
    "pp.deleted = 0 AND (pp.relationship = '\(Relationship.father.rawValue)' OR "
    + "(pp.relationship = '\(Relationship.carer.rawValue)' AND pp.sex = '\(Sex.male.rawValue)'))"

  /// Whether contact `c` had a father, or a male carer, of its family
  /// present. `present` is a JSON list of person ids (UUIDs, which need no
  /// escaping), so a person is present when their quoted id is in it.
  static func fatherPresent(_ c: String) -> String {
    """
    EXISTS (SELECT 1 FROM person pp INDEXED BY person_engaged_father
      WHERE pp.family_id = \(c).family_id AND \(engagedFather) AND instr(\(c).present, '"' || pp.id || '"') > 0)
    """
  }

  static let fatherContacts = MetricQuery(
    definition: MetricCatalogue.fatherContacts, entity: "contact", shape: .share, dimension: .hub
  ) { q in
    BaseColumns(id: "c.id", key: "f.hub_id", day: "report_day(c.at)", hit: fatherPresent("c")).sql
      + " FROM " + ThroughputMetrics.contacts(q)
  }

  /// Each family with a contact in the range once, in its hub: the
  /// range's contacts (read from `contact_family_report` alone) grouped by family.
  static let fatherFamilies = MetricQuery(
    definition: MetricCatalogue.fatherFamilies, entity: "family", shape: .share, dimension: .hub
  ) { q in
    BaseColumns(
      id: "f.id", reference: "f.reference", key: "f.hub_id", day: "NULL", hit: "MAX(\(fatherPresent("c")))"
    ).sql + " FROM " + ThroughputMetrics.contacts(q) + " GROUP BY c.family_id"
  }
}
