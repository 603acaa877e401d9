import StartWellCore
import StartWellStore
import TerminalUI

/// A one-line question over the screen: a decision note, a break-the-glass reason, a find.
public struct PromptState: Hashable, Sendable {
  public enum Purpose: Hashable, Sendable {
    case decision(reference: String, EscalationDecision)
    case breakGlass(familyID: String, reference: String, name: String)
    case find
    /// The value to settle a sync conflict with.
    case conflictValue(id: String)
    /// The reason a contact was entered in error.
    case contactInError(familyID: String, familyReference: String, contactID: String)
  }

  public var title: String
  public var label: String
  public var field = TextField(maxLength: Limits.note)
  public var purpose: Purpose
  /// What the decision is about, shown above the field (an escalation's
  /// reason, who raised it and how long it has waited).
  public var context: [String] = []
  public var required: Bool
  /// When not empty, the answer is picked from these (↑/↓ or its number),
  /// never typed: a value must be one the record can hold.
  public var options: [PromptOption] = []
  public var selected = 0
  public var error: String?
  /// A save is in flight; Enter is ignored until it answers.
  public var busy = false

  public init(title: String, label: String, purpose: Purpose, required: Bool) {
    self.title = title
    self.label = label
    self.purpose = purpose
    self.required = required
  }
}

/// One answer a prompt offers to pick.
public struct PromptOption: Hashable, Sendable {
  public var label: String
  public var value: FieldValue

  public init(label: String, value: FieldValue) {
    self.label = label
    self.value = value
  }
}

/// A yes/no question before something that cannot be undone.
public struct ConfirmState: Hashable, Sendable {
  public enum Purpose: Hashable, Sendable {
    case discardForm
    case resolveConflict(id: String, value: FieldValue)
    case markDone(WorkItem, familyID: String)
    /// A screen's own write (`Screen.save`), made once the answer is yes.
    case saveScreen(ScreenRequest)
    /// A form that opens only once the answer is yes.
    case openForm(FormState)
  }
  public var question: String
  public var purpose: Purpose
}

/// A chronology entry shown in full.
public struct EntryState: Hashable, Sendable {
  public var entry: ChronologyEntry
  public var scroll = 0
}

enum PromptOverlay {
  static func handle(_ key: Key, _ prompt: PromptState, _ s: inout AppState) -> [Effect] {
    var p = prompt
    defer { if case .prompt? = s.overlay { s.overlay = .prompt(p) } }
    if p.busy { return [] }
    if !p.options.isEmpty { return pick(key, &p, &s) }
    switch key {
    case .escape:
      s.overlay = nil
      return []
    case .enter:
      let text = p.field.text.trimmed
      if p.required && text.isEmpty {
        p.error = "Please write something here first."
        return []
      }
      switch p.purpose {
      case .decision(let reference, let decision):
        p.busy = true
        p.error = nil
        return [.save(.decision(reference: reference, decision, note: text.isEmpty ? nil : text))]
      case .breakGlass(let id, let reference, let name):
        if let problem = Permissions.breakGlassReasonProblem(text) {
          p.error = "The reason \(problem)."
          return []
        }
        s.overlay = nil
        return Navigation.open(id: id, reference: reference, name: name, reason: text, &s)
      case .find:
        s.overlay = nil
        guard var f = s.family else { return [] }
        f.find = text
        FamilyScreen.find(
          &f, forward: true, from: f.list(.chronology).selected, message: &s.message,
          visible: FamilyScreen.visibleRows(s.size))
        s.family = f
        return []
      case .conflictValue:
        // Settled only by picking one of the offered values (see `pick`).
        return []
      case .contactInError(let familyID, let reference, let contactID):
        do throws(DomainError) {
          try CaseworkRules.requireReason(text)
        } catch {
          let why = error.issues.first?.message ?? error.description
          p.error = why.prefix(1).uppercased() + why.dropFirst() + "."
          return []
        }
        p.busy = true
        p.error = nil
        return [
          .save(
            .casework(
              familyID: familyID, familyReference: reference,
              .contactInError(contactID: contactID, reason: text)))
        ]
      }
    default:
      p.field.handle(key)
      return []
    }
  }

