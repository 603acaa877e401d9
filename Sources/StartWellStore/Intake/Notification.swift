import Foundation
import GRDB
import StartWellCore

/// A notification as held: the person and the kind's fields as received,
/// and the triage decision beside them.
public struct Notification: Hashable, Sendable {
  public var id: String
  public var reference: String
  public var kind: NotificationKind
  public var hubID: String
  public var receivedAt: Date
  public var receivedBy: String
  public var person: ReceivedPerson
  public var details: [String: CheckedNotification.DetailValue]
  public var triage: TriageDecision?
  public var triageNote: String
  public var triagedBy: String?
  public var triagedAt: Date?
  /// The person it landed on (from `triage`), and that person's family.
  public var personID: String?
  public var familyID: String?

  public var isTriaged: Bool { triage != nil }

  /// Every column the decoder reads, for queries that join.
  static let columns = """
    n.id, n.reference, n.kind, n.hub_id, n.received_at, n.received_by, n.given_name, n.family_name,
    n.date_of_birth, n.nhs_number, n.postcode, n.address, n.details, n.triage, n.triage_note,
    n.triaged_by, n.triaged_at, n.person_id,
    (SELECT p.family_id FROM person p WHERE p.id = n.person_id) AS family_id
    """

  init(row: Row) {
    id = row["id"]
    reference = row["reference"]
    kind = NotificationKind(rawValue: row["kind"] ?? "") ?? .gpEarly
    hubID = row["hub_id"]
    receivedAt = (row["received_at"] as String?).flatMap(Timestamp.parse) ?? .distantPast
    receivedBy = row["received_by"]
    let postcode: String = row["postcode"] ?? ""
    let address: String = row["address"] ?? ""
    person = ReceivedPerson(
      givenName: row["given_name"], familyName: row["family_name"],
      dateOfBirth: (row["date_of_birth"] as String?).flatMap(LocalDate.init),
      nhsNumber: row["nhs_number"], postcode: postcode.isEmpty ? nil : postcode,
      address: address.isEmpty ? nil : address)
    details = CheckedNotification.details(json: row["details"] ?? "{}")
    triage = (row["triage"] as String?).flatMap(TriageDecision.init(text:))
    triageNote = row["triage_note"] ?? ""
    triagedBy = row["triaged_by"]
    triagedAt = (row["triaged_at"] as String?).flatMap(Timestamp.parse)
    personID = row["person_id"]
    familyID = row["family_id"]
  }

  /// Who sent it, from the kind's source field (the midwife, the practice, the police reference).
  public func source(_ config: StartWellCore.Configuration) -> String? {
    config.intake.kind(kind).flatMap { details[$0.sourceField]?.text }
  }

  /// The day it should be triaged by: its kind's target in working days after it arrived.
  public func triageDue(_ config: StartWellCore.Configuration, zone: DisplayZone) -> LocalDate {
    Self.triageDue(kind: kind, receivedOn: zone.day(receivedAt), config)
  }

  /// The day a notification of `kind` received on `day` should be triaged by.
  public static func triageDue(
    kind: NotificationKind, receivedOn day: LocalDate, _ config: StartWellCore.Configuration
  ) -> LocalDate {
    WorkingDays.adding(config.intake.kind(kind)?.triageWorkingDays ?? 1, to: day)
  }
}

/// The family a notification landed on: its triaged person's.
enum NotificationFamily {
  static func of(_ db: Database, notificationID: String) throws -> String? {
    try String.fetchOne(
      db.cachedStatement(
        sql: """
          SELECT p.family_id FROM notification n JOIN person p ON p.id = n.person_id
          WHERE n.id = ? AND p.family_id <> ''
          """), arguments: [notificationID])
  }
}
