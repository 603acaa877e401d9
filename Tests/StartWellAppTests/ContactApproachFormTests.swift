import Foundation
import StartWellCore
import StartWellStore
import TerminalUI
import Testing

@testable import StartWellApp

/// The contact form's approach: offered while the type is one that belongs
/// to an approach, and saved with the contact.
@Suite struct ContactApproachFormTests {
  func fieldIDs(_ h: Harness) -> [String] { h.state.form?.fields.map(\.id) ?? [] }

  @Test func theApproachIsOfferedForAGroupSessionOrInterventionOnly() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("c"))
    #expect(!fieldIDs(h).contains("approach"))
    h.press(.character("g"))  // type: Group session
    #expect(h.state.form?.choice("type") == "group-session")
    #expect(fieldIDs(h).prefix(3) == ["type", "approach", "time"])
    #expect(h.state.form?.focus == 0)
    h.press(.character("i"))  // Intervention session
    #expect(h.state.form?.choice("type") == "intervention")
    #expect(fieldIDs(h).contains("approach"))
    h.press(.character("p"))  // Phone
    #expect(!fieldIDs(h).contains("approach"))
  }

  @Test func aGroupSessionIsSavedWithItsApproach() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("c"))
    h.press(.character("g"))
    h.press(.tab)
    h.press(.character("e"))  // ELKLAN, the first approach starting with E
    #expect(h.state.form?.choice("approach") == "elklan")
    h.press(.tab, .tab, .tab)
    h.type("Stay and play with ELKLAN strategies")
    h.press(.ctrl("o"))
    #expect(h.state.route == .family)
    let detail = try fx.store.openFamily(reference: "F-0000001A", as: fx.practitioner)
    let c = try #require(detail.contacts.first { $0.summary == "Stay and play with ELKLAN strategies" })
    #expect(c.type == "group-session")
    #expect(c.approach == "elklan")
  }

  @Test func aGroupSessionWithNoApproachIsSavedWithoutOne() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("c"))
    h.press(.character("g"))
    h.press(.tab, .tab, .tab, .tab)
    h.type("Stay and play")
    h.press(.ctrl("o"))
    #expect(h.state.route == .family)
    let detail = try fx.store.openFamily(reference: "F-0000001A", as: fx.practitioner)
    let c = try #require(detail.contacts.first { $0.summary == "Stay and play" })
    #expect(c.type == "group-session" && c.approach == nil)
  }
}
