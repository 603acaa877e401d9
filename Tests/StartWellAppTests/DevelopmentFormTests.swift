import Foundation
import StartWellCore
import StartWellStore
import TerminalUI
import Testing

@testable import StartWellApp

/// The development form, driven key by key and saved through the store:
/// one record per child and term, the store's refusals shown in the form
/// with nothing written, and no form for a practitioner of another hub.
@Suite struct DevelopmentFormTests {
  func records(_ fx: Fixture, _ child: String) throws -> [DevelopmentRecord] {
    try fx.store.developmentList(personReference: child, as: fx.practitioner)
  }

  /// Opens the Jones family's development form (Mia, 2025-spring).
  func openJones(_ fx: Fixture) -> Harness {
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Jones")
    h.press(.character("d"))
    return h
  }

  @Test func savingTheFormWritesOneRecordAndASecondSaveEditsIt() throws {
    let fx = try Fixture()
    let h = openJones(fx)
    let form = try #require(h.state.form)
    #expect(h.state.route == .form)
    #expect(form.choice("person") == "P-0000008E")
    #expect(form.choice("term") == "2025-spring")
    // Mia is not in reception: literacy and maths are not offered, and the form says why.
    guard case .choice(let options, _) = form.fields[form.index(of: "literacy")!].kind else {
      Issue.record("literacy is not a choice")
      return
    }
    #expect(options.count == 1)
    #expect(contains(h.screen, "rated in reception only (2026-27)"))

    // A letter picks the option: green, on track, emerging, below.
    h.press(.tab, .tab, .character("g"), .tab, .character("o"), .tab, .character("e"), .tab, .character("b"))
    h.press(.tab, .tab, .tab)  // past literacy and maths to the setting
    h.type("Little Acorns")
    h.press(.ctrl("o"))
    #expect(h.state.route == .family)
    #expect(h.state.message?.isError == false)
    #expect(h.state.message?.text.contains("2025-spring saved for Mia Jones, P-0000008E") == true)
    var saved = try records(fx, "P-0000008E")
    #expect(saved.count == 1)
    #expect(saved.first?.wellComm == .green)
    #expect(saved.first?.physical == .emerging)
    #expect(saved.first?.personalSocialEmotional == .below)
    #expect(saved.first?.setting == "Little Acorns")
    #expect(saved.first?.literacy == nil)
    // The family reloaded: the development tab lists the record.
    h.press(.character("4"))
    #expect(contains(h.screen, "2025-spring"))

    // The same child and term again: the form opens filled, and saving edits the record.
    h.press(.character("d"))
    #expect(h.state.form?.choice("wellcomm") == "green")
    #expect(h.state.form?.text("setting") == "Little Acorns")
    h.press(.tab, .tab, .character("a"))  // WellComm amber
    h.press(.ctrl("o"))
    #expect(h.state.route == .family)
    saved = try records(fx, "P-0000008E")
    #expect(saved.count == 1)
    #expect(saved.first?.wellComm == .amber)
    #expect(saved.first?.personalSocialEmotional == .below)
    #expect(saved.first?.setting == "Little Acorns")
  }

  @Test func aFirstRecordNeedsItsBandAndAreasAndSaysSo() throws {
    let fx = try Fixture()
    let h = openJones(fx)
    h.press(.ctrl("o"))
    #expect(h.state.route == .form)
    #expect(h.state.form?.issues["wellcomm"]?.contains("required") == true)
    #expect(h.state.form?.issues["psed"] != nil)
    #expect(h.state.message?.text.hasPrefix("Not saved — WellComm") == true)
    #expect(try records(fx, "P-0000008E").isEmpty)
  }

