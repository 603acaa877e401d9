import Foundation
import StartWellCore
import StartWellStore
import TerminalUI
import Testing

@testable import StartWellApp

/// The development form, a child's journey and the cohort at 80×24 and 120×40.
@Suite struct DevelopmentSnapshotTests {
  enum Screen: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case form = "development-form", receptionForm = "development-form-reception"
    case journey = "development-journey", receptionJourney = "development-journey-reception"
    case cohort = "development-cohort"
    var testDescription: String { rawValue }
  }

  @Test(arguments: Screen.allCases, SnapshotTests.Size.allCases)
  func screen(_ screen: Screen, _ size: SnapshotTests.Size) throws {
    let h = try Self.setUp(screen, size: size.size)
    Snapshot.check(h.screen, named: "\(screen.rawValue)-\(size.rawValue)")
  }

  static func setUp(_ screen: Screen, size: TerminalSize) throws -> Harness {
    let fx = try Fixture()
    switch screen {
    case .form:
      // Leo, on the development tab: his 2025-spring record fills the form.
      let h = Harness(fx, as: fx.practitioner, size: size)
      h.openFamily(searching: "Smith Khan")
      h.press(.character("4"), .character("G"), .character("d"))
      return h
    case .receptionForm:
      let ava = try DevelopmentFixture.addReceptionChild(fx)
      let h = Harness(fx, as: fx.practitioner, size: size)
      h.openFamily(searching: "Jones")
      h.press(.character("d"))
      if h.state.form?.choice("person") != ava.reference { h.press(.right) }
      return h
    case .journey:
      try DevelopmentFixture.sixTermsForLeo(fx)
      let h = Harness(fx, as: fx.practitioner, size: size)
      h.openFamily(searching: "Smith Khan")
      h.press(.character("4"), .enter)
      return h
    case .receptionJourney:
      try DevelopmentFixture.receptionYear(fx)
      let h = Harness(fx, as: fx.practitioner, size: size)
      h.openFamily(searching: "Jones")
      h.press(.character("4"), .enter)
      return h
    case .cohort:
      try DevelopmentFixture.northCohort(fx)
      let h = Harness(fx, as: fx.practitioner, size: size)
      h.press(.character("D"))
      return h
    }
  }
}
