import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

struct ActionCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "action", abstract: "Set actions on families' cases, list them, and mark them done.",
    subcommands: [Add.self, List.self, Done.self])

  struct Add: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "add",
      abstract: "Set an action on a family's open case, for an owner, with a due date.",
      discussion: "The owner must be an active practitioner, huddle lead or supervisor of the family's hub.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The family reference.") var reference: String
    @Option(help: "The owner's username.") var owner: String
    @Option(help: "Due date (YYYY-MM-DD), today or later.") var due: String
    @Option(help: "What is to be done, one line.") var text: String
    @OptionGroup var output: OutputOptions

    func run() throws {
      let (_, store, user) = try loggedIn()
      let action = try store.addAction(
        familyReference: reference, owner: owner, due: due, text: text, as: user)
      let row = try store.actionRow(id: action.meta.id)
      if output.json, let row { return try JSONOutput.print(ActionJSON(row, today: store.today)) }
      Terminal.print(
        "Set action \(ShortID.of(action.meta.id)) for \(Sanitizer.visible(owner.trimmed)), due \(action.due)"
      )
    }
  }

  struct List: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "list",
      abstract: "List open actions on your hubs' families, soonest due first.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this owner's actions (a username).") var owner: String?
    @Flag(help: "Only open actions whose due date has passed.") var overdue = false
    @Flag(help: "Include actions already done.") var all = false
    @OptionGroup var output: OutputOptions

    func run() throws {
      let (_, store, user) = try loggedIn()
      let today = store.today
      let rows = try store.actions(
        owner: owner, overdue: overdue, includeDone: all, for: user, today: today)
      if output.json { return try JSONOutput.print(rows.map { ActionJSON($0, today: today) }) }
      if rows.isEmpty { return Terminal.print(overdue ? "No overdue actions." : "No actions.") }
      var table = Table("ID", "FAMILY", "NAME", "OWNER", "DUE", "STATUS", "ACTION")
      for r in rows {
        let a = r.action
        let status = a.isOverdue(today: today) ? "overdue" : a.status.rawValue
        table.add(
          ShortID.of(a.meta.id), r.familyReference, r.familyName,
          r.ownerUsername, a.due.description, status, a.description)
      }
      table.print()
    }
  }

  struct Done: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "done",
      abstract: "Mark an action done; done is final.",
      discussion: "Give the action's id, or its first 8 or more characters as listings show them.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The action id, or a unique prefix of at least 8 characters.") var id: String
    @Option(help: "What was done, one line; kept with the action and in the audit log.") var note: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
      let (_, store, user) = try loggedIn()
      let action = try store.completeAction(id: id, note: note, as: user)
      let row = try store.actionRow(id: action.meta.id)
      if output.json, let row { return try JSONOutput.print(ActionJSON(row, today: store.today)) }
      Terminal.print(
        "Action \(ShortID.of(action.meta.id)) done: \(Sanitizer.visible(action.description))"
      )
    }
  }
}
