import Foundation
import GRDB
import StartWellCore

extension RiskFacts {
  /// The facts about one family, read from its records. The stored score
  /// needs no last contact (`withContact` false), and is refreshed on every
  /// save, so it skips that read.
  static func load(_ db: Database, familyID: String, withContact: Bool = true) throws -> RiskFacts {
    let members = try Row.fetchAll(
      db,
      sql: """
        SELECT id, reference, given_name, family_name, send_status, ehcp, flags FROM person
        WHERE family_id = ? AND deleted = 0 ORDER BY rowid
        """, arguments: [familyID]
    ).map { member($0, decoder: JSONDecoder()) }
    // The latest term recorded for each child counts, not any term ever recorded.
    let development = try Row.fetchAll(
      db,
      sql: """
        SELECT d.id, d.person_id, d.term, d.recorded_on, d.wellcomm FROM development d
        WHERE d.family_id = ? AND d.deleted = 0
          AND d.recorded_on = (SELECT MAX(recorded_on) FROM development d2 WHERE d2.person_id = d.person_id AND d2.deleted = 0)
        ORDER BY d.person_id, d.id
        """, arguments: [familyID]
    ).compactMap(development)
    let contact =
      try !withContact
      ? nil
      : Row.fetchOne(
        db,
        sql: """
          SELECT id, at FROM contact WHERE family_id = ? AND deleted = 0 AND in_error = 0
          ORDER BY at DESC, id LIMIT 1
          """, arguments: [familyID])
    return RiskFacts(
      members: members, latestDevelopment: latestPerChild(development),
      lastContact: contact.flatMap { row in
        Timestamp.parse(row["at"]).map { Contact(recordID: row["id"], on: LocalDate($0)) }
      })
  }

  /// A member from a row with id, reference, given_name, family_name, send_status, ehcp and flags.
  static func member(_ row: Row, decoder: JSONDecoder) -> Member {
    let flags: String = row["flags"] ?? "[]"
    return Member(
      id: row["id"], reference: row["reference"],
      name: "\(row["given_name"] as String) \(row["family_name"] as String)",
      send: row["send_status"] as Int == 1, ehcp: row["ehcp"] as Int == 1,
      flags: flags == "[]" || flags.isEmpty
        ? [] : (try? decoder.decode([String].self, from: Data(flags.utf8))) ?? [])
  }

  /// A development record from a row with id, person_id, term, recorded_on and wellcomm.
  static func development(_ row: Row) -> Development? {
    guard let on = LocalDate(row["recorded_on"] as String? ?? ""),
      let band = WellCommBand(rawValue: row["wellcomm"] as String? ?? "")
    else { return nil }
    return Development(
      recordID: row["id"], personID: row["person_id"], term: row["term"], recordedOn: on, wellcomm: band)
  }

  /// Two records of one child on the same latest day: the one with the later
  /// term, then the larger id, so every terminal picks the same.
  static func latestPerChild(_ records: [Development]) -> [Development] {
    var latest: [String: Development] = [:]
    var order: [String] = []
    for d in records {
      guard let held = latest[d.personID] else {
        latest[d.personID] = d
        order.append(d.personID)
        continue
      }
      if (d.recordedOn, d.term, d.recordID) > (held.recordedOn, held.term, held.recordID) {
        latest[d.personID] = d
      }
    }
    return order.map { latest[$0]! }
  }
}
