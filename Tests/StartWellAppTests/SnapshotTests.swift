import Foundation
import StartWellCore
import StartWellStore
import TerminalUI
import Testing

@testable import StartWellApp

/// Every screen rendered at 80×24 and 120×40 against golden text files.
@Suite struct SnapshotTests {
  enum Size: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case small = "80x24", large = "120x40"
    var size: TerminalSize {
      self == .small ? TerminalSize(rows: 24, cols: 80) : TerminalSize(rows: 40, cols: 120)
    }
    var testDescription: String { rawValue }
  }

  enum Screen: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case demoOffer = "demo-offer", demoLoading = "demo-loading", login, loginError = "login-error"
    case home, homeSupervisor = "home-supervisor", families, familiesSearch = "families-search"
    case familiesFilter = "families-filter", familiesSorted = "families-sorted"
    case overview = "family-overview", chronology = "family-chronology", entry = "chronology-entry"
    case referrals = "family-referrals", development = "family-development", actions = "family-actions"
    case contactForm = "form-contact", contactInvalid = "form-contact-invalid", escalateForm = "form-escalate"
    case referralForm = "form-referral", advanceForm = "form-referral-advance", familyForm = "form-family"
    case personForm = "form-person", discard = "form-discard-confirm", queue, decision = "queue-decision"
    case help, palette, breakGlass = "break-glass", evil = "escape-family", evilChronology =
      "escape-chronology"
    case unicode = "unicode-family"
    case closeCaseForm = "form-close-case", leadForm = "form-case-lead", editFamilyForm = "form-family-edit"
    case moveForm = "form-move-family", editPersonForm = "form-person-edit"
    case inErrorPrompt = "contact-in-error", helpFamily = "help-family-chronology"
    case reviewForm = "form-case-review", birthForm = "form-birth"
    case net, netFiltered = "net-rule-filtered"

    var testDescription: String { rawValue }
  }

  @Test(arguments: Screen.allCases, Size.allCases)
  func screen(_ screen: Screen, _ size: Size) throws {
    let h = try Self.setUp(screen, size: size.size)
    Snapshot.check(h.screen, named: "\(screen.rawValue)-\(size.rawValue)")
  }

  @Test func tooSmall() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner, size: TerminalSize(rows: 20, cols: 70))
    Snapshot.check(h.screen, named: "too-small-70x20")
  }

  static func setUp(_ screen: Screen, size: TerminalSize) throws -> Harness {
    switch screen {
    case .demoOffer, .demoLoading:
      let h = Harness(store: try Fixture.emptyStore(), user: nil, size: size, demoLoader: { _, _ in })
      if screen == .demoLoading {
        h.holdEffects = true
        h.press(.character("y"))
        h.send(.demoProgress(done: 700, total: 2_000))
      }
      return h
    case .login, .loginError:
      let fx = try Fixture()
      let h = Harness(store: fx.store, user: nil, size: size)
      h.type("practitioner1")
      h.press(.tab)
      h.type("secret")
      if screen == .loginError { h.press(.enter) }
      return h
    case .net, .netFiltered:
      let fx = try Fixture()
      let h = Harness(fx, as: fx.supervisor, size: size)
      h.press(.character("W"))
      if screen == .netFiltered { h.press(.character("r"), .character("r")) }
      return h
    case .homeSupervisor, .queue, .decision:
      let fx = try Fixture()
      let h = Harness(fx, as: fx.supervisor, size: size)
      if screen != .homeSupervisor { h.press(.character("E")) }
      if screen == .decision { h.press(.character("j"), .character("A")) }
      return h
    default: break
    }
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner, size: size)
    switch screen {
    case .home: break
    case .families: h.press(.character("F"))
    case .familiesSearch:
      h.press(.character("F"), .character("/"))
      h.type("smi")
    case .familiesFilter: h.press(.character("F"), .character("f"), .character(" "))
    case .familiesSorted: h.press(.character("F"), .character("s"), .character("S"))
    case .help: h.press(.character("F"), .character("?"))
    case .palette:
      h.openFamily(searching: "Smith Khan")
      h.press(.character(":"))
      h.type("ref")
    case .breakGlass:
      h.press(.character("F"), .character("/"))
      h.type("brown")
      h.press(.enter, .enter)
    case .evil, .evilChronology:
      h.openFamily(searching: "evil")
      if screen == .evilChronology { h.press(.character("2")) }
    case .unicode: h.openFamily(searching: "Nguyen")
    case .birthForm:
      try fx.store.addPerson(
        familyReference: "F-0000005E",
        PersonDraft(
          givenName: "Baby", familyName: "Jones", dateOfBirth: "2025-04-20", expected: true, sex: .female,
          relationship: .child),
        as: fx.practitioner)
      h.openFamily(searching: "Jones")
      h.press(.character("b"))
    default:
      h.openFamily(searching: "Smith Khan")
      switch screen {
      case .chronology: h.press(.character("2"))
      case .entry: h.press(.character("2"), .character("k"), .enter)
      case .referrals: h.press(.character("3"))
      case .development: h.press(.character("4"))
      case .actions: h.press(.character("5"))
      case .contactForm: h.press(.character("c"))
      case .contactInvalid:
        h.press(.character("c"), .tab, .ctrl("u"))
        h.type("2025-03-15 09:00")
        h.press(.ctrl("o"))
      case .escalateForm: h.press(.character("e"))
      case .referralForm: h.press(.character("r"))
      case .advanceForm: h.press(.character("3"), .enter)
      case .familyForm: h.press(.character("F"), .character("a"))
      case .personForm: h.press(.character("p"))
      case .closeCaseForm: h.press(.character("X"))
      case .leadForm: h.press(.character("l"))
      case .reviewForm: h.press(.character("v"))
      case .editFamilyForm: h.press(.character("f"))
      case .moveForm: h.press(.character("m"))
      case .editPersonForm: h.press(.character("P"), .right, .right)
      case .helpFamily: h.press(.character("2"), .character("?"))
      case .inErrorPrompt:
        h.press(.character("2"))
        let entries = h.state.family?.detail?.chronology ?? []
        h.state.family?.lists[.chronology]?.select(
          entries.firstIndex { $0.recordID == Fixture.id("K-0000003A") } ?? 0)
        h.press(.character("x"))
        h.type("Logged against the wrong family")
      case .discard:
        h.press(.character("c"), .tab, .tab, .tab)
        h.type("Something")
        h.press(.escape)
      default: break
      }
    }
    return h
  }
}
