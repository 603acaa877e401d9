import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore

/// A supervisor's marks on the net: a mark stands while the facts it was
/// made on hold, however many days pass, and goes when they change; only
/// supervisors of the child's hub mark, and bad input writes nothing.
@Suite("Net marks")
struct NetMarkTests {
  /// The clock the store reads, moved on by a test.
  final class Clock: @unchecked Sendable {
    var now = StoreFixture.fixedNow
  }

  private static let today = LocalDate("2026-03-02")!

  private func at(_ offset: Int) -> Date {
    Self.today.adding(days: offset).startOfDay.addingTimeInterval(10 * 3600)
  }

  /// A fixture with a child of hub north whose family was last contacted
  /// 100 days ago: in the net under no-contact.
  private func childOutOfContact() throws -> (StoreFixture, Family, Person) {
    let f = try StoreFixture()
    let family = try f.family(name: "Marked")
    let child = try f.store.addPerson(
      familyReference: family.reference,
      PersonDraft(givenName: "Kit", familyName: "Marked", dateOfBirth: "2024-01-10", relationship: .child),
      as: f.practitioner)
    _ = try f.store.logContact(
      familyID: family.meta.id, ContactDraft(type: "phone", at: at(-100), summary: "Rang"), as: f.practitioner
    )
    return (f, family, child)
  }

  private func reason(_ f: StoreFixture, _ child: Person, _ rule: String = "no-contact") throws -> NetReason?
  {
    try f.store.net(for: f.supervisor, rules: [rule]).first { $0.childID == child.meta.id }?.reasons.first
  }

  private func marks(_ f: StoreFixture) throws -> Int { try f.count("net_mark") }

  @Test func aMarkStandsAndShowsWhoWhenAndTheNote() throws {
    let (f, _, child) = try childOutOfContact()
    #expect(try reason(f, child)?.mark == nil)
    let marked = try f.store.markNet(
      child: child.reference, rule: "no-contact", note: "Health visitor saw them last week", as: f.supervisor)
    let mark = try #require(marked.mark)
    #expect(mark.status == .seen)
    #expect(mark.markedBy == "sam")
    #expect(mark.markedAt == StoreFixture.fixedNow)
    #expect(mark.note == "Health visitor saw them last week")
    #expect(try reason(f, child)?.mark == mark)
    // One record per child and rule, whose id every terminal makes alike.
    let ids = try f.store.read { try String.fetchAll($0, sql: "SELECT id FROM net_mark") }
    #expect(ids == [NetMarkID.of(child: child.meta.id, rule: "no-contact")])
  }

  @Test func aMarkOutlastsTheDaysPassingButNotANewFact() throws {
    let clock = Clock()
    let store = try Store.inMemory(config: StoreFixture.config, now: { clock.now })
    // The fixture's people, on a store whose clock the test moves.
    let admin = try store.addUser(
      username: "admin", displayName: "Admin", role: .admin, hubs: [], password: "pw", as: Store.systemUser,
      checkPolicy: false)
    let pat = try store.addUser(
      username: "pat", displayName: "Pat", role: .practitioner, hubs: ["north"], password: "pw", as: admin,
      checkPolicy: false)
    let sam = try store.addUser(
      username: "sam", displayName: "Sam", role: .supervisor, hubs: ["north"], password: "pw", as: admin,
      checkPolicy: false)
    let family = try store.addFamily(FamilyDraft(name: "Moved", postcode: "LS6 2AB", hubID: "north"), as: pat)
    let child = try store.addPerson(
      familyReference: family.reference,
      PersonDraft(givenName: "Kit", familyName: "Moved", dateOfBirth: "2024-01-10", relationship: .child),
      as: pat)
    _ = try store.logContact(
      familyID: family.meta.id, ContactDraft(type: "phone", at: at(-100), summary: "Rang"), as: pat)
    func current() throws -> NetReason? {
      try store.net(for: sam, rules: ["no-contact"]).first { $0.childID == child.meta.id }?.reasons.first
    }
    try store.markNet(child: child.reference, rule: "no-contact", note: "Known to the school nurse", as: sam)
    let before = try #require(try current())
    #expect(before.mark != nil)

    // Three days on, the count of days without contact has grown; the fact has not changed.
    clock.now = clock.now.addingTimeInterval(3 * 86_400)
    let later = try #require(try current())
    #expect(later.facts != before.facts)
    #expect(later.mark == before.mark)

    // A contact 95 days ago, logged late: the last contact moved, the child
    // is still in the net, and the mark made on the old facts no longer shows.
    _ = try store.logContact(
      familyID: family.meta.id, ContactDraft(type: "home-visit", at: at(-95), summary: "Home visit"), as: pat)
    let moved = try #require(try current())
    #expect(moved.since != before.since)
    #expect(moved.mark == nil)
  }

