import Foundation
import StartWellCore
import Testing

@Suite("FamilyDraft validation")
struct FamilyDraftTests {
  let config: Configuration
  init() throws { config = try realConfig() }

  @Test("a good draft is cleaned: trimmed name and address, normalised postcode")
  func cleans() throws {
    let draft = FamilyDraft(
      name: "  Smith / Khan ", address: " 1 Mill Lane\u{20}", postcode: "ls62ab", hubID: "north",
      sdfID: "north-hillfoot", consent: .given)
    let clean = try draft.validated(config: config)
    #expect(clean.name == "Smith / Khan")
    #expect(clean.address == "1 Mill Lane")
    #expect(clean.postcode == "LS6 2AB")
    #expect(clean.hubID == "north")
    #expect(clean.sdfID == "north-hillfoot")
    #expect(clean.consent == .given)
  }

  @Test("no SDF and no address are allowed")
  func optionalFields() throws {
    let clean = try FamilyDraft(name: "Jones", postcode: "M1 1AE", hubID: "central").validated(config: config)
    #expect(clean.sdfID == nil)
    #expect(clean.address == "")
  }

  @Test("every problem is reported at once")
  func multipleIssues() {
    let rules = brokenRules {
      _ = try FamilyDraft(name: "   ", postcode: "LS6", hubID: "nowhere").validated(config: config)
    }
    #expect(rules == ["name/required", "postcode/format", "hub/unknown"])
  }

  @Test(
    "each rule names its field",
    arguments: [
      (FamilyDraft(name: "", postcode: "LS6 2AB", hubID: "north"), "name/required"),
      (
        FamilyDraft(name: String(repeating: "a", count: 81), postcode: "LS6 2AB", hubID: "north"),
        "name/max-length"
      ),
      (FamilyDraft(name: "Smith\u{1B}[2J", postcode: "LS6 2AB", hubID: "north"), "name/control-character"),
      (FamilyDraft(name: "Smith\nKhan", postcode: "LS6 2AB", hubID: "north"), "name/control-character"),
      (
        FamilyDraft(
          name: "S", address: String(repeating: "a", count: 201), postcode: "LS6 2AB", hubID: "north"),
        "address/max-length"
      ),
      (
        FamilyDraft(name: "S", address: "1 Lane\u{7}", postcode: "LS6 2AB", hubID: "north"),
        "address/control-character"
      ),
      (FamilyDraft(name: "S", postcode: "", hubID: "north"), "postcode/required"),
      (FamilyDraft(name: "S", postcode: "   ", hubID: "north"), "postcode/required"),
      (FamilyDraft(name: "S", postcode: "12345", hubID: "north"), "postcode/format"),
      (FamilyDraft(name: "S", postcode: "LS6 2AB", hubID: "North"), "hub/unknown"),
      (FamilyDraft(name: "S", postcode: "LS6 2AB", hubID: "north", sdfID: "south-riverside"), "sdf/unknown"),
      (FamilyDraft(name: "S", postcode: "LS6 2AB", hubID: "north", sdfID: "nowhere"), "sdf/unknown"),
    ])
  func singleRule(draft: FamilyDraft, expected: String) {
    #expect(brokenRules { _ = try draft.validated(config: config) } == [expected])
  }

  @Test("names exactly at the limit are accepted")
  func limitBoundary() throws {
    let name = String(repeating: "a", count: Limits.name)
    #expect(
      try FamilyDraft(name: name, postcode: "LS6 2AB", hubID: "north").validated(config: config).name == name)
  }

  @Test("unknown hub and SDF messages list the known ids")
  func messagesListKnown() throws {
    let hubError = domainError {
      _ = try FamilyDraft(name: "S", postcode: "LS6 2AB", hubID: "x").validated(config: config)
    }
    let hubMessage = try #require(hubError?.issues.first?.message)
    for id in ["north", "south", "east", "west", "central"] { #expect(hubMessage.contains(id)) }

    let sdfError = domainError {
      _ = try FamilyDraft(name: "S", postcode: "LS6 2AB", hubID: "east", sdfID: "x").validated(config: config)
    }
    let sdfMessage = try #require(sdfError?.issues.first?.message)
    #expect(sdfMessage.contains("east-ashgrove") && sdfMessage.contains("east-canalside"))
    #expect(!sdfMessage.contains("north-moorside"))
  }
}

@Suite("PersonDraft validation")
struct PersonDraftTests {
  let today = date("2025-06-15")

  func person(
    dob: String, expected: Bool = false, relationship: Relationship = .child, nhs: String? = nil,
    given: String = "Amy", family: String = "Smith", language: String? = nil
  ) -> PersonDraft {
    PersonDraft(
      givenName: given, familyName: family, dateOfBirth: dob, expected: expected, relationship: relationship,
      nhsNumber: nhs, firstLanguage: language)
  }

  func rules(_ draft: PersonDraft) -> Set<String> {
    brokenRules { _ = try draft.validated(today: today) }
  }

  @Test("a valid child returns the parsed date and normalised NHS number")
  func valid() throws {
    let result = try person(dob: " 2023-02-28 ", nhs: "943 476 5919").validated(today: today)
    #expect(result.dob == date("2023-02-28"))
    #expect(result.nhs == "9434765919")
  }

