import Foundation
import StartWellCore
import Testing

@testable import StartWellStore

@Suite("Family search")
struct SearchTests {
  func seeded() throws -> (StoreFixture, Family) {
    let f = try StoreFixture()
    let family = try f.family(name: "Ødegaard", postcode: "LS6 2AB")
    try f.store.addPerson(
      familyReference: family.reference,
      PersonDraft(
        givenName: "Zoë", familyName: "Ødegaard", dateOfBirth: "2022-03-04", relationship: .child,
        nhsNumber: "943 476 5919"), as: f.practitioner)
    try f.family(name: "Smith", postcode: "M1 1AE")
    return (f, family)
  }

  @Test(arguments: [
    "ode", "Ødeg", "zoe", "ZO", "LS6", "ls6 2a", "9434765919", "943 476", "2022-03-04", "04/03/2022",
  ])
  func findsByTypedPrefix(_ typed: String) throws {
    let (f, family) = try seeded()
    let rows = try f.store.families(FamilyQuery(text: typed), for: f.practitioner)
    #expect(rows.map(\.reference) == [family.reference], "query \(typed)")
  }

  @Test func findsByReferenceWithOrWithoutPrefix() throws {
    let (f, family) = try seeded()
    let body = String(family.reference.dropFirst(2))
    #expect(
      try f.store.families(FamilyQuery(text: family.reference), for: f.practitioner).map(\.id) == [
        family.meta.id
      ])
    #expect(
      try f.store.families(FamilyQuery(text: String(body.prefix(4))), for: f.practitioner).map(\.id).contains(
        family.meta.id))
  }

  @Test func operatorsTypedByAPersonAreHarmless() throws {
    let (f, _) = try seeded()
    for typed in ["\"", "smith OR", "NEAR(", "*", "-", "a:b"] {
      _ = try f.store.families(FamilyQuery(text: typed), for: f.practitioner)
    }
  }

  @Test func pagingNeverRepeatsOrSkips() throws {
    let f = try StoreFixture()
    for i in 0..<25 { try f.family(name: "Family \(i % 5)") }
    var seen: [String] = []
    for page in 0..<5 {
      seen += try f.store.families(FamilyQuery(limit: 5, offset: page * 5), for: f.practitioner).map(\.id)
    }
    #expect(seen.count == 25)
    #expect(Set(seen).count == 25)
  }
}

@Suite("Family list at scale")
struct FamilyListShapeTests {
  @Test func oneLetterListsHouseholdsStartingWithIt() throws {
    let f = try StoreFixture()
    for name in ["Kahn", "Abbott", "kelly", "Nowak", "Kowalski"] { try f.family(name: name) }
    let rows = try f.store.families(FamilyQuery(text: "k"), for: f.practitioner)
    #expect(rows.map(\.name) == ["Kahn", "kelly", "Kowalski"])
    #expect(try f.store.familyCount(FamilyQuery(text: "k"), for: f.practitioner) == 3)
  }

  @Test func sortingByRiskAndLeadStillPagesThroughEveryone() throws {
    let f = try StoreFixture()
    for i in 0..<12 { try f.family(name: "Family \(i)") }
    for sort in FamilyQuery.Sort.allCases {
      var seen: [String] = []
      for page in 0..<3 {
        seen += try f.store.families(FamilyQuery(sort: sort, limit: 5, offset: page * 5), for: f.practitioner)
          .map(\.id)
      }
      #expect(Set(seen).count == 12, "sort \(sort)")
    }
  }

  @Test func aContactLeavesTheSearchRowAlone() throws {
    let f = try StoreFixture()
    let family = try f.family(name: "Steady")
    let before = try f.store.read { try Int64.fetchOne($0, sql: "SELECT COUNT(*) FROM family_search_data")! }
    _ = try f.store.logContact(
      familyID: family.meta.id, ContactDraft(type: "phone", at: StoreFixture.fixedNow, summary: "Call"),
      as: f.practitioner)
    let after = try f.store.read { try Int64.fetchOne($0, sql: "SELECT COUNT(*) FROM family_search_data")! }
    #expect(after == before)
    #expect(
      try f.store.families(FamilyQuery(text: "stead"), for: f.practitioner).map(\.id) == [family.meta.id])
  }
}

