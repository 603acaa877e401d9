import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore
import StartWellSync
import TerminalUI

/// `startwell conflict`: safeguarding fields edited on two terminals at once,
/// which a person must settle.
struct ConflictCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "conflict", abstract: "List and resolve conflicting edits of safeguarding fields.",
    subcommands: [List.self, Resolve.self])

  struct List: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "list",
      abstract: "List open conflicts: case level, consent or risk override changed on two terminals at once.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
      let (_, store, user) = try loggedIn()
      let conflicts = try store.conflicts(visibleTo: user)
      let rows = try conflicts.map {
        ConflictJSON($0, family: try store.familyReference(of: $0), device: store.deviceID)
      }
      if output.json { return try JSONOutput.print(rows) }
      if rows.isEmpty { return Terminal.print("No open conflicts.") }
      var table = Table("ID", "FAMILY", "FIELD", "SHOWING", "EDITS")
      table.maxWidth = 80
      for r in rows {
        let edits = r.edits.map {
          "\($0.value) (\($0.here ? "this terminal" : "terminal \($0.device)"), \($0.at))"
        }
        table.add(r.id, r.family ?? "-", r.field, r.current, edits.joined(separator: "; "))
      }
      table.print()
      Terminal.print("Resolve with: startwell conflict resolve ID --keep mine|theirs|VALUE")
    }
  }

  struct Resolve: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "resolve",
      abstract: "Settle a conflict; other terminals close it at their next sync.",
      discussion: """
        --keep mine keeps this terminal's edit, --keep theirs the other terminal's, and any other value \
        (for example --keep targeted, or --keep none to clear a risk override) sets that value.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The conflict id, e.g. K-7K3Q9XA2.") var id: String
    @Option(help: "mine, theirs, or the value to keep.") var keep: String

    func run() throws {
      let (_, store, user) = try loggedIn()
      let wanted = id.trimmingCharacters(in: .whitespaces).uppercased()
      guard let conflict = try store.conflicts(visibleTo: user).first(where: { $0.id == wanted }) else {
        throw CLIError("no open conflict \(Sanitizer.visible(id)); see `startwell conflict list`")
      }
      let value = try Self.value(for: keep, in: conflict, device: store.deviceID)
      try store.resolveConflict(conflict.id, value: value, as: user)
      Terminal.print(
        "Resolved \(conflict.id): \(conflict.entity).\(conflict.field) is \(value == .null ? "cleared" : value.description). "
          + "Other terminals close it at their next sync.")
    }

    /// The value `--keep` names: this terminal's edit, the other one, or a value typed out.
    static func value(for keep: String, in conflict: Conflict, device: String) throws -> FieldValue {
      let ours = conflict.heads.filter { $0.clock.device == device }
      let theirs = conflict.heads.filter { $0.clock.device != device }
      switch keep.lowercased() {
      case "mine":
        guard let head = ours.max(by: { $0.clock < $1.clock }) else {
          throw CLIError(
            "none of the edits in \(conflict.id) was made on this terminal; use --keep theirs or a value")
        }
        return head.value
      case "theirs":
        let values = Set(theirs.map(\.value))
        guard let only = values.first else {
          throw CLIError("every edit in \(conflict.id) was made on this terminal; use --keep mine or a value")
        }
        guard values.count == 1 else {
          throw CLIError(
            "several other terminals made different edits in \(conflict.id) "
              + "(\(values.map(\.description).sorted().joined(separator: ", "))); name the value to keep")
        }
        return only
      case "none", "null", "":
        return .null
      default:
        return .text(keep.trimmingCharacters(in: .whitespaces))
      }
    }
  }
}

struct ConflictJSON: Encodable {
  struct Edit: Encodable {
    var value: String
    var device: String
    var here: Bool
    var user: String
    var at: String
  }

  var id: String
  var family: String?
  var entity: String
  var field: String
  var current: String
  var edits: [Edit]

  init(_ c: Conflict, family: String?, device: String) {
    id = c.id
    self.family = family
    entity = c.entity
    field = "\(c.entity).\(c.field)"
    current = c.current == .null ? "none" : c.current.description
    edits = c.heads.map { head in
      Edit(
        value: head.value == .null ? "none" : head.value.description, device: head.clock.device,
        here: head.clock.device == device, user: head.userID,
        at: Date(timeIntervalSince1970: Double(head.clock.millis) / 1000).shortLocal)
    }
  }
}
