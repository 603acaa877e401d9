import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

public struct QueueState: Sendable {
  public var rows: [EscalationRow] = []
  public var list = ListState()
  public var loaded = false
}

/// The supervisors' escalation queue: acknowledge, then accept, decline or step down.
enum QueueScreen {
  /// Open work, plus accepted step-ups that may later be stepped down.
  static let statuses: [EscalationStatus] = [.raised, .acknowledged, .accepted]

  static func visibleRows(_ size: TerminalSize) -> Int { max(1, Chrome.body(size).rows - 2) }

  static func loaded(_ rows: [EscalationRow], _ s: inout AppState) {
    s.queue.rows = rows
    s.queue.loaded = true
    s.queue.list.setCount(rows.count)
  }

  static func perform(_ action: Action, _ s: inout AppState) -> [Effect] {
    switch action {
    case _ where ListMotion.isMotion(action):
      ListMotion.apply(action, to: &s.queue.list, visibleRows: visibleRows(s.size))
    case .open:
      guard let row = selected(s) else { return [] }
      return Navigation.openFamily(
        id: row.escalation.familyID, reference: row.familyReference, name: row.familyName, hub: row.hub, &s)
    case .acknowledge: return decide(.acknowledge, &s)
    case .accept: return decide(.accept, &s)
    case .decline: return decide(.decline, &s)
    case .stepDown: return decide(.stepDown, &s)
    case .reopenEscalation: return reopen(&s)
    default: break
    }
    return []
  }

  static func selected(_ s: AppState) -> EscalationRow? {
    s.queue.rows.indices.contains(s.queue.list.selected) ? s.queue.rows[s.queue.list.selected] : nil
  }

  /// Opens the note prompt for a decision, if the escalation's status allows it.
  static func decide(_ decision: EscalationDecision, _ s: inout AppState) -> [Effect] {
    guard let row = selected(s) else { return [] }
    let e = row.escalation
    guard EscalationWorkflow.allowed(from: e.status).contains(decision.status) else {
      let next = EscalationWorkflow.allowed(from: e.status).map(\.rawValue).joined(separator: " or ")
      s.message = StatusMessage(
        "\(e.reference) is \(e.status.rawValue); it can only be \(next.isEmpty ? "left as it is" : next).",
        isError: true)
      return []
    }
    let what: String
    switch decision {
    case .acknowledge: what = "Acknowledge \(e.reference)"
    case .accept: what = "Accept \(e.reference): step \(row.familyName) up to \(e.toLevel.title)"
    case .decline: what = "Decline \(e.reference)"
    case .stepDown: what = "Step \(row.familyName) down to \(e.fromLevel.title) (\(e.reference))"
    }
    let required = EscalationWorkflow.noteRequired(for: decision.status)
    var prompt = PromptState(
      title: what, label: required ? "Note (required: say why):" : "Note (optional):",
      purpose: .decision(reference: e.reference, decision), required: required)
    prompt.context = context(row, now: s.now, zone: s.zone)
    s.overlay = .prompt(prompt)
    return []
  }

  /// What every decision dialog shows: the reason, who raised it, and how long it has waited.
  static func context(_ row: EscalationRow, now: Date, zone: DisplayZone) -> [String] {
    let e = row.escalation
    return [
      "Reason: \(e.reason)",
      "Raised by \(row.raisedBy) on \(zone.labelled(e.raisedAt)), waiting \(waited(e, now: now)); \(e.urgency.rawValue)",
    ]
  }

  /// How long an escalation has waited since it was raised: "3d 4h", "5h", "12m".
  static func waited(_ e: Escalation, now: Date) -> String {
    let minutes = max(0, Int(now.timeIntervalSince(e.raisedAt) / 60))
    if minutes >= 24 * 60 { return "\(minutes / (24 * 60))d \(minutes % (24 * 60) / 60)h" }
    if minutes >= 60 { return "\(minutes / 60)h" }
    return "\(minutes)m"
  }

