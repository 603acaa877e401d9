import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

struct ContactCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "contact", abstract: "Record contacts with families.", subcommands: [Log.self, Error.self])

  struct Error: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "error", abstract: "Mark a contact as entered in error, with the reason.",
      discussion: """
        The contact stays in the family's history as it was recorded, marked with the reason; it no longer \
        counts as a contact with the family, and its follow-up is dropped. CONTACT is the contact's id, or its \
        first 8 characters.
        """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The contact's id (at least 8 characters).") var contact: String
    @Option(help: "Why it was entered in error, a few words.") var reason: String

    func run() throws {
      let (_, store, user) = try loggedIn()
      try store.markContactInError(contactID: contact, reason: reason, as: user)
      Terminal.print(
        "Marked contact \(Sanitizer.visible(contact.trimmed)) as entered in error; it stays in the history.")
    }
  }

  struct Log: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "log",
      abstract: "Log a contact with a family.",
      discussion: """
        Contact types come from the configuration (casework.json), e.g. home-visit, phone. A group session or \
        an intervention may name the local approach it belongs to with --approach (approaches.json), e.g. elklan.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The family reference.") var reference: String
    @Option(help: "The contact type.") var type: String
    @Option(help: "One line, at most 200 characters.") var summary: String
    @Option(help: "Notes.") var notes: String = ""
    @Option(parsing: .upToNextOption, help: "References of the family members present.") var present:
      [String] = []
    @Flag(help: "A significant event (marked in the chronology).") var significant = false
    @Option(name: .customLong("follow-up"), help: "Follow-up due date (YYYY-MM-DD).") var followUp: String?
    @Option(help: "The approach a group session or intervention belongs to (an id from approaches.json).")
    var approach: String?
    @Option(
      help:
        "When it happened, on this terminal's clock (YYYY-MM-DD HH:MM, or ending in Z for UTC; default: now)."
    )
    var at: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
      let followUp = try self.followUp.map { try ArgumentValue.date($0, option: "--follow-up") }
      let at = try self.at.map { try ArgumentValue.timestamp($0, option: "--at") }
      let (context, store, user) = try loggedIn()
      let presentIDs = try store.personIDs(references: present, field: "--present")
      let contact = try store.logContact(
        familyReference: reference,
        ContactDraft(
          type: type, at: at ?? Date(), summary: summary, notes: notes, significant: significant,
          followUp: followUp, presentPersonIDs: presentIDs, approach: approach?.trimmed),
        as: user)
      if output.json {
        return try JSONOutput.print([
          "family": ReferenceCode.normalise(reference), "at": Timestamp.format(contact.at),
          "type": contact.type, "approach": contact.approach,
        ])
      }
      Terminal.print(
        "Logged \(context.config.contactTypeName(contact.type).lowercased()) with \(ReferenceCode.normalise(reference)) at \(CLIZone.zone.labelled(contact.at))"
          + (contact.approach.map { " for \(context.config.approachSettings.name($0))" } ?? "")
          + (contact.significant ? " (significant)" : ""))
    }
  }
}
