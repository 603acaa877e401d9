import Foundation
import GRDB
import StartWellCore

/// The one statement that finds the people a received person may be, each
/// once, through indexes (`Schema.matchIndexes`, the search index):
///
/// - the same NHS number;
/// - born on the same day, or on the day with day and month swapped;
/// - in a family at the same postcode;
/// - named alike: a family whose search row holds the given name and the
///   surname (or one part of a double one), in either field. At most
///   `nameFamilies` families: a name alone makes no more than a weak match
///   (`PersonMatcher`), and every candidate that can be possible or better
///   shares one of the three above.
///
/// Deleted people, and people of deleted families, are never read.
struct MatchLookup {
  static let nameFamilies = 100

  var sql: String
  var arguments: StatementArguments

  /// Nil when the received person gives nothing to look up by.
  init?(_ received: ReceivedPerson) {
    var blocks: [String] = []
    var arguments: StatementArguments = []
    if let nhs = received.nhsNumber.flatMap(NHSNumber.normalise) {
      blocks.append("SELECT rowid FROM person WHERE nhs_number = ?")
      arguments += [nhs]
    }
    let days = Self.days(received.dateOfBirth)
    if !days.isEmpty {
      blocks.append(
        "SELECT rowid FROM person WHERE date_of_birth IN (\(days.map { _ in "?" }.joined(separator: ", ")))")
      arguments += StatementArguments(days)
    }
    if let postcode = received.postcode.flatMap(Postcode.normalise) {
      blocks.append(
        "SELECT person.rowid FROM family JOIN person ON person.family_id = family.id WHERE family.postcode = ?"
      )
      arguments += [postcode]
    }
    if let names = Self.namesQuery(received) {
      blocks.append(
        """
        SELECT rowid FROM person WHERE family_id IN (
          SELECT family_id FROM family_search WHERE family_search MATCH ? LIMIT \(Self.nameFamilies))
        """)
      arguments += [names]
    }
    guard !blocks.isEmpty else { return nil }
    sql = """
      SELECT p.id, p.reference, p.given_name, p.family_name, p.date_of_birth, p.nhs_number,
        f.id AS family_id, f.reference AS family_reference, f.hub_id, f.postcode, f.address
      FROM person p JOIN family f ON f.id = p.family_id
      WHERE p.rowid IN (\(blocks.joined(separator: " UNION ")))
        AND p.deleted = 0 AND f.deleted = 0
      """
    self.arguments = arguments
  }

  /// The day as stored (2024-03-07), and its swap (2024-07-03) when that is another real day.
  static func days(_ date: LocalDate?) -> [String] {
    guard let date else { return [] }
    var days = [date.description]
    if date.day != date.month, let swapped = LocalDate(year: date.year, month: date.day, day: date.month) {
      days.append(swapped.description)
    }
    return days
  }

  /// An FTS5 query on the search index's names: the first given name and
  /// any one part of the surname, each a phrase in the indexed fold (the
  /// tokenizer folds case and accents on both sides). Nil without a name.
  static func namesQuery(_ received: ReceivedPerson) -> String? {
    let given = parts(received.givenName).prefix(1)
    let surname = parts(received.familyName)
    var terms: [String] = given.map { "names : \($0)" }
    if !surname.isEmpty {
      terms.append("(" + surname.map { "names : \($0)" }.joined(separator: " OR ") + ")")
    }
    return terms.isEmpty ? nil : terms.joined(separator: " AND ")
  }

  /// The name's parts, split where people split them (spaces, hyphens),
  /// each quoted as an FTS5 phrase: "O'Brien" stays one phrase of two words.
  private static func parts(_ name: String) -> [String] {
    NameFold.fold(name).split(whereSeparator: { $0.isWhitespace || $0 == "-" })
      .filter { $0.contains(where: { $0.isLetter || $0.isNumber }) }
      .map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
  }
}