  @Test func anAssignmentNamesThePractitionerAndReplacesTheMark() throws {
    let (f, _, child) = try childOutOfContact()
    try f.store.markNet(child: child.reference, rule: "no-contact", note: "Looked", as: f.supervisor)
    let assigned = try f.store.assignNet(
      child: child.reference, rule: "no-contact", to: "pat", note: "Please visit", as: f.supervisor)
    #expect(assigned.mark?.status == .assigned)
    #expect(assigned.mark?.assignee == "pat")
    #expect(assigned.mark?.note == "Please visit")
    #expect(try marks(f) == 1)
  }

  @Test func aPractitionerMayNotMarkAndNothingIsWritten() throws {
    let (f, _, child) = try childOutOfContact()
    let before = try f.counts()
    #expect(throws: DomainError.self) {
      try f.store.markNet(child: child.reference, rule: "no-contact", note: "Seen", as: f.practitioner)
    }
    #expect(throws: DomainError.self) {
      try f.store.assignNet(child: child.reference, rule: "no-contact", to: "pat", as: f.practitioner)
    }
    #expect(try f.counts() == before)
    #expect(try marks(f) == 0)
  }

  @Test func badInputNamesTheFieldAndWritesNothing() throws {
    let (f, _, child) = try childOutOfContact()
    let before = try f.counts()
    func field(_ body: () throws -> Void) -> [String] {
      do {
        try body()
        return []
      } catch let DomainError.invalid(issues) {
        return issues.map(\.field)
      } catch {
        return ["unexpected: \(error)"]
      }
    }
    let sam = f.supervisor
    #expect(
      field { try f.store.markNet(child: child.reference, rule: "no-such-rule", note: "x", as: sam) } == [
        "rule"
      ])
    #expect(
      field { try f.store.markNet(child: child.reference, rule: "no-contact", note: "  ", as: sam) } == [
        "note"
      ])
    #expect(
      field { try f.store.markNet(child: "P-NOSUCH00", rule: "no-contact", note: "Seen", as: sam) } == [
        "child"
      ])
    // In the net, but not under this rule.
    #expect(
      field { try f.store.markNet(child: child.reference, rule: "referral-waiting", note: "Seen", as: sam) }
        == ["rule"])
    // Another hub's practitioner, and nobody at all.
    #expect(
      field { try f.store.assignNet(child: child.reference, rule: "no-contact", to: "olu", as: sam) } == [
        "to"
      ])
    #expect(
      field { try f.store.assignNet(child: child.reference, rule: "no-contact", to: "nobody", as: sam) } == [
        "to"
      ])
    #expect(
      field {
        try f.store.markNet(
          child: child.reference, rule: "no-contact", note: String(repeating: "x", count: Limits.note + 1),
          as: sam)
      } == ["note"])
    #expect(try f.counts() == before)
    #expect(try marks(f) == 0)
  }

  @Test func aSupervisorOfAnotherHubMayNotMark() throws {
    let (f, _, child) = try childOutOfContact()
    let south = try f.store.addUser(
      username: "sue", displayName: "Sue South", role: .supervisor, hubs: ["south"], password: "pw",
      as: f.admin,
      checkPolicy: false)
    #expect(throws: DomainError.self) {
      try f.store.markNet(child: child.reference, rule: "no-contact", note: "Seen", as: south)
    }
    #expect(try marks(f) == 0)
  }

  /// No side door: a mark written straight through the change recorder,
  /// not by `markNet`, is still judged by the gate.
  @Test func theGateRefusesAMarkByAPractitionerOrAnotherHubsSupervisor() throws {
    let (f, family, child) = try childOutOfContact()
    let south = try f.store.addUser(
      username: "sue", displayName: "Sue South", role: .supervisor, hubs: ["south"], password: "pw",
      as: f.admin,
      checkPolicy: false)
    for author in [f.practitioner, south] {
      let error = #expect(throws: DomainError.self, "\(author.username)") {
        try f.store.write(as: author) { tx in
          try tx.insert(
            .netMark, id: NetMarkID.of(child: child.meta.id, rule: "no-contact"),
            [
              "family_id": .text(family.meta.id), "person_id": .text(child.meta.id),
              "rule": .text("no-contact"),
              "status": .text("seen"), "fingerprint": .text("x"), "note": .text("Seen"),
              "marked_by": .text(author.id), "marked_at": .text("2026-03-02T10:00:00.000Z"),
              "assignee_id": .null,
            ])
        }
      }
      // The gate's own words, naming the record's field.
      #expect(
        error?.description.contains("net_mark.") == true, "\(author.username): \(String(describing: error))")
    }
    #expect(try marks(f) == 0)
  }
}
