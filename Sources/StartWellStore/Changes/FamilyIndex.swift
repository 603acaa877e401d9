import Foundation
import GRDB
import StartWellCore

/// Keeps a family's search row and derived columns in step with its records.
///
/// The derived columns (flag score, last contact day, the last days the
/// intake's dated factors count, open case level and lead) let the families
/// list filter and sort 100,000 rows in SQL without loading members,
/// contacts or notifications. They are local: never synced, always
/// recomputed from the synced records.
enum FamilyIndex {
  static func refresh(_ db: Database, familyID: String, config: StartWellCore.Configuration, today: LocalDate)
    throws
  {
    guard
      let family = try Row.fetchOne(
        db, sql: "SELECT rowid, reference, name, postcode, deleted FROM family WHERE id = ?",
        arguments: [familyID])
    else { return }
    let rowid: Int64 = family["rowid"]
    let members = try Row.fetchAll(
      db,
      sql: """
        SELECT given_name, family_name, nhs_number, date_of_birth
        FROM person WHERE family_id = ? AND deleted = 0
        """, arguments: [familyID])

    let facts = try RiskFacts.load(db, familyID: familyID, config: config, withContact: false)
    let flagScore = RiskScorer.storedScore(facts, config: config)
    let lastContact = try String.fetchOne(
      db, sql: "SELECT MAX(at) FROM contact WHERE family_id = ? AND deleted = 0 AND in_error = 0",
      arguments: [familyID])
    let lastDay = lastContact.flatMap(Timestamp.parse).map { LocalDate($0).dayNumber }
    let openCase = try Row.fetchOne(
      db,
      sql:
        """
        SELECT id, level, lead_user_id, NULLIF(next_review, '') AS next_review, opened_on FROM cases
        WHERE family_id = ? AND \(FamilyIndex.openCaseOrder) LIMIT 1
        """,
      arguments: [familyID])
    let below = try Int.fetchOne(
      db, sql: "SELECT count(*) \(childrenBelow) AND p.family_id = ?", arguments: [familyID])
    try db.execute(
      sql: """
        UPDATE family SET flag_score = ?, last_contact_day = ?, \(intakeColumns), \(caseColumns),
          development_below = ? WHERE id = ?
        """,
      arguments: StatementArguments(
        [flagScore.databaseValue, lastDay.databaseValue] + intakeValues(facts, config: config)
          + OpenCase(openCase).values + [below.databaseValue, familyID.databaseValue]))

    guard family["deleted"] as Int == 0 else {
      try db.execute(sql: "DELETE FROM family_search WHERE rowid = ?", arguments: [rowid])
      return
    }
    let names =
      members.flatMap { [$0["given_name"] as String, $0["family_name"] as String] } + [
        family["name"] as String
      ]
    let postcode: String = family["postcode"]
    let nhs = members.compactMap { $0["nhs_number"] as String? }
    let dobs = members.map { SearchText.compactDate($0["date_of_birth"]) }
    let columns: [String] = [
      familyID, SearchText.referenceTokens(family["reference"]),
      SearchText.fold(names.joined(separator: " ")),
      SearchText.postcodeTokens(postcode), nhs.joined(separator: " "), dobs.joined(separator: " "),
    ]
    // Most writes (a contact, an escalation) leave the searchable text as it
    // was. Rewriting the row anyway would make FTS5 merge its segments every
    // few saves, which is where a save's slowest moments came from.
    let existing = try Row.fetchOne(
      db, sql: "SELECT family_id, reference, names, postcode, nhs, dob FROM family_search WHERE rowid = ?",
      arguments: [rowid])
    if let existing, (0..<6).map({ existing[$0] as String? ?? "" }) == columns { return }
    if existing != nil {
      try db.execute(sql: "DELETE FROM family_search WHERE rowid = ?", arguments: [rowid])
    }
    try db.execute(
      sql:
        "INSERT INTO family_search(rowid, family_id, reference, names, postcode, nhs, dob) VALUES (?, ?, ?, ?, ?, ?, ?)",
      arguments: StatementArguments([rowid.databaseValue] + columns.map(\.databaseValue)))
  }