extension SearchTests {
  /// Stored and typed forms of one name, in different Unicode forms: each is
  /// found by the other, because the index and the query share one fold.
  @Test(arguments: [
    ("\u{1112}\u{1161}\u{11AB}\u{1100}\u{116E}\u{11A8}", "한국"),  // Korean stored as NFD jamo, typed NFC
    ("한국", "\u{1112}\u{1161}\u{11AB}"),  // and the other way round
    ("\u{FF94}\u{FF8F}\u{FF80}\u{FF9E}", "ヤマダ"),  // halfwidth katakana with dakuten, typed fullwidth
    ("ヤマダ", "\u{FF94}\u{FF8F}"),
    ("\u{FB01}onn", "fionn"),  // ﬁ ligature
    ("Fionn", "\u{FB01}o"),
    ("Nguye\u{302}\u{303}n", "Nguyễn"),  // Vietnamese stored NFD, typed NFC
    ("Nguyễn", "nguye\u{302}\u{303}"),
    ("ＡＢＣ Ltd", "abc"),  // fullwidth Latin, any case
  ])
  func storedAndTypedFormsMeet(_ stored: String, _ typed: String) throws {
    let f = try StoreFixture()
    let family = try f.family(name: stored, postcode: "LS6 2AB")
    try f.family(name: "Smith", postcode: "M1 1AE")
    let rows = try f.store.families(FamilyQuery(text: typed), for: f.practitioner)
    #expect(rows.map(\.reference) == [family.reference], "\(stored) by \(typed)")
  }

  /// A double surname typed with its hyphen is found as the name, alone or
  /// with a postcode, as well as a reference typed with its dash.
  @Test(arguments: ["Al-Hassan", "al-hass", "Al-Hassan LS6 2AB", "LS6 2AB Al-Hassan"])
  func aHyphenatedSurnameIsFoundAsTyped(_ typed: String) throws {
    let f = try StoreFixture()
    let family = try f.family(name: "Al-Hassan", postcode: "LS6 2AB")
    try f.family(name: "Hassan", postcode: "M1 1AE")
    let rows = try f.store.families(FamilyQuery(text: typed), for: f.practitioner)
    #expect(rows.map(\.reference) == [family.reference], "by \(typed)")
    let byReference = try f.store.families(FamilyQuery(text: family.reference), for: f.practitioner)
    #expect(byReference.map(\.reference) == [family.reference])
  }

  @Test func queryAndIndexShareOneFold() {
    #expect(SearchText.fold("\u{1112}\u{1161}\u{11AB}") == SearchText.fold("한"))
    #expect(SearchText.fold("\u{FF80}\u{FF9E}") == "ダ")
    #expect(SearchText.fold("Ødegaard") == "Odegaard")
    #expect(SearchText.ftsQuery("\u{FB01}") == "\"fi\"*")
  }

  /// Names indexed before the fold existed are folded by the migration.
  @Test func migrationFoldsNamesIndexedBefore() throws {
    let f = try StoreFixture()
    let family = try f.family(name: "한국", postcode: "LS6 2AB")
    try f.store.writer.write {
      try $0.execute(
        sql: "UPDATE family_search SET names = ?",
        arguments: ["\u{1112}\u{1161}\u{11AB}\u{1100}\u{116E}\u{11A8}"])
    }
    #expect(try f.store.families(FamilyQuery(text: "한국"), for: f.practitioner).isEmpty)
    try f.store.writer.write { try Schema.refoldSearchNames($0) }
    #expect(
      try f.store.families(FamilyQuery(text: "한국"), for: f.practitioner).map(\.reference) == [
        family.reference
      ])
  }
}
