import Foundation
import StartWellCore
import StartWellStore
import TerminalUI
import Testing

@testable import StartWellApp

/// The intake queue, the take-in form and triage, driven key by key and
/// saved through the store.
@Suite struct IntakeFlowTests {
  func seeded() throws -> Fixture {
    let fx = try Fixture()
    try IntakeFixture.seed(fx)
    return fx
  }

  func notification(_ fx: Fixture, _ reference: String) throws -> StartWellStore.Notification {
    try fx.store.notification(reference, as: fx.supervisor)
  }

  /// Opens the triage of the overdue domestic abuse notification (second in the queue).
  func triageLeo(_ fx: Fixture) -> Harness {
    let h = Harness(fx, as: fx.supervisor)
    h.press(.character("I"), .down, .enter)
    return h
  }

  @Test func theQueueListsWhatTheUserSeesOldestFirstAndTogglesToAll() throws {
    let fx = try seeded()
    let h = Harness(fx, as: fx.supervisor)
    h.press(.character("I"))
    #expect(h.state.route == .intake)
    var q = h.state.screenState(IntakeState.self)
    #expect(q.rows.map(\.notification.reference) == ["N-0000002B", "N-0000001A", "N-0000003C"])
    #expect(contains(h.screen, "overdue!"))
    #expect(contains(h.screen, "due today"))
    h.press(.character("v"))
    q = h.state.screenState(IntakeState.self)
    #expect(q.filter == .all)
    // The three waiting, one not ours, and the fixture's domestic abuse notification attached.
    #expect(q.rows.count == 5)
    #expect(contains(h.screen, "not ours"))

    // A practitioner does not see domestic abuse notifications (intake.json).
    let p = Harness(fx, as: fx.practitioner)
    p.press(.character("I"))
    #expect(
      p.state.screenState(IntakeState.self).rows.map(\.notification.reference) == [
        "N-0000002B", "N-0000003C",
      ])
    // Nor takes them in: the form offers the kinds the role sees.
    p.press(.character("a"))
    guard let kind = p.state.form?.fields.first, case .choice(let kinds, _) = kind.kind else {
      Issue.record("the take-in form has no kind to choose")
      return
    }
    #expect(kinds.map(\.id) == ["antenatal", "gp-early"])
  }

  @Test func anAdminHasNoIntakeQueue() throws {
    let fx = try seeded()
    let h = Harness(fx, as: fx.admin)
    h.press(.character("I"))
    #expect(h.state.route != .intake)
  }

  @Test func theQueueIsInThePalette() throws {
    let fx = try seeded()
    let h = Harness(fx, as: try IntakeFixture.lead(fx))
    h.press(.character(":"))
    h.type("intake")
    h.press(.enter)
    #expect(h.state.route == .intake)
    #expect(h.state.screenState(IntakeState.self).rows.count == 3)
  }

  @Test func theSupervisorsHomeCountsTheWaitingByAgeAndOpensTheQueue() throws {
    let fx = try seeded()
    let h = Harness(fx, as: fx.supervisor)
    #expect(contains(h.screen, "Notifications awaiting triage"))
    #expect(contains(h.screen, "1 overdue, 1 due today, 1 in time"))
    h.press(.character("G"), .enter)
    #expect(h.state.route == .intake)
  }

  @Test func triageShowsTheCandidatesWithTheMatchedFieldsAndHidesAnotherHubsFamily() throws {
    let fx = try seeded()
    let h = triageLeo(fx)
    #expect(h.state.route == .triage)
    let t = h.state.screenState(TriageState.self)
    let refs = t.load?.candidates.map(\.personReference) ?? []
    // Both Leos born that day; weaker candidates (a name alone) may follow them.
    #expect(Set(refs.prefix(2)) == ["P-0000003A", IntakeFixture.leoTwin])
    // The north Leo first, his matched fields marked on both sides.
    if t.selected?.personReference != "P-0000003A" { h.press(.down) }
    var screen = h.screen
    #expect(contains(screen, "*Date of birth 2022-09-10"))
    #expect(screen.components(separatedBy: "*Date of birth").count - 1 == 2)
    #expect(contains(screen, "P-0000003A · F-0000001A · North hub"))
    // The south Leo: reference, hub and score, no name or family.
    h.press(h.state.screenState(TriageState.self).list.selected == 0 ? .down : .up)
    screen = h.screen
    #expect(contains(screen, "\(IntakeFixture.leoTwin) · South hub · score"))
    #expect(!screen.contains("F-0000008H"))
    #expect(!screen.contains("*Date of birth"))
  }

  @Test func attachingAsksFirstThenReturnsToTheQueueNamingTheOutcome() throws {
    let fx = try seeded()
    let h = triageLeo(fx)
    if h.state.screenState(TriageState.self).selected?.personReference != "P-0000003A" { h.press(.down) }
    h.press(.enter)
    guard case .confirm(let c)? = h.state.overlay else {
      Issue.record("no confirmation before attaching")
      return
    }
    #expect(c.question.contains("Attach N-0000001A to P-0000003A, Leo Smith, of family F-0000001A?"))
    h.press(.character("n"))
    #expect(try notification(fx, "N-0000001A").triage == nil)
    h.press(.character("t"), .character("y"))
    #expect(h.state.route == .intake)
    #expect(h.state.message?.text == "N-0000001A attached to P-0000003A, Leo Smith, of family F-0000001A.")
    let n = try notification(fx, "N-0000001A")
    #expect(n.triage == TriageDecision(.attached, target: Fixture.id("P-0000003A")))
    #expect(n.familyID == Fixture.id("F-0000001A"))
    #expect(
      !h.state.screenState(IntakeState.self).rows.contains { $0.notification.reference == "N-0000001A" })
  }

  @Test func aCandidateOfAnotherHubIsNotAttachedTo() throws {
    let fx = try seeded()
    let h = triageLeo(fx)
    if h.state.screenState(TriageState.self).selected?.personReference != IntakeFixture.leoTwin {
      h.press(.down)
    }
    h.press(.enter)
    #expect(h.state.overlay == nil)
    #expect(h.state.message?.isError == true)
    #expect(h.state.message?.text.contains("only that hub attaches notifications") == true)
    #expect(try notification(fx, "N-0000001A").triage == nil)
  }

  @Test func aNewFamilyOverALikelyMatchIsConfirmedFirst() throws {
    let fx = try seeded()
    let h = triageLeo(fx)
    h.press(.character("n"))
    guard case .confirm(let c)? = h.state.overlay else {
      Issue.record("no confirmation before a new family over a likely match")
      return
    }
    #expect(c.question.contains("strong match"))
    #expect(c.question.contains("Start a new family all the same?"))
    h.press(.character("n"))
    #expect(h.state.route == .triage)
    #expect(h.state.form == nil)

    h.press(.character("n"), .character("y"))
    #expect(h.state.route == .form)
    h.press(.right)  // the hub's first SDF
    h.press(.ctrl("o"))
    #expect(h.state.route == .intake)
    let n = try notification(fx, "N-0000001A")
    #expect(n.triage?.outcome == .newFamily)
    let family = try #require(n.familyID)
    #expect(family != Fixture.id("F-0000001A"))
    #expect(h.state.message?.text.hasPrefix("N-0000001A started a new family, F-") == true)
  }

  @Test func theStoreStillRefusesANewFamilyOverALikelyMatchWithoutTheConfirmation() throws {
    let fx = try seeded()
    let h = triageLeo(fx)
    // The form opened as if nothing matched: the store's refusal is shown in it.
    let n = try notification(fx, "N-0000001A")
    h.state.form = TriageForms.newFamily(n, config: fx.store.config, confirmed: false)
    h.state.push(.form)
    h.press(.ctrl("o"))
    #expect(h.state.route == .form)
    #expect(h.state.form?.error?.contains("confirm that this is a new family") == true)
    #expect(try notification(fx, "N-0000001A").triage == nil)
  }

  @Test func notOursNeedsAReasonAndKeepsIt() throws {
    let fx = try seeded()
    let h = triageLeo(fx)
    h.press(.character("x"), .ctrl("o"))
    #expect(h.state.form?.issues["reason"] != nil)
    #expect(try notification(fx, "N-0000001A").triage == nil)
    h.press(.character("o"))  // "Out of area"
    #expect(h.state.form?.choice("reason") == "out-of-area")
    h.press(.tab, .tab)
    h.type("Family moved to Bradford")
    h.press(.ctrl("o"))
    #expect(h.state.route == .intake)
    #expect(h.state.message?.text == "N-0000001A marked not for us: Out of area.")
    let n = try notification(fx, "N-0000001A")
    #expect(n.triage?.outcome == .notOurs)
    #expect(n.triageNote == "Out of area: Family moved to Bradford")
  }

  @Test func aTypedReasonIsKeptWhenOtherIsChosen() throws {
    let fx = try seeded()
    let h = triageLeo(fx)
    h.press(.character("x"), .left)  // "Other: type it below"
    h.press(.ctrl("o"))
    #expect(h.state.form?.issues["reason-text"] != nil)
    // The refusal put the focus on the field to fill.
    #expect(h.state.form?.focus == h.state.form?.index(of: "reason-text"))
    h.type("Known to the children's centre in Hull")
    h.press(.ctrl("o"))
    #expect(try notification(fx, "N-0000001A").triageNote == "Known to the children's centre in Hull")
  }

  @Test func aDuplicateNamesTheEarlierNotificationAndNotItself() throws {
    let fx = try seeded()
    let h = triageLeo(fx)
    h.press(.character("u"))
    h.type("n-0000001a")
    h.press(.ctrl("o"))
    #expect(h.state.route == .form)
    #expect(h.state.form?.issues["duplicate-of"]?.contains("not a duplicate of itself") == true)
    h.press(.ctrl("u"))
    h.type("N-0000004D")
    h.press(.ctrl("o"))
    #expect(h.state.route == .intake)
    #expect(h.state.message?.text == "N-0000001A marked a duplicate of N-0000004D.")
    #expect(try notification(fx, "N-0000001A").triage?.outcome == .duplicate)
  }

  @Test func aNotificationAlreadyTriagedIsNotTriagedAgain() throws {
    let fx = try seeded()
    let h = Harness(fx, as: fx.supervisor)
    h.press(.character("I"), .character("v"), .character("G"), .up, .enter)
    #expect(contains(h.screen, "triaged: not for us"))
    h.press(.character("n"))
    #expect(h.state.message?.text.contains("already triaged") == true)
    #expect(h.state.overlay == nil)
    #expect(h.state.form == nil)
  }

  @Test func theTakeInFormShowsEveryProblemOnItsFieldAndSavesNothing() throws {
    let fx = try seeded()
    let before = try fx.store.notifications(.all, as: fx.supervisor).count
    let h = Harness(fx, as: fx.supervisor)
    h.press(.character("I"), .character("a"), .character("d"))
    #expect(h.state.form?.choice("kind") == "domestic-abuse")
    h.press(.tab, .tab, .tab)
    h.type("2022-13-40")
    h.press(.ctrl("o"))
    let form = try #require(h.state.form)
    #expect(h.state.route == .form)
    for field in ["given", "family-name", "dob", "setting", "incident-date", "police-ref", "category"] {
      #expect(form.issues[field] != nil, "no issue on \(field)")
    }
    #expect(h.state.message?.text.hasPrefix("Not saved — Given name") == true)
    #expect(try fx.store.notifications(.all, as: fx.supervisor).count == before)
  }

  @Test func choosingAnotherKindKeepsThePersonAndShowsThatKindsFields() throws {
    let fx = try seeded()
    let h = Harness(fx, as: fx.supervisor)
    h.press(.character("I"), .character("a"), .tab)
    h.type("Zara")
    #expect(h.state.form?.index(of: "edd") != nil)
    h.press(.backTab, .character("g"))
    let form = try #require(h.state.form)
    #expect(form.choice("kind") == "gp-early")
    #expect(form.text("given") == "Zara")
    #expect(form.index(of: "edd") == nil)
    #expect(form.index(of: "practice") != nil)
    #expect(form.focus == 0)
  }

  @Test func aNotificationTakenInOpensForTriageAndASecondTimeIsAlreadyHeld() throws {
    let fx = try seeded()
    let h = Harness(fx, as: fx.supervisor)
    h.press(.character("I"))
    func takeIn() {
      h.press(.character("a"), .character("g"), .tab)
      h.type("Mia")
      h.press(.tab)
      h.type("Jones")
      h.press(.tab)
      h.type("2022-02-02")
      h.press(.tab, .tab)
      h.type("LS6 1AA")
      h.press(.tab, .tab, .character("h"), .tab)  // concern: housing or money
      h.type("Not sleeping; mum exhausted")
      h.press(.tab)
      h.type("Hyde Park Surgery")
      h.press(.ctrl("o"))
    }
    takeIn()
    #expect(h.state.route == .triage)
    #expect(h.state.message?.text.contains("taken in: GP early notification about Mia Jones") == true)
    let t = h.state.screenState(TriageState.self)
    let n = try #require(t.load?.notification)
    #expect(n.details["summary"] == .text("Not sleeping; mum exhausted"))
    #expect(t.load?.candidates.first?.personReference == "P-0000008E")

    h.press(.escape)
    #expect(h.state.route == .intake)
    takeIn()
    #expect(h.state.route == .triage)
    #expect(h.state.message?.text.contains("\(n.reference) was already held") == true)
    #expect(
      try fx.store.notifications(.all, as: fx.supervisor).filter { $0.notification.id == n.id }.count == 1)
  }

  @Test func aUserOfTwoHubsChoosesTheHub() throws {
    let fx = try seeded()
    let h = Harness(fx, as: try IntakeFixture.twoHubSupervisor(fx))
    h.press(.character("I"), .character("a"))
    #expect(h.state.form?.index(of: "hub") != nil)
    h.press(.ctrl("o"))
    #expect(h.state.form?.issues["hub"]?.contains("choose one of north, south") == true)
  }
}

