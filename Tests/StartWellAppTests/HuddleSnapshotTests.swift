import Foundation
import GRDB
import StartWellCore
import StartWellStore
import TerminalUI
import Testing

@testable import StartWellApp

/// The huddle lead's and the supervisor's screens at 80×24 and 120×40.
@Suite struct HuddleSnapshotTests {
  enum Screen: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case leadHome = "lead-home", agenda = "huddle-agenda", attendees = "huddle-attendees"
    case running = "huddle-running", record = "huddle-record", recordInvalid = "huddle-record-invalid"
    case closed = "huddle-closed"
    case supervisorHome = "supervisor-home", caseload = "supervision-caseload"
    case overdue = "supervision-overdue", reviews = "supervision-reviews"
    case netMarked = "net-marked", netMarkForm = "net-mark-form", netAssignForm = "net-assign-form"
    var testDescription: String { rawValue }
  }

  @Test(arguments: Screen.allCases, SnapshotTests.Size.allCases)
  func screen(_ screen: Screen, _ size: SnapshotTests.Size) throws {
    let h = try Self.setUp(screen, size: size.size)
    Snapshot.check(h.screen, named: "\(screen.rawValue)-\(size.rawValue)")
  }

  static func lead(_ fx: Fixture) throws -> User {
    try fx.store.addUser(
      username: "lead1", displayName: "Lee Lead", role: .huddleLead, hubs: ["north"],
      password: Fixture.password,
      as: fx.admin, checkPolicy: false)
  }

  static func setUp(_ screen: Screen, size: TerminalSize) throws -> Harness {
    let fx = try Fixture()
    switch screen {
    case .leadHome, .agenda, .attendees, .running, .record, .recordInvalid, .closed:
      let lead = try lead(fx)
      if screen != .leadHome, screen != .agenda, screen != .attendees {
        try fx.store.startHuddle(sdf: "north-moorside", attendees: ["practitioner1"], as: lead)
        let id = HuddleID.huddle(hub: "north", sdf: "north-moorside", date: fx.store.today)
        try fx.store.recordHuddleItem(
          huddle: id, familyReference: "F-0000001A", discussion: "Speech delay; family keen on support",
          decision: "Refer to speech and language therapy",
          actions: [HuddleActionText("practitioner1|2025-03-20|Make the SLT referral")], as: lead)
        if screen == .closed { try fx.store.closeHuddle(id, as: lead) }
      }
      let h = Harness(fx, as: lead, size: size)
      if screen == .leadHome { return h }
      h.press(.enter)
      switch screen {
      case .attendees: h.press(.character("a"))
      case .record: h.press(.enter)
      case .recordInvalid:
        h.press(.enter, .tab, .tab)
        h.type("nobody")
        h.press(.ctrl("o"))
      default: break
      }
      return h
    case .supervisorHome, .caseload, .overdue, .reviews:
      // One review overdue, one due within the configured days.
      try fx.store.setCaseReview(familyReference: "F-0000005E", on: "2025-03-20", as: fx.supervisor)
      let caseID = try fx.store.read { db in
        try String.fetchOne(
          db, sql: "SELECT id FROM cases WHERE family_id = ? AND status = 'open'",
          arguments: [Fixture.id("F-0000010G")])
      }
      try fx.store.write(as: fx.supervisor) { tx in
        try tx.update(.caseRecord, id: caseID!, ["next_review": .text("2025-03-01")])
      }
      let h = Harness(fx, as: fx.supervisor, size: size)
      switch screen {
      case .caseload: h.press(.tab, .enter)
      case .overdue: h.press(.character("j"), .enter)
      case .reviews: h.press(.character("j"), .character("j"), .enter)
      default: break
      }
      return h
    case .netMarked, .netMarkForm, .netAssignForm:
      if screen == .netMarked {
        try fx.store.markNet(
          child: "P-0000008E", rule: "no-contact", note: "Lead is visiting", as: fx.supervisor)
      }
      // Mia, under two rules, heads the net: the marked row is the first.
      let h = Harness(fx, as: fx.supervisor, size: size)
      h.press(.character("W"))
      if screen == .netMarkForm { h.press(.character("m")) }
      if screen == .netAssignForm { h.press(.character("a")) }
      return h
    }
  }
}
