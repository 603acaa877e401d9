import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore

/// `startwell escalate`: raise a concern about a family to a higher case level.
struct Escalate: StoreCommand {
  static let configuration = CommandConfiguration(
    commandName: "escalate",
    abstract: "Escalate a family's case to a higher level; it joins the supervisors' queue.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The family reference.") var reference: String
  @Option(help: "The level asked for: early-help, targeted or specialist.") var to: CaseLevel
  @Option(help: "Why.") var reason: String
  @Option(help: "routine, urgent or immediate.") var urgency: Urgency = .routine
  @OptionGroup var output: OutputOptions

  func run() throws {
    let (_, store, user) = try loggedIn()
    let e = try store.escalate(
      familyReference: reference, EscalationDraft(toLevel: to, reason: reason, urgency: urgency), as: user)
    if output.json {
      return try JSONOutput.print(EscalationJSON(e, familyReference: ReferenceCode.normalise(reference)))
    }
    Terminal.print(
      "Raised escalation \(e.reference): \(e.fromLevel.rawValue) → \(e.toLevel.rawValue) (\(e.urgency.rawValue))"
    )
  }
}

struct EscalationCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "escalation", abstract: "The escalation queue and supervisors' decisions.",
    subcommands: [List.self, Ack.self, Accept.self, Decline.self, StepDown.self, Reopen.self])

  struct List: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List escalations on your hubs' families.")

    @OptionGroup var global: GlobalOptions
    @Option(
      help:
        "open (raised or acknowledged; the default), all, or one status: raised, acknowledged, accepted, declined, stepped-down."
    )
    var status: String = "open"
    @OptionGroup var output: OutputOptions

    func validate() throws {
      guard ["open", "all"].contains(status) || EscalationStatus(rawValue: status) != nil else {
        throw ValidationError(
          "--status must be open, all, or one of \(EscalationStatus.allCases.map(\.rawValue).joined(separator: ", "))"
        )
      }
    }

    func run() throws {
      let (_, store, user) = try loggedIn()
      let statuses: [EscalationStatus]? =
        switch status {
        case "open": [.raised, .acknowledged]
        case "all": nil
        default: EscalationStatus(rawValue: status).map { [$0] }
        }
      let rows = try store.escalations(status: statuses, for: user)
      if output.json { return try JSONOutput.print(rows.map(EscalationJSON.init)) }
      if rows.isEmpty { return Terminal.print("No escalations.") }
      var table = Table(
        "REFERENCE", "FAMILY", "NAME", "FROM → TO", "URGENCY", "STATUS", "RAISED BY", "RAISED")
      for r in rows {
        let e = r.escalation
        table.add(
          e.reference, r.familyReference, r.familyName, "\(e.fromLevel.rawValue) → \(e.toLevel.rawValue)",
          e.urgency.rawValue, e.status.rawValue, r.raisedBy, e.raisedAt.shortLocal)
      }
      table.print()
    }
  }

  struct Ack: StoreCommand, DecisionCommand {
    static let configuration = CommandConfiguration(
      commandName: "ack", abstract: "Acknowledge an escalation (supervisors).")
    static let decision = EscalationDecision.acknowledge
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The escalation reference, e.g. E-4M2P8QK1.") var id: String
    @Option(help: "A decision note.") var note: String?
    @OptionGroup var output: OutputOptions
  }

  struct Accept: StoreCommand, DecisionCommand {
    static let configuration = CommandConfiguration(
      commandName: "accept",
      abstract: "Accept an acknowledged escalation; the case steps up (supervisors).")
    static let decision = EscalationDecision.accept
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The escalation reference.") var id: String
    @Option(help: "A decision note.") var note: String?
    @OptionGroup var output: OutputOptions
  }

  struct Decline: StoreCommand, DecisionCommand {
    static let configuration = CommandConfiguration(
      commandName: "decline",
      abstract: "Decline an escalation, saying why (supervisors).")
    static let decision = EscalationDecision.decline
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The escalation reference.") var id: String
    @Option(help: "Why it was declined (required).") var note: String?
    @OptionGroup var output: OutputOptions
  }

  struct StepDown: StoreCommand, DecisionCommand {
    static let configuration = CommandConfiguration(
      commandName: "step-down",
      abstract: "Step a case back down to the escalation's starting level (supervisors).")
    static let decision = EscalationDecision.stepDown
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The escalation reference.") var id: String
    @Option(help: "Why (required).") var note: String?
    @OptionGroup var output: OutputOptions
  }
}

extension EscalationCommand {
  struct Reopen: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "reopen",
      abstract:
        "Reopen a decided escalation (accepted, declined or stepped down) so it can be decided again (supervisors).",
      discussion: "Reopening an accepted step-up steps the case back to the escalation's starting level.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The escalation reference.") var id: String
    @Option(help: "Why it is reopened (required; kept in the audit).") var reason: String
    @OptionGroup var output: OutputOptions

    func run() throws {
      let (_, store, user) = try loggedIn()
      let e = try store.reopen(escalation: id, reason: reason, as: user)
      if output.json {
        return try JSONOutput.print(["reference": e.reference, "status": e.status.rawValue])
      }
      Terminal.print("Escalation \(e.reference) is reopened (\(e.status.rawValue))")
    }
  }
}

/// The four supervisor decisions differ only in which decision they record.
protocol DecisionCommand: StoreCommand {
  static var decision: EscalationDecision { get }
  var id: String { get }
  var note: String? { get }
  var output: OutputOptions { get }
}

extension DecisionCommand {
  func run() throws {
    let (_, store, user) = try loggedIn()
    let e = try store.decide(escalation: id, Self.decision, note: note, as: user)
    if output.json {
      return try JSONOutput.print(["reference": e.reference, "status": e.status.rawValue])
    }
    Terminal.print("Escalation \(e.reference) is now \(e.status.rawValue)")
  }
}
