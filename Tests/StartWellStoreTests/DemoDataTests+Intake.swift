import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore

/// The demo's intake: notifications of every kind, triaged and waiting,
/// some typed a little wrong; the two-year offer over recent terms; and
/// the sample files a person can import.
extension DemoDataTests {
  @Test func intakeRecordsOfEveryKindAreTriagedOrWaitingAndCount() throws {
    let store = DemoFixture.shared.store
    for kind in NotificationKind.partners {
      #expect(
        try DemoFixture.count(
          store, "SELECT COUNT(*) FROM notification WHERE kind = '\(kind.rawValue)' AND triage IS NOT NULL")
          > 0,
        "no \(kind.rawValue) notification triaged")
      #expect(
        try DemoFixture.count(
          store, "SELECT COUNT(*) FROM notification WHERE kind = '\(kind.rawValue)' AND triage IS NULL") > 0,
        "no \(kind.rawValue) notification waiting")
    }
    #expect(
      try DemoFixture.count(
        store, "SELECT COUNT(*) FROM notification WHERE kind = 'two-year-eligibility' AND triage IS NULL") > 0
    )
    // The queue: some past their target, some not.
    var overdue = 0
    var within = 0
    for supervisor in try store.users().filter({ $0.role == .supervisor }) {
      let user = try store.authenticate(username: supervisor.username, password: "demo")
      let ages = try store.untriagedAges(as: user)
      overdue += ages.overdue
      within += ages.withinTarget + ages.dueToday
    }
    #expect(overdue > 0)
    #expect(within > 0)
    // Two-year offers over recent terms, taken up and not.
    #expect(try DemoFixture.count(store, "SELECT COUNT(DISTINCT term) FROM two_year_offer") > 1)
    #expect(
      try DemoFixture.count(store, "SELECT COUNT(*) FROM two_year_offer WHERE eligible = 1 AND taken_up = 1")
        > 0)
    #expect(
      try DemoFixture.count(store, "SELECT COUNT(*) FROM two_year_offer WHERE eligible = 1 AND taken_up = 0")
        > 0)
    // The factors come from records now, not from flags.
    #expect(
      try DemoFixture.count(
        store,
        """
        SELECT COUNT(*) FROM person WHERE flags LIKE '%"domestic-abuse"%' OR flags LIKE '%"antenatal-high-risk"%'
          OR flags LIKE '%"two-year-offer-not-taken"%'
        """) == 0)
    let today = store.today.dayNumber
    #expect(try DemoFixture.count(store, "SELECT COUNT(*) FROM family WHERE antenatal_until >= \(today)") > 0)
    #expect(
      try DemoFixture.count(store, "SELECT COUNT(*) FROM family WHERE domestic_abuse_until >= \(today)") > 0)
    // Incidents long enough ago that their factor has lapsed.
    #expect(
      try DemoFixture.count(store, "SELECT COUNT(*) FROM family WHERE domestic_abuse_until < \(today)") > 0)
    let raised = try store.read { db in
      try String.fetchAll(db, sql: "SELECT DISTINCT family_id FROM two_year_offer WHERE taken_up = 0").filter
      {
        let facts = try RiskFacts.load(db, familyID: $0, config: store.config)
        return RiskScorer.assess(facts, today: store.today, config: store.config).reasons
          .contains { $0.factorID == RiskFactors.twoYearOfferID }
      }
    }
    #expect(!raised.isEmpty)
  }

  @Test func noIncidentFollowsTheDayItsNotificationWasReceived() throws {
    let later = try DemoFixture.count(
      DemoFixture.shared.store,
      """
      SELECT COUNT(*) FROM notification WHERE kind = 'domestic-abuse'
        AND json_extract(details, '$."incident-date"') > substr(received_at, 1, 10)
      """)
    #expect(later == 0)
  }

  @Test func everyNotificationIsHeldUnderTheIdItsContentMakesAndLandsOnAPersonHeld() throws {
    let store = DemoFixture.shared.store
    try store.read { db in
      let rows = try Row.fetchAll(db, sql: "SELECT \(Notification.columns) FROM notification n")
      #expect(rows.count > 20)
      for row in rows {
        let n = Notification(row: row)
        let checked = CheckedNotification(kind: n.kind, hubID: n.hubID, person: n.person, details: n.details)
        #expect(NotificationID.of(checked) == n.id, "\(n.reference)")
        #expect(n.reference.hasPrefix("N-") && n.reference.count == 10)
        if n.triage == nil {
          #expect(n.personID == nil)
        } else {
          let person = try #require(n.personID)
          #expect(
            try Bool.fetchOne(
              db, sql: "SELECT EXISTS(SELECT 1 FROM person WHERE id = ?)", arguments: [person]) == true)
          #expect(n.triagedAt.map { $0 > n.receivedAt && $0 < DemoFixture.now } == true)
          // Triaged by someone who sees the kind.
          let role = try String.fetchOne(
            db, sql: "SELECT role FROM users WHERE id = ?", arguments: [n.triagedBy])
          #expect(role.flatMap(Role.init).map { store.config.intake.visible(n.kind, to: $0) } == true)
        }
      }
    }
  }

  @Test func waitingNotificationsHoldNearDuplicatesAndTypingErrorsOfHeldPeople() throws {
    let store = DemoFixture.shared.store
    let (people, waiting) = try store.read { db in
      (
        try Row.fetchAll(
          db, sql: "SELECT given_name, family_name, date_of_birth FROM person WHERE expected = 0"),
        try Row.fetchAll(
          db,
          sql:
            "SELECT id, given_name, family_name, date_of_birth, details FROM notification WHERE triage IS NULL"
        )
      )
    }
    let held = Set(
      people.map {
        "\($0["given_name"] as String)|\($0["family_name"] as String)|\($0["date_of_birth"] as String)"
      })
    var typed = 0
    for n in waiting {
      let key =
        "\(n["given_name"] as String)|\(n["family_name"] as String)|\(n["date_of_birth"] as String? ?? "")"
      if !held.contains(key) { typed += 1 }
    }
    // Most waiting notifications are about people held, many typed a little wrong.
    #expect(typed > 5)
    #expect(typed < waiting.count)
    // Near-duplicates: the same notification (the same kind's fields) twice, the person typed differently.
    let copies = Dictionary(grouping: waiting, by: { $0["details"] as String }).values.filter { $0.count > 1 }
    #expect(!copies.isEmpty)
  }

  @Test(arguments: DemoTypo.allCases)
  func eachTypingErrorChangesWhatItSays(_ typo: DemoTypo) throws {
    let person = DemoReceived(
      given: "Zoë", surname: "Smith-Jones", dob: LocalDate("2023-05-04")!.dayNumber)
    #expect(person.applies(typo))
    var rng = DemoRandom(seed: 3)
    var found: DemoReceived?
    for _ in 0..<50 {
      let (typed, kind) = person.withTypo(&rng)
      if kind == typo {
        found = typed
        break
      }
    }
    let typed = try #require(found)
    switch typo {
    case .misspelt:
      #expect(typed.given == "Zoë" && typed.surname != "Smith-Jones" && typed.dob == person.dob)
    case .dayMonthSwapped: #expect(typed.dob == LocalDate("2023-04-05")!.dayNumber)
    case .surnamePart: #expect(["Smith", "Jones"].contains(typed.surname))
    case .accentsDropped: #expect(typed.given == "Zoe" && typed.surname == "Smith-Jones")
    case .namesSwapped: #expect(typed.given == "Smith-Jones" && typed.surname == "Zoë")
    }
  }

  @Test func sampleFilesHoldRowsToImportAndNoPersonalDataInTheirNames() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "demo-intake-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try DemoFixture.store()
    let summary = try DemoData.load(into: store, families: 600, seed: 7, samples: folder, progress: nil)
    #expect(summary.samples == folder)
    #expect(summary.notifications > 0 && summary.twoYearOffers > 0)
    let files = try FileManager.default.subpathsOfDirectory(atPath: folder.path).filter {
      $0.hasSuffix(".csv")
    }
    #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("README.txt").path))
    // Named by hub, kind, term and setting only: never by a person.
    let names = Set(
      try DemoFixture.strings(store, "SELECT given_name FROM person UNION SELECT family_name FROM person")
        .filter { $0.count > 3 }.map { $0.lowercased() })
    for file in files {
      let parts = file.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
      #expect(
        parts.allSatisfy {
          !names.contains($0) || ["north", "south", "east", "west", "central"].contains($0)
        }, "\(file)")
    }
    let term = try #require(store.config.terms.term(containing: store.today))
    for hub in store.config.hubs.map(\.id) {
      #expect(files.contains("\(hub)/twos-\(term.name).csv"), "\(hub) has no eligibility list")
      #expect(files.contains { $0.hasPrefix("\(hub)/roll-") }, "\(hub) has no roll")
    }
    for kind in NotificationKind.partners {
      #expect(
        files.contains { $0.hasSuffix("notifications-\(kind.rawValue).csv") }, "no \(kind.rawValue) file")
    }

    // Each notification file reads as `notify import` reads it; one row in
    // each is already held, and a bad row is refused naming its field.
    var held = 0
    var refused: [String] = []
    for file in files where file.contains("/notifications-") {
      let hub = String(file.split(separator: "/")[0])
      let rows = try SampleCSV.read(folder.appendingPathComponent(file))
      let header = try #require(rows.first)
      let first = try #require(rows.dropFirst().first)
      let kind = try #require(NotificationKind(rawValue: first[0]))
      let kindConfig = try #require(store.config.intake.kind(kind))
      #expect(header == DemoSamples.notificationHeader(kindConfig))
      for row in rows.dropFirst() {
        let cells = Dictionary(uniqueKeysWithValues: zip(header, row))
        var details: [String: String] = [:]
        for field in header.dropFirst(7) where !(cells[field] ?? "").isEmpty {
          details[field] = cells[field]!.replacingOccurrences(of: ";", with: ",")
        }
        let draft = NotificationDraft(
          kind: kind, givenName: cells["given"]!, familyName: cells["family-name"]!,
          dateOfBirth: cells["dob"]!,
          nhsNumber: cells["nhs"]!, postcode: cells["postcode"]!, address: cells["address"]!, details: details
        )
        do {
          let checked = try draft.validated(config: store.config, hubs: [hub], today: store.today)
          let id = NotificationID.of(checked)
          if try DemoFixture.count(store, "SELECT COUNT(*) FROM notification WHERE id = '\(id)'") == 1 {
            held += 1
          }
        } catch let error as DomainError {
          refused += error.issues.map(\.field)
        }
      }
    }
    #expect(held >= 3)
    #expect(refused.contains("incident-date"))
    #expect(Set(refused) == ["incident-date"])

    let twos = try SampleCSV.read(folder.appendingPathComponent(files.first { $0.contains("/twos-") }!))
    #expect(twos.first == DemoSamples.twosHeader)
    #expect(twos.count > 2)
    let roll = try SampleCSV.read(folder.appendingPathComponent(files.first { $0.contains("/roll-") }!))
    #expect(roll.first == DemoSamples.rollHeader)
  }
}

/// Reads the sample files back: RFC 4180, as `DemoSamples.csv` writes them.
enum SampleCSV {
  static func read(_ url: URL) throws -> [[String]] {
    let text = try String(contentsOf: url, encoding: .utf8)
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var chars = Array(text)
    chars.append("\n")
    var i = 0
    while i < chars.count {
      let c = chars[i]
      if quoted {
        if c == "\"" {
          if i + 1 < chars.count, chars[i + 1] == "\"" {
            field.append("\"")
            i += 1
          } else {
            quoted = false
          }
        } else {
          field.append(c)
        }
      } else if c == "\"" {
        quoted = true
      } else if c == "," {
        row.append(field)
        field = ""
      } else if c == "\r\n" || c == "\n" {
        row.append(field)
        if row != [""] { rows.append(row) }
        row = []
        field = ""
      } else {
        field.append(c)
      }
      i += 1
    }
    return rows
  }
}
