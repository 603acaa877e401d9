import Foundation
import StartWellCore
import StartWellStore
import TerminalUI
import Testing

@testable import StartWellApp

/// The forms that steer an existing family: its case, household and people,
/// and a contact entered in error. Each is driven key by key, saved through
/// the store, refused with a clear message, and not offered to a role that
/// may not use it.
@Suite struct CaseworkFormTests {
  static let newKeys: [Action] = [
    .closeCase, .reopenCase, .changeLead, .setReview, .editFamily, .moveFamily, .editPerson, .recordBirth,
    .contactInError,
  ]

  func family(_ fx: Fixture, _ reference: String) throws -> FamilyDetail {
    try fx.store.openFamily(reference: reference, as: fx.practitioner)
  }

  /// No message a person sees carries a library's raw text.
  func expectPlain(_ text: String?, sourceLocation: SourceLocation = #_sourceLocation) {
    for raw in ["SQLite", "GRDB", "NSError", "Foundation"] {
      #expect(text?.contains(raw) != true, "raw error text in \(text ?? "")", sourceLocation: sourceLocation)
    }
  }

  @Test func aCaseIsClosedWithAReasonAndReopened() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Nguyen")
    h.press(.character("X"))
    #expect(h.state.route == .form)
    h.type("done")
    h.press(.ctrl("o"))
    #expect(h.state.form?.issues["reason"]?.contains("a few words") == true)
    #expect(try family(fx, "F-0000003C").openCase?.status == .open)
    h.press(.ctrl("u"))
    h.type("Family moved out of the area")
    h.press(.ctrl("o"))
    #expect(h.state.route == .family)
    #expect(h.state.message?.text == "F-0000003C's case closed.")
    let closed = try #require(try family(fx, "F-0000003C").openCase)
    #expect(closed.status == .closed)
    #expect(closed.closureReason == "Family moved out of the area")
    #expect(contains(h.screen, "case closed"))

