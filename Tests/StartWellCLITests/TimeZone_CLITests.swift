import Foundation
import Testing

/// The command line's text shows times on the terminal's clock (`TZ`); its
/// JSON keeps UTC for the programs that read it.
@Suite("startwell in the terminal's time zone")
struct TimeZoneCLITests {
  @Test("a contact logged at 09:00 in Kolkata reads 09:00 IST in text and 03:30Z in JSON")
  func kolkata() throws {
    let book = try Casebook()
    let s = book.sandbox
    let india = ["TZ": "Asia/Kolkata"]
    let logged = try s.run(
      [
        "contact", "log", book.family, "--type", "phone", "--summary", "Zone check", "--at",
        "2025-07-01 09:00",
      ],
      as: "practitioner1", environment: india)
    #expect(logged.status == 0, "\(logged.stderr)")
    #expect(logged.stdout.contains("at 2025-07-01 09:00 IST"))

    let text = try s.run(["family", "show", book.family], as: "practitioner1", environment: india)
    #expect(text.stdout.contains("times in IST"))
    #expect(text.stdout.contains("2025-07-01 09:00"))

    let json = try s.run(["family", "show", book.family, "--json"], as: "practitioner1", environment: india)
    #expect(json.stdout.contains("\"2025-07-01T03:30:00.000Z\""))
    #expect(!json.stdout.contains("2025-07-01 09:00"))

    // The same record on a terminal in UTC.
    let utc = try s.ok(["family", "show", book.family], as: "practitioner1")
    #expect(utc.stdout.contains("2025-07-01 03:30"))
    #expect(utc.stdout.contains("times in UTC"))
  }
}
