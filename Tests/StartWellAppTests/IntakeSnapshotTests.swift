import Foundation
import StartWellCore
import StartWellStore
import TerminalUI
import Testing

@testable import StartWellApp

/// The intake queue, triage with its candidates, the take-in form and the
/// supervisor's home with the intake counts, at 80×24 and 120×40.
@Suite struct IntakeSnapshotTests {
  enum Screen: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case queue = "intake-queue", queueAll = "intake-queue-all"
    case triage = "triage-candidates", hidden = "triage-hidden-candidate"
    case confirm = "triage-new-family-confirm", triaged = "triage-already-triaged"
    case takeIn = "take-in-errors", notOurs = "triage-not-ours-form"
    case home = "supervisor-home-intake"
    var testDescription: String { rawValue }
  }

  @Test(arguments: Screen.allCases, SnapshotTests.Size.allCases)
  func screen(_ screen: Screen, _ size: SnapshotTests.Size) throws {
    let h = try Self.setUp(screen, size: size.size)
    Snapshot.check(h.screen, named: "\(screen.rawValue)-\(size.rawValue)")
  }

  static func setUp(_ screen: Screen, size: TerminalSize) throws -> Harness {
    let fx = try Fixture()
    try IntakeFixture.seed(fx)
    let h = Harness(fx, as: fx.supervisor, size: size)
    if screen == .home { return h }
    h.press(.character("I"))
    switch screen {
    case .queueAll: h.press(.character("v"))
    case .triage: h.press(.down, .enter)
    case .hidden: h.press(.down, .enter, .down)
    case .confirm: h.press(.down, .enter, .character("n"))
    case .notOurs: h.press(.down, .enter, .character("x"), .ctrl("o"))
    case .triaged: h.press(.character("v"), .character("G"), .up, .enter)
    case .takeIn:
      // A domestic abuse notification with a date that is no date and a short NHS number.
      h.press(.character("a"), .character("d"), .tab)
      h.type("Leo")
      h.press(.tab, .tab)
      h.type("2022-13-40")
      h.press(.tab)
      h.type("123")
      h.press(.ctrl("o"))
    default: break
    }
    return h
  }
}
