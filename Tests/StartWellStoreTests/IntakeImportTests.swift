import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore

/// Importing files of notifications, the two-year eligibility list and
/// settings' rolls, in one store.
@Suite("Intake: imports")
struct IntakeImportTests {
  static func table(_ text: String, _ columns: IntakeColumns, name: String = "rows.csv") throws -> IntakeTable
  {
    try IntakeFile.read(Data(text.utf8), fileName: name, columns: columns)
  }

  /// Adds a child to a new family of the north hub.
  @discardableResult
  static func child(_ f: StoreFixture, _ given: String, _ family: String, _ dob: String, postcode: String)
    throws -> Person
  {
    let household = try f.family(name: family, postcode: postcode)
    return try f.store.addPerson(
      familyReference: household.reference,
      PersonDraft(givenName: given, familyName: family, dateOfBirth: dob, relationship: .child),
      as: f.practitioner)
  }

  /// Rows the matcher was not sure of are decided as a person would: each
  /// attached to the child named, which fills the offer as a match does.
  static func triageQueued(_ report: ImportReport, _ f: StoreFixture, children: [Person]) throws {
    for row in report.rows {
      guard case .ambiguous(let reference?, false) = row.outcome else { continue }
      let n = try f.store.notification(reference, as: f.practitioner)
      let child = try #require(children.first { $0.givenName == n.person.givenName })
      try f.store.triage(reference, .attach(personReference: child.reference), as: f.practitioner)
    }
  }

  static let eligibility = """
    given,family-name,dob,parent,postcode,code
    Amara,Okafor,2023-05-04,Ada Okafor,LS6 2AB,ELG-1001
    Ravi,Patel,2023-09-10,Priya Patel,LS7 1AA,ELG-1002
    Zofia,Nowak,2023-11-20,,LS8 3BB,ELG-1003
    Noor,Unknown,2023-01-15,,LS9 9ZZ,ELG-1004
    """

  static let roll = """
    Given,Family-Name,DOB,Postcode
    Ravi,Patel,2023-09-10,LS7 1AA
    Ella,Hughes,2023-07-01,LS9 4CC
    """

  @Test("the eligibility list then a roll give exactly the eligible children who took up no place")
  func eligibleNotTakenUp() throws {
    let f = try StoreFixture()
    let children = [
      try Self.child(f, "Amara", "Okafor", "2023-05-04", postcode: "LS6 2AB"),
      try Self.child(f, "Ravi", "Patel", "2023-09-10", postcode: "LS7 1AA"),
      try Self.child(f, "Zofia", "Nowak", "2023-11-20", postcode: "LS8 3BB"),
      // On a roll, but not on the eligibility list.
      try Self.child(f, "Ella", "Hughes", "2023-07-01", postcode: "LS9 4CC"),
    ]
    let listed = try f.store.importTwoYearList(
      Self.table(Self.eligibility, .eligibility), term: "2026-spring", as: f.practitioner)
    #expect(listed.term == "2026-spring")
    #expect(listed.refused == 0)
    #expect(listed.rows.map(\.line) == [2, 3, 4, 5])
    #expect(listed.rows.last?.outcome == .unmatched)
    try Self.triageQueued(listed, f, children: children)
    let roll = try f.store.importRoll(
      Self.table(Self.roll, .roll), setting: "Moorside Nursery", term: "2026-spring", as: f.practitioner)
    #expect(roll.refused == 0)
    try Self.triageQueued(roll, f, children: children)

    let waiting = try f.store.twoYearOffers(term: "2026-spring", notTakenUp: true, as: f.practitioner)
    #expect(waiting.rows.map(\.childReference) == [children[2].reference, children[0].reference])
    #expect(waiting.rows.map(\.code) == ["ELG-1003", "ELG-1001"])
    let all = try f.store.twoYearOffers(term: "2026-spring", as: f.practitioner).rows
    #expect(all.map(\.givenName) == ["Zofia", "Amara", "Ravi"])
    #expect(all.first { $0.givenName == "Ravi" }?.setting == "Moorside Nursery")
    #expect(try f.store.twoYearOffers(term: "2026-summer", as: f.practitioner).rows.isEmpty)
    #expect(try f.store.notifications(.untriaged, as: f.practitioner).isEmpty)
  }

  @Test("importing the same list again adds nothing")
  func reimport() throws {
    let f = try StoreFixture()
    try Self.child(f, "Amara", "Okafor", "2023-05-04", postcode: "LS6 2AB")
    try Self.child(f, "Ravi", "Patel", "2023-09-10", postcode: "LS7 1AA")
    let list = try Self.table(Self.eligibility, .eligibility)
    _ = try f.store.importTwoYearList(list, term: "2026-spring", as: f.practitioner)
    var before = try f.counts()
    let offers = try f.count("two_year_offer")
    let notifications = try f.count("notification")
    let again = try f.store.importTwoYearList(list, term: "2026-spring", as: f.practitioner)
    for row in again.rows {
      switch row.outcome {
      case .matched(_, alreadyRecorded: true), .ambiguous(_, alreadyHeld: true), .unmatched: break
      default: Issue.record("line \(row.line) changed something on a re-import: \(row.outcome)")
      }
    }
    var after = try f.counts()
    // The import itself is audited; nothing else is written.
    let audited = (after.removeValue(forKey: "audit") ?? 0) - (before.removeValue(forKey: "audit") ?? 0)
    #expect(audited == 1)
    #expect(after == before)
    #expect(try f.count("two_year_offer") == offers)
    #expect(try f.count("notification") == notifications)
  }

