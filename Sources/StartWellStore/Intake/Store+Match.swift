import GRDB
import StartWellCore

/// A person the store holds, offered as the one a received person may be.
public struct MatchCandidate: Hashable, Sendable {
  public var personID: String
  public var personReference: String
  public var familyID: String
  public var familyReference: String
  public var hubID: String
  /// The person as the store holds them, with their family's postcode and address.
  public var known: ReceivedPerson
  public var score: MatchScore

  public init(
    personID: String, personReference: String, familyID: String, familyReference: String, hubID: String,
    known: ReceivedPerson, score: MatchScore
  ) {
    self.personID = personID
    self.personReference = personReference
    self.familyID = familyID
    self.familyReference = familyReference
    self.hubID = hubID
    self.known = known
    self.score = score
  }
}

extension Store {
  /// The best candidates, highest score first (ties broken by person reference), deleted people excluded.
  ///
  /// Candidates come from indexes, never from reading every person
  /// (`MatchLookup`); only people with some evidence for them are offered.
  public func matchCandidates(for received: ReceivedPerson, limit: Int = 5) throws -> [MatchCandidate] {
    try read { db in try matchCandidates(for: received, limit: limit, in: db) }
  }

  func matchCandidates(for received: ReceivedPerson, limit: Int, in db: Database) throws -> [MatchCandidate] {
    guard limit > 0, let lookup = MatchLookup(received) else { return [] }
    let subject = PersonMatcher.Subject(received)
    var candidates: [MatchCandidate] = []
    let rows = try Row.fetchCursor(db, sql: lookup.sql, arguments: lookup.arguments)
    // Read without trapping, as every record is (`RecordDecoding`): a
    // stray value in one stored person must not stop an import.
    while let row = try rows.next() {
      let known = ReceivedPerson(
        givenName: row.text("given_name") ?? "", familyName: row.text("family_name") ?? "",
        dateOfBirth: row.day("date_of_birth"), nhsNumber: row.text("nhs_number"),
        postcode: row.text("postcode"),
        address: row.text("address"))
      let score = PersonMatcher.score(subject, against: PersonMatcher.Subject(known))
      guard score.score > 0 else { continue }
      candidates.append(
        MatchCandidate(
          personID: row.text("id") ?? "", personReference: row.text("reference") ?? "",
          familyID: row.text("family_id") ?? "", familyReference: row.text("family_reference") ?? "",
          hubID: row.text("hub_id") ?? "", known: known, score: score))
    }
    candidates.sort {
      ($0.score.score, $1.personReference) > ($1.score.score, $0.personReference)
    }
    return Array(candidates.prefix(limit))
  }
}
