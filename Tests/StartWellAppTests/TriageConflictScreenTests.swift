import Foundation
import StartWellCore
import StartWellStore
import StartWellSync
import TerminalUI
import Testing

@testable import StartWellApp

/// Two triages of one notification made apart, as the sync screen shows them.
@Suite struct TriageConflictScreenTests {
  static let attached = FieldValue.text("attached:5d0c3c9e-1b7a-4d0e-9f51-6a2b3c4d5e6f")
  static let newFamily = FieldValue.text("new-family:8e2f1a7b-3c4d-4e5f-8a9b-0c1d2e3f4a5b")

  static func conflict(triagers: Set<Role> = [.practitioner, .huddleLead, .supervisor]) -> SyncConflict {
    var conflict = SyncConflict(
      id: "K-TR1AGE01", familyReference: nil, entity: "notification", field: "triage", current: attached,
      edits: [
        .init(value: attached, device: "here0000here0000", here: true, userID: "u1", at: Fixture.now),
        .init(value: newFamily, device: "them0000them0000", here: false, userID: "u2", at: Fixture.now),
      ])
    conflict.notificationReference = "N-0000007Q"
    conflict.hub = "north"
    conflict.triagers = triagers
    conflict.labels = [
      attached: "attached to P-0000002B (F-0000001A)", newFamily: "new family F-0000009C",
      .null: "none (back to the triage queue)",
    ]
    return conflict
  }

  @Test("a triage reads as the records it names, never an id, and none sends it back to the queue")
  func triageReadsAsReferences() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.press(.character("y"))
    h.send(
      .syncFinished(
        SyncOutcome(finished: Fixture.now, overview: SyncUpdateTests.overview(conflicts: [Self.conflict()]))))
    #expect(contains(h.screen, "N-0000007Q"))
    #expect(contains(h.screen, "attached to P-0000002B (F-0000001A)"))
    #expect(contains(h.screen, "new family F-0000009C"))
    #expect(!h.screen.contains("5d0c3c9e") && !h.screen.contains("8e2f1a7b"))
    h.press(.character("v"))
    #expect(contains(h.screen, "1. attached to P-0000002B (F-0000001A) (this terminal)"))
    #expect(contains(h.screen, "2. new family F-0000009C (terminal them0000)"))
    #expect(contains(h.screen, "3. none (back to the triage queue)"))
    h.press(.character("2"), .enter)
    #expect(contains(h.screen, "Set N-0000007Q triage of a notification to new family F-0000009C"))
    guard case .confirm(let confirm)? = h.state.overlay else {
      Issue.record("no confirmation was asked")
      return
    }
    #expect(confirm.purpose == .resolveConflict(id: "K-TR1AGE01", value: Self.newFamily))
  }

  @Test("a triage conflict shows to those who could triage the notification, in its hub")
  func triageConflictAudience() throws {
    let fx = try Fixture()
    let overview = SyncUpdateTests.overview(conflicts: [Self.conflict()])
    #expect(overview.visible(to: fx.practitioner).conflicts.count == 1)
    #expect(overview.visible(to: fx.supervisor).conflicts.count == 1)
    #expect(overview.visible(to: fx.southPractitioner).conflicts.isEmpty)
    #expect(overview.visible(to: nil).conflicts.isEmpty)
    // A kind practitioners do not see (domestic abuse, intake.json).
    let hidden = SyncUpdateTests.overview(conflicts: [Self.conflict(triagers: [.huddleLead, .supervisor])])
    #expect(hidden.visible(to: fx.practitioner).conflicts.isEmpty)
    #expect(hidden.visible(to: fx.supervisor).conflicts.count == 1)
  }
}