  /// Keys for a prompt that offers options: move, pick by number, Enter to choose.
  private static func pick(_ key: Key, _ p: inout PromptState, _ s: inout AppState) -> [Effect] {
    switch key {
    case .escape:
      s.overlay = nil
    case .up, .character("k"):
      p.selected = max(0, p.selected - 1)
    case .down, .character("j"):
      p.selected = min(p.options.count - 1, p.selected + 1)
    case .character(let c) where c.wholeNumberValue.map { (1...p.options.count).contains($0) } == true:
      p.selected = c.wholeNumberValue! - 1
    case .enter:
      guard case .conflictValue(let id) = p.purpose else { return [] }
      let option = p.options[p.selected]
      s.overlay = .confirm(
        ConfirmState(
          question: "\(p.title) to \(option.label)? (y/n)",
          purpose: .resolveConflict(id: id, value: option.value)))
    default:
      break
    }
    return []
  }

  static func render(_ p: PromptState, theme: Theme, into g: inout CellGrid, area: Rect) {
    if !p.options.isEmpty { return renderOptions(p, theme: theme, into: &g, area: area) }
    let width = min(area.cols - 4, 72)
    // The context wraps to the box, and gives way to the field on a short screen.
    let room = max(0, area.rows - 9)
    var context = p.context.flatMap { TextWrap.wrap($0, width: max(10, width - 4)) }
    if context.count > room {
      context = Array(context.prefix(max(0, room - 1))) + (room > 0 ? ["…"] : [])
    }
    let box = Frame.centered(width: width, height: 7 + context.count + (context.isEmpty ? 0 : 1), in: area)
    var inner = Frame(title: p.title, style: theme[.border], titleStyle: theme[.title]).render(
      into: &g, rect: box)
    for (i, line) in context.enumerated() {
      g.put(
        text: line, row: inner.row + i, col: inner.col + 1, style: theme[.normal], maxWidth: inner.cols - 2)
    }
    if !context.isEmpty { inner.row += context.count + 1 }
    g.put(text: p.label, row: inner.row, col: inner.col + 1, style: theme[.normal], maxWidth: inner.cols - 2)
    p.field.render(
      into: &g, rect: Rect(row: inner.row + 2, col: inner.col + 1, rows: 1, cols: inner.cols - 2),
      style: theme[.focusedField], focused: !p.busy)
    if p.busy {
      g.put(text: "Saving…", row: inner.row + 4, col: inner.col + 1, style: theme[.dim])
    } else if let error = p.error {
      g.put(
        text: error, row: inner.row + 3, col: inner.col + 1, style: theme[.error], maxWidth: inner.cols - 2)
    }
    if !p.busy {
      g.put(text: "Enter confirm · Esc cancel", row: inner.row + 4, col: inner.col + 1, style: theme[.dim])
    }
  }

  private static func renderOptions(_ p: PromptState, theme: Theme, into g: inout CellGrid, area: Rect) {
    let width = min(area.cols - 4, 72)
    let shown = min(p.options.count, max(1, area.rows - 8))
    let first = min(max(0, p.selected - shown + 1), p.options.count - shown)
    let box = Frame.centered(width: width, height: 6 + shown, in: area)
    let inner = Frame(title: p.title, style: theme[.border], titleStyle: theme[.title]).render(
      into: &g, rect: box)
    g.put(text: p.label, row: inner.row, col: inner.col + 1, style: theme[.normal], maxWidth: inner.cols - 2)
    for (row, index) in (first..<first + shown).enumerated() {
      let chosen = index == p.selected
      g.put(
        text: DisplayWidth.fit(
          "\(chosen ? "›" : " ") \(index + 1). \(p.options[index].label)", toWidth: inner.cols - 2),
        row: inner.row + 2 + row, col: inner.col + 1, style: theme[chosen ? .selection : .normal])
    }
    g.put(
      text: "↑/↓ or a number to pick · Enter choose · Esc cancel", row: inner.row + 3 + shown,
      col: inner.col + 1, style: theme[.dim], maxWidth: inner.cols - 2)
  }