  /// `FROM` the children whose latest development record is below
  /// expected, the first test of the net's development rule
  /// (`NetRule.developmentBelow`): `family.development_below` counts a
  /// family's, so the rule passes over families with none.
  static let childrenBelow = """
    FROM person p JOIN \(NetSQL.latestDevelopment)
    WHERE p.deleted = 0 AND p.relationship = '\(Relationship.child.rawValue)' AND \(NetSQL.belowExpected("d"))
    """

  /// Counts every family's children below expected at once, for stores
  /// filled in bulk (a snapshot, the demo), with the result `refresh` gives.
  static func countChildrenBelow(_ db: Database) throws {
    try db.execute(
      sql: """
        UPDATE family SET development_below = 0 WHERE development_below <> 0;
        UPDATE family SET development_below = b.n
        FROM (SELECT p.family_id, count(*) AS n \(childrenBelow) GROUP BY p.family_id) b
        WHERE family.id = b.family_id;
        """)
  }

  /// The family's case: its open case, and when two terminals opened one
  /// each, the older, so every terminal picks the same (the registry's
  /// one-open-case invariant).
  static let openCaseOrder = "status = 'open' AND deleted = 0 ORDER BY opened_on, created_at, id"

  /// What the family's row keeps of its intake records, in `intakeValues` order.
  static let intakeColumns =
    "antenatal_until = ?, domestic_abuse_until = ?, notice_day = ?, two_year_waiting = ?"

  /// The kinds of notification the net's rules with no contact since read
  /// (`NetRule.antenatalNoContact`, `.domesticAbuseNoContact`).
  static let noticeKinds: Set<NotificationKind> = [.antenatal, .domesticAbuse]

  /// The family's `antenatal_until` and `domestic_abuse_until` (the last day
  /// each dated intake factor counts, or null when none does), `notice_day`
  /// (the latest day a notification of `noticeKinds` was triaged onto it)
  /// and `two_year_waiting` (its children whose offer for the latest term
  /// they were listed in is not taken up).
  static func intakeValues(_ facts: RiskFacts, config: StartWellCore.Configuration) -> [DatabaseValue] {
    let until = [RiskFactors.antenatalID, RiskFactors.domesticAbuseID].map {
      IntakeRisk.until($0, facts, config.intake)?.dayNumber.databaseValue ?? .null
    }
    let noticeDay = facts.notices.filter { noticeKinds.contains($0.kind) }
      .map { ($0.triagedOn ?? $0.receivedOn).dayNumber }.max()
    let waiting = IntakeRisk.latestListed(facts.twoYearOffers).filter { !$0.takenUp }.count
    return until + [noticeDay.databaseValue, waiting.databaseValue]
  }

  /// The derived columns copied from the family's case, in `OpenCase.values` order.
  static let caseColumns =
    "case_level = ?, case_lead_id = ?, case_id = ?, case_next_review = ?, case_opened_on = ?"

  /// What the family's row keeps of its case. The agenda and the net find
  /// a SDF's cases due a review from the family's own index, and the
  /// agenda names the case without a second read of `cases`.
  struct OpenCase {
    var level: String?
    var lead: String?
    var id: String?
    /// The next review day; nil when the case has none (stored as '' or null).
    var nextReview: String?
    var openedOn: String?

    /// From a row of `id, level, lead_user_id, next_review, opened_on`; all nil without a case.
    init(_ row: Row?) {
      level = row?["level"]
      lead = row?["lead_user_id"]
      id = row?["id"]
      nextReview = (row?["next_review"] as String?).flatMap { $0.isEmpty ? nil : $0 }
      openedOn = row?["opened_on"]
    }

    var values: [DatabaseValue] {
      [level, lead, id, nextReview, openedOn].map { $0?.databaseValue ?? .null }
    }
  }

  /// Drops the search row of a family record that is being removed.
  static func forget(_ db: Database, familyID: String) throws {
    guard
      let rowid = try Int64.fetchOne(db, sql: "SELECT rowid FROM family WHERE id = ?", arguments: [familyID])
    else { return }
    try db.execute(sql: "DELETE FROM family_search WHERE rowid = ?", arguments: [rowid])
  }
}

