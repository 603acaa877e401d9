import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore

@Suite("Match candidates")
struct MatchCandidatesTests {
  /// A store of a few families, with people who share a birthday or a
  /// postcode with those the tests look for, so the right one must win.
  struct Seeded {
    let fixture: StoreFixture
    /// Person references by "given family".
    var people: [String: Person] = [:]

    init() throws {
      fixture = try StoreFixture()
      try add(
        "Smith-Jones", "LS6 2AB", [("Olivia", "2024-03-07", "943 476 5919"), ("Laura", "1994-10-02", nil)])
      try add("Hall", "LS6 2AB", [("Oliver", "2024-03-07", nil), ("Amelia", "2024-07-03", nil)])
      try add("Nowak", "LS7 3BD", [("Łukasz", "2023-05-09", nil), ("Anna", "1990-05-09", nil)])
      try add("Mills", "BD7 1AA", [("Zoë", "2022-08-21", nil)])
      try add("Ní Bhriain", "LS8 1AA", [("Siobhán", "2023-01-30", nil)])
      try add("Taylor", "LS6 2AB", [("Jack", "2023-02-14", nil)])
      try add("Taylor", "BD7 1AA", [("Jack", "2023-02-14", nil)])
      try add("Shaw", "HD1 1AA", [("Ruby", "2022-06-01", nil)])
    }

    mutating func add(_ surname: String, _ postcode: String, _ members: [(String, String, String?)]) throws {
      let family = try fixture.family(name: surname, postcode: postcode)
      for (given, dob, nhs) in members {
        let person = try fixture.store.addPerson(
          familyReference: family.reference,
          PersonDraft(
            givenName: given, familyName: surname, dateOfBirth: dob, relationship: .child, nhsNumber: nhs),
          as: fixture.practitioner)
        // The second Jack Taylor is told apart by his family's postcode.
        people["\(given) \(surname)\(people["\(given) \(surname)"] == nil ? "" : " 2")"] = person
      }
    }

    func candidates(_ received: ReceivedPerson) throws -> [MatchCandidate] {
      try fixture.store.matchCandidates(for: received)
    }
  }

  static func day(_ text: String) -> LocalDate { LocalDate(text)! }

  @Test(
    "each slip still finds the right person first, likely or strong",
    arguments: [
      // An exact NHS number with a misspelt name.
      (
        ReceivedPerson(givenName: "Olivai", familyName: "Smyth", nhsNumber: "9434765919"),
        "Olivia Smith-Jones"
      ),
      // Day and month swapped.
      (
        ReceivedPerson(givenName: "Oliver", familyName: "Hall", dateOfBirth: day("2024-07-03")), "Oliver Hall"
      ),
      // One part of a double-barrelled surname.
      (
        ReceivedPerson(givenName: "Olivia", familyName: "Jones", dateOfBirth: day("2024-03-07")),
        "Olivia Smith-Jones"
      ),
      // Given and family names swapped.
      (
        ReceivedPerson(givenName: "Hall", familyName: "Oliver", dateOfBirth: day("2024-03-07")), "Oliver Hall"
      ),
      // Accents typed without them.
      (ReceivedPerson(givenName: "Zoe", familyName: "Mills", dateOfBirth: day("2022-08-21")), "Zoë Mills"),
      (
        ReceivedPerson(givenName: "Lukasz", familyName: "NOWAK", dateOfBirth: day("2023-05-09")),
        "Łukasz Nowak"
      ),
      (
        ReceivedPerson(givenName: "Siobhan", familyName: "Ni Bhriain", dateOfBirth: day("2023-01-30")),
        "Siobhán Ní Bhriain"
      ),
    ])
  func findsThePerson(received: ReceivedPerson, expected: String) throws {
    let seeded = try Seeded()
    let found = try seeded.candidates(received)
    let person = try #require(seeded.people[expected])
    let first = try #require(found.first)
    #expect(first.personID == person.meta.id, "\(found.map(\.known.givenName))")
    #expect(first.personReference == person.reference)
    #expect(first.score.strength >= .likely)
    #expect(first.familyReference.hasPrefix("F-"))
    #expect(first.hubID == "north")
    // Highest first, and every one offered has some evidence.
    #expect(found.map(\.score.score) == found.map(\.score.score).sorted(by: >))
    #expect(found.allSatisfy { $0.score.score > 0 })
  }

  @Test("the name, birthday and family postcode make a strong match a bulk import takes")
  func strongMatch() throws {
    let seeded = try Seeded()
    let found = try seeded.candidates(
      ReceivedPerson(
        givenName: "Oliver", familyName: "Hall", dateOfBirth: Self.day("2024-03-07"), postcode: "ls62ab"))
    #expect(found.first?.personID == seeded.people["Oliver Hall"]?.meta.id)
    #expect(found.first?.known.postcode == "LS6 2AB")
    #expect(found.first?.score.strength == .strong)
    #expect(PersonMatcher.decide(found.map(\.score)) == .matched(index: 0))
  }

  @Test("two children with one name and birthday at different postcodes both come back, and are ambiguous")
  func twins() throws {
    let seeded = try Seeded()
    let found = try seeded.candidates(
      ReceivedPerson(givenName: "Jack", familyName: "Taylor", dateOfBirth: Self.day("2023-02-14")))
    let jacks = [seeded.people["Jack Taylor"]!, seeded.people["Jack Taylor 2"]!]
    #expect(Set(found.prefix(2).map(\.personID)) == Set(jacks.map(\.meta.id)))
    #expect(found.prefix(2).allSatisfy { $0.score.strength == .likely })
    // Ties are broken by the person reference.
    #expect(found.prefix(2).map(\.personReference) == jacks.map(\.reference).sorted())
    #expect(PersonMatcher.decide(found.map(\.score)) == .ambiguous)
  }

