import Foundation
import StartWellCore
import StartWellStore
import TerminalUI
import Testing

@testable import StartWellApp

/// Times are shown and typed in the terminal's zone and stored in UTC;
/// calendar dates do not move with the zone.
@Suite struct TimeZoneTests {
  static let london = DisplayZone(TimeZone(identifier: "Europe/London")!)
  static let kolkata = DisplayZone(TimeZone(identifier: "Asia/Kolkata")!)

  @Test(arguments: [
    (london, "2024-07-01T08:00:00.000Z", "BST"), (kolkata, "2024-07-01T03:30:00.000Z", "IST"),
  ])
  func aContactAtNineLocalIsStoredInUTCAndShownAtNine(zone: DisplayZone, stored: String, label: String) throws
  {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner, size: TerminalSize(rows: 40, cols: 120), zone: zone)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("c"), .tab, .ctrl("u"))
    h.type("2024-07-01 09:00")
    h.press(.tab, .tab)
    h.type("Summer visit")
    h.press(.ctrl("o"))
    #expect(h.state.route == .family)
    let detail = try fx.store.openFamily(reference: "F-0000001A", as: fx.practitioner)
    let saved = try #require(detail.contacts.first { $0.summary == "Summer visit" })
    #expect(Timestamp.format(saved.at) == stored)
    #expect(contains(h.screen, "2024-07-01 09:00"))
    if zone == Self.kolkata { #expect(contains(h.screen, "When (IST)")) }
    h.press(.enter)
    #expect(contains(h.screen, "2024-07-01 09:00 \(label)"))
  }

  @Test func theContactFormOpensAtTheLocalTimeWithItsZone() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner, zone: Self.kolkata)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("c"))
    #expect(h.state.form?.text("time") == "2025-03-14 15:30")  // 10:00Z
    #expect(contains(h.screen, "YYYY-MM-DD HH:MM IST"))
    #expect(!h.screen.contains("UTC"))
  }

  @Test func aTimeTheClocksSkippedIsRefusedWithAReason() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner, zone: Self.london)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("c"), .tab, .ctrl("u"))
    h.type("2024-03-31 01:30")
    h.press(.tab, .tab)
    h.type("Night call")
    h.press(.ctrl("o"))
    #expect(h.state.route == .form)
    #expect(h.state.form?.issues["time"]?.contains("did not happen here: the clocks went forward") == true)
  }

  @Test func aTimeTheClocksPassedTwiceIsTakenAsTheFirstAndSaidSo() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner, zone: Self.london)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("c"), .tab, .ctrl("u"))
    h.type("2024-10-27 01:30")
    h.press(.tab, .tab)
    h.type("Night call")
    h.press(.ctrl("o"))
    #expect(h.state.route == .family)
    let detail = try fx.store.openFamily(reference: "F-0000001A", as: fx.practitioner)
    let saved = try #require(detail.contacts.first { $0.summary == "Night call" })
    #expect(Timestamp.format(saved.at) == "2024-10-27T00:30:00.000Z")
    #expect(h.state.message?.text.contains("happened twice") == true)
    #expect(h.state.message?.text.contains("taken as the first, 2024-10-27 01:30 BST") == true)
  }

  @Test func aDateOfBirthDoesNotMoveWithTheZone() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner, zone: Self.kolkata)
    h.press(.character("F"), .character("a"))
    h.type("Zonal")
    h.press(.tab, .tab)
    h.type("LS6 9XX")
    h.press(.ctrl("o"))
    h.press(.character("p"))
    h.type("Ava")
    h.press(.tab, .tab)
    h.type("2024-02-29")
    h.press(.ctrl("o"))
    #expect(h.state.route == .family)
    let person = try #require(h.state.family?.detail?.members.first)
    #expect(person.dateOfBirth == LocalDate("2024-02-29"))
  }

  @Test func aDevelopmentChecksDateDoesNotMoveInTheChronology() throws {
    let fx = try Fixture()
    let newYork = DisplayZone(TimeZone(identifier: "America/New_York")!)
    let h = Harness(fx, as: fx.practitioner, size: TerminalSize(rows: 40, cols: 120), zone: newYork)
    h.openFamily(searching: "Smith Khan")
    h.press(.character("2"))
    #expect(contains(h.screen, "2024-11-15         development"))
    #expect(!h.screen.contains("2024-11-14"))
  }
}
