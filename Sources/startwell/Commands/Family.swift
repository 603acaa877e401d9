import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

struct FamilyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "family", abstract: "Find, read and add families.",
    subcommands: [Search.self, Show.self, Add.self, Edit.self, Move.self, SetConsent.self])

  struct Search: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "search",
      abstract: "Search families by name, reference, postcode, NHS number or date of birth.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Search text; prefixes match (e.g. 'smi').") var query: String?
    @Option(help: "Only this hub.") var hub: String?
    @Option(help: "Only this SDF.") var sdf: String?
    @Option(help: "Only this case level.") var level: CaseLevel?
    @Option(help: "Only this risk band.") var risk: RiskBand?
    @Option(help: "Only cases led by this username.") var lead: String?
    @Option(help: "Sort by name, reference, hub, sdf, level, risk, lead or last-contact.") var sort: String =
      "name"
    @Flag(help: "Sort in descending order.") var descending = false
    @Option(help: "At most this many rows.") var limit: Int = 50
    @Option(help: "Skip this many rows first (for paging).") var offset: Int = 0
    @OptionGroup var output: OutputOptions

    func validate() throws {
      guard limit > 0 else { throw ValidationError("--limit must be a positive whole number") }
      guard offset >= 0 else { throw ValidationError("--offset must not be negative") }
      guard FamilyQuery.Sort(rawValue: sort) != nil else {
        throw ValidationError(
          "--sort must be one of \(FamilyQuery.Sort.allCases.map(\.rawValue).joined(separator: ", "))")
      }
    }

    func run() throws {
      let (context, store, user) = try loggedIn()
      if let hub, context.config.hub(hub) == nil {
        throw CLIError(
          "--hub: '\(Sanitizer.visible(hub))' is not a hub; known: \(context.config.hubs.map(\.id).joined(separator: ", "))"
        )
      }
      let query = FamilyQuery(
        text: self.query ?? "", hub: hub, sdf: sdf, level: level, risk: risk, lead: lead,
        sort: FamilyQuery.Sort(rawValue: sort) ?? .name, descending: descending, limit: limit, offset: offset)
      let rows = try store.families(query, for: user)
      if output.json { return try JSONOutput.print(rows.map(FamilyRowJSON.init)) }
      if rows.isEmpty { return Terminal.print("No families match.") }
      var table = Table(
        "REFERENCE", "NAME", "POSTCODE", "HUB", "SDF", "LEVEL", "RISK", "LEAD", "LAST CONTACT")
      for r in rows {
        table.add(
          r.reference, r.name, r.postcode, r.hub, r.sdf ?? "-", r.level?.rawValue ?? "-",
          "\(r.riskBand.rawValue) (\(r.riskScore))", r.lead ?? "-", r.lastContact?.description ?? "never")
      }
      table.print()
      let total = try store.familyCount(query, for: user)
      if total > rows.count {
        Terminal.print("\(rows.count) of \(total) shown; use --limit and --offset for more.")
      }
    }
  }

  struct Show: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "show",
      abstract: "Show a family: members, consent, case, risk, chronology and open work.",
      discussion: "Opening a family outside your hubs needs --reason; the reason is recorded in the audit.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The family reference, e.g. F-7K3Q9XA2.") var reference: String
    @Option(help: "Why you are opening a family outside your hubs (break the glass).") var reason: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
      let (context, store, user) = try loggedIn()
      let detail = try store.openFamily(reference: reference, as: user, reason: reason)
      if output.json { return try JSONOutput.print(FamilyDetailJSON(detail, config: context.config)) }
      FamilyPrinter(detail: detail, config: context.config).print()
    }
  }

  struct Add: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "add",
      abstract: "Add a family; a case opens at universal level.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The household's name, usually the adults' surnames.") var name: String
    @Option(help: "UK postcode.") var postcode: String
    @Option(help: "The hub.") var hub: String
    @Option(help: "The SDF within the hub.") var sdf: String?
    @Option(help: "Address lines.") var address: String = ""
    @Option(help: "Consent to share information: given or refused.") var consent: Consent?
    @OptionGroup var output: OutputOptions

    func run() throws {
      let (_, store, user) = try loggedIn()
      let family = try store.addFamily(
        FamilyDraft(
          name: name, address: address, postcode: postcode, hubID: hub, sdfID: sdf, consent: consent),
        as: user)
      if output.json {
        return try JSONOutput.print(
          [
            "reference": family.reference, "name": family.name, "hub": family.hubID,
            "postcode": family.postcode,
          ])
      }
      Terminal.print("Added family \(family.reference) (\(Sanitizer.visible(family.name)), \(family.hubID))")
    }
  }

  struct SetConsent: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "consent", abstract: "Record a family's consent to share information: given or refused.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The family reference.") var reference: String
    @Flag(help: "Consent was given.") var given = false
    @Flag(help: "Consent was refused.") var refused = false
    @Option(help: "The day it was given or refused (YYYY-MM-DD; today if omitted).") var date: String?
    @OptionGroup var output: OutputOptions

    func validate() throws {
      guard given != refused else { throw ValidationError("say --given or --refused (one of them)") }
      if let date, LocalDate(date) == nil { throw ValidationError("--date must be a date (YYYY-MM-DD)") }
    }

    func run() throws {
      let (_, store, user) = try loggedIn()
      let family = try store.setConsent(
        familyReference: reference, given ? .given : .refused, on: date.flatMap(LocalDate.init), as: user)
      let consent = family.consent?.rawValue ?? "none"
      let day = family.consentDate?.description ?? ""
      if output.json {
        return try JSONOutput.print(["reference": family.reference, "consent": consent, "consentDate": day])
      }
      Terminal.print("Family \(family.reference): consent \(consent) on \(day)")
    }
  }
}

