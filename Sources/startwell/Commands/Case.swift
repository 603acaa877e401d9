import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// `startwell case`: finish and steer a family's case.
struct CaseCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "case", abstract: "Close or reopen a family's case, change its lead, set its next review.",
    subcommands: [Close.self, Reopen.self, Lead.self, Review.self])

  struct Close: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "close", abstract: "Close the family's open case, with the reason.",
      discussion:
        "A case with an escalation still awaiting a decision stays open until a supervisor decides it.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The family reference.") var reference: String
    @Option(help: "Why the case closes, a few words.") var reason: String
    @OptionGroup var output: OutputOptions

    func run() throws {
      let (_, store, user) = try loggedIn()
      let closed = try store.closeCase(familyReference: reference, reason: reason, as: user)
      try CaseOutput.print(closed, store: store, json: output.json, done: "Closed the case of \(reference)")
    }
  }

  struct Reopen: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "reopen", abstract: "Reopen the family's most recently closed case, with the reason.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The family reference.") var reference: String
    @Option(help: "Why the case reopens, a few words.") var reason: String
    @OptionGroup var output: OutputOptions

    func run() throws {
      let (_, store, user) = try loggedIn()
      let opened = try store.reopenCase(familyReference: reference, reason: reason, as: user)
      try CaseOutput.print(opened, store: store, json: output.json, done: "Reopened the case of \(reference)")
    }
  }

  struct Lead: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "lead", abstract: "Hand the family's open case to another lead practitioner.",
      discussion:
        "The new lead must be an active colleague working in the family's hub. Every change is audited.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The family reference.") var reference: String
    @Option(help: "The new lead's username.") var to: String
    @OptionGroup var output: OutputOptions

    func run() throws {
      let (_, store, user) = try loggedIn()
      let led = try store.setCaseLead(familyReference: reference, to: to, as: user)
      try CaseOutput.print(
        led, store: store, json: output.json, done: "\(Sanitizer.visible(to.trimmed)) now leads \(reference)")
    }
  }

  struct Review: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "review", abstract: "Set the next review date of the family's open case.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The family reference.") var reference: String
    @Option(help: "The review date (YYYY-MM-DD), today or later.") var on: String
    @OptionGroup var output: OutputOptions

    func run() throws {
      let (_, store, user) = try loggedIn()
      let reviewed = try store.setCaseReview(familyReference: reference, on: on, as: user)
      try CaseOutput.print(
        reviewed, store: store, json: output.json,
        done: "Next review of \(reference) set for \(reviewed.nextReview?.description ?? on)")
    }
  }
}

/// What each `case` command prints: a sentence, or the case as JSON.
enum CaseOutput {
  static func print(_ record: Case, store: Store, json: Bool, done: String) throws {
    if json {
      let lead = try record.leadUserID.flatMap { id in try store.users().first { $0.id == id }?.username }
      return try JSONOutput.print(CaseJSON(record, lead: lead))
    }
    Terminal.print(done + ".")
  }
}

struct CaseJSON: Encodable {
  var id: String
  var familyId: String
  var status: String
  var level: String
  var openedOn: String
  @Null var closedOn: String?
  @Null var closureReason: String?
  @Null var lead: String?
  @Null var nextReview: String?
  var flaggedForHuddle: Bool

  init(_ c: Case, lead: String?) {
    id = c.meta.id
    familyId = c.familyID
    status = c.status.rawValue
    level = c.level.rawValue
    openedOn = c.openedOn.description
    closedOn = c.closedOn?.description
    closureReason = c.closureReason
    self.lead = lead
    nextReview = c.nextReview?.description
    flaggedForHuddle = c.flaggedForHuddle
  }
}
