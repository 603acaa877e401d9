import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

@main
struct StartWell: StoreCommand {
  static let configuration = CommandConfiguration(
    commandName: "startwell",
    abstract: "Case management for early-years family hubs.",
    discussion: """
      With no subcommand, starts the interactive client. Every listing takes --json.
      Exit status is 0 on success and non-zero on any error, with one line on stderr.
      """,
    subcommands: [
      Init.self, Demo.self, UserCommand.self, FamilyCommand.self, PersonCommand.self, ContactCommand.self,
      Escalate.self, EscalationCommand.self, RiskCommand.self, ReferralCommand.self, ActionCommand.self,
      CaseCommand.self, FollowUpCommand.self, NetCommand.self, HuddleCommand.self, SupervisionCommand.self,
      DevelopmentCommand.self, NotifyCommand.self, TwosCommand.self, RollCommand.self,
      AuditCommand.self, ReportCommand.self,
      ShareCommand.self, DeviceCommand.self,
      SyncCommand.self, ConflictCommand.self, ClockCommand.self,
    ])

  @OptionGroup var global: GlobalOptions

  @Flag(
    name: .customLong("headless-frame"),
    help: ArgumentHelp(
      "Draw the client's first screen as text on standard output, then exit (times start-up as a whole process).",
      visibility: .hidden))
  var headlessFrame = false

  func run() throws {
    let context = try AppContext.resolve(global)
    if headlessFrame {
      try InteractiveLauncher.printFirstFrame(context)
    } else {
      try InteractiveLauncher.run(context)
    }
  }

  /// Parses and runs the command, turning every failure into one actionable
  /// `error: ` line on stderr and a non-zero exit, never a stack trace.
  static func main() {
    let command: any ParsableCommand
    do {
      command = try parseAsRoot()
    } catch {
      failParsing(error)
    }
    do {
      var running = command
      try running.run()
    } catch {
      fail(error, in: command)
    }
  }

  /// The command line's one boundary for errors: each becomes the sentence
  /// `PeopleError` gives it, and the raw text of anything that is not already
  /// written for people goes to `debug.log` in the command's data folder.
  static func fail(_ error: any Error, in command: any ParsableCommand) -> Never {
    switch error {
    case let e as ExitCode:
      Foundation.exit(e.rawValue)
    case _ where String(reflecting: type(of: error)).hasPrefix("ArgumentParser."):
      // Argument-parser's own (help requested, a validation failure), thrown
      // while running: worded for people already.
      failParsing(error)
    default:
      let log = (command as? any StoreCommand).map { command in
        DebugLog(
          directory: Paths.dataDirectory(
            flag: command.global.dataDir, environment: ProcessInfo.processInfo.environment))
      }
      Terminal.error(PeopleError.report(error, context: String(reflecting: type(of: command)), log: log))
      Foundation.exit(ExitCode.failure.rawValue)
    }
  }

  /// A command line that could not be parsed, or a request for help.
  static func failParsing(_ error: any Error) -> Never {
    switch error {
    case let e as ExitCode:
      Foundation.exit(e.rawValue)
    case let e as any PersonFacingError:
      Terminal.error(e.description)
      Foundation.exit(ExitCode.failure.rawValue)
    default:
      let code = exitCode(for: error)
      // Help and version requests are "errors" to the parser but succeed for the person.
      if code == .success { exit(withError: error) }
      let message = message(for: error)
      if message.isEmpty {
        Terminal.error(String(describing: error))
      } else {
        // Argument-parser adds usage and help lines; the first line says what is wrong.
        let first = message.split(separator: "\n").first.map(String.init) ?? message
        let trimmed = first.hasPrefix("Error: ") ? String(first.dropFirst(7)) : first
        Terminal.error(trimmed + (code == .validationFailure ? " (see --help)" : ""))
      }
      Foundation.exit(code == .success ? 1 : code.rawValue)
    }
  }
}

/// What every command that reads or writes casework shares: the global
/// options, and a way to open the store and log in.
protocol StoreCommand: ParsableCommand {
  var global: GlobalOptions { get }
}

extension StoreCommand {
  func context() throws -> AppContext { try AppContext.resolve(global) }

  /// The store and the logged-in user.
  func loggedIn() throws -> (context: AppContext, store: Store, user: User) {
    let context = try context()
    let store = try context.openStore()
    let user = try Login.user(context, store: store)
    return (context, store, user)
  }
}
