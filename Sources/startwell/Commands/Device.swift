import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// `startwell device`: the terminals enrolled on the share, and revoking one.
struct DeviceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "device", abstract: "List the terminals on the share, or revoke one (admins only).",
    subcommands: [List.self, Revoke.self])

  struct List: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List the terminals this one knows, with their key fingerprints.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
      let (_, store, actor) = try loggedIn()
      try Permissions.require(actor, .manageUsers)
      let devices = try store.devices()
      if output.json { return try JSONOutput.print(devices.map(DeviceJSON.init)) }
      var table = Table("TERMINAL", "KEY", "LAST BATCH", "STATE")
      for d in devices {
        table.add(
          d.id + (d.isThis ? " (this one)" : ""), d.fingerprint ?? "not yet read",
          d.lastBatch.map(String.init) ?? "-",
          d.revoked
            ? "revoked after batch \(d.revokedAfter ?? 0): \(Sanitizer.visible(d.reason ?? ""))" : "enrolled")
      }
      table.print()
    }
  }

  struct Revoke: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "revoke",
      abstract: "Revoke a terminal: its batches after the last one applied here are refused everywhere.",
      discussion: """
        For a lost, stolen or retired terminal. What it published up to now stays; every terminal refuses \
        its later batches once this change reaches it, and the terminal itself can no longer make changes.
        """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The terminal's id (see `startwell device list`).") var id: String
    @Option(help: "Why, for the audit.") var reason: String

    func run() throws {
      let (_, store, actor) = try loggedIn()
      let after = try store.revokeDevice(id, reason: reason, as: actor)
      Terminal.print(
        "Revoked terminal \(Sanitizer.visible(id)): its batches up to \(after) stay; later ones are refused "
          + "on every terminal after the next sync.")
    }
  }
}

struct DeviceJSON: Encodable {
  var id: String
  var isThis: Bool
  var fingerprint: String?
  var lastBatch: Int64?
  var revoked: Bool
  var revokedAfter: Int64?
  var reason: String?

  init(_ d: DeviceInfo) {
    id = d.id
    isThis = d.isThis
    fingerprint = d.fingerprint
    lastBatch = d.lastBatch
    revoked = d.revoked
    revokedAfter = d.revokedAfter
    reason = d.reason
  }
}