    // A closed case cannot be closed again; it can be reopened.
    h.press(.character("X"))
    #expect(h.state.route == .family)
    #expect(h.state.message?.text.contains("no open case") == true)
    h.press(.character("O"))
    h.type("They came back to Leeds")
    h.press(.ctrl("o"))
    #expect(h.state.route == .family)
    #expect(try family(fx, "F-0000003C").openCase?.status == .open)
  }

  @Test func closingACaseAwaitingADecisionIsRefusedInTheForm() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("X"))
    h.type("Work with the family is finished")
    h.press(.ctrl("o"))
    #expect(h.state.route == .form)
    #expect(h.state.form?.error?.contains("awaiting a decision") == true)
    #expect(h.state.message?.isError == true)
    expectPlain(h.state.form?.error)
    #expect(try family(fx, "F-0000001A").openCase?.status == .open)
  }

  @Test func theLeadIsChosenFromColleaguesInTheHub() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("l"))
    let form = try #require(h.state.form)
    #expect(form.choice("lead") == "practitioner1")
    // The south practitioner and the admin may not lead a north family.
    guard case .choice(let options, _)? = form.fields.first?.kind else {
      Issue.record("expected a choice of leads")
      return
    }
    #expect(options.map(\.id) == ["practitioner1", "supervisor1"])
    // Choosing the same lead is refused by the store, in words.
    h.press(.ctrl("o"))
    #expect(h.state.form?.error?.contains("already leads") == true)
    h.press(.character(" "), .ctrl("o"))
    #expect(h.state.route == .family)
    #expect(try family(fx, "F-0000001A").openCase?.leadUserID == fx.supervisor.id)
  }

  @Test func theNextReviewIsSetForTodayOrLater() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("v"))
    #expect(h.state.form?.text("review") == "2025-04-01")
    h.press(.ctrl("u"))
    h.type("2025-02-01")
    h.press(.ctrl("o"))
    #expect(h.state.form?.issues["review"]?.contains("in the past") == true)
    h.press(.ctrl("u"))
    h.type("2025-05-02")
    h.press(.ctrl("o"))
    #expect(h.state.route == .family)
    #expect(try family(fx, "F-0000001A").openCase?.nextReview == LocalDate("2025-05-02"))
    #expect(contains(h.screen, "Next review: 2025-05-02"))
  }

  @Test func theFamilysDetailsAreEditedAndABadPostcodeRefused() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("f"))
    #expect(h.state.form?.text("address") == "12 Mill Lane")
    #expect(h.state.form?.isDirty == false)
    h.press(.ctrl("o"))
    #expect(h.state.form?.error == "Nothing has changed.")
    h.press(.ctrl("u"))
    h.type("14 Mill Lane")
    h.press(.tab, .ctrl("u"))
    h.type("nowhere")
    h.press(.ctrl("o"))
    #expect(h.state.form?.issues["postcode"]?.contains("not a UK postcode") == true)
    #expect(try family(fx, "F-0000001A").family.address == "12 Mill Lane")
    h.press(.ctrl("u"))
    h.type("ls6 3ab")
    h.press(.tab, .character(" "), .ctrl("o"))
    #expect(h.state.route == .family)
    let saved = try family(fx, "F-0000001A").family
    #expect(saved.address == "14 Mill Lane")
    #expect(saved.postcode == "LS6 3AB")
    #expect(saved.sdfID == "north-hillfoot")
  }

  @Test func aFamilyMovedOutOfTheUsersHubsLeavesTheirScreen() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Nguyen")
    h.press(.character("m"))
    #expect(h.state.form?.choice("hub") == "south")
    h.press(.tab, .character(" "), .tab)  // SDF: the first of south's
    h.type("moving")
    h.press(.ctrl("o"))
    #expect(h.state.form?.issues["reason"]?.contains("a few words") == true)
    h.press(.ctrl("u"))
    h.type("Rehoused in the south of the city")
    h.press(.ctrl("o"))
    #expect(h.state.route == .families)
    #expect(h.state.message?.text.contains("moved to South Start Well Hub") == true)
    let moved = try fx.store.openFamily(reference: "F-0000003C", as: fx.southPractitioner)
    #expect(moved.family.hubID == "south")
    #expect(moved.family.sdfID == "south-riverside")
    #expect(moved.openCase?.flaggedForHuddle == true)
  }

  @Test func aPersonIsEditedAndOnlyWhatChangedIsSaved() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("P"))
    #expect(h.state.form?.choice("person") == "P-0000002A")
    h.press(.right, .right)  // Leo, whose details fill the form
    #expect(h.state.form?.text("given name") == "Leo")
    #expect(h.state.form?.flag("send") == true)
    h.press(.ctrl("o"))
    #expect(h.state.form?.error == "Nothing has changed.")
    h.press(.tab, .ctrl("u"))
    h.press(.ctrl("o"))
    #expect(h.state.form?.issues["given name"] == "is required")
    h.type("Leon")
    for _ in 0..<8 { h.press(.tab) }
    #expect(h.state.form?.fields[h.state.form!.focus].id == "ehcp")
    h.press(.character(" "), .ctrl("o"))
    #expect(h.state.route == .family)
    let leo = try #require(try family(fx, "F-0000001A").members.first { $0.reference == "P-0000003A" })
    #expect(leo.givenName == "Leon")
    #expect(leo.ehcp && leo.sendStatus)
    #expect(leo.dateOfBirth == LocalDate("2022-09-10"))
    #expect(contains(h.screen, "SEND+EH"))  // cut to the Notes column at 80 wide
  }

  @Test func aNewPersonIsAddedWithSENDAndEHCP() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Jones")
    h.press(.character("p"))
    h.type("Sam")
    h.press(.tab, .tab)
    h.type("2021-06-01")
    for _ in 0..<7 { h.press(.tab) }
    #expect(h.state.form?.fields[h.state.form!.focus].id == "send")
    h.press(.character(" "), .tab, .character(" "), .ctrl("o"))
    #expect(h.state.route == .family)
    let sam = try #require(try family(fx, "F-0000005E").members.first { $0.givenName == "Sam" })
    #expect(sam.sendStatus && sam.ehcp)
  }

  @Test func anExpectedChildIsRecordedBorn() throws {
    let fx = try Fixture()
    try fx.store.addPerson(
      familyReference: "F-0000005E",
      PersonDraft(
        givenName: "Baby", familyName: "Jones", dateOfBirth: "2025-04-20", expected: true, sex: .unknown,
        relationship: .child, nhsNumber: nil, firstLanguage: nil, interpreterNeeded: false),
      as: fx.practitioner)
    let none = Harness(fx, as: fx.practitioner)
    none.openFamily(searching: "Smith Khan")
    none.press(.character("b"))
    #expect(none.state.route == .family)
    #expect(none.state.message?.text.contains("no expected child") == true)
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Jones")
    h.press(.character("b"))
    #expect(h.state.route == .form)
    h.press(.tab)
    h.type("2025-03-20")
    h.press(.ctrl("o"))
    #expect(h.state.form?.issues["date of birth"]?.contains("in the future") == true)
    h.press(.ctrl("u"))
    h.type("2025-03-12")
    h.press(.tab, .character(" "), .ctrl("o"))  // sex: unknown → female
    #expect(h.state.route == .family)
    let baby = try #require(try family(fx, "F-0000005E").members.first { $0.givenName == "Baby" })
    #expect(!baby.expected)
    #expect(baby.dateOfBirth == LocalDate("2025-03-12"))
    #expect(baby.sex == .female)
  }

  @Test func aContactIsMarkedEnteredInErrorAndStaysInTheChronology() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("2"))
    let chronology = try #require(h.state.family?.detail?.chronology)
    let escalation = try #require(chronology.firstIndex { $0.kind == .escalation })
    h.state.family?.lists[.chronology]?.select(escalation)
    h.press(.character("x"))
    #expect(h.state.overlay == nil)
    #expect(h.state.message?.text == "Select a contact in the chronology (2) first.")
    let contact = try #require(chronology.firstIndex { $0.recordID == Fixture.id("K-0000003A") })
    h.state.family?.lists[.chronology]?.select(contact)
    h.press(.character("x"))
    h.type("oops")
    h.press(.enter)
    guard case .prompt(let p)? = h.state.overlay else {
      Issue.record("expected the reason prompt to stay open")
      return
    }
    #expect(p.error?.contains("a few words") == true)
    h.press(.ctrl("u"))
    h.type("Logged against the wrong family")
    h.press(.enter)
    #expect(h.state.overlay == nil)
    let stored = try #require(
      try family(fx, "F-0000001A").contacts.first { $0.meta.id == Fixture.id("K-0000003A") })
    #expect(stored.inError)
    #expect(stored.summary == "Stay and play session")
    #expect(contains(h.screen, "[entered in error] Hub visit"))
    // Once marked, it cannot be marked again.
    h.press(.character("x"))
    #expect(h.state.message?.text == "This contact is already marked as entered in error.")
  }

  @Test func noRoleIsOfferedACaseworkKeyItCannotUse() throws {
    let fx = try Fixture()
    let admin = Harness(fx, as: fx.admin)
    let practitioner = Harness(fx, as: fx.practitioner)
    for binding in KeyMap.standard.bindings where Self.newKeys.contains(binding.action) {
      #expect(!admin.state.offers(binding), "admin offered \(binding.action)")
      #expect(practitioner.state.offers(binding), "practitioner not offered \(binding.action)")
    }
  }

  @Test func aPractitionerOutsideTheHubIsToldWhy() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.southPractitioner)
    h.press(.character("F"), .character("/"))
    h.type("Nguyen")
    h.press(.enter, .enter)
    h.type("Covering for a colleague today")
    h.press(.enter)
    #expect(h.state.route == .family)
    h.press(.character("X"))
    #expect(h.state.route == .family)
    #expect(h.state.message?.isError == true)
    expectPlain(h.state.message?.text)
    #expect(try family(fx, "F-0000003C").openCase?.status == .open)
  }

  @Test func helpAndThePaletteListTheNewKeysAPageAtATime() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("2"), .character("?"))
    var pages = h.screen
    #expect(contains(h.screen, "Page 1 of 2"))
    h.press(.character(" "))
    pages += h.screen
    #expect(contains(h.screen, "Page 2 of 2"))
    for action in Self.newKeys {
      #expect(contains(pages, String(action.summary.prefix(20))))
    }
    h.press(.escape, .character(":"))
    h.type("close")
    #expect(contains(h.screen, "Close the case, with the reason"))
  }
}
