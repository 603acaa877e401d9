import Foundation
import GRDB
import StartWellCore

/// The one statement that finds the people a received person may be, each
/// once, through indexes (`Schema.matchIndexes`, the search index):
///
/// - the same NHS number;
/// - born on the same day, or on the day with day and month swapped;
/// - in a family at the same postcode;
/// - named alike: a family whose search row holds the given name beside
///   the surname (or one part of a double one), in either order, as one
///   member's names stand there. At most `nameFamilies` families: a name
///   alone makes no more than a weak match (`PersonMatcher`), and every
///   candidate that can be possible or better shares one of the three above.
///   A name more families hold than that says little, and reading them
///   all would be most of the lookup's cost.
///
/// Deleted people, and people of deleted families, are never read.
struct MatchLookup {
  static let nameFamilies = 25
  /// How many words may stand between a given name and a surname in the
  /// search index for them to be one person's: a middle name, or the other
  /// part of a double surname ("Olivia Smith-Jones" for "Olivia Jones").
  /// Two would let one member's given name meet the next one's surname.
  static let nameGap = 1

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
      // By the search row's rowid, which is its family's: reading its
      // family_id column would cost a read of the index's content per family.
      blocks.append(
        """
        SELECT person.rowid FROM family JOIN person ON person.family_id = family.id WHERE family.rowid IN (
          SELECT rowid FROM family_search WHERE family_search MATCH ? LIMIT \(Self.nameFamilies))
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

  /// An FTS5 query on the search index's names: the first given name near
  /// any one part of the surname, each a phrase in the indexed fold (the
  /// tokenizer folds case and accents on both sides). The index holds each
  /// member's given name then surname, so a name found there is nearly
  /// always one person's, not a given name of one member and the surname of
  /// another. Nil without both names: one alone scores nothing.
  static func namesQuery(_ received: ReceivedPerson) -> String? {
    let surname = parts(received.familyName)
    guard let given = parts(received.givenName).first, !surname.isEmpty else { return nil }
    return surname.map { "names : NEAR(\(given) \($0), \(nameGap))" }.joined(separator: " OR ")
  }

  /// The name's parts, split where people split them (spaces, hyphens),
  /// each quoted as an FTS5 phrase: "O'Brien" stays one phrase of two words.
  private static func parts(_ name: String) -> [String] {
    NameFold.fold(name).split(whereSeparator: { $0.isWhitespace || $0 == "-" })
      .filter { $0.contains(where: { $0.isLetter || $0.isNumber }) }
      .map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
  }
}
