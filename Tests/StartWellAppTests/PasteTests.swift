import Foundation
import StartWellCore
import TerminalUI
import Testing

@testable import StartWellApp

/// A paste goes into the focused text box as text, whole, and is never run as keys.
@Suite struct PasteTests {
  @Test func aPasteIntoSearchIsOneSearchAndRunsNoKeys() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.press(.character("F"), .character("/"))
    h.send(.paste("Smith\nFlat 2, 10 Queen St"))
    #expect(h.state.route == .families)
    #expect(h.state.form == nil)
    #expect(h.state.families.searching)
    #expect(h.state.families.search.text == "Smith Flat 2, 10 Queen St")
  }

  @Test func aPasteOnAListIsIgnoredWithAMessage() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.press(.character("F"))
    h.send(.paste("a\nq"))
    #expect(h.state.route == .families)
    #expect(h.state.form == nil)
    #expect(!h.state.shouldQuit)
    #expect(h.state.message?.text.contains("Pasted text ignored") == true)
  }

  @Test func theAddAFamilyNameTakesAPastedAddressAsOneLine() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.press(.character("F"), .character("a"))
    h.send(.paste("Smith\r\nFlat 2, 10 Queen St\n"))
    #expect(h.state.route == .form)
    #expect(h.state.form?.focus == 0)
    #expect(h.state.form?.text("name") == "Smith Flat 2, 10 Queen St")
  }

  @Test func notesKeepPastedLineBreaksAndDropControlCharacters() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("c"), .tab, .tab, .tab, .tab)  // type → when → present → summary → notes
    h.send(.paste("Seen at home.\nAll well.\u{1B}[A\u{03}\u{0F}"))
    #expect(h.state.route == .form)
    #expect(!h.state.shouldQuit)
    #expect(h.state.form?.text("notes") == "Seen at home.\nAll well.[A")
  }

  @Test func anOverLongPasteIsRefusedWholeWithAMessage() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("c"), .tab, .tab, .tab)
    h.send(.paste(String(repeating: "a", count: Limits.summary + 1)))
    #expect(h.state.form?.text("summary") == "")
    #expect(h.state.form?.issues["summary"]?.contains("\(Limits.summary + 1) pasted were not added") == true)
    #expect(h.state.message?.text.hasPrefix("Not pasted — Summary") == true)
    h.send(.paste(String(repeating: "b", count: Limits.summary)))
    #expect(h.state.form?.text("summary").count == Limits.summary)
    #expect(h.state.form?.issues["summary"] == nil)
  }

  @Test func anOverLongSearchPasteIsRefusedWithAMessage() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.press(.character("F"), .character("/"))
    h.send(.paste(String(repeating: "x", count: 101)))
    #expect(h.state.families.search.text == "")
    #expect(
      h.state.message?.text
        == "Not pasted — A search takes at most 100 characters: the 101 pasted were not added.")
  }
}
