import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// What every import says about its file and its report.
private let fileFormat = """
  FILE is CSV (a header row, then one row per line; RFC 4180 quoting) or JSON (an array of objects \
  with the same keys), told apart by its extension or else its first character. Header names are \
  matched ignoring case; an unknown column is refused. Each row is reported with its line (the \
  header is line 1). Every row is applied in one transaction: an interruption leaves none of them. \
  Importing the same file again adds nothing. Exit status 2 means some rows were refused (the \
  others were applied, unless --dry-run).
  """

/// `startwell notify import FILE`: many notifications at once.
struct NotifyImport: StoreCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Take in a CSV or JSON file of notifications, with a report for each row.",
    discussion: """
      Columns: kind (leave it out with --kind), hub (optional), given, family-name, dob, nhs, postcode, \
      address, then the kind's own fields by their ids in Config/intake.json (criteria separated by \
      ';' in a CSV cell, or a JSON array). Each row is accepted (taken in), already held (the same \
      notification is held: its reference is shown), repeated (the same as an earlier row), or \
      refused with its line, the field and why.

      \(fileFormat)
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The CSV or JSON file.") var file: String
  @Option(help: "The kind of every row: antenatal, gp-early or domestic-abuse.") var kind: String?
  @Flag(name: .customLong("dry-run"), help: "Check and report every row; apply none.") var dryRun = false
  @OptionGroup var output: OutputOptions

  func run() throws {
    let kind = try self.kind.map { try NotifyKindArgument.partner($0) }
    let context = try context()
    let table = try ImportFile.read(file, columns: .notifications(context.config.intake, kind: kind))
    let store = try context.openStore()
    let user = try Login.user(context, store: store)
    let report = try store.importNotifications(table, kind: kind, dryRun: dryRun, as: user)
    try ImportFile.finish(report, json: output.json)
  }
}

/// `startwell twos`: the funded two-year-old offer.
struct TwosCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "twos",
    abstract: "The two-year-old offer: load the eligibility list, see who took up a place.",
    subcommands: [TwosImport.self, TwosList.self])
}

/// What `twos import` and `roll import` share beyond the file.
struct OfferImportOptions: ParsableArguments {
  @Option(help: "The term, e.g. 2026-spring (default: the term today is in, else the next).") var term:
    String?
  @Option(help: "The hub whose triage queue takes the rows a person must decide (default: your only hub).")
  var hub: String?
  @Flag(name: .customLong("dry-run"), help: "Check, match and report every row; apply none.") var dryRun =
    false

  init() {}
}

/// Rows of the two-year offer's lists, and where they go.
private let offerRows = """
  Each row is matched to the children held, by the same matcher as notifications: matched (to \
  P-...) when one child is certain, and that child's offer for the term is recorded; ambiguous when \
  a person must choose (it is queued for triage as a notification, N-..., never guessed); \
  unmatched when no child held matches (reported only); or refused with its line, field and why.
  """

/// `startwell twos import FILE`: the national eligibility list for a term.
struct TwosImport: StoreCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Load the list of children eligible for a funded two-year-old place in a term.",
    discussion: """
      Columns: given, family-name, dob, parent (optional), postcode (optional), code (the \
      eligibility code).

      \(offerRows)

      \(fileFormat)
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The CSV or JSON file.") var file: String
  @OptionGroup var options: OfferImportOptions
  @OptionGroup var output: OutputOptions

  func run() throws {
    let table = try ImportFile.read(file, columns: .eligibility)
    let (_, store, user) = try loggedIn()
    let report = try store.importTwoYearList(
      table, term: options.term, hub: options.hub, dryRun: options.dryRun, as: user)
    try ImportFile.finish(report, json: output.json)
  }
}

/// `startwell roll`: settings' rolls of funded two-year-old places.
struct RollCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "roll", abstract: "Settings' rolls of children taking a funded two-year-old place.",
    subcommands: [RollImport.self])
}

/// `startwell roll import FILE --setting S`: a setting's roll for a term.
struct RollImport: StoreCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Load a setting's roll of children taking a funded two-year-old place in a term.",
    discussion: """
      Columns: given, family-name, dob, postcode (optional).

      \(offerRows)

      \(fileFormat)
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The CSV or JSON file.") var file: String
  @Option(help: "The setting (nursery, school, childminder) whose roll it is.") var setting: String
  @OptionGroup var options: OfferImportOptions
  @OptionGroup var output: OutputOptions

  func run() throws {
    let table = try ImportFile.read(file, columns: .roll)
    let (_, store, user) = try loggedIn()
    let report = try store.importRoll(
      table, setting: setting, term: options.term, hub: options.hub, dryRun: options.dryRun, as: user)
    try ImportFile.finish(report, json: output.json)
  }
}

/// `startwell twos list`: the eligible children of a term, and who took up a place.
struct TwosList: StoreCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "List the children eligible in a term and whether they took up a place.",
    discussion:
      "Only children in families your lists show. A place is taken up when a setting's roll shows it.")

  @OptionGroup var global: GlobalOptions
  @Option(help: "The term, e.g. 2026-spring (default: the term today is in, else the next).") var term:
    String?
  @Flag(name: .customLong("not-taken-up"), help: "Only the children no roll shows taking up their place.")
  var notTakenUp = false
  @OptionGroup var output: OutputOptions

  func run() throws {
    let (_, store, user) = try loggedIn()
    let (term, rows) = try store.twoYearOffers(term: self.term, notTakenUp: notTakenUp, as: user)
    if output.json { return try JSONOutput.print(rows.map(TwoYearOfferJSON.init)) }
    if rows.isEmpty {
      return Terminal.print(
        "No children \(notTakenUp ? "eligible and not taken up" : "eligible") in \(term.name).")
    }
    var table = Table("CHILD", "NAME", "BORN", "FAMILY", "HUB", "CODE", "LISTED", "TAKEN UP", "SETTING")
    for r in rows {
      table.add(
        r.childReference, "\(r.givenName) \(r.familyName)", r.dateOfBirth?.description ?? "-",
        r.familyReference,
        r.hubID, r.code.isEmpty ? "-" : r.code, r.listedOn?.description ?? "-", r.takenUp ? "yes" : "no",
        r.setting.isEmpty ? "-" : r.setting)
    }
    table.print()
    let taken = rows.filter(\.takenUp).count
    Terminal.print(
      notTakenUp
        ? "\(term.name): \(rows.count) eligible and not taken up"
        : "\(term.name): \(rows.count) eligible, \(taken) taken up, \(rows.count - taken) not taken up")
  }
}

struct TwoYearOfferJSON: Encodable {
  var child: String
  var childId: String
  var givenName: String
  var familyName: String
  @Null var dateOfBirth: String?
  var family: String
  var hub: String
  var term: String
  var code: String
  @Null var listedOn: String?
  var takenUp: Bool
  @Null var setting: String?
  @Null var placeOn: String?

  init(_ r: TwoYearOfferRow) {
    child = r.childReference
    childId = r.childID
    givenName = r.givenName
    familyName = r.familyName
    dateOfBirth = r.dateOfBirth?.description
    family = r.familyReference
    hub = r.hubID
    term = r.term
    code = r.code
    listedOn = r.listedOn?.description
    takenUp = r.takenUp
    setting = r.setting.isEmpty ? nil : r.setting
    placeOn = r.placeOn?.description
  }
}