/// `startwell risk`: a supervisor's override of a family's risk band.
struct RiskCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "risk",
    abstract: "Explain a family's risk score; override its band, or clear the override (supervisors).",
    subcommands: [Explain.self, Override.self, ClearOverride.self])

  struct Override: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "override",
      abstract: "Set the family's risk band by hand, whatever its score says.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The family reference.") var reference: String
    @Option(help: "low, medium or high.") var band: RiskBand
    @Option(
      help: "Why (required; kept with the decision on every terminal, in the chronology and the audit).")
    var reason: String

    func run() throws {
      let (_, store, user) = try loggedIn()
      let family = try store.overrideRisk(familyReference: reference, band: band, reason: reason, as: user)
      Terminal.print("Family \(family.reference): risk band overridden to \(band.rawValue)")
    }
  }

  struct ClearOverride: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "clear-override", abstract: "Clear the override; the band follows the risk score again.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The family reference.") var reference: String
    @Option(
      help: "Why (required; kept with the decision on every terminal, in the chronology and the audit).")
    var reason: String

    func run() throws {
      let (_, store, user) = try loggedIn()
      let family = try store.overrideRisk(familyReference: reference, band: nil, reason: reason, as: user)
      Terminal.print("Family \(family.reference): risk override cleared; the band follows the score")
    }
  }
}

extension FamilyCommand {
  struct Edit: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "edit", abstract: "Change a family's address, postcode or SDF (within its hub).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The family reference.") var reference: String
    @Option(help: "The address.") var address: String?
    @Option(help: "The postcode.") var postcode: String?
    @Option(help: "The SDF, one of the family's hub (empty for none).") var sdf: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
      let (_, store, user) = try loggedIn()
      let family = try store.editFamily(
        familyReference: reference, address: address, postcode: postcode, sdf: sdf, as: user)
      if output.json { return try JSONOutput.print(FamilyEditJSON(family)) }
      Terminal.print("Updated family \(family.reference).")
    }
  }

  struct Move: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "move", abstract: "Move a family to another hub, with the reason.",
      discussion: """
        The family's open case is flagged for the receiving hub's next huddle, and a lead who does not work \
        in that hub is cleared. The receiving hub's supervisors see the move in `audit shared` on every terminal.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The family reference.") var reference: String
    @Option(help: "The receiving hub.") var hub: String
    @Option(help: "An SDF of the receiving hub.") var sdf: String?
    @Option(help: "Why the family moves, a few words.") var reason: String
    @OptionGroup var output: OutputOptions

    func run() throws {
      let (_, store, user) = try loggedIn()
      let family = try store.moveFamily(
        familyReference: reference, toHub: hub, sdf: sdf, reason: reason, as: user)
      if output.json { return try JSONOutput.print(FamilyEditJSON(family)) }
      Terminal.print("Moved family \(family.reference) to hub \(family.hubID).")
    }
  }
}

struct FamilyEditJSON: Encodable {
  var id: String
  var reference: String
  var address: String
  var postcode: String
  var hub: String
  @Null var sdf: String?
  @Null var lead: String?

  init(_ f: Family) {
    id = f.meta.id
    reference = f.reference
    address = f.address
    postcode = f.postcode
    hub = f.hubID
    sdf = f.sdfID
    lead = f.leadUserID
  }
}
