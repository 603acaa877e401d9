import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// `startwell development`: children's termly development records.
struct DevelopmentCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "development",
    abstract: "Children's termly development: WellComm band and the EYFS areas.",
    subcommands: [
      DevelopmentRecordCommand.self, DevelopmentList.self, DevelopmentJourneyCommand.self,
      DevelopmentCohortCommand.self,
    ])
}

/// `startwell development record`: a child's check for a term.
struct DevelopmentRecordCommand: StoreCommand {
  static let configuration = CommandConfiguration(
    commandName: "record",
    abstract: "Record a child's development check for a term, or change the one recorded.",
    discussion: """
      Terms are named like 2026-autumn, 2027-spring, 2027-summer (Config/terms.json). There is one
      record per child and term: recording the same term again changes only the fields given.
      A first record for a term needs --wellcomm, --communication, --physical and --psed.
      --literacy and --maths are for a child in their reception year only.
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The child's reference.") var person: String
  @Option(help: "The term, e.g. 2026-autumn.") var term: String
  @Option(help: "WellComm band: green, amber or red.") var wellcomm: String?
  @Option(help: "Communication and language: on-track, emerging or below.") var communication: String?
  @Option(help: "Physical development: on-track, emerging or below.") var physical: String?
  @Option(help: "Personal, social and emotional: on-track, emerging or below.") var psed: String?
  @Option(help: "Literacy (reception year only): on-track, emerging or below.") var literacy: String?
  @Option(help: "Mathematics (reception year only): on-track, emerging or below.") var maths: String?
  @Option(help: "Where the check was made, e.g. the nursery's name.") var setting: String?
  @Option(help: "Notes.") var notes: String?
  @Option(name: .customLong("on"), help: "The day of the check, YYYY-MM-DD (default today).") var on: String?
  @OptionGroup var output: OutputOptions

  func run() throws {
    let (_, store, user) = try loggedIn()
    let draft = try DevelopmentDraft.parse(
      term: term, wellComm: wellcomm, communication: communication, physical: physical,
      personalSocialEmotional: psed, literacy: literacy, maths: maths, setting: setting, notes: notes,
      recordedOn: on)
    let record = try store.recordDevelopment(personReference: person, draft, as: user)
    if output.json { return try JSONOutput.print(DevelopmentJSON(record)) }
    let who = Sanitizer.visible(ReferenceCode.normalise(person))
    Terminal.print("Recorded \(record.term) for \(who): \(DevelopmentText.summary(record))")
  }
}

/// `startwell development list`: a child's records.
struct DevelopmentList: StoreCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List a child's development records, earliest term first.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The child's reference.") var person: String
  @OptionGroup var output: OutputOptions

  func run() throws {
    let (_, store, user) = try loggedIn()
    let records = try store.developmentList(personReference: person, as: user)
    if output.json { return try JSONOutput.print(records.map(DevelopmentJSON.init)) }
    if records.isEmpty { return Terminal.print("No development records.") }
    var table = Table(
      "TERM", "RECORDED", "WELLCOMM", "COMM", "PHYS", "PSED", "LIT", "MATHS", "SETTING", "NOTES")
    table.wholeLastColumn = true
    for r in records {
      table.add(
        r.term, r.recordedOn.description, r.wellComm.rawValue, r.communication.rawValue, r.physical.rawValue,
        r.personalSocialEmotional.rawValue, r.literacy?.rawValue ?? "-", r.maths?.rawValue ?? "-",
        r.setting.isEmpty ? "-" : r.setting, r.notes)
    }
    table.print()
  }
}

/// `startwell development journey`: every term side by side.
struct DevelopmentJourneyCommand: StoreCommand {
  static let configuration = CommandConfiguration(
    commandName: "journey",
    abstract: "A child's terms side by side, with the family's casework of each term.",
    discussion: """
      Columns run from the child's first recorded term to the current one. Contacts, referrals and
      escalations count in the term they are dated in, the holiday after a term counting with it.
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The child's reference.") var person: String
  @OptionGroup var output: OutputOptions

  func run() throws {
    let (_, store, user) = try loggedIn()
    let journey = try store.journey(personReference: person, as: user)
    if output.json { return try JSONOutput.print(JourneyJSON(journey, zone: store.zone)) }
    DevelopmentText.printJourney(journey, zone: store.zone)
  }
}

/// `startwell development cohort`: a hub's children in one term.
struct DevelopmentCohortCommand: StoreCommand {
  static let configuration = CommandConfiguration(
    commandName: "cohort",
    abstract: "A hub's (or the partnership's) children in a term: bands, areas and movement.",
    discussion: """
      Counts the children with a record in the term, in families the user's lists show. Without
      --hub, every such family. The transition table counts the children recorded in both this
      term and the one before, by their band in each.
      """)

  @OptionGroup var global: GlobalOptions
  @Option(help: "The hub (its id); all visible hubs when left out.") var hub: String?
  @Option(help: "The term, e.g. 2026-autumn.") var term: String
  @OptionGroup var output: OutputOptions

  func run() throws {
    let (_, store, user) = try loggedIn()
    let cohort = try store.cohort(hub: hub, term: term, as: user)
    if output.json { return try JSONOutput.print(CohortJSON(cohort)) }
    DevelopmentText.printCohort(cohort)
  }
}
