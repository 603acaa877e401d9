import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// `startwell supervision`: the supervisor's day, for their own hubs.
struct SupervisionCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "supervision",
    abstract: "Supervise your hubs: the summary, the escalation queue, caseloads, overdue work, reviews.",
    discussion:
      "Supervisors only. Each list covers the families of your own hubs, or one of them with --hub.",
    subcommands: [
      SupervisionSummaryCommand.self, SupervisionQueueCommand.self, CaseloadCommand.self, OverdueCommand.self,
      ReviewsCommand.self,
    ], defaultSubcommand: SupervisionSummaryCommand.self)
}

struct SupervisionOptions: ParsableArguments {
  @Option(help: "Only families of this hub (one of yours).") var hub: String?
}

struct SupervisionSummaryCommand: StoreCommand {
  static let configuration = CommandConfiguration(
    commandName: "summary", abstract: "The counts on a supervisor's home screen.")

  @OptionGroup var global: GlobalOptions
  @OptionGroup var scope: SupervisionOptions
  @OptionGroup var output: OutputOptions

  func run() throws {
    let (_, store, user) = try loggedIn()
    let s = try store.supervisorSummary(for: user, hub: scope.hub)
    if output.json { return try JSONOutput.print(s) }
    var table = Table("WHAT", "COUNT", "LIST")
    table.add("escalations awaiting a decision", "\(s.escalationsUndecided)", "supervision queue")
    table.add("  past their decision target", "\(s.escalationsPastTarget)", "supervision queue")
    table.add("open cases", "\(s.openCases)", "supervision caseload")
    table.add("  with no lead", "\(s.unassignedCases)", "supervision caseload")
    table.add("overdue follow-ups", "\(s.overdueFollowUps)", "supervision overdue")
    table.add("overdue actions", "\(s.overdueActions)", "supervision overdue")
    table.add("reviews due", "\(s.reviewsDue)", "supervision reviews")
    table.add("reviews overdue", "\(s.reviewsOverdue)", "supervision reviews")
    table.add("children in the net", "\(s.childrenInNet)", "net")
    table.add("  net rows not marked", "\(s.unmarkedNetRows)", "net")
    table.print()
  }
}

struct SupervisionQueueCommand: StoreCommand {
  static let configuration = CommandConfiguration(
    commandName: "queue",
    abstract: "Escalations awaiting a decision, by urgency and age, against their decision targets.",
    discussion: "Decision targets per urgency are decisionTargetHours in Config/thresholds.json.")

  @OptionGroup var global: GlobalOptions
  @OptionGroup var scope: SupervisionOptions
  @OptionGroup var output: OutputOptions

  func run() throws {
    let (_, store, user) = try loggedIn()
    let rows = try store.escalationQueue(for: user, hub: scope.hub)
    if output.json { return try JSONOutput.print(rows.map(QueuedEscalationJSON.init)) }
    if rows.isEmpty { return Terminal.print("No escalations await a decision.") }
    var table = Table(
      "REFERENCE", "FAMILY", "NAME", "URGENCY", "STATUS", "RAISED", "AGE", "TARGET", "PAST TARGET")
    for q in rows {
      let e = q.row.escalation
      table.add(
        e.reference, q.row.familyReference, q.row.familyName, e.urgency.rawValue, e.status.rawValue,
        e.raisedAt.shortLocal, Hours.text(q.ageHours), Hours.text(q.targetHours),
        q.pastTarget ? "yes" : "no")
    }
    table.print()
  }
}

struct CaseloadCommand: StoreCommand {
  static let configuration = CommandConfiguration(
    commandName: "caseload",
    abstract: "Open cases per lead practitioner, by level and risk band, with lead changes per case.")

  @OptionGroup var global: GlobalOptions
  @OptionGroup var scope: SupervisionOptions
  @Flag(help: "List each lead's cases too.") var cases = false
  @OptionGroup var output: OutputOptions

  func run() throws {
    let (_, store, user) = try loggedIn()
    let loads = try store.caseloads(for: user, hub: scope.hub)
    if output.json { return try JSONOutput.print(loads.map(CaseloadJSON.init)) }
    if loads.isEmpty { return Terminal.print("No open cases.") }
    let levels = CaseLevel.allCases
    var headers = ["LEAD", "OPEN"] + levels.map { $0.rawValue.uppercased() }
    headers += RiskBand.allCases.map { "RISK " + $0.rawValue.uppercased() } + ["LEAD CHANGES AVG", "MAX"]
    var table = Table()
    table.headers = headers
    for c in loads {
      var cells = [c.lead ?? "(no lead)", "\(c.count)"] + levels.map { "\(c.count(level: $0))" }
      cells += RiskBand.allCases.map { "\(c.count(band: $0))" }
      cells += [String(format: "%.2f", c.averageLeadChanges), "\(c.maximumLeadChanges)"]
      table.rows.append(cells)
    }
    table.print()
    guard cases else { return }
    for c in loads {
      Terminal.print("\n\(c.lead ?? "(no lead)"):")
      var list = Table("FAMILY", "NAME", "LEVEL", "RISK", "LEAD CHANGES")
      for k in c.cases {
        list.add(k.familyReference, k.familyName, k.level.rawValue, k.riskBand.rawValue, "\(k.leadChanges)")
      }
      list.print(indent: "  ")
    }
  }
}

struct OverdueCommand: StoreCommand {
  static let configuration = CommandConfiguration(
    commandName: "overdue", abstract: "Open follow-ups and actions past their due date, per person.")

