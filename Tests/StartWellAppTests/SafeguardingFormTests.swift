import Foundation
import StartWellCore
import StartWellStore
import TerminalUI
import Testing

@testable import StartWellApp

/// Consent, the risk override and reopening an escalation, driven from the
/// keyboard against a real in-memory store.
@Suite struct SafeguardingFormTests {
  // MARK: Consent

  @Test func consentIsRecordedWithItsDate() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Smith Khan")
    #expect(contains(h.screen, "Consent to share: given on 2024-06-01 · C to update"))
    h.press(.character("C"))
    #expect(h.state.route == .form)
    #expect(h.state.form?.choice("consent") == "given")
    #expect(h.state.form?.text("date") == "2025-03-14")
    h.press(.character(" "))  // given → refused
    h.press(.tab, .ctrl("u"))
    h.type("2025-03-10")
    h.press(.ctrl("o"))
    #expect(h.state.route == .family)
    #expect(h.state.message == StatusMessage("Consent to share recorded: refused on 2025-03-10."))
    let family = try fx.store.openFamily(reference: "F-0000001A", as: fx.practitioner).family
    #expect(family.consent == .refused)
    #expect(family.consentDate == LocalDate("2025-03-10"))
    #expect(contains(h.screen, "Consent to share: refused on 2025-03-10"))
  }

  @Test func consentDefaultsToToday() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Jones")
    h.press(.character("C"), .ctrl("o"))
    let family = try fx.store.openFamily(reference: "F-0000005E", as: fx.practitioner).family
    #expect(family.consent == .given)
    #expect(family.consentDate == LocalDate("2025-03-14"))
  }

  @Test func consentAfterTodayIsRefused() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("C"), .character(" "), .tab, .ctrl("u"))
    h.type("2025-03-15")
    h.press(.ctrl("o"))
    #expect(h.state.route == .form)
    #expect(h.state.form?.issues["date"] == "consent cannot be dated after today (2025-03-14)")
    #expect(
      h.state.message
        == StatusMessage("Not saved — Date: consent cannot be dated after today (2025-03-14)", isError: true))
    #expect(contains(h.screen, "^ consent cannot be dated after today (2025-03-14)"))
    h.press(.ctrl("u"))
    h.type("14/03/2025")
    h.press(.ctrl("o"))
    #expect(h.state.form?.issues["date"] == "'14/03/2025' is not a date like 2025-03-14")
    let family = try fx.store.openFamily(reference: "F-0000001A", as: fx.practitioner).family
    #expect(family.consent == .given)
    #expect(family.consentDate == LocalDate("2024-06-01"))
  }

  @Test func consentOnAnotherHubsFamilyIsRefusedBeforeTheFormOpens() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Brown")
    h.type("Call from the south hub")
    h.press(.enter)
    #expect(h.state.family?.detail?.family.reference == "F-0000006F")
    #expect(!h.screen.contains("C to update"))
    h.press(.character("C"))
    #expect(h.state.route == .family)
    #expect(h.state.message?.isError == true)
    #expect(h.state.message?.text.hasPrefix("not permitted: this family belongs to hub south") == true)
  }

  // MARK: Risk override

  @Test func supervisorOverridesThenClearsTheRiskBand() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.supervisor)
    h.openFamily(searching: "Smith Khan")
    #expect(contains(h.screen, "Risk: MEDIUM 35 · R to override"))
    h.press(.character("R"))
    #expect(h.state.form?.title == "Risk band for Smith / Khan (score 35 gives MEDIUM)")
    #expect(h.state.form?.choice("band") == "medium")
    h.press(.character(" "), .tab)  // medium → high
    h.type("Domestic abuse disclosed at the hub")
    h.press(.ctrl("o"))
    #expect(h.state.route == .family)
    #expect(h.state.message == StatusMessage("Risk band overridden to HIGH."))
    var detail = try fx.store.openFamily(reference: "F-0000001A", as: fx.supervisor)
    #expect(detail.risk.override == .high)
    #expect(contains(h.screen, "Risk: HIGH 35 (override; computed medium) · R to change or clear"))

    // Clearing is the last choice, offered once an override exists.
    h.press(.character("R"), .character(" "))  // high → clear the override
    #expect(h.state.form?.choice("band") == SafeguardingForms.clearChoice)
    h.press(.tab)
    h.type("Disclosure followed up; score is right")
    h.press(.ctrl("o"))
    #expect(h.state.message == StatusMessage("Risk override cleared; the band follows the score again."))
    detail = try fx.store.openFamily(reference: "F-0000001A", as: fx.supervisor)
    #expect(detail.risk.override == nil)
  }

  @Test func riskOverrideNeedsAReason() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.supervisor)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("R"), .character(" "), .tab)
    h.type("   ")
    h.press(.ctrl("o"))
    #expect(h.state.route == .form)
    #expect(h.state.form?.issues["reason"] == "is required")
    #expect(h.state.message == StatusMessage("Not saved — Reason: is required", isError: true))
    #expect(try fx.store.openFamily(reference: "F-0000001A", as: fx.supervisor).risk.override == nil)
  }

  @Test func practitionerCannotOverrideTheRiskBand() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Smith Khan")
    #expect(!h.screen.contains("R to override"))
    h.press(.character("R"))
    #expect(h.state.route == .family)
    #expect(h.state.form == nil)
    #expect(
      h.state.message == StatusMessage("Only supervisors override a family's risk band.", isError: true))
    #expect(contains(h.screen, "Only supervisors override a family's risk band."))
    // Nor is it offered in the palette.
    h.press(.character(":"))
    h.type("override")
    #expect(contains(h.screen, "No matching action."))
  }

  @Test func aRefusalFromTheStoreShowsOnTheFormAndTheStatusLine() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.supervisor)
    h.openFamily(searching: "Smith Khan")
    // Another terminal clears the override while this form is open.
    try fx.store.overrideRisk(familyReference: "F-0000001A", band: .high, reason: "first", as: fx.supervisor)
    h.press(.ctrl("r"), .character("R"))
    #expect(h.state.form?.choice("band") == "high")
    try fx.store.overrideRisk(
      familyReference: "F-0000001A", band: nil, reason: "elsewhere", as: fx.supervisor)
    h.press(.character(" "), .tab)
    h.type("Back to the score")
    h.press(.ctrl("o"))
    #expect(h.state.route == .form)
    #expect(h.state.form?.saving == false)
    #expect(h.state.form?.error == "override: F-0000001A has no risk override to clear")
    #expect(
      h.state.message
        == StatusMessage("Not saved — override: F-0000001A has no risk override to clear", isError: true))
  }

  // MARK: Reopen an escalation

  @Test func supervisorReopensAnAcceptedEscalationFromTheQueue() throws {
    let fx = try Fixture()
    _ = try fx.store.decide(escalation: "E-0000002B", .accept, note: nil, as: fx.supervisor)
    #expect(try fx.store.openFamily(reference: "F-0000005E", as: fx.supervisor).openCase?.level == .targeted)
    let h = Harness(fx, as: fx.supervisor)
    h.press(.character("E"))
    // The hint shows only for an escalation that has been decided.
    #expect(!h.screen.contains("o reopen"))
    h.press(.character("o"))
    #expect(h.state.form == nil)
    #expect(h.state.message?.text.hasPrefix("E-0000001A is raised and not yet decided") == true)
    h.press(.character("j"))
    #expect(h.state.queue.rows[1].escalation.status == .accepted)
    #expect(contains(h.screen, "o reopen"))
    h.press(.character("o"))
    #expect(h.state.route == .form)
    #expect(
      h.state.form?.title == "Reopen an escalation of Jones: an accepted step-up also steps the case back")
    #expect(h.state.form?.choice("escalation") == "E-0000002B")
    h.press(.tab)
    h.type("Accepted on the wrong family")
    h.press(.ctrl("o"))
    #expect(h.state.route == .queue)
    #expect(
      h.state.message
        == StatusMessage("Escalation E-0000002B reopened (acknowledged); decide it again from the queue."))
    #expect(
      h.state.queue.rows.first { $0.escalation.reference == "E-0000002B" }?.escalation.status == .acknowledged
    )
    let detail = try fx.store.openFamily(reference: "F-0000005E", as: fx.supervisor)
    #expect(detail.openCase?.level == .earlyHelp)
  }

  @Test func supervisorReopensADeclinedEscalationFromTheFamily() throws {
    let fx = try Fixture()
    _ = try fx.store.decide(escalation: "E-0000002B", .decline, note: "Threshold not met", as: fx.supervisor)
    let h = Harness(fx, as: fx.supervisor)
    h.openFamily(searching: "Jones")
    h.press(.character("o"))
    #expect(h.state.form?.title == "Reopen an escalation of Jones: it goes back to acknowledged")
    #expect(h.state.form?.choice("escalation") == "E-0000002B")
    h.press(.ctrl("o"))
    #expect(h.state.form?.issues["reason"] == "is required")
    #expect(h.state.message == StatusMessage("Not saved — Reason: is required", isError: true))
    h.press(.tab)
    h.type("New information from the school")
    h.press(.ctrl("o"))
    #expect(h.state.route == .family)
    let e = try #require(
      try fx.store.openFamily(reference: "F-0000005E", as: fx.supervisor).escalations.first {
        $0.reference == "E-0000002B"
      })
    #expect(e.status == .acknowledged)
    #expect(e.decisionNote == nil)
  }

  @Test func aDecisionInTheQueueIsReopenableOnTheFamilyBeneath() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.supervisor)
    h.openFamily(searching: "Jones")
    h.press(.character("E"), .character("j"), .character("d"))
    h.type("Threshold not met")
    h.press(.enter)
    #expect(h.state.message == StatusMessage("Escalation E-0000002B declined."))
    // Back on the family, which shows the decision without a manual reload.
    h.press(.escape)
    #expect(h.state.route == .family)
    #expect(h.state.family?.detail?.escalations.first?.status == .declined)
    h.press(.character("o"))
    #expect(h.state.form?.choice("escalation") == "E-0000002B")
  }

  @Test func reopenNeedsADecidedEscalationAndASupervisor() throws {
    let fx = try Fixture()
    _ = try fx.store.decide(escalation: "E-0000002B", .decline, note: "Threshold not met", as: fx.supervisor)
    let sup = Harness(fx, as: fx.supervisor)
    sup.openFamily(searching: "Smith Khan")
    sup.press(.character("o"))
    #expect(sup.state.form == nil)
    #expect(
      sup.state.message
        == StatusMessage(
          "F-0000001A has no decided escalation to reopen (accepted, declined or stepped down).",
          isError: true))

    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Jones")
    h.press(.character("o"))
    #expect(h.state.form == nil)
    #expect(h.state.message == StatusMessage("Only supervisors reopen an escalation.", isError: true))
  }
}
