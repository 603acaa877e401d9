import Foundation
import GRDB
import StartWellCore

extension RiskFacts {
  /// The facts about one family, read from its records. The stored score
  /// needs no last contact (`withContact` false), and is refreshed on every
  /// save, so it skips that read.
  static func load(
    _ db: Database, familyID: String, config: StartWellCore.Configuration, withContact: Bool = true
  ) throws -> RiskFacts {
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
      },
      notices: try notices(db, familyID: familyID, config: config),
      twoYearOffers: try twoYearOffers(db, familyID: familyID))
  }

  /// The notifications that stand on the family's members (`StandingTriage`), oldest first.
  static func notices(_ db: Database, familyID: String, config: StartWellCore.Configuration) throws
    -> [Notice]
  {
    try Row.fetchAll(
      db,
      sql: """
        SELECT \(Notification.columns) FROM notification n JOIN person p ON p.id = n.person_id
        WHERE p.family_id = ? AND p.deleted = 0 AND \(StandingTriage.counts)
        ORDER BY n.received_at, n.id
        """, arguments: [familyID]
    ).compactMap { Notice(Notification(row: $0), config: config) }
  }

  /// The two-year offer records of the family's members.
  static func twoYearOffers(_ db: Database, familyID: String) throws -> [TwoYearOffer] {
    try Row.fetchAll(
      db,
      sql: """
        SELECT \(TwoYearOffer.columns) FROM two_year_offer o JOIN person p ON p.id = o.person_id
        WHERE p.family_id = ? AND p.deleted = 0 AND o.deleted = 0
        ORDER BY o.person_id, o.term
        """, arguments: [familyID]
    ).map(TwoYearOffer.init(row:))
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

extension RiskFacts.Notice {
  /// What the risk factors read of a notification that landed on a person.
  init?(_ n: Notification, config: StartWellCore.Configuration) {
    guard let personID = n.personID else { return nil }
    self.init(
      recordID: n.id, reference: n.reference, kind: n.kind, personID: personID, source: n.source(config),
      receivedOn: LocalDate(n.receivedAt), details: n.details, triagedOn: n.triagedAt.map(LocalDate.init))
  }
}

extension RiskFacts.TwoYearOffer {
  /// The columns `init(row:)` reads, of `two_year_offer o`.
  static let columns = "o.id, o.person_id, o.term, o.eligible, o.code, o.listed_on, o.taken_up"

  init(row: Row) {
    self.init(
      recordID: row["id"], personID: row["person_id"], term: row["term"], eligible: row["eligible"],
      code: row["code"], listedOn: (row["listed_on"] as String?).flatMap(LocalDate.init),
      takenUp: row["taken_up"])
  }
}

/// Which notifications count for a family: those whose triage landed them
/// on a person, not deleted, and whose triage is not under an open conflict.
/// Nothing follows from a disputed decision (two triages made apart, with
/// different outcomes) until a person settles it. Every read of the
/// notifications that count uses these conditions, on `notification n`.
enum StandingTriage {
  /// Two unreplaced edits of the triage with different values: the open
  /// conflict `Store.conflicts` lists, in SQL.
  static let disputed = """
    EXISTS (SELECT 1 FROM field_history h1 JOIN field_history h2
        ON h2.entity = h1.entity AND h2.record_id = h1.record_id AND h2.field = h1.field
        AND h2.value <> h1.value
      WHERE h1.entity = 'notification' AND h1.record_id = n.id AND h1.field = 'triage'
        AND NOT EXISTS (SELECT 1 FROM field_replaced r WHERE r.entity = h1.entity
          AND r.record_id = h1.record_id AND r.field = h1.field AND r.clock = h1.clock)
        AND NOT EXISTS (SELECT 1 FROM field_replaced r WHERE r.entity = h2.entity
          AND r.record_id = h2.record_id AND r.field = h2.field AND r.clock = h2.clock))
    """

  static let counts = "n.person_id IS NOT NULL AND n.deleted = 0 AND NOT \(disputed)"
}