extension IntakeFlowTests {
  @Test func aLongNotificationScrollsWithPageDown() throws {
    let fx = try seeded()
    let summary = Array(
      repeating: "Mum says the baby cries through the night and she is exhausted.", count: 7
    )
    .joined(separator: " ")
    try IntakeFixture.add(
      fx, "N-0000005E", received: "2025-03-09T09:00:00Z",
      NotificationDraft(
        kind: .gpEarly, givenName: "Ali", familyName: "Khan", postcode: "LS6 3BB",
        details: ["concern": "parenting", "summary": summary, "practice": "Headingley Medical Centre"]))
    let h = Harness(fx, as: fx.supervisor)
    h.press(.character("I"), .enter)
    #expect(h.state.screenState(TriageState.self).reference == "N-0000005E")
    #expect(contains(h.screen, "… more: PgDn"))
    #expect(!h.screen.contains("Headingley Medical"))
    h.press(.pageDown, .pageDown, .pageDown)
    #expect(contains(h.screen, "Headingley Medical"))
    #expect(contains(h.screen, "… above: PgUp"))
    h.press(.pageUp, .pageUp, .pageUp)
    #expect(h.state.screenState(TriageState.self).offset == 0)
  }
}

extension IntakeFlowTests {
  @Test func anAntenatalNotificationKeepsTheRiskCriteriaTicked() throws {
    let fx = try seeded()
    let h = Harness(fx, as: fx.supervisor)
    h.press(.character("I"), .character("a"), .tab)
    h.type("Thao")
    h.press(.tab)
    h.type("Nguyen")
    h.press(.tab, .tab, .tab)
    h.type("LS8 4EF")
    h.press(.tab, .tab)
    h.type("2025-07-01")
    h.press(.tab, .character(" "), .right, .right, .character(" "), .tab)  // substance misuse, perinatal mental health
    h.type("Jane Doe")
    h.press(.ctrl("o"))
    #expect(h.state.route == .triage)
    let n = try #require(h.state.screenState(TriageState.self).load?.notification)
    #expect(n.details["criteria"] == .list(["perinatal-mental-health", "substance-misuse"]))
    #expect(contains(h.screen, "Perinatal mental"))
  }
}
