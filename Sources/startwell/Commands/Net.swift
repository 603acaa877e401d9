import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// `startwell net`: the children the net's rules find, with why, and a
/// supervisor's marks on them.
struct NetCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "net",
    abstract: "The net: children whom a rule finds, and supervisors' marks on them.",
    subcommands: [NetList.self, NetMarkCommand.self, NetAssignCommand.self], defaultSubcommand: NetList.self)
}

/// `startwell net [list]`: the children the net's rules find, with why.
struct NetList: StoreCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "List children under five (or expected) whom a net rule finds, with the facts.",
    discussion: """
      Rules: \(NetRule.all.map { "\($0.id) (\($0.title.lowercased()))" }.joined(separator: ", ")).
      Thresholds are in Config/thresholds.json. A child under several rules shows all of them;
      children with most rules come first, then those whose fact is oldest. A supervisor's mark
      shows while the facts it was made on still hold.
      """)

  @OptionGroup var global: GlobalOptions
  @Option(help: "Only families of this hub (its id).") var hub: String?
  @Option(help: "Only families of this SDF (its id).") var sdf: String?
  @Option(name: .customLong("rule"), help: "Only this rule (repeat for several).") var rules: [String] = []
  @OptionGroup var output: OutputOptions

  func run() throws {
    let (_, store, user) = try loggedIn()
    let rows = try store.net(for: user, hub: hub, sdf: sdf, rules: rules.isEmpty ? nil : rules)
    if output.json { return try JSONOutput.print(rows.map(NetRowJSON.init)) }
    if rows.isEmpty { return Terminal.print("No children in the net.") }
    var table = Table("CHILD", "NAME", "FAMILY", "FAMILY NAME", "HUB", "SDF", "LEAD", "REASONS")
    table.wholeLastColumn = true
    for r in rows {
      let reasons = r.reasons.map { "\($0.rule): \($0.facts)\(NetMarkText.of($0.mark))" }
        .joined(separator: " | ")
      table.add(
        r.childReference, r.childName, r.familyReference, r.familyName, r.hub, r.sdf ?? "-", r.lead ?? "-",
        reasons)
    }
    table.print()
  }
}

struct NetRowJSON: Encodable {
  struct Reason: Encodable {
    var rule: String
    var title: String
    var since: String
    var facts: String
    @Null var mark: NetMarkJSON?
  }

  var childId: String
  var child: String
  var childName: String
  var dateOfBirth: String
  var expected: Bool
  var familyId: String
  var family: String
  var familyName: String
  var hub: String
  @Null var sdf: String?
  @Null var lead: String?
  var reasons: [Reason]

  init(_ r: NetRow) {
    childId = r.childID
    child = r.childReference
    childName = r.childName
    dateOfBirth = r.dateOfBirth
    expected = r.expected
    familyId = r.familyID
    family = r.familyReference
    familyName = r.familyName
    hub = r.hub
    sdf = r.sdf
    lead = r.lead
    reasons = r.reasons.map {
      Reason(
        rule: $0.rule, title: $0.title, since: $0.since.description, facts: $0.facts,
        mark: $0.mark.map(NetMarkJSON.init))
    }
  }
}
