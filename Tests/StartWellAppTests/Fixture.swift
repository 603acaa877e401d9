import Foundation
import StartWellCore
import StartWellStore
import Testing

@testable import StartWellApp

/// A small, fixed store for the client's tests: a handful of families with
/// every kind of record, awkward names (escape sequences, accents, CJK and
/// emoji), a fixed clock and fixed references, so every screen renders the
/// same on every run.
struct Fixture {
  static let now = Timestamp.parse("2025-03-14T10:00:00Z")!

  let store: Store
  let admin: User
  let practitioner: User
  let supervisor: User
  let southPractitioner: User

  static func packageRoot() -> URL {
    var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while dir.path != "/" {
      if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
        return dir
      }
      dir = dir.deletingLastPathComponent()
    }
    fatalError("Package.swift not found above \(#filePath)")
  }

  static func config() throws -> StartWellCore.Configuration {
    let folder = packageRoot().appendingPathComponent("Config")
    var files: [String: Data] = [:]
    for name in StartWellCore.Configuration.fileNames {
      files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
    }
    return try ConfigurationParser.parse(files: files)
  }

  /// Every fixture account's password; the in-memory stores wrap keys with the cheap test derivation.
  static let password = "fixture password"

  /// An empty store with the fixed clock.
  static func emptyStore() throws -> Store {
    try Store.inMemory(config: config(), now: { now })
  }

  /// A fresh copy of the fixture, built once: building it runs every write
  /// of `seed()` through the gate, which was most of what these tests cost.
  init() throws {
    let built = try Self.built.get()
    store = try built.store.inMemoryCopy()
    admin = built.admin
    practitioner = built.practitioner
    supervisor = built.supervisor
    southPractitioner = built.southPractitioner
  }

  private static let built = Result { try Fixture(building: ()) }

  private init(building: Void) throws {
    store = try Self.emptyStore()
    admin = try store.addUser(
      username: "admin", displayName: "Ada Admin", role: .admin, hubs: [], password: Fixture.password,
      as: Store.systemUser,
      checkPolicy: false)
    practitioner = try store.addUser(
      username: "practitioner1", displayName: "Priya Shah", role: .practitioner, hubs: ["north"],
      password: Fixture.password,
      as: admin, checkPolicy: false)
    supervisor = try store.addUser(
      username: "supervisor1", displayName: "Sam Okafor", role: .supervisor, hubs: ["north"],
      password: Fixture.password,
      as: admin, checkPolicy: false)
    southPractitioner = try store.addUser(
      username: "practitioner9", displayName: "Jo Bloggs", role: .practitioner, hubs: ["south"],
      password: Fixture.password,
      as: admin, checkPolicy: false)
    try seed()
  }

  /// Ids are derived from the reference so tests can name records.
  static func id(_ reference: String) -> String {
    "00000000-0000-4000-8000-"
      + String(reference.filter(\.isLetter).lowercased() + reference.filter(\.isNumber)).padding(
        toLength: 12, withPad: "0", startingAt: 0)
  }

  private func seed() throws {
    let p = practitioner.id
    let sup = supervisor.id
    var moved: [(id: String, status: EscalationStatus)] = []
    try store.write(as: practitioner) { tx in
      func family(
        _ ref: String, _ name: String, postcode: String, hub: String = "north",
        sdf: String? = "north-moorside",
        consent: Consent? = .given, level: CaseLevel = .universal, lead: String? = nil, address: String = ""
      ) throws {
        let id = Self.id(ref)
        try tx.insert(
          .family, id: id,
          [
            "reference": .text(ref), "name": .text(name), "address": .text(address),
            "postcode": .text(postcode),
            "hub_id": .text(hub), "sdf_id": .of(sdf), "consent": .of(consent),
            "consent_date": .of(LocalDate("2024-06-01")), "lead_user_id": .of(lead ?? p),
            "risk_override": .null,
          ])
        try tx.insert(
          .caseRecord, id: Self.id("C" + ref),
          [
            "family_id": .text(id), "status": .text("open"), "opened_on": .of(LocalDate("2024-06-01")),
            "closed_on": .null, "closure_reason": .null, "level": .of(level), "lead_user_id": .of(lead ?? p),
            "next_review": .of(LocalDate("2025-04-01")), "flagged_for_huddle": .of(false),
          ])
      }
      func person(
        _ ref: String, family: String, _ given: String, _ surname: String, born: String, _ rel: Relationship,
        sex: Sex = .unknown, nhs: String? = nil, send: Bool = false, flags: [String] = [],
        language: String? = nil
      ) throws {
        try tx.insert(
          .person, id: Self.id(ref),
          [
            "reference": .text(ref), "family_id": .text(Self.id(family)), "given_name": .text(given),
            "family_name": .text(surname), "date_of_birth": .of(LocalDate(born)), "expected": .of(false),
            "sex": .of(sex), "relationship": .of(rel), "nhs_number": .of(nhs),
            "first_language": .of(language),
            "interpreter_needed": .of(language != nil), "send_status": .of(send), "ehcp": .of(false),
            "flags": .json(flags),
          ])
      }
      func contact(
        _ key: String, family: String, at: String, type: String, summary: String, notes: String = "",
        significant: Bool = false, followUp: String? = nil, present: [String] = []
      ) throws {
        try tx.insert(
          .contact, id: Self.id(key),
          [
            "family_id": .text(Self.id(family)), "practitioner_id": .text(p), "at": .of(Timestamp.parse(at)),
            "type": .text(type), "summary": .text(summary), "notes": .text(notes),
            "significant": .of(significant),
            "follow_up": .of(followUp.flatMap(LocalDate.init)), "follow_up_done": .of(false),
            "present": .json(present.map(Self.id)),
          ])
      }
      func escalation(
        _ ref: String, family: String, from: CaseLevel, to: CaseLevel, urgency: Urgency,
        status: EscalationStatus,
        raised: String, reason: String
      ) throws {
        // Raised by the practitioner; a supervisor's step is written as the supervisor, below.
        if status != .raised { moved.append((Self.id(ref), status)) }
        try tx.insert(
          .escalation, id: Self.id(ref),
          [
            "reference": .text(ref), "family_id": .text(Self.id(family)),
            "case_id": .text(Self.id("C" + family)),
            "from_level": .of(from), "to_level": .of(to), "reason": .text(reason), "urgency": .of(urgency),
            "raised_by": .text(p), "raised_at": .of(Timestamp.parse(raised)),
            "status": .of(EscalationStatus.raised), "acknowledged_by": .null, "acknowledged_at": .null,
            "decided_by": .null, "decided_at": .null, "decision_note": .null,
          ])
      }

      try family(
        "F-0000001A", "Smith / Khan", postcode: "LS6 2AB", level: .universal, address: "12 Mill Lane")
      try person(
        "P-0000001A", family: "F-0000001A", "Amy", "Smith", born: "1992-04-02", .mother, sex: .female,
        nhs: "9434765919")
      try person("P-0000002A", family: "F-0000001A", "Tariq", "Khan", born: "1990-11-20", .father, sex: .male)
      try person(
        "P-0000003A", family: "F-0000001A", "Leo", "Smith", born: "2022-09-10", .child, sex: .male, send: true
      )
      try contact(
        "K-0000001A", family: "F-0000001A", at: "2025-01-08T11:00:00Z", type: "home-visit",
        summary: "Introductory home visit",
        notes: "Met Amy and Leo at home.\nDiscussed the two-year-old offer.",
        present: ["P-0000001A", "P-0000003A"])
      try contact(
        "K-0000002A", family: "F-0000001A", at: "2025-02-19T14:30:00Z", type: "phone",
        summary: "Amy worried about Leo's speech", significant: true, followUp: "2025-03-10")
      try contact(
        "K-0000003A", family: "F-0000001A", at: "2025-03-03T10:15:00Z", type: "hub-visit",
        summary: "Stay and play session", followUp: "2025-03-20", present: ["P-0000002A", "P-0000003A"])
      try escalation(
        "E-0000001A", family: "F-0000001A", from: .universal, to: .earlyHelp, urgency: .urgent,
        status: .raised, raised: "2025-03-12T16:00:00Z",
        reason: "Speech delay and housing pressure; needs early help.")
      try tx.insert(
        .referral, id: Self.id("R-0000001A"),
        [
          "reference": .text("R-0000001A"), "family_id": .text(Self.id("F-0000001A")),
          "person_id": .text(Self.id("P-0000003A")), "service": .text("slt"),
          "reason": .text("WellComm red band at 2y6m"), "consent_recorded": .of(true),
          "status": .of(ReferralStatus.sent),
          "status_dates": .json(["draft": "2024-12-20T09:00:00.000Z", "sent": "2025-01-02T09:00:00.000Z"]),
          "outcome": .null, "unsuccessful_reason": .null,
        ])
      // Ids made from the child and term, as the store makes them, so a
      // second record for Leo's term edits the first.
      for (term, on, band) in [("2024-autumn", "2024-11-15", "amber"), ("2025-spring", "2025-02-28", "red")] {
        try tx.insert(
          .development, id: DevelopmentID.of(child: Self.id("P-0000003A"), term: term),
          [
            "person_id": .text(Self.id("P-0000003A")), "family_id": .text(Self.id("F-0000001A")),
            "term": .text(term),
            "recorded_on": .of(LocalDate(on)), "wellcomm": .text(band), "communication": .text("emerging"),
            "physical": .text("on-track"), "personal_social_emotional": .text("on-track"), "notes": .text(""),
          ])
      }
      try tx.insert(
        .action, id: Self.id("A-0000001A"),
        [
          "family_id": .text(Self.id("F-0000001A")), "case_id": .text(Self.id("CF-0000001A")),
          "huddle_item_id": .null, "description": .text("Arrange SLT drop-in"), "owner_id": .text(p),
          "due": .of(LocalDate("2025-03-12")), "status": .text("open"),
        ])

      // Text that arrived from another terminal: control characters the forms would refuse.
      try family(
        "F-0000002B", "Evil\u{1B}[2J", postcode: "LS7 3CD", address: "1 \u{1B}[31mRed\u{1B}[0m Street")
      try person(
        "P-0000004B", family: "F-0000002B", "Mallory\u{1B}]0;pwned\u{07}", "Evil", born: "1988-01-01", .mother
      )
      try contact(
        "K-0000004B", family: "F-0000002B", at: "2025-03-01T09:00:00Z", type: "phone",
        summary: "Bell\u{07} and clear\u{1B}[2J", notes: "line one\u{1B}[H\u{9B}31m")

      try family("F-0000003C", "Nguyễn / 王", postcode: "LS8 4EF", sdf: "north-hillfoot", level: .earlyHelp)
      try person(
        "P-0000005C", family: "F-0000003C", "Thảo", "Nguyễn", born: "1995-07-30", .mother,
        language: "Vietnamese")
      try person("P-0000006C", family: "F-0000003C", "小明", "王", born: "2021-12-01", .child)
      try family("F-0000004D", "Okonkwo 🌟", postcode: "LS9 5GH", sdf: "north-brookfield", level: .targeted)
      try person(
        "P-0000007D", family: "F-0000004D", "Chidi", "Okonkwo 🌟", born: "2023-05-05", .child)
      try contact(
        "K-0000005D", family: "F-0000004D", at: "2025-03-10T13:00:00Z", type: "setting-visit",
        summary: "Nursery visit 👍")

      try family("F-0000005E", "Jones", postcode: "LS6 1AA", level: .earlyHelp)
      try person(
        "P-0000008E", family: "F-0000005E", "Mia", "Jones", born: "2022-02-02", .child)
      try escalation(
        "E-0000002B", family: "F-0000005E", from: .earlyHelp, to: .targeted, urgency: .routine,
        status: .acknowledged, raised: "2025-03-11T10:00:00Z", reason: "Repeated missed appointments.")

      try family(
        "F-0000006F", "Brown", postcode: "LS27 9ZZ", hub: "south", sdf: "south-riverside",
        lead: southPractitioner.id)

      let plain = [
        "Ahmed", "Wilson", "Taylor", "Davies", "Evans", "Patel", "Walker", "Wright", "Green", "Hall",
      ]
      for (i, name) in plain.enumerated() {
        let ref = "F-00000\(10 + i)G"
        try family(ref, name, postcode: "LS1\(i) 1AB", sdf: i % 2 == 0 ? "north-moorside" : "north-hillfoot")
      }
    }
    try store.write(as: supervisor) { tx in
      for (id, status) in moved {
        try tx.update(
          .escalation, id: id,
          [
            "status": .of(status), "acknowledged_by": .text(sup),
            "acknowledged_at": .of(Timestamp.parse("2025-03-13T09:00:00Z")),
          ])
      }
    }
    try seedIntake()
  }

  /// The records behind the intake's risk factors: a domestic abuse
  /// notification triaged onto Chidi before the nursery visit, and Mia
  /// eligible for a funded two-year place in autumn 2024, not taking it up.
  private func seedIntake() throws {
    let sup = supervisor.id
    try store.write(as: supervisor) { tx in
      let details = [
        "setting": "Moorside Nursery", "incident-date": "2025-03-01", "police-ref": "WY-25-000123",
        "category": "child-present",
      ]
      let notice = CheckedNotification(
        kind: .domesticAbuse, hubID: "north",
        person: ReceivedPerson(
          givenName: "Chidi", familyName: "Okonkwo", dateOfBirth: LocalDate("2023-05-05")),
        details: details.mapValues { .text($0) })
      let id = NotificationID.of(notice)
      try tx.insert(
        .notification, id: id,
        [
          "reference": .text("N-0000001D"), "kind": .text("domestic-abuse"), "hub_id": .text("north"),
          "received_at": .of(Timestamp.parse("2025-03-02T09:00:00Z")), "received_by": .text(sup),
          "given_name": .text("Chidi"), "family_name": .text("Okonkwo"),
          "date_of_birth": .of(LocalDate("2023-05-05")),
          "nhs_number": .null, "postcode": .text(""), "address": .text(""),
          "details": .text(notice.detailsJSON),
          "triage": .null, "triage_note": .text(""), "triaged_by": .null, "triaged_at": .null,
        ])
      _ = try tx.update(
        .notification, id: id,
        [
          "triage": .text(TriageDecision(.attached, target: Self.id("P-0000007D")).text),
          "triage_note": .text("Known to the hub"), "triaged_by": .text(sup),
          "triaged_at": .of(Timestamp.parse("2025-03-03T09:30:00Z")),
        ])
      let child = Self.id("P-0000008E")
      try tx.insert(
        .twoYearOffer, id: TwoYearOfferID.of(child: child, term: "2024-autumn"),
        [
          "person_id": .text(child), "family_id": .text(Self.id("F-0000005E")), "term": .text("2024-autumn"),
          "eligible": .of(true), "code": .text("TY00000001"), "listed_on": .of(LocalDate("2024-08-20")),
          "taken_up": .of(false), "setting": .text(""), "place_on": .null,
        ])
    }
  }
}
