import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore

struct ClockCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "clock", abstract: "Check this terminal's clock against the changes it holds.",
    subcommands: [Show.self, Accept.self], defaultSubcommand: Show.self)

  struct Show: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "status", abstract: "Say whether this terminal's clock agrees with the changes it holds.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
      let store = try context().openStore()
      guard let warning = try store.clockWarning() else {
        return Terminal.print("This terminal's clock agrees with the changes it holds.")
      }
      Terminal.print(warning.message.prefix(1).uppercased() + warning.message.dropFirst() + ".")
    }
  }

  struct Accept: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "accept",
      abstract:
        "Let this terminal go on writing while its wall clock is behind (admins; recorded in the audit). "
        + "Its changes then carry the store's own clock. Setting the system clock right is better.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Why the clock cannot be set right now (recorded in the audit).") var reason: String

    func run() throws {
      let (_, store, user) = try loggedIn()
      let warning = try store.acceptClock(as: user, reason: reason)
      Terminal.print("Accepted: \(warning.message).")
    }
  }
}
