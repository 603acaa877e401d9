import Foundation
import StartWellCore
import StartWellStore

@testable import StartWellApp

/// Notifications on top of the shared fixture, with fixed references and
/// days received, so the queue and triage screens read the same each run.
/// The fixture's today is Friday 2025-03-14.
///
/// - N-0000002B, antenatal, Amy Smith with her NHS number, received Tuesday
///   2025-03-11: due today (three working days).
/// - N-0000001A, domestic abuse, Leo Smith born 2022-09-10, received
///   Wednesday 2025-03-12: overdue (one working day). Two people are
///   candidates: Leo of F-0000001A in the north, and another Leo Smith born
///   the same day in a south family without consent to share (P-0000009H).
/// - N-0000003C, GP early, Mia Jones, received today: within target.
/// - N-0000004D, GP early, already triaged as not for us.
enum IntakeFixture {
  static let leoTwin = "P-0000009H"

  static func seed(_ fx: Fixture) throws {
    try fx.store.write(as: fx.practitioner) { tx in
      let family = Fixture.id("F-0000008H")
      try tx.insert(
        .family, id: family,
        [
          "reference": .text("F-0000008H"), "name": .text("Smith"), "address": .text(""),
          "postcode": .text("LS27 1QQ"), "hub_id": .text("south"), "sdf_id": .text("south-riverside"),
          "consent": .null, "consent_date": .null, "lead_user_id": .text(fx.southPractitioner.id),
          "risk_override": .null,
        ])
      try tx.insert(
        .person, id: Fixture.id(leoTwin),
        [
          "reference": .text(leoTwin), "family_id": .text(family), "given_name": .text("Leo"),
          "family_name": .text("Smith"), "date_of_birth": .of(LocalDate("2022-09-10")),
          "expected": .of(false),
          "sex": .of(Sex.male), "relationship": .of(Relationship.child), "nhs_number": .null,
          "first_language": .null, "interpreter_needed": .of(false), "send_status": .of(false),
          "ehcp": .of(false), "flags": .json([String]()),
        ])
    }
    try add(
      fx, "N-0000002B", received: "2025-03-11T09:30:00Z",
      NotificationDraft(
        kind: .antenatal, givenName: "Amy", familyName: "Smith", dateOfBirth: "1992-04-02",
        nhsNumber: "943 476 5919", postcode: "LS6 2AB", address: "12 Mill Lane",
        details: [
          "edd": "2025-06-20", "criteria": "perinatal-mental-health,late-booking",
          "midwife": "Jane Doe, Leeds General",
        ]))
    try add(fx, "N-0000001A", received: "2025-03-12T16:45:00Z", domesticAbuse())
    try add(
      fx, "N-0000003C", received: "2025-03-14T08:00:00Z",
      NotificationDraft(
        kind: .gpEarly, givenName: "Mia", familyName: "Jones", dateOfBirth: "2022-02-02", postcode: "LS6 1AA",
        details: [
          "concern": "development", "summary": "Few words at 3; parents worried",
          "practice": "Hyde Park Surgery",
        ]))
    try add(
      fx, "N-0000004D", received: "2025-03-10T11:00:00Z",
      NotificationDraft(
        kind: .gpEarly, givenName: "Sam", familyName: "Carter", postcode: "M1 1AA",
        details: ["concern": "housing", "summary": "Moved to Manchester", "practice": "Oldham Road"]))
    try fx.store.triage("N-0000004D", .notOurs(reason: "Out of area"), as: fx.supervisor)
  }

  static func domesticAbuse(given: String = "Leo", family: String = "Smith") -> NotificationDraft {
    NotificationDraft(
      kind: .domesticAbuse, givenName: given, familyName: family, dateOfBirth: "2022-09-10",
      postcode: "LS6 2AB",
      details: [
        "setting": "Little Acorns Nursery", "incident-date": "2025-03-11", "police-ref": "WY/2025/0312",
        "category": "child-present",
      ])
  }

  /// Writes a notification as `ChangeRecorder.takeIn` does, with a fixed
  /// reference and day received.
  static func add(_ fx: Fixture, _ reference: String, received: String, _ draft: NotificationDraft) throws {
    let n = try draft.validated(config: fx.store.config, hubs: ["north"], today: fx.store.today)
    let p = n.person
    try fx.store.write(as: fx.supervisor) { tx in
      try tx.insert(
        .notification, id: NotificationID.of(n),
        [
          "reference": .text(reference), "kind": .text(n.kind.rawValue), "hub_id": .text(n.hubID),
          "received_at": .of(Timestamp.parse(received)), "received_by": .text(fx.supervisor.id),
          "given_name": .text(p.givenName), "family_name": .text(p.familyName),
          "date_of_birth": .of(p.dateOfBirth), "nhs_number": .of(p.nhsNumber),
          "postcode": .text(p.postcode ?? ""), "address": .text(p.address ?? ""),
          "details": .text(n.detailsJSON), "triage": .null, "triage_note": .text(""), "triaged_by": .null,
          "triaged_at": .null,
        ])
    }
  }

  static func lead(_ fx: Fixture) throws -> User {
    try fx.store.addUser(
      username: "lead1", displayName: "Lee Lead", role: .huddleLead, hubs: ["north"],
      password: Fixture.password, as: fx.admin, checkPolicy: false)
  }

  /// A supervisor of both hubs, whose take-in form asks for the hub.
  static func twoHubSupervisor(_ fx: Fixture) throws -> User {
    try fx.store.addUser(
      username: "supervisor2", displayName: "Kim Both", role: .supervisor, hubs: ["north", "south"],
      password: Fixture.password, as: fx.admin, checkPolicy: false)
  }
}
