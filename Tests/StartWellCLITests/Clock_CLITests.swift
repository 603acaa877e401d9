import Foundation
import Testing

/// The real binary under a wall clock set back by libfaketime, as a terminal
/// whose clock went wrong runs it.
@Suite("startwell under a wrong wall clock")
struct ClockCLITests {
  static let faketime = [
    "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1", "/usr/lib/faketime/libfaketime.so.1",
  ]
  .first { FileManager.default.fileExists(atPath: $0) }

  @Test("a clock 30 days back is said on every command and refuses changes until an admin accepts it")
  func clockWentBack() throws {
    let lib = try #require(
      Self.faketime, "libfaketime is missing; `bash .ci/run` installs the faketime package")
    let book = try Casebook()
    let s = book.sandbox
    let back = ["LD_PRELOAD": lib, "FAKETIME": "-30d", "FAKETIME_DONT_RESET": "1"]
    let add = ["family", "add", "--name", "Nowak", "--postcode", "LS6 2AB", "--hub", "north"]

    let refused = try s.run(add, as: "practitioner1", environment: back)
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("warning: this terminal's clock is 30 days behind the changes it holds"))
    #expect(refused.stderr.contains("error: not permitted: this terminal's clock is 30 days behind"))
    let listed = try s.run(["family", "search"], as: "practitioner1", environment: back)
    #expect(listed.status == 0)
    #expect(listed.stderr.hasPrefix("warning: this terminal's clock is 30 days behind"))
    #expect(!listed.stdout.contains("Nowak"))

    let notAdmin = try s.run(["clock", "accept", "--reason", "locked"], as: "supervisor1", environment: back)
    #expect(notAdmin.status == 1)
    let accepted = try s.run(["clock", "accept", "--reason", "set by IT"], as: "admin", environment: back)
    #expect(accepted.status == 0, "\(accepted.stderr)")
    #expect(try s.run(add, as: "practitioner1", environment: back).status == 0)
    #expect(try s.ok(["clock"], as: "admin").stdout.contains("agrees with the changes it holds"))
    #expect(try s.ok(["audit", "log"], as: "admin").stdout.contains("clock.accept"))
  }
}
