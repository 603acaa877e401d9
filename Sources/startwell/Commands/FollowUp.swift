import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// `startwell followup`: the follow-ups contacts set, and marking them done.
struct FollowUpCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "followup", abstract: "List contacts' follow-ups, and mark them done.",
    subcommands: [List.self, Done.self])

  struct List: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List open follow-ups on your hubs' families, soonest due first.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only the follow-ups of contacts this practitioner logged (a username).") var owner: String?
    @Flag(help: "Only follow-ups past their due date.") var overdue = false
    @OptionGroup var output: OutputOptions

    func run() throws {
      let (_, store, user) = try loggedIn()
      let today = store.today
      let rows = try store.followUps(owner: owner, overdue: overdue, for: user, today: today)
      if output.json { return try JSONOutput.print(rows.map { FollowUpJSON($0, today: today) }) }
      if rows.isEmpty { return Terminal.print(overdue ? "No overdue follow-ups." : "No open follow-ups.") }
      var table = Table("CONTACT", "FAMILY", "NAME", "OWNER", "DUE", "STATUS", "SUMMARY")
      for r in rows {
        table.add(
          ShortID.of(r.contactID), r.familyReference, r.familyName,
          r.ownerUsername, r.due.description, r.isOverdue(today: today) ? "overdue" : "open", r.summary)
      }
      table.print()
    }
  }

  struct Done: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "done", abstract: "Mark a contact's follow-up done, with an optional note.",
      discussion: "CONTACT is the contact's id, or its first 8 characters as `followup list` shows them.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The contact's id (at least 8 characters).") var contact: String
    @Option(help: "What was done.") var note: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
      let (_, store, user) = try loggedIn()
      let row = try store.completeFollowUp(contactID: contact, note: note, as: user)
      if output.json { return try JSONOutput.print(FollowUpJSON(row, today: store.today)) }
      Terminal.print(
        "Follow-up of contact \(ShortID.of(row.contactID)) (\(row.familyReference)) done."
      )
    }
  }
}

struct FollowUpJSON: Encodable {
  var contactId: String
  var family: String
  var familyName: String
  var owner: String
  var summary: String
  var due: String
  var done: Bool
  var overdue: Bool
  @Null var doneAt: String?
  @Null var doneBy: String?
  @Null var note: String?

  init(_ r: FollowUpRow, today: LocalDate) {
    contactId = r.contactID
    family = r.familyReference
    familyName = r.familyName
    owner = r.ownerUsername
    summary = r.summary
    due = r.due.description
    done = r.done
    overdue = r.isOverdue(today: today)
    doneAt = r.doneAt.map(Timestamp.format)
    doneBy = r.doneByUsername
    note = r.note
  }
}
