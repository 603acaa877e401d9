import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// `startwell notify triage ID`: shows a notification with the people it
/// may be about, or, given an outcome, records it.
struct NotifyTriage: StoreCommand {
  static let configuration = CommandConfiguration(
    commandName: "triage",
    abstract: "Show a notification and its candidates, or record what it is (one outcome flag).",
    discussion: """
      Without an outcome flag, shows the notification as received and the people it may be about, \
      with their score, how strong the match is and the fields that matched. A candidate in a \
      family outside your sight shows only its reference, hub and score.

      With exactly one outcome flag, records the outcome: --attach PERSON (an existing person), \
      --new-member FAMILY (someone new to that family; an unborn child for an antenatal \
      notification), --new-family (add --confirm when a likely match exists), --not-ours REASON \
      (a reason's id from notOursReasons in Config/intake.json, such as out-of-area, or your own \
      words), or --duplicate-of N-... (an earlier notification).
      """)

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The notification's reference (N-...).") var reference: String
  @Option(help: "It is about this person (P-...).") var attach: String?
  @Option(name: .customLong("new-member"), help: "It is about someone new to this family (F-...).")
  var newMember: String?
  @Flag(name: .customLong("new-family"), help: "It starts a new family.") var newFamily = false
  @Option(help: "With --new-family: the SDF of the new family (its id).") var sdf: String?
  @Flag(help: "With --new-family: make it although a likely match exists.") var confirm = false
  @Option(name: .customLong("not-ours"), help: "It is not for the hubs, and why.") var notOurs: String?
  @Option(name: .customLong("duplicate-of"), help: "It repeats this earlier notification (N-...).")
  var duplicateOf: String?
  @Option(help: "A note on the decision.") var note: String = ""
  @OptionGroup var output: OutputOptions

  func run() throws {
    // The flags are checked before logging in, so a mistyped command asks for no password.
    _ = try request(reasons: [])
    let (_, store, user) = try loggedIn()
    guard let outcome = try request(reasons: store.config.intake.notOursReasons) else {
      return try show(store, user)
    }
    let n = try store.triage(reference, outcome, note: note, confirmNewFamily: confirm, as: user)
    let names = try NotifyLookups(store, [n])
    if output.json {
      return try JSONOutput.print(
        NotificationJSON(n, config: store.config, references: names.references, users: names.users))
    }
    Terminal.print(
      "\(n.reference) triaged: \(Sanitizer.visible(NotifyText.outcome(n, references: names.references)))")
  }

  /// The one outcome flag given, as a request; nil for none (show the notification).
  /// A reason's id among `reasons` stands for its name; other words are kept as typed.
  func request(reasons: [Choice]) throws -> TriageRequest? {
    var given: [(flag: String, request: TriageRequest)] = []
    if let attach { given.append(("--attach", .attach(personReference: attach))) }
    if let newMember { given.append(("--new-member", .newMember(familyReference: newMember))) }
    if newFamily { given.append(("--new-family", .newFamily(sdfID: sdf))) }
    if let notOurs {
      let reason = reasons.first { $0.id == notOurs.trimmed.lowercased() }?.name ?? notOurs
      given.append(("--not-ours", .notOurs(reason: reason)))
    }
    if let duplicateOf { given.append(("--duplicate-of", .duplicate(of: duplicateOf))) }
    if given.count > 1 {
      throw CLIError(
        "give one outcome, not \(given.count): \(given.map(\.flag).joined(separator: " and ")) were given")
    }
    if !newFamily && (sdf != nil || confirm) {
      throw CLIError("\(sdf != nil ? "--sdf" : "--confirm") goes with --new-family only")
    }
    if given.isEmpty && !note.isEmpty {
      throw CLIError(
        "--note goes with an outcome: --attach, --new-member, --new-family, --not-ours or --duplicate-of")
    }
    return given.first?.request
  }

  private func show(_ store: Store, _ user: User) throws {
    let n = try store.notification(reference, as: user)
    let candidates = try store.offeredCandidates(for: n.person, as: user)
    let names = try NotifyLookups(store, [n])
    if output.json {
      return try JSONOutput.print(
        NotificationWithCandidatesJSON(
          notification: NotificationJSON(
            n, config: store.config, references: names.references, users: names.users),
          alreadyHeld: nil, candidates: candidates.map(CandidateJSON.init)))
    }
    let queued = try store.queuedNotification(n.id, as: user)
    NotifyText.printNotification(
      n, queued: queued, config: store.config, references: names.references, users: names.users)
    Terminal.print()
    NotifyText.printCandidates(candidates, heading: "Candidates, best first:")
  }
}
