import ArgumentParser
import Foundation
import StartWellCore
import TerminalUI

/// Options every command accepts: where the data and configuration live, and who is acting.
struct GlobalOptions: ParsableArguments {
  @Option(
    name: .customLong("data-dir"),
    help: ArgumentHelp(
      "The data folder (default: $STARTWELL_DATA_DIR, then $XDG_DATA_HOME/startwell, then ~/.local/share/startwell).",
      valueName: "path"))
  var dataDir: String?

  @Option(
    name: .customLong("as"),
    help: ArgumentHelp(
      "Act as this user (default: $STARTWELL_USER). The password comes from $STARTWELL_PASSWORD or is prompted for.",
      valueName: "user"))
  var `as`: String?

  @Option(
    name: .customLong("config-dir"),
    help: ArgumentHelp(
      "The configuration folder (default: $STARTWELL_CONFIG_DIR, then ./Config, then the source tree's Config).",
      valueName: "path"))
  var configDir: String?

  init() {}
}

/// `--json` for commands that print records.
struct OutputOptions: ParsableArguments {
  @Flag(help: "Print JSON (stable camelCase keys) instead of a table.")
  var json = false

  init() {}
}

// The domain's vocabularies are the words typed on the command line, so
// argument-parser can read them directly and list them in help and errors.
extension Role: ExpressibleByArgument {}
extension CaseLevel: ExpressibleByArgument {}
extension RiskBand: ExpressibleByArgument {}
extension Consent: ExpressibleByArgument {}
extension Relationship: ExpressibleByArgument {}
extension Sex: ExpressibleByArgument {}
extension Urgency: ExpressibleByArgument {}
extension ReferralStatus: ExpressibleByArgument {}
extension UnsuccessfulReason: ExpressibleByArgument {}

/// Parses the dates and times people type, naming the option when they are wrong.
enum ArgumentValue {
  static func date(_ text: String, option: String) throws -> LocalDate {
    guard let date = LocalDate(text.trimmingCharacters(in: .whitespaces)) else {
      throw CLIError("\(option): '\(Sanitizer.visible(text))' is not a date in the form YYYY-MM-DD")
    }
    return date
  }

  /// A time as the terminal's clock shows it (or UTC, ending in Z). A time
  /// the clocks passed twice is taken as the first, and the note says so.
  static func timestamp(_ text: String, option: String) throws -> Date {
    switch CLIZone.zone.instant(from: Sanitizer.visible(text)) {
    case .success(let entry):
      if let note = entry.note { Terminal.note("note: \(option): \(note)") }
      return entry.at
    case .failure(let problem): throw CLIError("\(option): \(problem)")
    }
  }
}
