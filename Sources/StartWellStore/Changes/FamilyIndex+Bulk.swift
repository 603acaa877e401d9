import Foundation
import GRDB
import StartWellCore

extension FamilyIndex {
  /// Builds every family's derived columns and search row after records were
  /// loaded in bulk (a snapshot), with the same results as `refresh`;
  /// all but `development_below`, which reads the development indexes a
  /// snapshot builds only after this (`countChildrenBelow`).
  ///
  /// `refresh` runs several queries per family, about a quarter of a
  /// millisecond each time: half a minute for 100,000 families. Here each
  /// table is read once, in family order or grouped, and the families are
  /// walked alongside, with prepared statements for the writes.
  static func rebuildAll(_ db: Database, config: StartWellCore.Configuration, today: LocalDate) throws -> Int
  {
    var lastContact: [String: String] = [:]
    let contacts = try Row.fetchCursor(
      db, sql: "SELECT family_id, MAX(at) FROM contact WHERE deleted = 0 AND in_error = 0 GROUP BY family_id")
    while let row = try contacts.next() {
      if let at = row[1] as String? { lastContact[row[0]] = at }
    }

    // The family's case, as `refresh` picks it (FamilyIndex.openCaseOrder).
    var openCase: [String: OpenCase] = [:]
    let cases = try Row.fetchCursor(
      db,
      sql: """
        SELECT family_id, id, level, lead_user_id, NULLIF(next_review, '') AS next_review, opened_on
        FROM cases WHERE status = 'open' AND deleted = 0
        ORDER BY family_id, opened_on, created_at, id
        """)
    while let row = try cases.next() {
      let family: String = row[0]
      if openCase[family] == nil { openCase[family] = OpenCase(row) }
    }

    // Each child's latest development record, as `RiskFacts.load` picks it.
    var development: [String: [RiskFacts.Development]] = [:]
    let records = try Row.fetchCursor(
      db,
      sql: """
        SELECT d.family_id, d.id, d.person_id, d.term, d.recorded_on, d.wellcomm FROM development d
        JOIN (SELECT person_id, MAX(recorded_on) AS latest FROM development WHERE deleted = 0 GROUP BY person_id) l
          ON l.person_id = d.person_id AND l.latest = d.recorded_on
        WHERE d.deleted = 0 ORDER BY d.person_id, d.id
        """)
    while let row = try records.next() {
      if let record = RiskFacts.development(row) { development[row["family_id"], default: []].append(record) }
    }

    let (notices, offers) = try intakeFacts(db, config: config)

    try db.execute(sql: "DELETE FROM family_search")
    // Values are bound straight through SQLite: building GRDB's arguments
    // for two statements a family was a twentieth of this pass.
    let update = BulkInsert(
      try db.makeStatement(
        sql:
          "UPDATE family SET flag_score = ?, last_contact_day = ?, \(intakeColumns), \(caseColumns) WHERE rowid = ?"
      ), width: 12)
    let insert = BulkInsert(
      try db.makeStatement(
        sql:
          "INSERT INTO family_search(rowid, family_id, reference, names, postcode, nhs, dob) VALUES (?, ?, ?, ?, ?, ?, ?)"
      ), width: 7)
    let decoder = JSONDecoder()

    // Members in family order, and within a family in the order `refresh` reads them.
    let people = try Row.fetchCursor(
      db,
      sql: """
        SELECT family_id, given_name, family_name, nhs_number, date_of_birth, id, reference, send_status, ehcp, flags
        FROM person WHERE deleted = 0 ORDER BY family_id, rowid
        """)
    var pending = try people.next()
    let families = try Row.fetchCursor(
      db, sql: "SELECT rowid, id, reference, name, postcode, deleted FROM family ORDER BY id")
    var count = 0
    while let family = try families.next() {
      count += 1
      let rowid: Int64 = family[0]
      let id: String = family[1]
      var given: [String] = []
      var surnames: [String] = []
      var nhs: [String] = []
      var dobs: [String] = []
      var facts = RiskFacts(members: [])
      while let member = pending, case let memberFamily = member[0] as String? ?? "", memberFamily <= id {
        if memberFamily == id {
          given.append(member[1])
          surnames.append(member[2])
          if let number = member[3] as String? { nhs.append(number) }
          dobs.append(SearchText.compactDate(member[4]))
          facts.members.append(RiskFacts.member(member, decoder: decoder))
        }
        pending = try people.next()
      }
      // The dated factors (no contact) are added when the score is read, so
      // the last contact is not needed here.
      facts.latestDevelopment = RiskFacts.latestPerChild(development[id] ?? [])
      facts.notices = notices[id] ?? []
      facts.twoYearOffers = offers[id] ?? []
      let score = RiskScorer.storedScore(facts, config: config)
      let lastDay = lastContact[id].flatMap(Timestamp.parse).map { LocalDate($0).dayNumber }
      let open = openCase[id] ?? OpenCase(nil)
      try update.insert(
        [.integer(Int64(score)), lastDay.map { .integer(Int64($0)) } ?? .null]
          + intakeValues(facts, config: config).map { FieldValue($0) }
          + [open.level, open.lead, open.id, open.nextReview, open.openedOn].map(Self.text) + [
            .integer(rowid)
          ])
      guard family[5] as Int == 0 else { continue }
      let names = zip(given, surnames).flatMap { [$0, $1] } + [family[3] as String]
      let postcode: String = family[4]
      try insert.insert([
        .integer(rowid), .text(id), .text(SearchText.referenceTokens(family[2])),
        .text(SearchText.fold(names.joined(separator: " "))), .text(SearchText.postcodeTokens(postcode)),
        .text(nhs.joined(separator: " ")), .text(dobs.joined(separator: " ")),
      ])
    }
    return count
  }

  private static func text(_ value: String?) -> FieldValue { value.map(FieldValue.text) ?? .null }

  /// Every family's standing notifications and two-year offers, in the
  /// order `RiskFacts.load` reads one family's.
  private static func intakeFacts(_ db: Database, config: StartWellCore.Configuration) throws -> (
    notices: [String: [RiskFacts.Notice]], offers: [String: [RiskFacts.TwoYearOffer]]
  ) {
    var notices: [String: [RiskFacts.Notice]] = [:]
    let landed = try Row.fetchCursor(
      db,
      sql: """
        SELECT p.family_id AS member_family, \(Notification.columns)
        FROM notification n JOIN person p ON p.id = n.person_id
        WHERE p.deleted = 0 AND \(StandingTriage.counts) ORDER BY n.received_at, n.id
        """)
    while let row = try landed.next() {
      if let notice = RiskFacts.Notice(Notification(row: row), config: config) {
        notices[row["member_family"], default: []].append(notice)
      }
    }
    var offers: [String: [RiskFacts.TwoYearOffer]] = [:]
    let listed = try Row.fetchCursor(
      db,
      sql: """
        SELECT p.family_id AS member_family, \(RiskFacts.TwoYearOffer.columns)
        FROM two_year_offer o JOIN person p ON p.id = o.person_id
        WHERE p.deleted = 0 AND o.deleted = 0 ORDER BY o.person_id, o.term
        """)
    while let row = try listed.next() {
      offers[row["member_family"], default: []].append(RiskFacts.TwoYearOffer(row: row))
    }
    return (notices, offers)
  }
}
