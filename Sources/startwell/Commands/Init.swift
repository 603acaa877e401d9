import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// `startwell init`: creates the store and its first admin.
struct Init: StoreCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Create the store and its first admin.",
    discussion: """
      The admin's username comes from --username or --as (default: admin). The password comes from \
      $STARTWELL_PASSWORD, or is prompted for twice. Refuses if the store already has users.
      """)

  @OptionGroup var global: GlobalOptions

  @Option(help: "The first admin's username (default: --as, or admin).")
  var username: String?

  @Option(help: "The first admin's display name.")
  var name = "Administrator"

  func run() throws {
    let context = try context()
    let store = try context.openStore(create: true)
    let existing = try store.userCount()
    if existing > 0 {
      throw CLIError(
        "\(context.dataDirectory.path) already has \(existing) user\(existing == 1 ? "" : "s"); "
          + "an admin adds more with `startwell user add`")
    }
    let username = self.username ?? context.username ?? "admin"
    let password = try Login.newPassword(for: username, variable: Login.passwordVariable)
    let user = try store.addUser(
      username: username, displayName: name, role: .admin, hubs: [], password: password, as: Store.systemUser)
    Terminal.print("Created the store in \(context.dataDirectory.path)")
    Terminal.print("First admin: \(Sanitizer.visible(user.username))")
    if let root = try store.root() {
      Terminal.print("Store fingerprint: \(SignatureCheck.fingerprint(root.key))")
    }
    Terminal.print("Next: startwell user add USERNAME --role practitioner --hub HUB --as \(user.username)")
  }
}