/// How text is tokenised for search, shared by the indexer and the query builder.
public enum SearchText {
  /// "F-7K3Q9XA2" is indexed as both "F7K3Q9XA2" and "7K3Q9XA2", so typing the code with or without its prefix finds it.
  static func referenceTokens(_ reference: String) -> String {
    if isASCII(reference) {
      let bytes = Array(reference.utf8)
      let body = bytes.split(separator: UInt8(ascii: "-")).dropFirst().joined()
      return "\(removing(UInt8(ascii: "-"), from: reference)) \(String(decoding: Array(body), as: UTF8.self))"
    }
    let compact = reference.filter { $0 != "-" }
    let body = reference.split(separator: "-").dropFirst().joined()
    return "\(compact) \(body)"
  }

  /// "LS6 2AB" is indexed as both "LS6 2AB" and "LS62AB", so it is found typed either way.
  static func postcodeTokens(_ postcode: String) -> String {
    "\(postcode) \(removing(UInt8(ascii: " "), from: postcode))"
  }

  /// A date of birth, 2021-03-04, is indexed as 20210304.
  static func compactDate(_ date: String) -> String { removing(UInt8(ascii: "-"), from: date) }

  /// The text without one ASCII character. Text that is all ASCII, as
  /// references, postcodes and dates nearly always are, is filtered byte by
  /// byte: the same result (no ASCII grapheme but CR LF spans two bytes, and
  /// it is never the one removed) at a fraction of the cost of walking
  /// Characters, which matters when a snapshot indexes every family at once.
  static func removing(_ ascii: UInt8, from text: String) -> String {
    guard isASCII(text) else { return text.filter { $0 != Character(Unicode.Scalar(ascii)) } }
    return String(decoding: text.utf8.filter { $0 != ascii }, as: UTF8.self)
  }

  static func isASCII(_ text: String) -> Bool { text.utf8.allSatisfy { $0 < 0x80 } }

  /// Turns what a person typed into an FTS5 query: every word must prefix-match.
  /// Dates typed as 2021-03-04 or 04/03/2021 and spaced NHS numbers become the indexed forms.
  public static func ftsQuery(_ typed: String) -> String? {
    var text = typed.trimmed
    if text.isEmpty { return nil }
    let digitsAndSpaces = text.allSatisfy { $0.isNumber || $0 == " " }
    if digitsAndSpaces { text = text.replacingOccurrences(of: " ", with: "") }
    var tokens: [String] = []
    for raw in text.split(whereSeparator: { $0 == " " || $0 == "," }) {
      var word = String(raw)
      if let date = LocalDate(word) {
        word = date.description.replacingOccurrences(of: "-", with: "")
      } else if let date = ukDate(word) {
        word = date.description.replacingOccurrences(of: "-", with: "")
      } else if word.first?.isLetter == true, word.contains("-"),
        word.split(separator: "-").count == 2, word.count > 2
      {
        // A reference typed with its dash ("F-7K3Q9XA2") or a double
        // surname ("Al-Hassan"), whose parts the index holds as two words:
        // either may match.
        let reference = letters(ReferenceCode.normalise(word).replacingOccurrences(of: "-", with: ""))
        let name = word.split(separator: "-").map { letters(String($0)) }.filter { !$0.isEmpty }
        tokens.append("(\"\(reference)\"* OR \"\(name.joined(separator: " "))\"*)")
        continue
      }
      // Keep letters and digits only: quotes or FTS operators typed by a person must not reach the parser.
      let clean = letters(word)
      if !clean.isEmpty { tokens.append("\"\(clean)\"*") }
    }
    // AND spelt out: FTS5 joins bare phrases by AND, but not a bracketed OR.
    return tokens.isEmpty ? nil : tokens.joined(separator: " AND ")
  }

  /// The word folded, with letters and digits only.
  private static func letters(_ word: String) -> String { fold(word).filter { $0.isLetter || $0.isNumber } }

  /// The one fold for searched text, applied both to what is indexed and to
  /// what is typed, so the two always meet (`NameFold.fold`, which matching
  /// people from partners' notifications shares).
  static func fold(_ text: String) -> String { NameFold.fold(text) }

  private static func ukDate(_ text: String) -> LocalDate? {
    let p = text.split(separator: "/")
    guard p.count == 3, let d = Int(p[0]), let m = Int(p[1]), let y = Int(p[2]), p[2].count == 4 else {
      return nil
    }
    return LocalDate(year: y, month: m, day: d)
  }
}
