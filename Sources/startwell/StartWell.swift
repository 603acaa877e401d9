import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore

@main
struct StartWell: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "startwell",
    abstract: "Case management for early-years family hubs.",
    discussion: """
      With no subcommand, starts the interactive client. Every listing takes --json.
      Exit status is 0 on success and non-zero on any error, with one line on stderr.
      """,
    subcommands: [
      Init.self, Demo.self, UserCommand.self, FamilyCommand.self, PersonCommand.self, ContactCommand.self,
      Escalate.self, EscalationCommand.self, ReferralCommand.self, ActionCommand.self, AuditCommand.self,
      ShareCommand.self,
      SyncCommand.self, ConflictCommand.self,
    ])

  @OptionGroup var global: GlobalOptions

  func run() throws {
    try InteractiveLauncher.run(try AppContext.resolve(global))
  }

  /// Parses and runs the command, turning every failure into one actionable
  /// `error: ` line on stderr and a non-zero exit, never a stack trace.
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      fail(error)
    }
  }

  static func fail(_ error: any Error) -> Never {
    switch error {
    case let e as DomainError:
      Terminal.error(e.description)
      Foundation.exit(ExitCode.failure.rawValue)
    case let e as ConfigurationError:
      Terminal.error(e.description)
      Foundation.exit(ExitCode.failure.rawValue)
    case let e as CLIError:
      Terminal.error(e.description)
      Foundation.exit(ExitCode.failure.rawValue)
    case let e as CocoaError:
      // File-system failures (an unwritable or missing data folder) name the path involved.
      let path = e.userInfo[NSFilePathErrorKey] as? String ?? e.filePath
      Terminal.error((path.map { "\($0): " } ?? "") + e.localizedDescription)
      Foundation.exit(ExitCode.failure.rawValue)
    case let e as ExitCode:
      Foundation.exit(e.rawValue)
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
