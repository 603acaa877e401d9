import StartWellCore
import TerminalUI

/// The kind of input a form field takes.
public enum FieldKind: Hashable, Sendable {
  /// One line of text.
  case text(TextField)
  /// Free text over several rows; Enter inserts a line break.
  case multiline(TextField, rows: Int)
  /// One of several options; Space or ←/→ cycle, typing a letter jumps.
  case choice([Choice], selected: Int)
  case toggle(Bool)
  /// Several independent on/off options on one line (e.g. who was present).
  case multiToggle([Choice], on: Set<String>, cursor: Int)
  /// The Save button at the end of the form.
  case button
}

public struct FormField: Hashable, Sendable {
  /// Matches `FieldIssue.field`, so validation errors land next to their field.
  public var id: String
  public var label: String
  public var kind: FieldKind
  /// A short note shown after the input, e.g. the expected format.
  public var hint: String?

  public init(_ id: String, _ label: String, _ kind: FieldKind, hint: String? = nil) {
    self.id = id
    self.label = label
    self.kind = kind
    self.hint = hint
  }

  /// The field's value, ignoring the cursor, to tell whether the form changed.
  var value: String {
    switch kind {
    case .text(let t), .multiline(let t, _): t.text
    case .choice(let options, let i): options.indices.contains(i) ? options[i].id : ""
    case .toggle(let on): on ? "1" : "0"
    case .multiToggle(_, let on, _): on.sorted().joined(separator: ",")
    case .button: ""
    }
  }

  /// Rows the field takes on screen, not counting its error line.
  var height: Int {
    if case .multiline(_, let rows) = kind { return rows }
    return 1
  }
}

/// What the form is for; decides how it is submitted.
public enum FormKind: Hashable, Sendable {
  case contact(familyID: String)
  case escalation(familyID: String, from: CaseLevel)
  case newReferral(familyID: String)
  case advanceReferral(familyID: String, reference: String)
  case family
  case person(familyID: String, familyReference: String)
  case consent(familyID: String, familyReference: String)
  case riskOverride(familyID: String, familyReference: String)
  case reopenEscalation(familyID: String)
  /// A change to a family's case, household or people (`CaseworkForms`).
  case casework(CaseworkForm, familyID: String, familyReference: String)
  case filter
  /// A form a screen submits itself (`Screen.submit`).
  case screen(ScreenRequest)
}

/// The forms that steer an existing family's record, each saved by the
/// store operation its command-line counterpart uses.
public enum CaseworkForm: Hashable, Sendable {
  case closeCase, reopenCase, lead, review, editFamily, moveFamily, editPerson, birth
}

/// A form being filled in. Pure data: keys edit it, `FormSubmit` turns it
/// into a store request or field issues.
public struct FormState: Hashable, Sendable {
  public var kind: FormKind
  public var title: String
  public var fields: [FormField]
  public var focus: Int
  /// Field id → message, shown under the field.
  public var issues: [String: String]
  /// A problem that belongs to no single field.
  public var error: String?
  /// A save is in flight: further submits are ignored until it answers.
  public var saving: Bool
  private var initialValues: [String]

  public init(kind: FormKind, title: String, fields: [FormField]) {
    self.kind = kind
    self.title = title
    self.fields = fields + [FormField("save", kind == .filter ? "Apply" : "Save", .button)]
    self.focus = 0
    self.issues = [:]
    self.error = nil
    self.saving = false
    self.initialValues = self.fields.map(\.value)
  }

  /// Whether anything was changed since the form opened.
  public var isDirty: Bool { fields.map(\.value) != initialValues }

  public func index(of id: String) -> Int? { fields.firstIndex { $0.id == id } }

  /// Takes the values as they are now as the form's starting point: a form
  /// prefilled from a record has changed nothing until the person edits it.
  public mutating func settle() { initialValues = fields.map(\.value) }

  /// Whether the field's value differs from the one the form opened with,
  /// so an edit saves only what the person changed.
  public func changed(_ id: String) -> Bool {
    guard let i = index(of: id) else { return false }
    return fields[i].value != initialValues[i]
  }