  static func handleConfirm(_ key: Key, _ c: ConfirmState, _ s: inout AppState) -> [Effect] {
    switch key {
    case .character("y"), .character("Y"):
      s.overlay = nil
      switch c.purpose {
      case .discardForm:
        s.form = nil
        s.pop()
      case .resolveConflict(let id, let value):
        s.message = StatusMessage("Settling \(id)…")
        return [.save(.resolveConflict(id: id, value: value))]
      case .markDone(let item, let familyID):
        return [.save(.markDone(item, familyID: familyID))]
      case .saveScreen(let request):
        return [.save(.screen(request))]
      case .openForm(let form):
        s.form = form
        s.push(.form)
      }
    case .character("n"), .character("N"), .escape:
      s.overlay = nil
    default: break
    }
    return []
  }

  static func renderConfirm(_ c: ConfirmState, theme: Theme, into g: inout CellGrid, area: Rect) {
    let width = min(area.cols - 4, max(30, DisplayWidth.of(c.question) + 6))
    // A question longer than the box wraps, so none of it is cut off.
    let lines = TextWrap.wrap(c.question, width: max(10, width - 5))
    let box = Frame.centered(width: width, height: 4 + lines.count, in: area)
    let inner = Frame(title: "Confirm", style: theme[.warning], titleStyle: theme[.warning]).render(
      into: &g, rect: box)
    for (i, line) in lines.enumerated() {
      g.put(
        text: line, row: inner.row + 1 + i, col: inner.col + 2, style: theme[.title], maxWidth: inner.cols - 3
      )
    }
  }

  static func handleEntry(_ key: Key, _ e: EntryState, _ s: inout AppState) -> [Effect] {
    var e = e
    switch key {
    case .down, .character("j"): e.scroll += 1
    case .up, .character("k"): e.scroll = max(0, e.scroll - 1)
    case .pageDown, .character(" "): e.scroll += 10
    case .pageUp: e.scroll = max(0, e.scroll - 10)
    case .escape, .enter, .character("q"):
      s.overlay = nil
      return []
    default: return []
    }
    s.overlay = .entry(e)
    return []
  }

  static func renderEntry(
    _ e: EntryState, theme: Theme, zone: DisplayZone, into g: inout CellGrid, area: Rect
  ) {
    let box = Rect(row: area.row + 1, col: area.col + 2, rows: area.rows - 2, cols: area.cols - 4)
    let inner = Frame(title: "Chronology entry", style: theme[.border], titleStyle: theme[.title]).render(
      into: &g, rect: box)
    let entry = e.entry
    var lines: [(String, ThemeRole)] = []
    lines += TextWrap.wrap(entry.title, width: inner.cols - 2).map {
      ($0, entry.significant ? .significant : .title)
    }
    var meta = "\(zone.when(entry, labelled: true)) · \(entry.kind.rawValue)"
    if let by = entry.by { meta += " · by \(by)" }
    if entry.significant { meta += " · significant event" }
    lines.append((meta, .dim))
    lines.append(("", .normal))
    lines += TextWrap.wrap(entry.detail.isEmpty ? "(no further detail)" : entry.detail, width: inner.cols - 2)
      .map { ($0, .normal) }
    let visible = inner.rows - 1
    let start = min(e.scroll, max(0, lines.count - visible))
    for (i, line) in lines.dropFirst(start).prefix(visible).enumerated() {
      g.put(
        text: line.0, row: inner.row + i, col: inner.col + 1, style: theme[line.1], maxWidth: inner.cols - 2)
    }
    let more = lines.count > visible ? " · ↑/↓ scroll" : ""
    g.put(text: "Esc close\(more)", row: inner.bottom - 1, col: inner.col + 1, style: theme[.dim])
  }
}

extension AppState {
  /// A prompt for a reason (breaking the glass) is open: keys typed before
  /// it was drawn must not become the reason.
  var asksForReason: Bool {
    if case .prompt(let p)? = overlay, case .breakGlass = p.purpose { return true }
    return false
  }
}