  /// Opens the reopen form for the selected escalation, if it has been decided.
  static func reopen(_ s: inout AppState) -> [Effect] {
    guard let row = selected(s) else { return [] }
    let e = row.escalation
    if let refused = SafeguardingForms.refusal(
      s.user, .decideEscalation, hub: row.hub, roleRefusal: "Only supervisors reopen an escalation.")
    {
      s.message = refused
      return []
    }
    guard EscalationWorkflow.reopenable.contains(e.status) else {
      s.message = StatusMessage(
        "\(e.reference) is \(e.status.rawValue) and not yet decided; only an accepted, declined or stepped-down escalation can be reopened.",
        isError: true)
      return []
    }
    s.form = SafeguardingForms.reopen(
      [e], selecting: e.reference, familyID: e.familyID, familyName: row.familyName)
    s.push(.form)
    return []
  }

  /// Whether the selected escalation can be reopened, for the status-line hint.
  static func selectedIsReopenable(_ s: AppState) -> Bool {
    selected(s).map { EscalationWorkflow.reopenable.contains($0.escalation.status) } ?? false
  }

  static func render(_ s: AppState, into g: inout CellGrid, rect: Rect) {
    let theme = s.theme
    let waiting = s.queue.rows.filter(\.awaitsDecision).count
    let decided = s.queue.rows.count - waiting
    g.put(
      text: "Escalation queue: \(Format.plural(waiting, "escalation")) awaiting a decision"
        + (decided > 0 ? ", then \(Format.count(decided)) accepted (may be stepped down)" : ""),
      row: rect.row, col: rect.col + 1, style: theme[.title], maxWidth: rect.cols - 2)
    let table = Rect(row: rect.row + 1, col: rect.col, rows: rect.rows - 1, cols: rect.cols)
    let wide = rect.cols >= 110
    var columns = [
      Column("Ref", width: .fixed(10)), Column("Urgency", width: .fixed(9)),
      Column("Waited", width: .fixed(7)),
      Column("Status", width: .fixed(12)), Column("Family", width: .flexible(min: 10)),
      Column("Reason", width: .flexible(min: 12)),
    ]
    if wide { columns += [Column("Step", width: .fixed(23)), Column("By", width: .fixed(14))] }
    var list = s.queue.list
    let rows = s.queue.rows
    let now = s.now
    ListView(columns: columns, theme: theme, emptyText: s.queue.loaded ? "The queue is empty." : "Loading…")
      .render(
        into: &g, rect: table, state: &list,
        row: { i in
          let e = rows[i].escalation
          var cells = [
            e.reference, e.urgency.rawValue, waited(e, now: now), e.status.rawValue, rows[i].familyName,
            e.reason,
          ]
          if wide { cells += ["\(e.fromLevel.title) → \(e.toLevel.title)", rows[i].raisedBy] }
          return cells
        },
        cellStyle: { i, col in
          col == 1 && rows[i].escalation.urgency != .routine
            ? theme[rows[i].escalation.urgency == .immediate ? .error : .warning] : nil
        })
  }
}

extension QueueScreen: Screen {
  static let route = Route.queue
  static let goAction: Action? = .goQueue
  static let bindings: [KeyBinding] = [
    KeyBinding([.character("a")], .queue, .acknowledge, hint: "ack"),
    KeyBinding([.character("A")], .queue, .accept, hint: "accept"),
    KeyBinding([.character("d")], .queue, .decline, hint: "decline"),
    KeyBinding([.character("s")], .queue, .stepDown, hint: "step down"),
    KeyBinding([.character("o")], .queue, .reopenEscalation, hint: "reopen"),
    KeyBinding([.enter], .queue, .open, hint: "family"),
    KeyBinding([.character("E")], .global, .goQueue),
  ]

  static func keyContexts(_ s: AppState) -> [KeyContext] { [.queue, .list, .global] }

  static func refusal(_ s: AppState) -> String? {
    s.isSupervisor ? nil : "Only supervisors work the escalation queue."
  }

  static func reload(_ s: inout AppState) -> [Effect] { [.loadQueue] }
}
