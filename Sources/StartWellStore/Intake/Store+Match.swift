import Foundation
import GRDB
import StartWellCore

public struct MatchCandidate: Hashable, Sendable {
  public var personID: String
  public var personReference: String
  public var familyID: String
  public var familyReference: String
  public var hubID: String
  public var known: ReceivedPerson
  public var score: MatchScore
}

public enum MatchField: String, Sendable, Codable, CaseIterable {
  case nhsNumber = "nhs-number", dateOfBirth = "date-of-birth", dateOfBirthSwapped = "date-of-birth-swapped",
    name, nameSimilar = "name-similar", nameSwapped = "name-swapped", surnamePart = "surname-part",
    postcode, postcodeSector = "postcode-sector"
}
public enum MatchStrength: String, Sendable, Codable, Comparable {
  case weak, possible, likely, strong
  public static func < (a: MatchStrength, b: MatchStrength) -> Bool {
    let order: [MatchStrength] = [.weak, .possible, .likely, .strong]
    return order.firstIndex(of: a)! < order.firstIndex(of: b)!
  }
}
public struct MatchScore: Hashable, Sendable {
  public var score: Int
  public var fields: [MatchField]
  public var strength: MatchStrength
}

extension Store {
  public func matchCandidates(for received: ReceivedPerson, limit: Int = 5) throws -> [MatchCandidate] {
    try read { try matchCandidates(for: received, limit: limit, in: $0) }
  }

  func matchCandidates(for received: ReceivedPerson, limit: Int, in db: Database) throws -> [MatchCandidate] {
    let rows = try Row.fetchAll(
      db,
      sql: """
        SELECT p.id, p.reference, p.family_id, f.reference AS fref, f.hub_id, p.given_name, p.family_name,
          p.date_of_birth, p.nhs_number, f.postcode
        FROM person p JOIN family f ON f.id = p.family_id
        WHERE p.deleted = 0 AND (p.nhs_number = ? OR (p.date_of_birth = ? AND p.family_name = ?))
        LIMIT ?
        """,
      arguments: [received.nhsNumber, received.dateOfBirth?.description, received.familyName, limit])
    return rows.map { row in
      let nhs = received.nhsNumber != nil && (row["nhs_number"] as String?) == received.nhsNumber
      return MatchCandidate(
        personID: row["id"], personReference: row["reference"], familyID: row["family_id"],
        familyReference: row["fref"], hubID: row["hub_id"],
        known: ReceivedPerson(
          givenName: row["given_name"], familyName: row["family_name"],
          dateOfBirth: (row["date_of_birth"] as String?).flatMap(LocalDate.init),
          nhsNumber: row["nhs_number"],
          postcode: row["postcode"]),
        score: MatchScore(
          score: nhs ? 100 : 70, fields: nhs ? [.nhsNumber] : [.dateOfBirth, .name],
          strength: nhs ? .strong : .likely))
    }
  }
}
