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
      abstract:
        "List open conflicts: case level, consent, risk override or a notification's triage changed on two terminals at once."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
      let (_, store, user) = try loggedIn()
      let conflicts = try store.conflicts(visibleTo: user)
      let rows = try conflicts.map { try ConflictJSON($0, store: store) }
      if output.json { return try JSONOutput.print(rows) }
      if rows.isEmpty { return Terminal.print("No open conflicts.") }
      var table = Table("ID", "FAMILY", "FIELD", "SHOWING", "EDITS")
      table.maxWidth = 80
      for r in rows {
        let edits = r.edits.map {
          "\($0.number). \($0.shown) (\($0.here ? "this terminal" : "terminal \($0.device)"), \($0.at))"
        }
        table.add(
          r.id, r.family ?? r.notification ?? "-", r.field, r.currentShown, edits.joined(separator: "; "))
      }
      table.print()
      Terminal.print(
        "Resolve with: startwell conflict resolve ID --keep mine|theirs|NUMBER|VALUE "
          + "(NUMBER is the edit's number above; a triage also takes the words shown, or a P-, F- or N- reference)"
      )
    }
  }

  struct Resolve: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "resolve",
      abstract: "Settle a conflict; other terminals close it at their next sync.",
      discussion: """
        --keep mine keeps this terminal's edit, --keep theirs the other terminal's, --keep 2 the edit \
        numbered 2 in `conflict list`, and any other value (for example --keep targeted, or --keep none \
        to clear a risk override) sets that value. A notification's triage keeps one of its triages, \
        named by number, by the words listed ("new family F-…") or by a reference only it names \
        (P-…, F-…, N-…); --keep none sends the notification back to the triage queue.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The conflict id, e.g. K-7K3Q9XA2.") var id: String
    @Option(help: "mine, theirs, an edit's number, or the value to keep.") var keep: String

    func run() throws {
      let (_, store, user) = try loggedIn()
      let wanted = id.trimmingCharacters(in: .whitespaces).uppercased()
      guard let conflict = try store.conflicts(visibleTo: user).first(where: { $0.id == wanted }) else {
        throw CLIError("no open conflict \(Sanitizer.visible(id)); see `startwell conflict list`")
      }
      let value =
        try Self.named(keep, in: conflict, store: store)
        ?? Self.value(for: keep, in: conflict, device: store.deviceID)
      let done = try store.resolveConflict(conflict.id, value: value, as: user)
      let kept = value == .null && !conflict.isTriage ? "cleared" : done.shown
      Terminal.print(
        "Resolved \(conflict.id): \(conflict.entity).\(conflict.field) is \(kept). "
          + "Other terminals close it at their next sync.")
      for note in done.notes { Terminal.print(Sanitizer.visible(note)) }
    }

    /// An edit named by its number in `conflict list`, or, for a triage, by
    /// the words shown for it or a reference only it names.
    static func named(_ keep: String, in conflict: Conflict, store: Store) throws -> FieldValue? {
      let word = keep.trimmingCharacters(in: .whitespaces).lowercased()
      guard !["mine", "theirs", "none", "null", ""].contains(word) else { return nil }
      return try store.conflictValue(named: keep, in: conflict)
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
    /// Its number, to keep it by (`conflict resolve ID --keep NUMBER`).
    var number: Int
    var value: String
    /// The value as a person reads it (a triage names records by reference).
    var shown: String
    var device: String
    var here: Bool
    var user: String
    var at: String
  }

  var id: String
  var family: String?
  /// The notification a triage conflict is about (N-…).
  var notification: String?
  var entity: String
  var field: String
  var current: String
  var currentShown: String
  var edits: [Edit]

  init(_ c: Conflict, store: Store) throws {
    id = c.id
    family = try store.familyReference(of: c)
    notification = try store.notification(of: c)?.reference
    entity = c.entity
    field = "\(c.entity).\(c.field)"
    current = c.current == .null ? "none" : c.current.description
    currentShown = try store.readable(c.current, of: c)
    let device = store.deviceID
    edits = try c.heads.enumerated().map { i, head in
      Edit(
        number: i + 1, value: head.value == .null ? "none" : head.value.description,
        shown: try store.readable(head.value, of: c), device: head.clock.device,
        here: head.clock.device == device, user: head.userID,
        at: Date(timeIntervalSince1970: Double(head.clock.millis) / 1000).shortLocal)
    }
  }
}