  @Test func choosingATermWithARecordFillsTheForm() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("d"))
    // Leo's 2025-spring record (red) fills the form; the term before has his amber one.
    #expect(h.state.form?.choice("wellcomm") == "red")
    #expect(contains(h.screen, "saving edits it"))
    h.press(.tab, .left)
    #expect(h.state.form?.choice("term") == "2024-autumn")
    #expect(h.state.form?.choice("wellcomm") == "amber")
    h.press(.left)
    #expect(h.state.form?.choice("term") == "2024-summer")
    #expect(h.state.form?.choice("wellcomm") == "")
    #expect(contains(h.screen, "not recorded yet"))
  }

  @Test func literacyForAChildNotInReceptionIsRefusedAndNothingIsWritten() throws {
    let fx = try Fixture()
    let ava = try DevelopmentFixture.addReceptionChild(fx)
    let h = openJones(fx)
    if h.state.form?.choice("person") != ava.reference { h.press(.right) }
    #expect(h.state.form?.choice("person") == ava.reference)
    // In reception in 2024-25, literacy and maths are offered.
    #expect(contains(h.screen, "reception year"))
    h.press(.tab, .tab, .character("g"), .tab, .character("o"), .tab, .character("o"), .tab, .character("o"))
    h.press(.tab, .character("o"), .tab, .character("e"))
    #expect(h.state.form?.choice("literacy") == "on-track")
    #expect(h.state.form?.choice("maths") == "emerging")
    // A form left on a term the child was not in reception (as a form
    // opened before a date of birth was corrected would be): the store
    // refuses literacy and the form shows why beside the field.
    h.state.form?.setChoice("term", to: "2024-spring")
    h.press(.ctrl("o"))
    #expect(h.state.route == .form)
    #expect(h.state.form?.issues["literacy"]?.contains("only in the reception year") == true)
    #expect(h.state.message?.text.hasPrefix("Not saved — Literacy") == true)
    #expect(contains(h.screen, "^ is rated only in the reception year"))
    #expect(try records(fx, ava.reference).isEmpty)
  }

  @Test func aPractitionerOfAnotherHubCannotOpenIt() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.southPractitioner)
    h.press(.character("F"), .character("/"))
    h.type("Jones")
    h.press(.enter, .enter)
    h.type("Covering for a colleague today")
    h.press(.enter)
    #expect(h.state.route == .family)
    h.press(.character("d"))
    #expect(h.state.route == .family)
    #expect(h.state.form == nil)
    #expect(h.state.message?.isError == true)
    #expect(h.state.message?.text.contains("north") == true)
    #expect(try records(fx, "P-0000008E").isEmpty)
  }

  @Test func aFamilyWithNoYoungChildHasNoForm() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Ahmed")
    h.press(.character("d"))
    #expect(h.state.route == .family)
    #expect(h.state.message?.text.contains("has no child aged 2 to 5") == true)
  }

  @Test func theJourneyOpensFromTheDevelopmentTabAndScrollsByTerm() throws {
    let fx = try Fixture()
    try DevelopmentFixture.sixTermsForLeo(fx)
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("4"), .enter)
    #expect(h.state.route == .journey)
    let journey = try #require(h.state.screenState(JourneyState.self).journey)
    #expect(journey.terms.count == 6)
    // 80 columns show the newest five; ← brings the oldest in.
    #expect(!h.screen.contains("2023-summer"))
    #expect(contains(h.screen, "terms 2 to 6 of 6"))
    h.press(.left)
    #expect(contains(h.screen, "Term          2023-summer"))
    #expect(!h.screen.contains("2024-autumn 2025-spring"))
  }

  @Test func theFormFromTheJourneyRecordsForThatChildAndTheJourneyFollows() throws {
    let fx = try Fixture()
    try DevelopmentFixture.northCohort(fx)
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Jones")
    h.press(.character("4"), .character("J"))
    #expect(h.state.route == .journey)
    #expect(contains(h.screen, "Journey of Mia Jones"))
    h.press(.character("d"))
    #expect(h.state.route == .form)
    #expect(h.state.form?.choice("person") == "P-0000008E")
    #expect(h.state.form?.choice("term") == "2025-spring")
    #expect(h.state.form?.choice("wellcomm") == "amber")
    h.press(.tab, .tab, .character("g"))  // amber to green
    h.press(.ctrl("o"))
    #expect(h.state.route == .journey, "\(h.state.message?.text ?? "")")
    #expect(h.state.screenState(JourneyState.self).journey?.terms.last?.record?.wellComm == .green)
    #expect(try records(fx, "P-0000008E").count == 2)
    #expect(contains(h.screen, "● green"))
  }
}