  @OptionGroup var global: GlobalOptions
  @OptionGroup var scope: SupervisionOptions
  @Option(help: "Only this person's work (a username).") var owner: String?
  @OptionGroup var output: OutputOptions

  func run() throws {
    let (_, store, user) = try loggedIn()
    let work = try store.overdueWork(for: user, hub: scope.hub, owner: owner)
    if output.json { return try JSONOutput.print(work.map(OverdueWorkJSON.init)) }
    if work.isEmpty { return Terminal.print("No overdue follow-ups or actions.") }
    var table = Table("OWNER", "KIND", "FAMILY", "NAME", "DUE", "DAYS OVERDUE", "WHAT")
    table.wholeLastColumn = true
    for w in work {
      for i in w.items {
        table.add(
          w.owner.isEmpty ? "-" : w.owner, i.kind.rawValue, i.familyReference, i.familyName,
          i.due.description,
          "\(i.daysOverdue)", i.text)
      }
    }
    table.print()
  }
}

struct ReviewsCommand: StoreCommand {
  static let configuration = CommandConfiguration(
    commandName: "reviews",
    abstract: "Open cases whose review is due soon or overdue.",
    discussion:
      "Due means within --due-within days (reviewDueWithinDays in Config/thresholds.json by default).")

  @OptionGroup var global: GlobalOptions
  @OptionGroup var scope: SupervisionOptions
  @Option(help: "Days ahead that count as due (0 to 3660).") var dueWithin: Int?
  @OptionGroup var output: OutputOptions

  func run() throws {
    let (_, store, user) = try loggedIn()
    let rows = try store.reviewsDue(for: user, hub: scope.hub, dueWithin: dueWithin)
    if output.json { return try JSONOutput.print(rows.map(ReviewDueJSON.init)) }
    if rows.isEmpty { return Terminal.print("No reviews due.") }
    var table = Table("FAMILY", "NAME", "LEAD", "REVIEW", "STATUS")
    for r in rows {
      let status =
        r.overdue ? "overdue \(-r.daysUntil) d" : (r.daysUntil == 0 ? "due today" : "due in \(r.daysUntil) d")
      table.add(
        r.familyReference, r.familyName, r.lead ?? "-",
        r.due.description + (r.hasReviewDate ? "" : " (no date set)"), status)
    }
    table.print()
  }
}

enum Hours {
  /// "5 h", "3 d 2 h": ages read by people at a glance.
  static func text(_ hours: Int) -> String {
    hours < 48 ? "\(hours) h" : "\(hours / 24) d\(hours % 24 == 0 ? "" : " \(hours % 24) h")"
  }
}

struct QueuedEscalationJSON: Encodable {
  var reference: String
  var family: String
  var familyName: String
  var hub: String
  var urgency: String
  var status: String
  var raisedAt: String
  var ageHours: Int
  var targetHours: Int
  var pastTarget: Bool

  init(_ q: QueuedEscalation) {
    let e = q.row.escalation
    reference = e.reference
    family = q.row.familyReference
    familyName = q.row.familyName
    hub = q.row.hub
    urgency = e.urgency.rawValue
    status = e.status.rawValue
    raisedAt = Timestamp.format(e.raisedAt)
    ageHours = q.ageHours
    targetHours = q.targetHours
    pastTarget = q.pastTarget
  }
}

struct CaseloadJSON: Encodable {
  struct Case: Encodable {
    var caseId: String
    var family: String
    var familyName: String
    var level: String
    var riskBand: String
    var leadChanges: Int
  }

  @Null var lead: String?
  var open: Int
  var byLevel: [String: Int]
  var byRiskBand: [String: Int]
  var averageLeadChanges: Double
  var maximumLeadChanges: Int
  var cases: [Case]

  init(_ c: Caseload) {
    lead = c.lead
    open = c.count
    byLevel = Dictionary(uniqueKeysWithValues: CaseLevel.allCases.map { ($0.rawValue, c.count(level: $0)) })
    byRiskBand = Dictionary(uniqueKeysWithValues: RiskBand.allCases.map { ($0.rawValue, c.count(band: $0)) })
    averageLeadChanges = c.averageLeadChanges
    maximumLeadChanges = c.maximumLeadChanges
    cases = c.cases.map {
      Case(
        caseId: $0.caseID, family: $0.familyReference, familyName: $0.familyName, level: $0.level.rawValue,
        riskBand: $0.riskBand.rawValue, leadChanges: $0.leadChanges)
    }
  }
}

struct OverdueWorkJSON: Encodable {
  struct Item: Encodable {
    var kind: String
    var id: String
    var family: String
    var familyName: String
    var text: String
    var due: String
    var daysOverdue: Int
  }

  var owner: String
  var followUps: Int
  var actions: Int
  var items: [Item]

  init(_ w: OverdueWork) {
    owner = w.owner
    followUps = w.followUps
    actions = w.actions
    items = w.items.map {
      Item(
        kind: $0.kind.rawValue, id: $0.recordID, family: $0.familyReference, familyName: $0.familyName,
        text: $0.text, due: $0.due.description, daysOverdue: $0.daysOverdue)
    }
  }
}

struct ReviewDueJSON: Encodable {
  var caseId: String
  var family: String
  var familyName: String
  @Null var lead: String?
  var due: String
  var hasReviewDate: Bool
  var daysUntil: Int
  var overdue: Bool

  init(_ r: ReviewDue) {
    caseId = r.caseID
    family = r.familyReference
    familyName = r.familyName
    lead = r.lead
    due = r.due.description
    hasReviewDate = r.hasReviewDate
    daysUntil = r.daysUntil
    overdue = r.overdue
  }
}