  @Test("deleted people, and the people of deleted families, are not offered")
  func deletedPeople() throws {
    let seeded = try Seeded()
    let ruby = ReceivedPerson(
      givenName: "Ruby", familyName: "Shaw", dateOfBirth: Self.day("2022-06-01"), postcode: "HD1 1AA")
    let person = seeded.people["Ruby Shaw"]!
    #expect(try seeded.candidates(ruby).first?.personID == person.meta.id)
    try seeded.fixture.rawWrite("UPDATE person SET deleted = 1 WHERE id = ?", [person.meta.id])
    #expect(try seeded.candidates(ruby).isEmpty)

    let zoe = ReceivedPerson(givenName: "Zoë", familyName: "Mills", dateOfBirth: Self.day("2022-08-21"))
    let mills = seeded.people["Zoë Mills"]!
    #expect(try seeded.candidates(zoe).map(\.personID).contains(mills.meta.id))
    try seeded.fixture.rawWrite("UPDATE family SET deleted = 1 WHERE id = ?", [mills.familyID])
    #expect(try !seeded.candidates(zoe).map(\.personID).contains(mills.meta.id))
  }

  @Test("a name alone finds its people through the search index, as weak candidates")
  func nameAlone() throws {
    let seeded = try Seeded()
    let found = try seeded.candidates(ReceivedPerson(givenName: "ZOE", familyName: "mills"))
    #expect(found.map(\.personID) == [seeded.people["Zoë Mills"]!.meta.id])
    #expect(found.first?.score.strength == .weak)
    #expect(PersonMatcher.decide(found.map(\.score)) == .unmatched)
    #expect(try seeded.candidates(ReceivedPerson(givenName: "", familyName: "")).isEmpty)
    // One part of a double surname is found beside the given name.
    let olivia = try seeded.candidates(ReceivedPerson(givenName: "olivia", familyName: "JONES"))
    #expect(olivia.first?.personID == seeded.people["Olivia Smith-Jones"]!.meta.id)
    #expect(olivia.first?.score.fields == [.surnamePart])
    // A given name and a surname of two different people are not one person's name.
    let smiths = try seeded.fixture.family(name: "Smith", postcode: "WF1 1AA")
    for (given, surname) in [("Laura", "Smith"), ("Jack", "Brown")] {
      try seeded.fixture.store.addPerson(
        familyReference: smiths.reference,
        PersonDraft(givenName: given, familyName: surname, dateOfBirth: "1990-01-01", relationship: .carer),
        as: seeded.fixture.practitioner)
    }
    #expect(try seeded.candidates(ReceivedPerson(givenName: "Laura", familyName: "Brown")).isEmpty)
    #expect(try seeded.candidates(ReceivedPerson(givenName: "Jack", familyName: "Brown")).count == 1)
  }

  @Test("quotes and search operators in a received name are only letters to look for")
  func operatorsInNames() throws {
    let seeded = try Seeded()
    for (given, family) in [("\"*", "O'Brien (AND) -"), ("NEAR(", "Mills OR"), ("'", "-"), ("a:b", "\"\"")] {
      _ = try seeded.candidates(ReceivedPerson(givenName: given, familyName: family))
    }
    let quoted = try seeded.candidates(ReceivedPerson(givenName: "\"Zoe\"", familyName: "Mills*"))
    #expect(quoted.first?.personID == seeded.people["Zoë Mills"]!.meta.id)
  }

  @Test("a person new to the store is unmatched; the limit is kept")
  func newPerson() throws {
    let seeded = try Seeded()
    let found = try seeded.candidates(
      ReceivedPerson(
        givenName: "Piotr", familyName: "Kowalski", dateOfBirth: Self.day("2021-12-25"), postcode: "LS6 2AB"))
    // The families at the postcode are offered, each too weak to be the person.
    #expect(!found.isEmpty)
    #expect(found.allSatisfy { $0.score.fields == [.postcode] })
    #expect(PersonMatcher.decide(found.map(\.score)) == .unmatched)
    let one = try seeded.fixture.store.matchCandidates(
      for: ReceivedPerson(givenName: "Jack", familyName: "Taylor", dateOfBirth: Self.day("2023-02-14")),
      limit: 1)
    #expect(one.count == 1)
  }

  @Test("candidates are found through indexes, never by reading every person")
  func usesIndexes() throws {
    let seeded = try Seeded()
    let received = ReceivedPerson(
      givenName: "Olivia", familyName: "Smith-Jones", dateOfBirth: Self.day("2024-03-07"),
      nhsNumber: "9434765919",
      postcode: "LS6 2AB")
    let lookup = try #require(MatchLookup(received))
    let plan = try seeded.fixture.store.read { db in
      try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + lookup.sql, arguments: lookup.arguments)
        .map { $0["detail"] as String }
    }
    let scans = plan.map { $0.split(separator: " ").prefix(2).joined(separator: " ") }
    #expect(Set(scans).isDisjoint(with: ["SCAN person", "SCAN p", "SCAN family", "SCAN f"]), "\(plan)")
    for index in ["person_nhs_number", "person_date_of_birth", "family_postcode"] {
      #expect(plan.contains { $0.contains(index) }, "\(index) in \(plan)")
    }
  }
}
