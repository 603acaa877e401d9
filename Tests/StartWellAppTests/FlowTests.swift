import Foundation
import StartWellCore
import StartWellStore
import TerminalUI
import Testing

@testable import StartWellApp

/// The main flows, driven key by key through `update` against a real in-memory store.
@Suite struct FlowTests {
  @Test func searchOpenLogContactThenChronologyShowsIt() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    #expect(h.state.route == .home)
    h.openFamily(searching: "jon")
    #expect(h.state.route == .family)
    #expect(h.state.family?.detail?.family.reference == "F-0000005E")

    h.press(.character("c"))
    #expect(h.state.route == .form)
    h.press(.tab, .tab, .tab)  // type → when → present → summary
    h.type("Checked in about nursery")
    h.press(.tab)
    h.type("Mum says all well.")
    h.press(.ctrl("o"))

    #expect(h.state.route == .family)
    #expect(h.state.form == nil)
    #expect(h.state.family?.tab == .chronology)
    #expect(contains(h.screen, "Home visit: Checked in about nursery"))
    #expect(h.state.message?.text == "Contact saved.")
    let detail = try fx.store.openFamily(reference: "F-0000005E", as: fx.practitioner)
    let saved = try #require(detail.contacts.first { $0.summary == "Checked in about nursery" })
    #expect(saved.notes == "Mum says all well.")
    #expect(saved.at == Fixture.now)
    // The new entry is the one selected, so Enter shows it in full.
    h.press(.enter)
    #expect(contains(h.screen, "Mum says all well."))
  }

  @Test func presentMembersSignificantAndFollowUpAreSaved() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("c"))
    h.press(.character(" "))  // type: home visit → hub visit
    h.press(.tab, .tab)
    h.press(.character(" "), .right, .right, .character(" "))  // Tariq and Leo present (adults first)
    h.press(.tab)
    h.type("Group session follow-up")
    h.press(.tab, .tab)
    h.press(.character(" "))  // significant
    h.press(.tab)
    h.type("2025-03-21")
    h.press(.ctrl("o"))
    #expect(h.state.route == .family)
    let detail = try fx.store.openFamily(reference: "F-0000001A", as: fx.practitioner)
    let c = try #require(detail.contacts.first { $0.summary == "Group session follow-up" })
    #expect(c.type == "hub-visit")
    #expect(c.significant)
    #expect(c.followUp == LocalDate("2025-03-21"))
    #expect(Set(c.presentPersonIDs) == [Fixture.id("P-0000002A"), Fixture.id("P-0000003A")])
  }

  @Test func formValidationShowsInlineAndSavesNothing() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Jones")
    h.press(.character("c"), .tab)
    h.press(.ctrl("u"))
    h.type("2025-13-40 99:99")
    h.press(.tab, .tab, .tab, .tab, .tab)
    h.type("yesterday")
    h.press(.ctrl("o"))
    #expect(h.state.route == .form)
    let form = try #require(h.state.form)
    #expect(form.issues["summary"] == "is required")
    #expect(form.issues["time"]?.contains("is not a time") == true)
    #expect(form.issues["follow-up"]?.contains("is not a date") == true)
    #expect(!form.saving)
    #expect(h.state.form?.fields[h.state.form!.focus].id == "time")
    #expect(contains(h.screen, "^ is required"))
    let detail = try fx.store.openFamily(reference: "F-0000005E", as: fx.practitioner)
    #expect(detail.contacts.isEmpty)
  }

  @Test func escOnAChangedFormAsksBeforeDiscarding() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Jones")
    // Unchanged: Esc leaves at once.
    h.press(.character("c"), .escape)
    #expect(h.state.route == .family)
    #expect(h.state.overlay == nil)
    // Changed: Esc asks; n keeps the form, y discards it.
    h.press(.character("c"), .tab, .tab, .tab)
    h.type("half-typed")
    h.press(.escape)
    guard case .confirm(let c)? = h.state.overlay else {
      Issue.record("expected a confirmation, got \(String(describing: h.state.overlay))")
      return
    }
    #expect(c.question == "Discard changes? (y/n)")
    #expect(contains(h.screen, "Discard changes? (y/n)"))
    h.press(.character("n"))
    #expect(h.state.route == .form)
    #expect(h.state.form?.text("summary") == "half-typed")
    h.press(.escape, .character("y"))
    #expect(h.state.route == .family)
    #expect(h.state.form == nil)
    let detail = try fx.store.openFamily(reference: "F-0000005E", as: fx.practitioner)
    #expect(detail.contacts.isEmpty)
  }

  @Test func submitWhileSavingIsIgnored() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Jones")
    h.press(.character("c"), .tab, .tab, .tab)
    h.type("Only once")
    h.holdEffects = true
    h.press(.ctrl("o"))
    #expect(h.state.form?.saving == true)
    #expect(contains(h.screen, "Saving…"))
    // More submits and Esc while the save is in flight do nothing.
    h.press(.ctrl("o"), .ctrl("o"), .escape)
    for _ in 0..<6 { h.press(.tab) }
    h.press(.enter)
    let saves = h.held.filter { if case .save = $0 { true } else { false } }
    #expect(saves.count == 1)
    h.release()
    #expect(h.state.route == .family)
    let detail = try fx.store.openFamily(reference: "F-0000005E", as: fx.practitioner)
    #expect(detail.contacts.filter { $0.summary == "Only once" }.count == 1)
  }

  @Test func escalateRaisesAnEscalationIntoTheQueue() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Okonkwo")
    h.press(.character("e"))
    #expect(h.state.form?.title == "Escalate Okonkwo 🌟 from Targeted")
    h.press(.tab)
    h.press(.character(" "))  // routine → urgent
    h.press(.tab)
    h.type("Domestic abuse notification received from the school.")
    h.press(.ctrl("o"))
    #expect(h.state.route == .family)
    #expect(h.state.message?.text.hasPrefix("Escalation E-") == true)
    let queue = try fx.store.escalations(status: [.raised], for: fx.supervisor)
    let raised = try #require(queue.first { $0.familyReference == "F-0000004D" })
    #expect(raised.escalation.toLevel == .specialist)
    #expect(raised.escalation.urgency == .urgent)
    // The new escalation is selected in the chronology; Enter shows it whole.
    #expect(h.state.family?.tab == .chronology)
    h.press(.enter)
    #expect(contains(h.screen, "raised: Targeted → Specialist (urgent)"))
  }

  @Test func escalationWithoutReasonShowsInlineError() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Jones")
    h.press(.character("e"), .ctrl("o"))
    #expect(h.state.form?.issues["reason"] == "is required")
  }

  @Test func supervisorAcknowledgesThenAcceptsFromTheQueue() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.supervisor)
    // A supervisor's home opens on what needs them, the queue first.
    #expect(h.state.route == .supervisorHome)
    #expect(h.state.screenState(SupervisorHomeState.self).home?.summary.escalationsUndecided == 2)
    #expect(contains(h.screen, "Escalations awaiting a decision"))
    h.press(.character("E"))
    #expect(h.state.route == .queue)
    #expect(h.state.queue.rows.map(\.escalation.reference) == ["E-0000001A", "E-0000002B"])
    // A raised escalation must be acknowledged before it is accepted.
    h.press(.character("A"))
    #expect(h.state.overlay == nil)
    #expect(h.state.message?.isError == true)
    h.press(.character("a"))
    h.type("Seen, looking into it")
    h.press(.enter)
    #expect(h.state.overlay == nil)
    #expect(h.state.queue.rows.first?.escalation.status == .acknowledged)
    h.press(.character("A"))
    h.press(.enter)
    #expect(h.state.message?.text == "Escalation E-0000001A accepted.")
    let detail = try fx.store.openFamily(reference: "F-0000001A", as: fx.supervisor)
    #expect(detail.openCase?.level == .earlyHelp)
    #expect(detail.chronology.contains { $0.title.contains("E-0000001A accepted") })
  }

  @Test func declineNeedsANote() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.supervisor)
    h.press(.character("E"), .character("j"), .character("d"), .enter)
    guard case .prompt(let p)? = h.state.overlay else {
      Issue.record("expected the note prompt to stay open")
      return
    }
    #expect(p.error != nil)
    h.type("Threshold not met")
    h.press(.enter)
    #expect(h.state.overlay == nil)
    let rows = try fx.store.escalations(for: fx.supervisor)
    #expect(rows.first { $0.escalation.reference == "E-0000002B" }?.escalation.status == .declined)
  }

  @Test func practitionerCannotOpenTheQueue() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.press(.character("E"))
    #expect(h.state.route == .home)
    #expect(h.state.message?.isError == true)
  }

  @Test func newReferralAndAdvance() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("r"))
    h.press(.tab, .tab)
    h.type("Health visitor review")
    h.press(.tab, .character(" "), .ctrl("o"))
    #expect(h.state.message?.text.contains("recorded as a draft") == true)
    h.press(.character("3"))
    #expect(h.state.family?.detail?.referrals.count == 2)
    // Advance the first referral (sent) to accepted.
    h.press(.character("g"), .enter)
    #expect(h.state.form?.choice("status") == "accepted")
    h.press(.ctrl("o"))
    #expect(h.state.family?.detail?.referrals.first?.status == .accepted)
  }

  @Test func addFamilyThenPerson() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.press(.character("F"), .character("a"))
    h.type("Fresh")
    h.press(.tab, .tab)
    h.type("ls6 9xx")
    h.press(.ctrl("o"))
    #expect(h.state.route == .family)
    #expect(h.state.family?.detail?.family.name == "Fresh")
    #expect(h.state.family?.detail?.family.postcode == "LS6 9XX")
    h.press(.character("p"))
    h.type("Ava")
    h.press(.tab, .tab)
    h.type("2024-02-30")
    h.press(.ctrl("o"))
    #expect(h.state.form?.issues["date of birth"]?.contains("not a date") == true)
    h.press(.ctrl("u"))
    h.type("2024-02-29")
    h.press(.ctrl("o"))
    #expect(h.state.route == .family)
    #expect(h.state.family?.detail?.members.map(\.fullName) == ["Ava Fresh"])
  }

  @Test func noKeyIsOfferedThatTheRoleCannotUse() throws {
    let fx = try Fixture()
    let practitioner = Harness(fx, as: fx.practitioner)
    practitioner.press(.character("?"))
    #expect(!practitioner.screen.contains("Escalation queue"))
    practitioner.press(.escape, .character(":"))
    #expect(!practitioner.screen.contains("Escalation queue"))
    let supervisor = Harness(fx, as: fx.supervisor)
    supervisor.press(.character("?"))
    #expect(supervisor.screen.contains("Escalation queue"))
  }

  @Test func aFollowUpIsMarkedDoneFromTheActionsTab() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("5"))
    let before = h.state.family?.workItems ?? []
    #expect(before.first?.text == "Follow up: Amy worried about Leo's speech")
    h.press(.enter)
    guard case .confirm? = h.state.overlay else {
      Issue.record("expected a confirmation before marking it done")
      return
    }
    h.press(.character("n"))
    #expect(h.state.family?.workItems == before)
    h.press(.enter, .character("y"))
    #expect(h.state.family?.workItems.map(\.text) == before.dropFirst().map(\.text))
    #expect(contains(h.screen, "Done: Follow up: Amy worried about Leo's speech"))
    let stored = try fx.store.followUps(for: fx.practitioner)
    #expect(!stored.contains { $0.summary == "Amy worried about Leo's speech" })
  }

  @Test func controlCAsksBeforeDiscardingAFormAndQuitsElsewhere() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("c"))
    #expect(h.state.route == .form)
    h.press(.tab, .tab, .tab)
    h.type("Rang about the nursery place")
    h.press(.ctrl("c"))
    guard case .confirm? = h.state.overlay else {
      Issue.record("expected ^C to ask before discarding the form")
      return
    }
    h.press(.character("n"))
    #expect(h.state.route == .form && !h.state.shouldQuit)
    h.press(.ctrl("c"), .character("y"))
    #expect(h.state.route == .family && !h.state.shouldQuit)
    h.press(.ctrl("c"))
    #expect(h.state.shouldQuit)
  }

  @Test func thePaletteOpensAFamilyByReference() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.press(.character(":"))
    h.type("f-oooooo1a")
    #expect(contains(h.screen, "Enter: open family F-0000001A"))
    h.press(.enter)
    #expect(h.state.route == .family)
    #expect(h.state.family?.reference == "F-0000001A")
    h.press(.character(":"))
    h.type("F-ZZZZZZZZ")
    h.press(.enter)
    #expect(contains(h.screen, "No family has the reference F-ZZZZZZZZ."))
  }

  @Test func quickFiltersNarrowTheFamiliesList() throws {
    let fx = try Fixture()
    try fx.store.flagForHuddle(familyReference: "F-0000001A", flagged: true, as: fx.practitioner)
    try fx.store.writer.write {
      try $0.execute(
        sql: "UPDATE cases SET next_review = '2025-01-01' WHERE family_id = ?",
        arguments: [Fixture.id("F-0000005E")])
    }
    let h = Harness(fx, as: fx.practitioner)
    h.press(.character("F"))
    let all = h.state.families.count ?? 0
    h.press(.character("u"))
    #expect(h.state.families.count == 1 && h.state.families.row(0)?.reference == "F-0000001A")
    #expect(contains(h.screen, "flagged for huddle"))
    h.press(.character("u"), .character("v"))
    #expect(h.state.families.count == 1 && h.state.families.row(0)?.reference == "F-0000005E")
    h.press(.character("v"), .character("m"))
    #expect(h.state.families.filter.lead == "practitioner1")
    #expect((h.state.families.count ?? 0) <= all)
    h.press(.character("x"))
    #expect(h.state.families.count == all)
  }

  @Test func aFieldsRefusalGoesOnceTheFieldIsFilled() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("c"), .ctrl("o"))
    #expect(h.state.form?.issues["summary"] != nil)
    #expect(contains(h.screen, "^ is required"))
    h.type("Rang mum")
    #expect(h.state.form?.issues["summary"] == nil)
    #expect(!h.screen.contains("^ is required"))
  }

  @Test func textPastAFieldsLimitIsRefusedWithAMessage() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("c"), .tab, .tab, .tab)
    h.type(String(repeating: "a", count: Limits.summary + 5))
    #expect(h.state.form?.text("summary").count == Limits.summary)
    #expect(h.state.form?.issues["summary"]?.contains("at most \(Limits.summary) characters") == true)
    #expect(contains(h.screen, "not added"))
    h.press(.backspace)
    #expect(h.state.form?.issues["summary"] == nil)
  }

  @Test("every member who can be ticked present can be seen: the row scrolls to the cursor")
  func thePresentRowScrollsToTheCursor() throws {
    let fx = try Fixture()
    let names = ["Rebecca", "Jonathan", "Alexandra", "Christopher", "Bartholomew", "Genevieve", "Maximilian"]
    for name in names {
      _ = try fx.store.addPerson(
        familyReference: "F-0000001A",
        PersonDraft(givenName: name, familyName: "Clarke", dateOfBirth: "2015-01-01", relationship: .child),
        as: fx.practitioner)
    }
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("c"), .tab, .tab)
    for _ in 0..<(names.count + 2) { h.press(.right) }
    h.press(.character(" "))
    let present = h.screen.split(separator: "\n").first { $0.contains("Present") } ?? ""
    #expect(present.contains("[x]"))
    #expect(present.contains("‹"))
    h.press(.home)
    for _ in 0..<(names.count + 2) { h.press(.left) }
    let back = h.screen.split(separator: "\n").first { $0.contains("Present") } ?? ""
    #expect(back.contains("›") && !back.contains("‹"))
  }

  @Test func oneSyncKeyEverywhere() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.press(.character("S"))
    #expect(h.state.route == .home)
    h.press(.character("y"))
    #expect(h.state.route == .sync)
  }

  @Test func breakingTheGlassAsksForAReason() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.press(.character("F"), .character("/"))
    h.type("Brown")
    h.press(.enter, .enter)
    guard case .prompt(let p)? = h.state.overlay else {
      Issue.record("expected a reason prompt")
      return
    }
    #expect(p.title.contains("outside yours"))
    h.press(.enter)
    #expect(h.state.route == .families)
    // One keystroke, or a word or two, is not a reason a supervisor can read later.
    h.type("x")
    h.press(.enter)
    #expect(h.state.route == .families)
    guard case .prompt(let refused)? = h.state.overlay else {
      Issue.record("expected the reason prompt to stay open")
      return
    }
    #expect(refused.error?.contains("at least 3 words") == true)
    h.press(.backspace)
    h.type("Safeguarding call from south hub")
    h.press(.enter)
    #expect(h.state.route == .family)
    #expect(h.state.family?.detail?.access == .breakGlass(reason: "Safeguarding call from south hub"))
    #expect(contains(h.screen, "Opened outside your hubs: Safeguarding call from south hub"))
  }

  @Test func loginWithPasswordAndWithCredentials() throws {
    let fx = try Fixture()
    let h = Harness(store: fx.store, user: nil)
    #expect(h.state.route == .login)
    h.type("practitioner1")
    h.press(.tab)
    h.type("wrong")
    h.press(.enter)
    #expect(h.state.login.error == "not permitted: login failed")
    #expect(h.state.login.password.isEmpty)
    #expect(!h.screen.contains("•"))
    h.type(Fixture.password)
    h.press(.enter)
    #expect(h.state.route == .home)
    #expect(h.state.user?.username == "practitioner1")

    let pre = Harness(
      store: fx.store, user: nil,
      credentials: Credentials(username: "supervisor1", password: Fixture.password))
    #expect(pre.state.route == .supervisorHome)
    #expect(pre.state.user?.role == .supervisor)
  }

  @Test func emptyStoreOffersDemoDataThenLogsIn() throws {
    let store = try Fixture.emptyStore()
    let loader: DemoLoader = { store, progress in
      let admin = try store.addUser(
        username: "admin", displayName: "Admin", role: .admin, hubs: [], password: Fixture.password,
        as: Store.systemUser,
        checkPolicy: false)
      try store.addUser(
        username: "practitioner1", displayName: "Priya", role: .practitioner, hubs: ["north"],
        password: Fixture.password,
        as: admin,
        checkPolicy: false)
      progress(1, 2)
      progress(2, 2)
    }
    let h = Harness(
      store: store, user: nil,
      credentials: Credentials(username: "practitioner1", password: Fixture.password),
      demoLoader: loader)
    #expect(h.state.route == .demoOffer)
    #expect(contains(h.screen, "This store has no data. Load demo data? (y/n)"))
    h.press(.character("y"))
    #expect(h.state.route == .home)
    #expect(h.state.user?.username == "practitioner1")
  }

  @Test func staleSearchResultsAreDropped() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.press(.character("F"))
    let old = h.state.families.generation
    h.press(.character("/"))
    h.type("Smi")
    #expect(h.state.families.generation == old + 3)
    let before = h.state.families.count
    h.send(.familiesCounted(generation: old, count: 999, exact: true))
    h.send(.familiesPage(generation: old, offset: 0, rows: []))
    #expect(h.state.families.count == before)
    #expect(h.state.families.row(0)?.name == "Smith / Khan")
  }

  @Test("a search's '1000+' stands only until the real count arrives; then G reaches the last match")
  func searchCountsReachTheLastMatch() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.press(.character("F"), .character("/"))
    h.type("Smi")
    h.holdEffects = true
    let g = h.state.families.generation
    h.send(.familiesCounted(generation: g, count: Store.searchCountCap, exact: false))
    #expect(contains(h.screen, "of 1,000+"))
    h.send(.familiesCounted(generation: g, count: 1_620, exact: true))
    #expect(!h.screen.contains("1,000+"))
    h.press(.enter, .character("G"))
    #expect(h.state.families.list.selected == 1_619)
    #expect(contains(h.screen, "of 1,620"))
    // The last page is read from the end now that the count is the real one.
    let last = h.held.compactMap { effect -> FamilyQuery? in
      if case .fetchFamilies(let q, _) = effect { return q }
      return nil
    }.last
    #expect(last?.totalIsExact == true)
  }

  @Test("once a long search's order is in, G reads the last page by row id")
  func gReadsTheLastPageByRowID() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.press(.character("F"), .character("/"))
    h.type("Smi")
    h.holdEffects = true
    let g = h.state.families.generation
    let order = (1...1_620).map(Int64.init)
    h.send(.familiesCounted(generation: g, count: Store.searchCountCap, exact: false))
    h.send(.familiesOrdered(generation: g, order: order))
    h.send(.familiesCounted(generation: g, count: order.count, exact: true))
    h.press(.enter, .character("G"))
    let last = h.held.compactMap { effect -> FamilyQuery? in
      if case .fetchFamilies(let q, _) = effect { return q }
      return nil
    }.last
    #expect(last?.offset == 1_600)
    #expect(last?.rowids == Array(order[1_600...]))
    // An order from an earlier search is never used for this one.
    h.press(.character("/"))
    h.type("t")
    h.send(.familiesOrdered(generation: g, order: order))
    #expect(h.state.families.order == nil)
  }

  @Test func onlyPagesAroundTheViewportAreFetched() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.press(.character("F"))
    h.holdEffects = true
    let g = h.state.families.generation
    h.send(.familiesCounted(generation: g, count: 100_000, exact: true))
    h.press(.character("G"))
    let fetched = h.held.compactMap { effect -> Int? in
      if case .fetchFamilies(let q, _) = effect { return q.offset }
      return nil
    }
    #expect(fetched == [99_800])
    #expect(h.state.families.list.selected == 99_999)
    // Rows not yet fetched draw as placeholders, never as a stall.
    #expect(contains(h.screen, "99,982–100,000 of 100,000"))
  }

  @Test func chronologyFindMovesBetweenMatches() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("2"), .character("g"), .character("/"))
    h.type("speech")
    h.press(.enter)
    let first = h.state.family!.list(.chronology).selected
    #expect(h.state.family!.detail!.chronology[first].title.lowercased().contains("speech"))
    h.press(.character("n"))
    #expect(h.state.family!.list(.chronology).selected != first)
    h.press(.character("N"))
    #expect(h.state.family!.list(.chronology).selected == first)
  }

  @Test func backAndQuit() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Jones")
    h.press(.escape)
    #expect(h.state.route == .families)
    h.press(.character("q"))
    #expect(h.state.route == .home)
    h.press(.character("Q"))
    #expect(h.state.shouldQuit)
  }
}

