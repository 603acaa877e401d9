import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore

@Suite("Actions: set, listed, marked done, and in the chronology")
struct ActionTests {
  /// The fixture's today is 2026-03-02.
  static let today = LocalDate("2026-03-02")!

  func day(_ offset: Int) -> String { Self.today.adding(days: offset).description }

  /// Row counts an action write touches.
  func counts(_ f: StoreFixture) throws -> [String: Int] {
    ["action": try f.count("action"), "outbox": try f.count("outbox"), "audit": try f.count("audit")]
  }

  @Test func anActionIsSetOnTheOpenCaseWithEveryFieldQueuedAndAudited() throws {
    let f = try StoreFixture()
    let family = try f.family()
    let before = try counts(f)
    let action = try f.store.addAction(
      familyReference: family.reference, owner: "pat", due: day(7), text: "  Ring the nursery about Tobi ",
      as: f.practitioner)
    let after = try counts(f)
    #expect(after["action"] == before["action"]! + 1)
    #expect(after["outbox"]! - before["outbox"]! == Entity.action.fields.count)
    #expect(after["audit"] == before["audit"]! + 1)

    let openCase = try #require(try f.store.openFamily(id: family.meta.id, as: f.practitioner).openCase)
    #expect(action.familyID == family.meta.id)
    #expect(action.caseID == openCase.meta.id)
    #expect(action.description == "Ring the nursery about Tobi")
    #expect(action.ownerID == f.practitioner.id)
    #expect(action.due == Self.today.adding(days: 7))
    #expect(action.status == .open)
    #expect(action.doneAt == nil && action.doneBy == nil && action.huddleItemID == nil)
    #expect(action.meta.authorID == f.practitioner.id)

    let events = try f.store.auditEvents(familyReference: family.reference, as: f.supervisor)
    let event = try #require(events.last { $0.entity == "action" })
    #expect(event.action == "create" && event.recordID == action.meta.id)
    #expect(event.detail.contains("set for pat, due \(day(7))"))
  }

