import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

struct UserCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "user", abstract: "Manage users (admins only).",
    subcommands: [
      Add.self, List.self, Rename.self, Deactivate.self, Change.self, ResetPassword.self, Password.self,
    ])

  struct Add: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "add",
      abstract: "Add a user.",
      discussion: """
        The new user's password comes from $STARTWELL_NEW_PASSWORD, or is prompted for twice. \
        (STARTWELL_PASSWORD is the acting admin's own password.)
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Lower-case letters, digits, '.', '-' and '_'.") var username: String
    @Option(help: "practitioner, huddle-lead, supervisor or admin.") var role: Role
    @Option(help: "A hub the user works in; repeat or separate with commas for several.")
    var hub: [String] = []
    @Option(help: "Display name (default: the username).") var name: String?
    @OptionGroup var output: OutputOptions

    static let newPasswordVariable = "STARTWELL_NEW_PASSWORD"

    func run() throws {
      let (_, store, actor) = try loggedIn()
      // Check the permission before asking for a password nobody may set.
      try Permissions.require(actor, .manageUsers)
      let hubs = hub.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        .filter { !$0.isEmpty }
      let password = try Login.newPassword(for: username, variable: Self.newPasswordVariable)
      let user = try store.addUser(
        username: username, displayName: name ?? username, role: role, hubs: hubs, password: password,
        as: actor)
      if output.json {
        try JSONOutput.print(UserJSON(user))
      } else {
        Terminal.print(
          "Added \(Sanitizer.visible(user.username)) as \(user.role.rawValue)"
            + (hubs.isEmpty ? "" : " in \(hubs.joined(separator: ", "))"))
      }
    }
  }

  struct List: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List users.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
      let (_, store, actor) = try loggedIn()
      try Permissions.require(actor, .manageUsers)
      let users = try store.users()
      let clashing = Set(try store.usernameClashes().map(\.username))
      if output.json {
        return try JSONOutput.print(users.map { UserJSON($0, clash: clashing.contains($0.username)) })
      }
      var table = Table("USERNAME", "ID", "ROLE", "HUBS", "ACTIVE", "NAME")
      for u in users {
        table.add(
          clashing.contains(u.username) ? "\(u.username) (clash)" : u.username, ShortID.of(u.id),
          u.role.rawValue, u.hubs.joined(separator: ","), u.active ? "yes" : "no", u.displayName)
      }
      table.print()
      for name in clashing.sorted() {
        Terminal.print()
        Terminal.print(
          "\(Sanitizer.visible(name)) names more than one account, made on two terminals while offline; "
            + "neither can log in until one is renamed: startwell user rename \(Sanitizer.visible(name)) --id ID --to NEW"
        )
      }
    }
  }
}

extension UserCommand {
  struct Rename: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "rename",
      abstract: "Rename an account.",
      discussion: """
        Two terminals that each added the same username while offline end up with two accounts of that \
        name; neither can log in until an admin renames one. `user list` shows the ids to tell them apart.
        """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The account's current username.") var username: String
    @Option(help: "The account's id, or its first 8 or more characters, when the username names several.")
    var id: String?
    @Option(name: .customLong("to"), help: "The new username.") var newName: String
    @OptionGroup var output: OutputOptions

    func run() throws {
      let (_, store, actor) = try loggedIn()
      let user = try store.renameUser(username, id: id, to: newName, as: actor)
      if output.json { return try JSONOutput.print(UserJSON(user)) }
      Terminal.print(
        "Renamed \(Sanitizer.visible(username)) (\(ShortID.of(user.id))) to \(Sanitizer.visible(user.username))"
      )
    }
  }
}

extension UserCommand {
  struct Deactivate: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "deactivate",
      abstract: "Stop an account: it cannot log in, and its later changes are refused on every terminal.",
      discussion: """
        Takes effect on every terminal at this change's clock, including for changes the user made offline \
        that arrive later with a later clock. `user set U --reactivate` brings the account back.
        """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The account's username.") var username: String
    @Option(help: "Why, for the audit.") var reason: String

    func run() throws {
      let (_, store, actor) = try loggedIn()
      try store.deactivateUser(username, reason: reason, as: actor)
      Terminal.print(
        "Deactivated \(Sanitizer.visible(username)); every terminal refuses its changes from now on.")
    }
  }

  struct Change: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "set", abstract: "Change an account's role or hubs, or reactivate it.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The account's username.") var username: String
    @Option(help: "practitioner, huddle-lead, supervisor or admin.") var role: Role?
    @Option(help: "The hubs the user works in (replacing the current ones); repeat or separate with commas.")
    var hub: [String] = []
    @Flag(help: "Make a deactivated account active again.") var reactivate = false

    func run() throws {
      let (_, store, actor) = try loggedIn()
      let hubs = hub.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        .filter { !$0.isEmpty }
      guard role != nil || !hubs.isEmpty || reactivate else {
        throw CLIError("nothing to change: give --role, --hub or --reactivate")
      }
      let user = try store.setUser(
        username, role: role, hubs: hubs.isEmpty ? nil : hubs, reactivate: reactivate, as: actor)
      Terminal.print(
        "\(Sanitizer.visible(user.username)) is now \(user.role.rawValue)"
          + (user.hubs.isEmpty ? "" : " in \(user.hubs.joined(separator: ", "))")
          + (user.active ? "" : " (inactive)"))
    }
  }

  struct ResetPassword: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "reset-password",
      abstract: "Give an account a new password and key; the old ones stop working everywhere.",
      discussion: """
        The new password comes from $STARTWELL_NEW_PASSWORD, or is prompted for twice. From this change's \
        clock every terminal refuses what the old key signs.
        """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The account's username.") var username: String

    func run() throws {
      let (_, store, actor) = try loggedIn()
      try Permissions.require(actor, .manageUsers)
      let password = try Login.newPassword(for: username, variable: Add.newPasswordVariable)
      try store.resetPassword(username, to: password, as: actor)
      Terminal.print(
        "\(Sanitizer.visible(username)) has a new password; after the next sync the old one works nowhere.")
    }
  }

  struct Password: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "password",
      abstract: "Change your own password.",
      discussion: "The new password comes from $STARTWELL_NEW_PASSWORD, or is prompted for twice.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
      let (_, store, user) = try loggedIn()
      let password = try Login.newPassword(for: user.username, variable: Add.newPasswordVariable)
      try store.changePassword(of: user, to: password)
      Terminal.print("Password changed for \(Sanitizer.visible(user.username)).")
    }
  }
}

struct UserJSON: Encodable {
  var id: String
  var username: String
  var displayName: String
  var role: String
  var hubs: [String]
  var active: Bool
  /// Another account has the same username.
  var clash: Bool

  init(_ u: User, clash: Bool = false) {
    id = u.id
    self.clash = clash
    username = u.username
    displayName = u.displayName
    role = u.role.rawValue
    hubs = u.hubs
    active = u.active
  }
}
