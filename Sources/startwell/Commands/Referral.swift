import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

struct ReferralCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "referral", abstract: "Record referrals and move them through their statuses.",
    subcommands: [Add.self, Update.self, List.self])

  struct Add: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "add",
      abstract: "Record a referral for a person; it starts as a draft.",
      discussion: "Services come from the configuration (casework.json), e.g. slt, health-visiting, csc.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The person's reference, e.g. P-3JX9R2MT.") var person: String
    @Option(help: "The service referred to.") var service: String
    @Option(help: "Why.") var reason: String
    @Flag(help: "The family's consent to the referral was recorded.") var consent = false
    @OptionGroup var output: OutputOptions

    func run() throws {
      let (context, store, user) = try loggedIn()
      let r = try store.addReferral(
        personReference: person, ReferralDraft(service: service, reason: reason, consentRecorded: consent),
        as: user)
      if output.json { return try JSONOutput.print(["reference": r.reference, "status": r.status.rawValue]) }
      Terminal.print(
        "Recorded referral \(r.reference) to \(Sanitizer.visible(context.config.serviceName(r.service))) (draft)"
      )
    }
  }

  struct Update: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "update",
      abstract: "Move a referral on: draft → sent → accepted | declined → seen → closed.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The referral reference, e.g. R-8Q2M4XKD.") var id: String
    @Option(help: "The new status.") var status: ReferralStatus
    @Option(help: "The outcome.") var outcome: String?
    @Option(
      name: .customLong("unsuccessful-reason"),
      help: "family-declined, could-not-contact, not-eligible or service-capacity.")
    var unsuccessfulReason: UnsuccessfulReason?
    @OptionGroup var output: OutputOptions

    func run() throws {
      let (_, store, user) = try loggedIn()
      let r = try store.updateReferral(
        id, to: status, outcome: outcome, unsuccessfulReason: unsuccessfulReason, as: user)
      if output.json { return try JSONOutput.print(["reference": r.reference, "status": r.status.rawValue]) }
      Terminal.print("Referral \(r.reference) is now \(r.status.rawValue)")
    }
  }

  struct List: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List referrals on your hubs' families.")

    @OptionGroup var global: GlobalOptions
    @Option(
      name: .customLong("waiting-over"),
      help: "Only referrals still waiting (sent or accepted) for more than this many weeks.")
    var waitingOver: Int?
    @OptionGroup var output: OutputOptions

    func validate() throws {
      if let waitingOver, waitingOver < 0 { throw ValidationError("--waiting-over must not be negative") }
    }

    func run() throws {
      let (context, store, user) = try loggedIn()
      let rows = try store.referrals(waitingOverWeeks: waitingOver, for: user)
      let refs = try store.personReferences(ids: rows.map(\.referral.personID))
      if output.json {
        return try JSONOutput.print(
          rows.map { ReferralJSON($0, personReference: refs[$0.referral.personID]) })
      }
      if rows.isEmpty { return Terminal.print("No referrals.") }
      let flagWeeks = context.config.thresholds.referralWaitingWeeks
      var table = Table("REFERENCE", "FAMILY", "PERSON", "SERVICE", "STATUS", "WAITING")
      for r in rows {
        let waiting = r.daysWaiting.map { days in
          "\(days) days" + (days > flagWeeks * 7 ? " (over \(flagWeeks) weeks)" : "")
        }
        table.add(
          r.referral.reference, r.familyReference, r.personName, r.referral.service,
          r.referral.status.rawValue,
          waiting ?? "-")
      }
      table.print()
    }
  }
}