@Suite("Keys typed ahead of the store")
struct TypeAheadTests {
  @Test func enterPressedBeforeTheResultsArriveStillOpensTheFamily() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.press(.character("F"))
    h.press(.character("/"))
    h.holdEffects = true
    h.type("Smith")
    h.press(.enter, .enter)
    #expect(h.state.route == .families, "nothing to open yet: the search is still running")
    h.release()
    #expect(h.state.route == .family)
    #expect(h.state.family?.reference == "F-0000001A")
  }

  @Test func movingAfterEnterCancelsThePendingOpen() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.press(.character("F"))
    h.press(.character("/"))
    h.holdEffects = true
    h.type("Smith")
    h.press(.enter, .enter, .character("j"))
    h.release()
    #expect(h.state.route == .families)
  }
}

@Suite struct FamilyHeaderTests {
  @Test("a long family name is cut with an ellipsis before the risk badge, never hidden under it")
  func aLongTitleEndsInAnEllipsisBeforeTheBadge() throws {
    let fx = try Fixture()
    let name = "Montgomery-Fitzwilliam / Abernethy-Castellanos"
    _ = try fx.store.addFamily(
      FamilyDraft(name: name, postcode: "LS6 2AB", hubID: "north"), as: fx.practitioner)
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Montgomery")
    let line = try #require(h.screen.split(separator: "\n").dropFirst().first.map(String.init))
    #expect(line.contains("risk "))
    let title = try #require(line.components(separatedBy: " risk ").first)
    #expect(title.trimmingCharacters(in: .whitespaces).hasSuffix("…"), "cut without saying so: \(line)")
    #expect(!line.contains("Univer "))
  }
}
