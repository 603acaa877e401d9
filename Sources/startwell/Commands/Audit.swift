import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore
import StartWellSync
import TerminalUI

struct AuditCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "audit", abstract: "Check and read the audit log.",
    subcommands: [Verify.self, Log.self, Shared.self])

  struct Verify: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "verify",
      abstract: "Check the audit chain; names the first broken event and exits non-zero if any.")
    @OptionGroup var global: GlobalOptions

    func run() throws {
      let (_, store, _) = try loggedIn()
      switch try store.verifyAudit() {
      case .intact(let events):
        Terminal.print("audit chain intact: \(events) events")
      case .broken(let seq, let problem):
        throw CLIError("audit chain broken at event \(seq): \(problem)")
      }
      guard try store.hasJoinedShare() else { return }
      // The heads this terminal's batches anchored on the share.
      let anchors: AuditAnchorReport
      do {
        anchors = try SyncEngine(store: store).checkAuditAnchors()
      } catch let error as SyncError {
        return Terminal.print("anchors on the share not checked: \(error.description)")
      }
      if let problem = anchors.problem { throw CLIError("audit chain does not match the share: \(problem)") }
      Terminal.print(
        "anchors on the share agree: \(anchors.agreeing) batch\(anchors.agreeing == 1 ? "" : "es")")
    }
  }

  struct Log: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "log",
      abstract: "Show the audit log, or one family's part of it (supervisors and admins).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "A family reference.") var reference: String?
    @Option(help: "Why you need the log of a family outside your hubs (recorded in the audit).")
    var reason: String?
    @Option(help: "At most this many of the latest events.") var limit: Int = 500
    @OptionGroup var output: OutputOptions

    func validate() throws {
      guard limit > 0 else { throw ValidationError("--limit must be a positive whole number") }
    }

    func run() throws {
      let (_, store, user) = try loggedIn()
      let events = try store.auditEvents(familyReference: reference, reason: reason, as: user, limit: limit)
      if output.json { return try JSONOutput.print(events.map(AuditEventJSON.init)) }
      if events.isEmpty { return Terminal.print("No audit events.") }
      for e in events {
        let at = Timestamp.parse(e.at)?.shortLocal ?? e.at
        Terminal.print(
          "\(e.seq)  \(at)  \(Sanitizer.visible(e.username))  \(Sanitizer.visible(e.action))  \(Sanitizer.visible(e.detail))"
        )
      }
    }
  }

  struct Shared: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "shared",
      abstract: "Views, break-the-glass events and exports from every terminal (supervisors: their hubs).")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this hub's families.") var hub: String?
    @Option(help: "Only this action (view, break-glass).") var action: String?
    @Option(help: "At most this many of the latest events.") var limit: Int = 500

    func validate() throws {
      guard limit > 0 else { throw ValidationError("--limit must be a positive whole number") }
    }

    func run() throws {
      let (_, store, user) = try loggedIn()
      let events = try store.sharedAuditEvents(as: user, hub: hub, action: action, limit: limit)
      if events.isEmpty { return Terminal.print("No shared audit events.") }
      for e in events {
        let at = Timestamp.parse(e.at)?.shortLocal ?? e.at
        Terminal.print(
          "\(at)  \(Sanitizer.visible(e.username))  terminal \(e.terminal.prefix(8))  \(e.action)  "
            + "\(e.familyReference ?? "-") (\(e.hub ?? "-"))  \(Sanitizer.visible(e.detail))")
      }
    }
  }
}