  @Test("a blank NHS number counts as none")
  func blankNHS() throws {
    #expect(try person(dob: "2023-01-01", nhs: "   ").validated(today: today).nhs == nil)
    #expect(try person(dob: "2023-01-01", nhs: nil).validated(today: today).nhs == nil)
  }

  @Test("born today is fine; tomorrow is the future", arguments: [Relationship.child, .mother])
  func futureBirth(relationship: Relationship) throws {
    #expect(try person(dob: "2025-06-15", relationship: relationship).validated(today: today).dob == today)
    #expect(rules(person(dob: "2025-06-16", relationship: relationship)) == ["date of birth/future"])
  }

  @Test("the future-date message says how an unborn child is recorded, naming no command-line flag")
  func futureMessage() throws {
    let error = domainError { _ = try person(dob: "2025-09-01").validated(today: today) }
    let issue = try #require(error?.issues.first)
    #expect(issue.field == "date of birth")
    #expect(issue.rule == "future")
    #expect(issue.message.contains("recorded as expected"))
    #expect(!issue.message.contains("--"))
  }

  @Test("an expected child with a future due date is accepted")
  func expectedChild() throws {
    #expect(try person(dob: "2025-10-01", expected: true).validated(today: today).dob == date("2025-10-01"))
    // Up to 30 days overdue and up to 300 days ahead are both fine.
    #expect(try person(dob: "2025-05-16", expected: true).validated(today: today).dob == date("2025-05-16"))
    #expect(try person(dob: "2026-04-11", expected: true).validated(today: today).dob == date("2026-04-11"))
  }

  @Test("expected dates well past or too far ahead are refused")
  func expectedRange() {
    #expect(rules(person(dob: "2025-05-15", expected: true)) == ["date of birth/expected-past"])
    #expect(rules(person(dob: "2026-04-12", expected: true)) == ["date of birth/expected-too-far"])
  }

  @Test("only a child can be expected", arguments: [Relationship.mother, .father, .carer, .other])
  func expectedOnlyChild(relationship: Relationship) {
    #expect(
      rules(person(dob: "2025-10-01", expected: true, relationship: relationship)) == ["expected/child-only"])
  }

  @Test("more than 120 years ago is refused")
  func tooOld() throws {
    #expect(rules(person(dob: "1904-06-15", relationship: .other)) == ["date of birth/too-old"])
    #expect(
      try person(dob: "1904-06-16", relationship: .other).validated(today: today).dob == date("1904-06-16"))
  }

  @Test(
    "malformed or missing dates",
    arguments: [
      ("2023-02-29", "date of birth/format"),
      ("2024-2-3", "date of birth/format"),
      ("15/06/2020", "date of birth/format"),
      ("garbage", "date of birth/format"),
      ("", "date of birth/required"),
      ("   ", "date of birth/required"),
    ])
  func badDates(dob: String, expected: String) {
    #expect(rules(person(dob: dob)) == [expected])
  }

  @Test(
    "bad NHS numbers fail the check-digit rule",
    arguments: ["9434765918", "943476591", "94347659190", "NHS1234567"])
  func badNHS(nhs: String) throws {
    #expect(rules(person(dob: "2024-01-01", nhs: nhs)) == ["nhs number/check-digit"])
  }

  @Test(
    "name rules",
    arguments: [
      (
        PersonDraft(givenName: "", familyName: "Smith", dateOfBirth: "2024-01-01", relationship: .child),
        "given name/required"
      ),
      (
        PersonDraft(givenName: "Amy", familyName: " ", dateOfBirth: "2024-01-01", relationship: .child),
        "family name/required"
      ),
      (
        PersonDraft(
          givenName: "Amy\u{1B}", familyName: "Smith", dateOfBirth: "2024-01-01", relationship: .child),
        "given name/control-character"
      ),
      (
        PersonDraft(
          givenName: "Amy", familyName: String(repeating: "x", count: 81), dateOfBirth: "2024-01-01",
          relationship: .child), "family name/max-length"
      ),
      (
        PersonDraft(
          givenName: "Amy", familyName: "Smith", dateOfBirth: "2024-01-01", relationship: .child,
          firstLanguage: String(repeating: "x", count: 41)), "first language/max-length"
      ),
    ])
  func nameRules(draft: PersonDraft, expected: String) {
    #expect(rules(draft) == [expected])
  }

  @Test("all problems are reported together")
  func multipleIssues() {
    let draft = person(dob: "2025-13-01", expected: true, nhs: "123", given: "", family: "Sm\u{1B}ith")
    #expect(
      rules(draft) == [
        "given name/required", "family name/control-character", "date of birth/format",
        "nhs number/check-digit",
      ])
    let draft2 = person(dob: "2025-10-01", expected: true, relationship: .mother, nhs: "9434765910")
    #expect(rules(draft2) == ["expected/child-only", "nhs number/check-digit"])
  }

  @Test("'only a child can be expected' is reported even when the date is unreadable")
  func childOnlyWithBadDate() {
    #expect(
      rules(person(dob: "not a date", expected: true, relationship: .father)).contains(
        "expected/child-only"))
    #expect(rules(person(dob: "", expected: true, relationship: .mother)).contains("expected/child-only"))
  }
}
