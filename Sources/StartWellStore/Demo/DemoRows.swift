import GRDB
import StartWellCore

/// One generated household, as the rows to insert, in foreign-key order.
///
/// Each row lists its values in the column order of the matching statement
/// in `DemoWriter`. The family row already carries its derived columns and
/// `search` its full-text row, worked out from the same facts
/// `FamilyIndex.refresh` reads (a test holds the two to the same result).
struct DemoHousehold {
  var family: [DatabaseValue] = []
  var search: DemoSearchRow
  var people: [[DatabaseValue]] = []
  var caseRow: [DatabaseValue] = []
  var contacts: [[DatabaseValue]] = []
  /// Sessions of a local approach: contacts with the `approach` column too.
  var approachContacts: [[DatabaseValue]] = []
  var escalations: [[DatabaseValue]] = []
  var referrals: [[DatabaseValue]] = []
  var development: [[DatabaseValue]] = []
  var huddleItems: [[DatabaseValue]] = []
  var actions: [[DatabaseValue]] = []
  var notifications: [[DatabaseValue]] = []
  var offers: [[DatabaseValue]] = []
}

/// The `family_search` values of one family, less the rowid the family insert assigns.
struct DemoSearchRow {
  var familyID: String
  var reference: String
  var names: String
  var postcode: String
  var nhs: String
  var dob: String
}

// Short spellings for the demo generator's row builders, which write millions of values.
extension String {
  var dv: DatabaseValue { databaseValue }
}

extension Optional where Wrapped == String {
  var dv: DatabaseValue { map(\.databaseValue) ?? .null }
}

extension Int {
  var dv: DatabaseValue { Int64(self).databaseValue }
}

extension Bool {
  var dv: DatabaseValue { Int64(self ? 1 : 0).databaseValue }
}