  @Test func theListIsScopedByHubOrderedByDueAndFilteredByOwnerAndOverdue() throws {
    let f = try StoreFixture()
    let north = try f.family(name: "Okafor")
    let south = try f.family(name: "Southern", hub: "south")
    let soon = try f.store.addAction(
      familyReference: north.reference, owner: "pat", due: day(3), text: "Home visit", as: f.practitioner)
    let later = try f.store.addAction(
      familyReference: north.reference, owner: "sam", due: day(20), text: "Review at huddle",
      as: f.practitioner)
    let today = try f.store.addAction(
      familyReference: north.reference, owner: "pat", due: day(0), text: "Send leaflet", as: f.supervisor)
    try f.store.addAction(
      familyReference: south.reference, owner: "olu", due: day(1), text: "South work",
      as: f.otherHubPractitioner)

    let all = try f.store.actions(for: f.practitioner)
    #expect(all.map(\.action.meta.id) == [today.meta.id, soon.meta.id, later.meta.id])
    #expect(all.first?.familyReference == north.reference)
    #expect(all.first?.familyName == "Okafor")
    #expect(all.map(\.ownerUsername) == ["pat", "pat", "sam"])

    #expect(try f.store.actions(owner: "sam", for: f.practitioner).map(\.action.meta.id) == [later.meta.id])
    #expect(try f.store.actions(owner: "pat", for: f.practitioner).count == 2)
    // Nothing is overdue on the day it was set; a week on, two are.
    #expect(try f.store.actions(overdue: true, for: f.practitioner).isEmpty)
    let weekOn = Self.today.adding(days: 7)
    #expect(
      try f.store.actions(overdue: true, for: f.practitioner, today: weekOn).map(\.action.meta.id) == [
        today.meta.id, soon.meta.id,
      ])
    #expect(
      try f.store.actions(owner: "sam", overdue: true, for: f.practitioner, today: weekOn).isEmpty)

    // Another hub's practitioner sees only their hub's actions; an admin, with no hubs, none.
    #expect(try f.store.actions(for: f.otherHubPractitioner).map(\.familyReference) == [south.reference])
    #expect(try f.store.actions(for: f.admin).isEmpty)

    let error = #expect(throws: DomainError.self) {
      try f.store.actions(owner: "nobody", for: f.practitioner)
    }
    #expect(error?.issues.map(\.field) == ["owner"])
  }

  @Test func markingDoneRecordsWhoAndWhenAndIsFinal() throws {
    let f = try StoreFixture()
    let family = try f.family()
    let action = try f.store.addAction(
      familyReference: family.reference, owner: "pat", due: day(5), text: "Book SLT drop-in",
      as: f.practitioner)
    let before = try counts(f)
    // The short id listings show is enough.
    let done = try f.store.completeAction(id: String(action.meta.id.prefix(8)).uppercased(), as: f.supervisor)
    #expect(done.meta.id == action.meta.id)
    #expect(done.status == .done)
    #expect(done.doneBy == f.supervisor.id)
    #expect(done.doneAt == StoreFixture.fixedNow)
    let after = try counts(f)
    #expect(after["audit"] == before["audit"]! + 1)
    // status, done_at, done_by and updated_at.
    #expect(after["outbox"] == before["outbox"]! + 4)

    #expect(try f.store.actions(for: f.practitioner).isEmpty)
    let listed = try #require(try f.store.actions(includeDone: true, for: f.practitioner).first)
    #expect(listed.action.status == .done && listed.doneByUsername == "sam")
    #expect(
      try f.store.actions(overdue: true, for: f.practitioner, today: Self.today.adding(days: 30)).isEmpty)

    let settled = try counts(f)
    let error = #expect(throws: DomainError.self) {
      try f.store.completeAction(id: action.meta.id, as: f.practitioner)
    }
    #expect(
      error?.description
        == "action \(ShortID.of(action.meta.id)) is already done by sam on 2026-03-02; done is final")
    #expect(try counts(f) == settled)
  }

  @Test func anActionIdMustBeLongEnoughKnownAndUnambiguous() throws {
    let f = try StoreFixture()
    let family = try f.family()
    try f.store.addAction(
      familyReference: family.reference, owner: "pat", due: day(5), text: "One", as: f.practitioner)
    let before = try counts(f)
    let short = #expect(throws: DomainError.self) {
      try f.store.completeAction(id: "abc", as: f.practitioner)
    }
    #expect(short?.issues.map(\.field) == ["id"])
    let unknown = #expect(throws: DomainError.self) {
      try f.store.completeAction(id: "ffffffff-0000", as: f.practitioner)
    }
    #expect(unknown?.description.contains("no action with id ffffffff-0000") == true)
    #expect(try counts(f) == before)
  }

  @Test(
    "bad input is refused naming the field, and nothing is saved",
    arguments: [
      ("owner", "pat", "", "text"),
      ("owner", "pat", String(repeating: "x", count: Limits.action + 1), "text"),
      ("owner", "pat", "Line\u{1B}[2J", "text"),
      ("due", "2026-02-30", "Visit", "due"),
      ("due", "next week", "Visit", "due"),
      ("due", "", "Visit", "due"),
      ("due", "2026-03-01", "Visit", "due"),
      ("due", "2028-03-03", "Visit", "due"),
      ("owner", "nobody", "Visit", "owner"),
      ("owner", "", "Visit", "owner"),
      ("owner", "admin", "Visit", "owner"),
      ("owner", "olu", "Visit", "owner"),
      ("owner", "gone", "Visit", "owner"),
    ])
  func badInput(kind: String, value: String, text: String, field: String) throws {
    let f = try StoreFixture()
    let family = try f.family()
    let gone = try f.store.addUser(
      username: "gone", displayName: "Gone Away", role: .practitioner, hubs: ["north"], password: "pw",
      as: f.admin, checkPolicy: false)
    try f.store.write(as: f.admin) { _ = try $0.update(.user, id: gone.id, ["active": .of(false)]) }
    let owner = kind == "owner" ? value : "pat"
    let due = kind == "due" ? value : day(7)
    let before = try counts(f)
    let error = #expect(throws: DomainError.self) {
      try f.store.addAction(
        familyReference: family.reference, owner: owner, due: due, text: text, as: f.practitioner)
    }
    #expect(error?.issues.map(\.field) == [field], "\(String(describing: error))")
    #expect(try counts(f) == before)
  }

  @Test func theLatestDueDateIsTwoYearsAhead() throws {
    let f = try StoreFixture()
    let family = try f.family()
    let last = Self.today.adding(days: Limits.actionDueDays)
    let action = try f.store.addAction(
      familyReference: family.reference, owner: "sam", due: last.description, text: "Annual review",
      as: f.practitioner)
    #expect(action.due == last)
  }

  @Test func onlyCaseworkersOfTheFamilysHubMaySetOrCompleteActions() throws {
    let f = try StoreFixture()
    let family = try f.family()
    let before = try counts(f)
    for user in [f.admin, f.otherHubPractitioner] {
      let error = #expect(throws: DomainError.self) {
        try f.store.addAction(
          familyReference: family.reference, owner: "pat", due: day(7), text: "Visit", as: user)
      }
      guard case .forbidden? = error else {
        Issue.record("expected forbidden for \(user.username), got \(String(describing: error))")
        continue
      }
    }
    #expect(try counts(f) == before)

    let action = try f.store.addAction(
      familyReference: family.reference, owner: "pat", due: day(7), text: "Visit", as: f.practitioner)
    let set = try counts(f)
    for user in [f.admin, f.otherHubPractitioner] {
      let error = #expect(throws: DomainError.self) {
        try f.store.completeAction(id: action.meta.id, as: user)
      }
      guard case .forbidden? = error else {
        Issue.record("expected forbidden for \(user.username), got \(String(describing: error))")
        continue
      }
    }
    #expect(try counts(f) == set)
    #expect(try f.store.actionRow(id: action.meta.id)?.action.status == .open)
  }

  @Test func theChronologyShowsAnActionBeingSetAndDone() throws {
    let f = try StoreFixture()
    let family = try f.family()
    let action = try f.store.addAction(
      familyReference: family.reference, owner: "sam", due: day(7), text: "Ring the nursery",
      as: f.practitioner)
    var detail = try f.store.openFamily(id: family.meta.id, as: f.practitioner)
    var lines = detail.chronology.filter { $0.kind == .action }
    #expect(lines.map(\.title) == ["Action set for Sam Supervisor, due \(day(7)): Ring the nursery"])
    #expect(lines.first?.by == "Pat Practitioner")
    #expect(lines.first?.recordID == action.meta.id)
    #expect(detail.openActions.map(\.meta.id) == [action.meta.id])

    try f.store.completeAction(id: action.meta.id, as: f.supervisor)
    detail = try f.store.openFamily(id: family.meta.id, as: f.practitioner)
    lines = detail.chronology.filter { $0.kind == .action }
    // Set and done at the same instant still read in the order they happened.
    #expect(
      lines.map(\.title) == [
        "Action set for Sam Supervisor, due \(day(7)): Ring the nursery", "Action done: Ring the nursery",
      ])
    #expect(lines.last?.by == "Sam Supervisor")
    #expect(lines.last?.at == StoreFixture.fixedNow)
    #expect(detail.openActions.isEmpty)
  }

  @Test func overdueActionsReachTheOwnersHomeScreen() throws {
    let f = try StoreFixture()
    let family = try f.family()
    let late = try f.store.addAction(
      familyReference: family.reference, owner: "pat", due: day(2), text: "Chase the GP", as: f.supervisor)
    try f.store.addAction(
      familyReference: family.reference, owner: "sam", due: day(2), text: "Not Pat's", as: f.supervisor)
    // The fixture's clock stands still, so the due date moves back instead.
    try f.store.write(as: f.supervisor) {
      _ = try $0.update(.action, id: late.meta.id, ["due": .text(day(-3))])
    }
    let due = try f.store.homeSummary(for: f.practitioner).due
    #expect(due.map(\.text) == ["Chase the GP"])
    #expect(due.first?.kind == .action && due.first?.due == Self.today.adding(days: -3))
    #expect(try f.store.actions(overdue: true, for: f.practitioner).map(\.action.meta.id) == [late.meta.id])
  }
}
