import GRDB
import StartWellCore

/// One child eligible for a funded two-year-old place in a term, and
/// whether a setting's roll shows them taking it up.
public struct TwoYearOfferRow: Hashable, Sendable {
  public var childID: String
  public var childReference: String
  public var givenName: String
  public var familyName: String
  public var dateOfBirth: LocalDate?
  public var familyReference: String
  public var hubID: String
  public var term: String
  /// The eligibility code the list gave.
  public var code: String
  public var listedOn: LocalDate?
  public var takenUp: Bool
  /// The setting whose roll shows the place, when taken up.
  public var setting: String
  public var placeOn: LocalDate?
}

extension Store {
  /// The children eligible in a term (the term in force when nil), in the
  /// families the user's lists show, by name; with `notTakenUp`, only those
  /// no setting's roll shows taking their place.
  public func twoYearOffers(term name: String? = nil, notTakenUp: Bool = false, as user: User) throws
    -> (term: SchoolTerm, rows: [TwoYearOfferRow])
  {
    try Permissions.require(user, .viewFamilies)
    let term = try config.terms.offerTerm(named: name, on: today)
    let scope = VisibilityScope.list(for: user).sql(family: "f")
    let rows = try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT p.id, p.reference, p.given_name, p.family_name, p.date_of_birth, f.reference AS family_reference,
            f.hub_id, o.term, o.code, o.listed_on, o.taken_up, o.setting, o.place_on
          FROM two_year_offer o JOIN person p ON p.id = o.person_id JOIN family f ON f.id = p.family_id
          WHERE o.term = ? AND o.eligible = 1 AND o.deleted = 0 AND p.deleted = 0 AND f.deleted = 0
            \(notTakenUp ? "AND o.taken_up = 0" : "") AND \(scope.sql)
          ORDER BY p.family_name, p.given_name, p.reference
          """, arguments: [term.name] + scope.arguments)
    }
    return (term, rows.map(TwoYearOfferRow.init))
  }
}

extension TwoYearOfferRow {
  init(row: Row) {
    childID = row["id"]
    childReference = row["reference"]
    givenName = row["given_name"]
    familyName = row["family_name"]
    dateOfBirth = row.day("date_of_birth")
    familyReference = row["family_reference"]
    hubID = row["hub_id"]
    term = row["term"]
    code = row["code"]
    listedOn = row.day("listed_on")
    takenUp = row["taken_up"]
    setting = row["setting"]
    placeOn = row.day("place_on")
  }
}
