import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// `startwell huddle`: an SDF's agenda, and running a huddle through it.
struct HuddleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "huddle", abstract: "Show an SDF's huddle agenda, run the huddle and close it.",
    subcommands: [
      Agenda.self, Start.self, Record.self, Skip.self, Add.self, Move.self, Close.self, List.self, Show.self,
    ])

  struct Agenda: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "agenda",
      abstract: "List the families on an SDF's huddle agenda, with every reason and its facts.",
      discussion: """
        Reasons: \(AgendaRule.all.map { "\($0.id) (\($0.title.lowercased()))" }.joined(separator: ", ")).
        """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The SDF (its id).") var sdf: String
    @Option(help: "The huddle's date (YYYY-MM-DD); today by default.") var date: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
      let (_, store, user) = try loggedIn()
      let day = try date.map { try ArgumentValue.date($0, option: "date") }
      let entries = try store.agenda(sdf: sdf, date: day, for: user)
      if output.json { return try JSONOutput.print(entries.map(AgendaEntryJSON.init)) }
      if entries.isEmpty { return Terminal.print("Nothing on the agenda.") }
      var table = Table("FAMILY", "NAME", "LEVEL", "LEAD", "REASONS")
      table.wholeLastColumn = true
      for e in entries {
        let reasons = e.reasons.map { "\($0.rule): \($0.facts)" }.joined(separator: " | ")
        table.add(e.familyReference, e.familyName, e.caseLevel ?? "-", e.lead ?? "-", reasons)
      }
      table.print()
    }
  }

  struct Start: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "start",
      abstract: "Start (or resume) an SDF's huddle, with its attendees; you lead it.",
      discussion: """
        The agenda's families become the huddle's items, in the agenda's order. Starting a huddle
        that is already open resumes it and adds the attendees named.
        """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The SDF (its id).") var sdf: String
    @Option(help: "The huddle's date (YYYY-MM-DD); today by default.") var date: String?
    @Option(name: .customLong("attendee"), parsing: .upToNextOption, help: "Who attends (usernames).")
    var attendees: [String] = []
    @OptionGroup var output: OutputOptions

    func run() throws {
      let (_, store, user) = try loggedIn()
      let day = try date.map { try ArgumentValue.date($0, option: "date") }
      let huddle = try store.startHuddle(sdf: sdf, date: day, attendees: attendees, as: user)
      let state = try store.huddleState(huddle.meta.id, for: user)
      if output.json { return try JSONOutput.print(HuddleStateJSON(state, today: store.today)) }
      Terminal.print(
        "Huddle \(ShortID.of(huddle.meta.id)) of \(sdf) on \(huddle.date): \(state.items.count) on the agenda, "
          + "\(state.attendeeUsernames.count) attending")
      if let next = state.next { Terminal.print("Next: \(next.familyReference) \(next.familyName)") }
    }
  }

  struct Record: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "record",
      abstract: "Record the discussion, decision and actions on a family at an open huddle.",
      discussion: """
        A family not on the agenda is added. Each --action is OWNER|DUE|TEXT: the owner's
        username, a due date (YYYY-MM-DD) and what is to be done. Nothing is written unless all is valid.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The huddle id, or at least 8 characters of it.") var huddle: String
    @Option(help: "The family reference.") var family: String
    @Option(help: "What was discussed.") var discussion: String
    @Option(help: "What was decided, one line.") var decision: String
    @Option(name: .customLong("action"), help: "An action, OWNER|DUE|TEXT (repeat for several).")
    var actions: [String] = []
    @OptionGroup var output: OutputOptions

    func run() throws {
      let (_, store, user) = try loggedIn()
      let item = try store.recordHuddleItem(
        huddle: huddle, familyReference: family, discussion: discussion, decision: decision,
        actions: actions.map(HuddleActionText.init), as: user)
      let state = try store.huddleState(item.huddleID, for: user)
      let row = state.items.first { $0.item.meta.id == item.meta.id }
      if output.json, let row { return try JSONOutput.print(HuddleItemJSON(row, today: store.today)) }
      let count = row?.actions.count ?? 0
      Terminal.print(
        "Recorded \(Sanitizer.visible(family.trimmed)) at huddle \(ShortID.of(item.huddleID)): "
          + "\(Sanitizer.visible(item.decision))\(count > 0 ? " (\(count) action\(count == 1 ? "" : "s"))" : "")"
      )
      if let next = state.next { Terminal.print("Next: \(next.familyReference) \(next.familyName)") }
    }
  }

  struct Skip: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "skip", abstract: "Pass over a family at an open huddle; it can still be recorded later.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The huddle id, or at least 8 characters of it.") var huddle: String
    @Option(help: "The family reference.") var family: String

    func run() throws {
      let (_, store, user) = try loggedIn()
      let item = try store.skipHuddleItem(huddle: huddle, familyReference: family, as: user)
      Terminal.print("Skipped \(Sanitizer.visible(family.trimmed)) at huddle \(ShortID.of(item.huddleID))")
    }
  }

  struct Add: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "add", abstract: "Add a family that is not on the agenda to an open huddle, at the end.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The huddle id, or at least 8 characters of it.") var huddle: String
    @Option(help: "The family reference.") var family: String

    func run() throws {
      let (_, store, user) = try loggedIn()
      let item = try store.addToHuddle(huddle: huddle, familyReference: family, as: user)
      Terminal.print(
        "\(Sanitizer.visible(family.trimmed)) is item \(item.position) of huddle \(ShortID.of(item.huddleID))"
      )
    }
  }

  struct Move: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "move", abstract: "Move a family to another place in an open huddle's running order.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The huddle id, or at least 8 characters of it.") var huddle: String
    @Option(help: "The family reference.") var family: String
    @Option(help: "Its new place, 1 for first.") var to: Int

    func run() throws {
      let (_, store, user) = try loggedIn()
      try store.moveHuddleItem(huddle: huddle, familyReference: family, to: to, as: user)
      Terminal.print("\(Sanitizer.visible(family.trimmed)) is now item \(to)")
    }
  }

  struct Close: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "close", abstract: "Close a huddle. Closing is final: it takes no more records.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The huddle id, or at least 8 characters of it.") var huddle: String
    @OptionGroup var output: OutputOptions

    func run() throws {
      let (_, store, user) = try loggedIn()
      let closed = try store.closeHuddle(huddle, as: user)
      let state = try store.huddleState(closed.meta.id, for: user)
      if output.json { return try JSONOutput.print(HuddleStateJSON(state, today: store.today)) }
      let s = state.summary
      Terminal.print(
        "Closed huddle \(ShortID.of(closed.meta.id)) of \(closed.sdfID ?? closed.hubID) on \(closed.date): "
          + "\(s.discussed) discussed, \(s.skipped) skipped, \(s.pending) not reached, \(s.actions) actions")
    }
  }

  struct List: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List huddles of your hubs, latest first.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this SDF's huddles (its id).") var sdf: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
      let (_, store, user) = try loggedIn()
      let rows = try store.huddles(sdf: sdf, for: user)
      if output.json { return try JSONOutput.print(rows.map(HuddleSummaryJSON.init)) }
      if rows.isEmpty { return Terminal.print("No huddles.") }
      var table = Table("ID", "DATE", "SDF", "LEAD", "STATUS", "DISCUSSED", "SKIPPED", "PENDING", "ACTIONS")
      for r in rows {
        table.add(
          ShortID.of(r.huddle.meta.id), r.huddle.date.description, r.huddle.sdfID ?? r.huddle.hubID,
          r.leadUsername ?? "-", r.huddle.status.rawValue, String(r.discussed), String(r.skipped),
          String(r.pending), String(r.actions))
      }
      table.print()
    }
  }

  struct Show: StoreCommand {
    static let configuration = CommandConfiguration(
      commandName: "show", abstract: "Show a huddle's items in running order and the next to take.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The huddle id, or at least 8 characters of it.") var huddle: String
    @OptionGroup var output: OutputOptions

    func run() throws {
      let (_, store, user) = try loggedIn()
      let state = try store.huddleState(huddle, for: user)
      if output.json { return try JSONOutput.print(HuddleStateJSON(state, today: store.today)) }
      let h = state.summary.huddle
      Terminal.print(
        "Huddle \(ShortID.of(h.meta.id)) of \(h.sdfID ?? h.hubID) on \(h.date), \(h.status.rawValue); "
          + "led by \(state.summary.leadUsername ?? "-"); attending: \(state.attendeeUsernames.joined(separator: ", "))"
      )
      var table = Table("#", "FAMILY", "NAME", "STATE", "DECISION", "ACTIONS")
      for r in state.items {
        table.add(
          String(r.item.position), r.familyReference, r.familyName, r.item.state.rawValue, r.item.decision,
          String(r.actions.count))
      }
      table.print()
      if let next = state.next { Terminal.print("Next: \(next.familyReference) \(next.familyName)") }
    }
  }
}

struct AgendaEntryJSON: Encodable {
  struct Reason: Encodable {
    var rule: String
    var title: String
    @Null var since: String?
    var facts: String
  }

  var familyId: String
  var family: String
  var familyName: String
  @Null var level: String?
  @Null var lead: String?
  var reasons: [Reason]

  init(_ e: AgendaEntry) {
    familyId = e.familyID
    family = e.familyReference
    familyName = e.familyName
    level = e.caseLevel
    lead = e.lead
    reasons = e.reasons.map {
      Reason(rule: $0.rule, title: $0.title, since: $0.since?.description, facts: $0.facts)
    }
  }
}

struct HuddleSummaryJSON: Encodable {
  var id: String
  var hub: String
  @Null var sdf: String?
  var date: String
  var status: String
  @Null var lead: String?
  @Null var closedAt: String?
  var discussed: Int
  var skipped: Int
  var pending: Int
  var actions: Int

  init(_ s: HuddleSummary) {
    id = s.huddle.meta.id
    hub = s.huddle.hubID
    sdf = s.huddle.sdfID
    date = s.huddle.date.description
    status = s.huddle.status.rawValue
    lead = s.leadUsername
    closedAt = s.huddle.closedAt.map(Timestamp.format)
    discussed = s.discussed
    skipped = s.skipped
    pending = s.pending
    actions = s.actions
  }
}

struct HuddleItemJSON: Encodable {
  var id: String
  var position: Int
  var family: String
  var familyName: String
  var state: String
  var origin: [String]
  var discussion: String
  var decision: String
  var actions: [ActionJSON]

  init(_ r: HuddleItemRow, today: LocalDate) {
    id = r.item.meta.id
    position = r.item.position
    family = r.familyReference
    familyName = r.familyName
    state = r.item.state.rawValue
    origin = r.item.origin
    discussion = r.item.discussion
    decision = r.item.decision
    actions = r.actions.map { ActionJSON($0, today: today) }
  }
}

struct HuddleStateJSON: Encodable {
  var huddle: HuddleSummaryJSON
  var attendees: [String]
  var items: [HuddleItemJSON]
  /// The family to take next, where an interrupted huddle resumes.
  @Null var next: String?

  init(_ s: HuddleState, today: LocalDate) {
    huddle = HuddleSummaryJSON(s.summary)
    attendees = s.attendeeUsernames
    items = s.items.map { HuddleItemJSON($0, today: today) }
    next = s.next?.familyReference
  }
}
