import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// `startwell notify`: partners' notifications, taken in and triaged.
struct NotifyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "notify",
    abstract: "Partners' notifications: take them in, list the queue, triage them.",
    subcommands: [NotifyAdd.self, NotifyList.self, NotifyTriage.self, NotifyImport.self])
}

/// `startwell notify add`: one notification, as a partner sent it.
struct NotifyAdd: StoreCommand {
  static let configuration = CommandConfiguration(
    commandName: "add",
    abstract: "Take in one notification from midwifery, a GP or the police.",
    discussion: """
      The person's details are kept as received. The kind's own fields are flags named by their \
      ids in Config/intake.json:

        antenatal: --edd DAY, --criteria ID[,ID...], --midwife NAME
        gp-early: --concern ID, --summary TEXT, --practice NAME
        domestic-abuse: --setting NAME, --incident-date DAY, --police-ref REF,
          --category ID
      A DAY is YYYY-MM-DD.

      The same notification taken in twice is held once. The people it may be about are shown \
      with their scores, so a likely match is seen at once.
      """)

  @OptionGroup var global: GlobalOptions
  @Option(help: "antenatal, gp-early or domestic-abuse.") var kind: String
  @Option(help: "The hub taking it in (default: your only hub).") var hub: String?
  @Option(help: "Given name, as received.") var given: String
  @Option(name: .customLong("family-name"), help: "Family name, as received.") var familyName: String
  @Option(help: "Date of birth (YYYY-MM-DD).") var dob: String = ""
  @Option(help: "NHS number.") var nhs: String = ""
  @Option(help: "Postcode.") var postcode: String = ""
  @Option(help: "Address.") var address: String = ""
  @Argument(
    parsing: .allUnrecognized,
    help: ArgumentHelp(
      "The kind's own fields, as --<field id> VALUE (Config/intake.json).", valueName: "field"))
  var fields: [String] = []
  @OptionGroup var output: OutputOptions

  func run() throws {
    let kind = try NotifyKindArgument.partner(self.kind)
    let context = try context()
    guard let kindConfig = context.config.intake.kind(kind) else {
      throw CLIError("--kind: \(kind.rawValue) is not configured in intake.json")
    }
    let details = try KindFieldArguments.parse(fields, kind: kindConfig)
    let store = try context.openStore()
    let user = try Login.user(context, store: store)
    let draft = NotificationDraft(
      kind: kind, hubID: hub, givenName: given, familyName: familyName, dateOfBirth: dob, nhsNumber: nhs,
      postcode: postcode, address: address, details: details)
    let taken = try store.takeIn(draft, as: user)
    var n = taken.notification
    // The same notification may be held by another hub: what it holds is what
    // was typed, but how it was triaged there is that hub's.
    let seen = (try? store.notification(n.id, as: user)) != nil
    if !seen { n.triage = nil }
    let candidates = try store.offeredCandidates(for: n.person, as: user, limit: 3)
    if output.json {
      let names = try NotifyLookups(store, [n])
      return try JSONOutput.print(
        NotificationWithCandidatesJSON(
          notification: NotificationJSON(
            n, config: store.config, references: names.references, users: names.users),
          alreadyHeld: taken.alreadyHeld, candidates: candidates.map(CandidateJSON.init)))
    }
    if taken.alreadyHeld && !seen {
      Terminal.print("Already held by hub \(n.hubID) as \(n.reference); it is triaged there")
    } else if taken.alreadyHeld {
      Terminal.print(
        "Already held: \(n.reference), taken in \(n.receivedAt.shortLocal)\(n.isTriaged ? " and triaged" : ", waiting for triage")"
      )
    } else {
      Terminal.print("Took in \(n.reference), \(KindFieldArguments.named(kindConfig)), for hub \(n.hubID)")
    }
    NotifyText.printCandidates(candidates, heading: "It may be about:")
    if seen && !n.isTriaged { Terminal.print("Triage it with: startwell notify triage \(n.reference)") }
  }
}

/// `startwell notify list`: the queue, or every notification.
struct NotifyList: StoreCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "List notifications: with --untriaged, the triage queue, oldest first.",
    discussion: """
      WAITED is working days (Monday to Friday) since it arrived, against its kind's target \
      (triageWorkingDays in Config/intake.json); DUE is the day the target falls on. Only the kinds \
      your role sees, taken in by your hubs, are listed.
      """)

  @OptionGroup var global: GlobalOptions
  @Flag(help: "Only those waiting for triage, oldest first.") var untriaged = false
  @OptionGroup var output: OutputOptions

  func run() throws {
    let (_, store, user) = try loggedIn()
    let queued = try store.notifications(untriaged ? .untriaged : .all, as: user)
    let names = try NotifyLookups(store, queued.map(\.notification))
    if output.json {
      return try JSONOutput.print(
        queued.map {
          QueuedNotificationJSON($0, config: store.config, references: names.references, users: names.users)
        })
    }
    if queued.isEmpty {
      return Terminal.print(untriaged ? "No notifications wait for triage." : "No notifications.")
    }
    var table = Table("REFERENCE", "KIND", "RECEIVED", "WAITED", "DUE", "OVERDUE", "ABOUT", "TRIAGE")
    table.wholeLastColumn = true
    for q in queued {
      let n = q.notification
      let target = store.config.intake.kind(n.kind)?.triageWorkingDays ?? 0
      table.add(
        n.reference, n.kind.rawValue, n.receivedAt.shortLocal, "\(q.waitingWorkingDays)/\(target) wd",
        q.due.description, q.overdue ? "OVERDUE" : "-", NotifyText.about(n),
        NotifyText.outcome(n, references: names.references))
    }
    table.print()
  }
}

/// The references triage decisions name and users' names, for printing notifications.
struct NotifyLookups {
  var references: [String: String]
  var users: [String: String]

  init(_ store: Store, _ notifications: [StartWellStore.Notification]) throws {
    references = try store.triageTargetReferences(notifications)
    users = Dictionary(try store.users().map { ($0.id, $0.username) }, uniquingKeysWith: { a, _ in a })
  }
}