  public func text(_ id: String) -> String {
    guard let i = index(of: id) else { return "" }
    switch fields[i].kind {
    case .text(let t), .multiline(let t, _): return t.text
    default: return fields[i].value
    }
  }

  public func choice(_ id: String) -> String? {
    guard let i = index(of: id), case .choice(let options, let s) = fields[i].kind,
      options.indices.contains(s)
    else { return nil }
    return options[s].id
  }

  public func flag(_ id: String) -> Bool {
    guard let i = index(of: id), case .toggle(let on) = fields[i].kind else { return false }
    return on
  }

  public func selection(_ id: String) -> [String] {
    guard let i = index(of: id), case .multiToggle(let options, let on, _) = fields[i].kind else { return [] }
    return options.map(\.id).filter(on.contains)
  }

  public mutating func setChoice(_ id: String, to value: String) {
    guard let i = index(of: id), case .choice(let options, _) = fields[i].kind,
      let s = options.firstIndex(where: { $0.id == value })
    else { return }
    fields[i].kind = .choice(options, selected: s)
  }

  public mutating func setText(_ id: String, _ value: String) {
    guard let i = index(of: id) else { return }
    switch fields[i].kind {
    case .text(var t):
      t.setText(value)
      fields[i].kind = .text(t)
    case .multiline(var t, let rows):
      t.setText(value)
      fields[i].kind = .multiline(t, rows: rows)
    default: break
    }
  }

  /// Replaces the options of a choice (e.g. the SDFs after the hub changes), keeping the value if it still exists.
  public mutating func replaceOptions(_ id: String, with options: [Choice]) {
    guard let i = index(of: id), case .choice(let old, let s) = fields[i].kind else { return }
    let current = old.indices.contains(s) ? old[s].id : nil
    let kept = options.firstIndex { $0.id == current } ?? 0
    fields[i].kind = .choice(options, selected: kept)
  }

  /// Shows `field` right after the field `after` while `shown`, and takes
  /// it away otherwise: a field that applies only to some answers (a
  /// group session's approach). Its own arrival changes nothing the person
  /// entered, so it does not make the form dirty, and the focus stays on
  /// the field it was on.
  public mutating func show(_ field: FormField, after: String, when shown: Bool) {
    if let i = index(of: field.id) {
      guard !shown else { return }
      fields.remove(at: i)
      initialValues.remove(at: i)
      issues[field.id] = nil
      if focus > i { focus -= 1 }
    } else if shown, let anchor = index(of: after) {
      fields.insert(field, at: anchor + 1)
      initialValues.insert(field.value, at: anchor + 1)
      if focus > anchor { focus += 1 }
    }
  }

  /// Shows issues next to their fields and moves the focus to the first one.
  public mutating func show(_ newIssues: [FieldIssue], message: String? = nil) {
    issues = [:]
    var unplaced: [String] = []
    for issue in newIssues {
      if index(of: issue.field) != nil {
        if issues[issue.field] == nil { issues[issue.field] = issue.message }
      } else {
        unplaced.append(issue.description)
      }
    }
    error = unplaced.isEmpty ? (newIssues.isEmpty ? message : nil) : unplaced.joined(separator: "; ")
    if let first = fields.indices.first(where: { issues[fields[$0].id] != nil }) { focus = first }
  }

  /// The status-line sentence for a refused save: the first problem, named
  /// by its field's label, and how many more the form shows.
  public func refusal(_ issues: [FieldIssue], message: String?) -> StatusMessage {
    var text: String
    // The first in the form's order, the one the focus moves to.
    let order = { (issue: FieldIssue) in index(of: issue.field) ?? fields.count }
    if let first = issues.min(by: { order($0) < order($1) }) {
      let label = index(of: first.field).map { fields[$0].label } ?? first.field
      text = "Not saved — \(label): \(first.message)"
      if issues.count > 1 { text += " (and \(issues.count - 1) more)" }
    } else {
      text = "Not saved — \(message ?? "check the form")"
    }
    return StatusMessage(text, isError: true)
  }

  public enum Command: Equatable, Sendable { case none, submit, cancel, help }