  static let notifications = #"""
    kind,given,family-name,dob,nhs,postcode,edd,criteria,midwife,concern,summary,practice
    antenatal,Ada,Okafor,1994-05-06,,LS6 2AB,2026-06-01,substance-misuse;homelessness,Jo Midwife,,,
    antenatal,Bea,Stone,2023-13-40,123,LS6 2AB,2026-06-01,,Jo Midwife,,,
    gp-early,Tobi,Okafor,2023-02-10,,LS6 2AB,,,,development,"Slow to talk, ""quiet""",Moor Surgery
    antenatal,Ada,Okafor,1994-05-06,,LS6 2AB,2026-06-01,substance-misuse;homelessness,Jo Midwife,,,
    gp-early,Cai,Lee,2022-01-01,,LS6 2AB,,,,parenting,"two
    lines",Moor Surgery
    bogus,Dee,Ray,2022-01-01,,,,,,,,
    gp-early,Eve,Ray,2022-01-01,,LS6 2AB,,,,housing,Rent arrears,Moor Surgery
    """#

  @Test("bad rows are reported by line and field, and good rows are applied only without a dry run")
  func badRows() throws {
    let f = try StoreFixture()
    let table = try Self.table(Self.notifications, .notifications(StoreFixture.config.intake, kind: nil))
    let dry = try f.store.importNotifications(table, kind: nil, dryRun: true, as: f.supervisor)
    #expect(try f.count("notification") == 0)
    #expect(dry.dryRun)
    let refused = dry.rows.compactMap { row -> (Int, Set<String>)? in
      guard case .refused(let issues) = row.outcome else { return nil }
      return (row.line, Set(issues.map(\.field)))
    }
    #expect(refused.map(\.0) == [3, 6, 8])
    #expect(refused.map(\.1) == [["dob", "nhs"], ["summary"], ["kind"]])
    #expect(
      dry.rows.map(\.outcome.name) == [
        "accepted", "refused", "accepted", "repeated", "refused", "refused", "accepted",
      ])
    #expect(dry.rows[3].outcome == .repeated(line: 2))

    let applied = try f.store.importNotifications(table, kind: nil, as: f.supervisor)
    #expect(applied.rows.map(\.outcome.name) == dry.rows.map(\.outcome.name))
    #expect(applied.refused == 3)
    #expect(try f.count("notification") == 3)
    guard case .accepted(let reference?) = applied.rows[0].outcome else {
      Issue.record("line 2 was not taken in: \(applied.rows[0].outcome)")
      return
    }
    let n = try f.store.notification(reference, as: f.supervisor)
    #expect(n.details["criteria"] == .list(["homelessness", "substance-misuse"]))
    #expect(
      try f.store.notification(applied.rows[2].reference!, as: f.supervisor).details["summary"]
        == .text("Slow to talk, \"quiet\""))

    let again = try f.store.importNotifications(table, kind: nil, as: f.supervisor)
    #expect(
      again.rows.map(\.outcome.name) == [
        "already-held", "refused", "already-held", "repeated", "refused", "refused", "already-held",
      ])
    #expect(again.rows[0].outcome == .alreadyHeld(reference: reference))
    #expect(try f.count("notification") == 3)
  }

  @Test("each import is one audit event with its kind and counts, and no one's details")
  func audited() throws {
    let f = try StoreFixture()
    let table = try Self.table(Self.notifications, .notifications(StoreFixture.config.intake, kind: nil))
    _ = try f.store.importNotifications(table, kind: nil, dryRun: true, as: f.supervisor)
    _ = try f.store.importNotifications(table, kind: nil, as: f.supervisor)
    let details = try f.store.read {
      try String.fetchAll($0, sql: "SELECT detail FROM audit WHERE action = 'import' ORDER BY seq")
    }
    #expect(details.count == 2)
    #expect(details.allSatisfy { $0.hasPrefix("notifications import (antenatal, gp-early) of 7 rows: ") })
    #expect(details[1].contains("3 accepted, 0 already held, 1 repeated, 3 refused"))
    #expect(details[0].hasSuffix("a dry run, nothing applied"))
    for word in ["Okafor", "Ada", "rows.csv", "1994"] {
      #expect(!details.contains { $0.contains(word) }, "the audit names \(word)")
    }
  }

  @Test("two children of one name and birthday in different postcodes are queued, not matched")
  func ambiguous() throws {
    let f = try StoreFixture()
    try Self.child(f, "Amara", "Okafor", "2023-05-04", postcode: "LS6 2AB")
    try Self.child(f, "Amara", "Okafor", "2023-05-04", postcode: "LS7 3CD")
    let list = try Self.table(
      "given,family-name,dob,postcode,code\nAmara,Okafor,2023-05-04,LS6 2AB,ELG-9\n", .eligibility)
    let report = try f.store.importTwoYearList(list, term: "2026-spring", as: f.practitioner)
    guard case .ambiguous(let reference?, alreadyHeld: false) = report.rows.first?.outcome else {
      Issue.record("not queued: \(report.rows)")
      return
    }
    #expect(try f.count("two_year_offer") == 0)
    let queued = try f.store.notifications(.untriaged, as: f.practitioner)
    #expect(queued.map(\.notification.reference) == [reference])
    #expect(queued.first?.notification.kind == .twoYearEligibility)
    #expect(queued.first?.notification.details["code"] == .text("ELG-9"))
    #expect(queued.first?.notification.details["term"] == .text("2026-spring"))
  }

  @Test("a strong match alone fills the child's offer; beside a likely one, a person chooses")
  func placement() throws {
    let f = try StoreFixture()
    let amara = try Self.child(f, "Amara", "Okafor", "2023-05-04", postcode: "LS6 2AB")
    let family = try f.store.read {
      try String.fetchOne($0, sql: "SELECT reference FROM family WHERE id = ?", arguments: [amara.familyID])!
    }
    func candidate(_ strength: MatchStrength, score: Int) -> MatchCandidate {
      MatchCandidate(
        personID: amara.meta.id, personReference: amara.reference, familyID: amara.familyID,
        familyReference: family, hubID: "north",
        known: ReceivedPerson(givenName: "Amara", familyName: "Okafor"),
        score: MatchScore(score: score, fields: [.name, .dateOfBirth], strength: strength))
    }
    let row = IntakeRow(
      line: 2, cells: ["given": "Amara", "family-name": "Okafor", "dob": "2023-05-04", "code": "ELG-1"])
    let draft = NotificationDraft.twoYearEligibility(row, term: "2026-spring", hubID: nil)
    func place(_ candidates: [MatchCandidate], dryRun: Bool = false) throws -> ImportRowReport.Outcome {
      try f.store.write(as: f.practitioner) { tx in
        let pass = ImportPass(tx, kind: .eligibility, dryRun: dryRun)
        return try pass.place(try f.store.checkTakeIn(draft, as: f.practitioner), among: candidates)
      }
    }
    #expect(
      try place([candidate(.strong, score: 95)], dryRun: true)
        == .matched(personReference: amara.reference, alreadyRecorded: false))
    #expect(try f.count("two_year_offer") == 0)
    #expect(
      try place([candidate(.strong, score: 95)])
        == .matched(personReference: amara.reference, alreadyRecorded: false))
    #expect(
      try place([candidate(.strong, score: 95)])
        == .matched(personReference: amara.reference, alreadyRecorded: true))
    let offer = try f.store.twoYearOffers(term: "2026-spring", as: f.practitioner).rows
    #expect(offer.map(\.childReference) == [amara.reference])
    #expect(offer.first?.code == "ELG-1" && offer.first?.takenUp == false)

    let two = try place([candidate(.strong, score: 95), candidate(.likely, score: 70)])
    guard case .ambiguous(_?, alreadyHeld: false) = two else {
      Issue.record("a strong match beside a likely one was not queued: \(two)")
      return
    }
    #expect(
      try place([candidate(.likely, score: 70)]) == .ambiguous(reference: two.reference, alreadyHeld: true))
    #expect(try place([candidate(.weak, score: 10)]) == .unmatched)
    #expect(try place([]) == .unmatched)
  }

  @Test("an unknown term, and a file with an unknown or missing column, are refused as a whole")
  func wholeFile() throws {
    let f = try StoreFixture()
    let list = try Self.table(Self.eligibility, .eligibility)
    #expect(throws: DomainError.self) {
      try f.store.importTwoYearList(list, term: "2031-autumn", as: f.practitioner)
    }
    do {
      _ = try Self.table("given,family-name,dob,colour,code\n", .eligibility)
      Issue.record("an unknown column was accepted")
    } catch let error as DomainError {
      #expect(error.description.contains("column 'colour' is not one of given, family-name, dob"))
    }
    do {
      _ = try Self.table("given,family-name,code\n", .eligibility)
      Issue.record("a missing column was accepted")
    } catch let error as DomainError {
      #expect(error.description == "file: has no 'dob' column")
    }
  }
}

extension ImportRowReport {
  /// The reference an outcome names, if any.
  var reference: String? { outcome.reference }
}

extension ImportRowReport.Outcome {
  var reference: String? {
    switch self {
    case .accepted(let r): r
    case .alreadyHeld(let r): r
    case .matched(let r, _): r
    case .ambiguous(let r, _): r
    default: nil
    }
  }
}
