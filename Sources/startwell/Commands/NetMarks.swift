import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// `startwell net mark`: a supervisor has looked at a child's row.
struct NetMarkCommand: StoreCommand {
  static let configuration = CommandConfiguration(
    commandName: "mark",
    abstract: "Mark a child's net row under one rule as seen, with a note.",
    discussion: """
      CHILD is the child's reference as the net shows it. The mark shows in the net while the
      rule's facts stay as they were (the same last contact, referral, record or due date);
      when they change, the row shows unmarked again. Supervisors only, for their own hubs.
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The child's reference, as the net shows it.") var child: String
  @Option(help: "The net rule the row is under (its id).") var rule: String
  @Option(help: "What the supervisor saw or decided, one line.") var note: String
  @OptionGroup var output: OutputOptions

  func run() throws {
    let (_, store, user) = try loggedIn()
    let reason = try store.markNet(child: child, rule: rule, note: note, as: user)
    try NetMarkOutput.print(reason, child: child, json: output.json)
  }
}

/// `startwell net assign`: a supervisor hands a child's row to a practitioner.
struct NetAssignCommand: StoreCommand {
  static let configuration = CommandConfiguration(
    commandName: "assign",
    abstract: "Assign a child's net row under one rule to a practitioner of the child's hub.",
    discussion: "The assignment shows in the net while the rule's facts stay as they were.")

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The child's reference, as the net shows it.") var child: String
  @Option(help: "The net rule the row is under (its id).") var rule: String
  @Option(help: "The practitioner's username.") var to: String
  @Option(help: "A note for the practitioner, one line.") var note: String = ""
  @OptionGroup var output: OutputOptions

  func run() throws {
    let (_, store, user) = try loggedIn()
    let reason = try store.assignNet(child: child, rule: rule, to: to, note: note, as: user)
    try NetMarkOutput.print(reason, child: child, json: output.json)
  }
}

enum NetMarkOutput {
  static func print(_ reason: NetReason, child: String, json: Bool) throws {
    if json { return try JSONOutput.print(NetRowJSON.Reason(reason)) }
    let who = Sanitizer.visible(ReferenceCode.normalise(child))
    Terminal.print("\(who) under \(reason.rule): \(NetMarkText.words(reason.mark) ?? "not marked")")
  }
}

/// How a mark reads: "seen by sam on 2026-12-05 14:02: note", in brackets
/// beside a reason in the net.
enum NetMarkText {
  static func of(_ mark: NetMark?) -> String { words(mark).map { " (\($0))" } ?? "" }

  static func words(_ mark: NetMark?) -> String? {
    guard let mark else { return nil }
    let note = mark.note.isEmpty ? "" : ": \(Sanitizer.visible(mark.note))"
    switch mark.status {
    case .seen:
      return "seen by \(mark.markedBy) on \(mark.markedAt.shortLocal)\(note)"
    case .assigned:
      return "assigned to \(mark.assignee ?? "?") by \(mark.markedBy) on \(mark.markedAt.shortLocal)\(note)"
    }
  }
}

struct NetMarkJSON: Encodable {
  var status: String
  var markedBy: String
  var markedAt: String
  var note: String
  @Null var assignee: String?

  init(_ m: NetMark) {
    status = m.status.rawValue
    markedBy = m.markedBy
    markedAt = Timestamp.format(m.markedAt)
    note = m.note
    assignee = m.assignee
  }
}

extension NetRowJSON.Reason {
  init(_ r: NetReason) {
    self.init(
      rule: r.rule, title: r.title, since: r.since.description, facts: r.facts,
      mark: r.mark.map(NetMarkJSON.init))
  }
}