  /// Applies a key to the form. Keys bound in the key table's form context
  /// arrive here as `action`; everything else edits the focused field.
  public mutating func handle(_ key: Key, action: Action?) -> Command {
    switch action {
    case .save?: return .submit
    case .back?: return .cancel
    case .help?: return .help
    case .nextField?:
      if !isMultilineFocused || key == .tab { moveFocus(1) } else { _ = editFocused(key) }
      return .none
    case .previousField?:
      if !isMultilineFocused || key == .backTab { moveFocus(-1) } else { _ = editFocused(key) }
      return .none
    default: break
    }
    return editFocused(key)
  }

  /// Pastes into the focused text box; nil when the focus is not on one.
  /// A refused paste is named next to its field, as an over-long typed one is.
  public mutating func paste(_ text: String) -> TextField.PasteOutcome? {
    var field = fields[focus]
    let outcome: TextField.PasteOutcome
    switch field.kind {
    case .text(var t):
      outcome = t.paste(text)
      field.kind = .text(t)
    case .multiline(var t, let rows):
      outcome = t.paste(text)
      field.kind = .multiline(t, rows: rows)
    default: return nil
    }
    fields[focus] = field
    issues[field.id] = nil
    if case .tooLong(let length) = outcome, let limit = focusedLimit {
      issues[field.id] = Paste.tooLong(length, limit: limit)
    }
    return outcome
  }

  /// The length limit of the focused text box, if it has one.
  var focusedLimit: Int? {
    switch fields[focus].kind {
    case .text(let t), .multiline(let t, _): t.maxLength
    default: nil
    }
  }

  var isMultilineFocused: Bool {
    if case .multiline = fields[focus].kind { return true }
    return false
  }

  mutating func moveFocus(_ delta: Int) {
    focus = (focus + delta + fields.count) % fields.count
  }

  private mutating func editFocused(_ key: Key) -> Command {
    let index = focus
    var field = fields[index]
    let before = field.kind
    // Write back to the field that was edited, even if Enter moved the focus;
    // a field changed since a refused save no longer shows that refusal, and
    // text that did not fit says so rather than vanishing.
    defer {
      fields[index] = field
      if field.kind != before { issues[field.id] = nil }
      if let limit = field.overflowLimit {
        issues[field.id] = "at most \(limit) characters: the rest was not added"
      }
    }
    switch field.kind {
    case .text(var t):
      if key == .enter {
        moveFocus(1)
        return .none
      }
      t.handle(key)
      field.kind = .text(t)
    case .multiline(var t, let rows):
      t.handle(key)
      field.kind = .multiline(t, rows: rows)
    case .choice(let options, var s):
      guard !options.isEmpty else { return .none }
      switch key {
      case .character(" "), .right: s = (s + 1) % options.count
      case .left: s = (s - 1 + options.count) % options.count
      case .enter: moveFocus(1)
      case .character(let c):
        // Jump to the next option starting with the typed letter.
        let letter = String(c).lowercased()
        let order = (1...options.count).map { (s + $0) % options.count }
        if let hit = order.first(where: { options[$0].name.lowercased().hasPrefix(letter) }) { s = hit }
      default: break
      }
      field.kind = .choice(options, selected: s)
    case .toggle(var on):
      switch key {
      case .character(" "), .character("x"), .left, .right: on.toggle()
      case .character("y"): on = true
      case .character("n"): on = false
      case .enter: moveFocus(1)
      default: break
      }
      field.kind = .toggle(on)
    case .multiToggle(let options, var on, var cursor):
      guard !options.isEmpty else { return .none }
      switch key {
      case .left: cursor = max(0, cursor - 1)
      case .right: cursor = min(options.count - 1, cursor + 1)
      case .character(" "), .character("x"):
        let id = options[cursor].id
        if on.contains(id) { on.remove(id) } else { on.insert(id) }
      case .enter: moveFocus(1)
      default: break
      }
      field.kind = .multiToggle(options, on: on, cursor: cursor)
    case .button:
      if key == .enter || key == .character(" ") { return .submit }
    }
    return .none
  }
}

extension FormField {
  /// The length limit, when the last edit of this text field ran into it.
  var overflowLimit: Int? {
    switch kind {
    case .text(let t), .multiline(let t, _): t.overflowed ? t.maxLength : nil
    default: nil
    }
  }
}
