import StartWellCore
import TerminalUI

/// Keys and drawing for whichever form is open.
enum FormScreen {
  static func handle(_ key: Key, _ s: inout AppState) -> [Effect] {
    guard var form = s.form else { return [] }
    defer { if s.form != nil { s.form = form } }
    let hubBefore = form.choice("hub")
    let personBefore = form.choice("person")
    let termBefore = form.choice("term")
    let kindBefore = form.choice("kind")
    let command = form.handle(key, action: s.keys.action(for: key, in: [.form]))
    if form.choice("hub") != hubBefore {
      RecordForms.syncSDFs(&form, config: s.config, anyLabel: form.kind == .filter ? "any" : "(none)")
    }
    PersonForms.follow(&form, from: personBefore, detail: s.family?.detail)
    DevelopmentForm.follow(
      &form, child: personBefore, term: termBefore, detail: s.family?.detail, config: s.config, today: s.today
    )
    TakeInForm.follow(&form, kindBefore: kindBefore, s)
    CaseworkForms.followContactType(&form, config: s.config)
    switch command {
    case .none:
      return []
    case .help:
      s.overlay = .help(page: 0)
      return []
    case .cancel:
      if form.isDirty && !form.saving {
        s.overlay = .confirm(ConfirmState(question: "Discard changes? (y/n)", purpose: .discardForm))
      } else if !form.saving {
        s.form = nil
        s.pop()
      }
      return []
    case .submit:
      // One save at a time: a second Enter or ^O while the first is in flight does nothing.
      guard !form.saving else { return [] }
      switch submit(form, s) {
      case .invalid(let issues, let message):
        form.show(issues, message: message)
        s.message = form.refusal(issues, message: message)
        return []
      case .filter(let filter):
        s.form = nil
        s.pop()
        // The form sets the filters it shows; the quick filters stay as they were.
        var merged = filter
        merged.flaggedForHuddle = s.families.filter.flaggedForHuddle
        merged.reviewOverdue = s.families.filter.reviewOverdue
        s.families.filter = merged
        return s.families.restart()
      case .request(let request):
        form.issues = [:]
        form.error = nil
        form.saving = true
        s.saveNote = note(form, s)
        return [.save(request)]
      }
    }
  }

  /// What the saved message adds: the time a contact was taken as, when the
  /// clocks going back made the typed one happen twice.
  static func note(_ form: FormState, _ s: AppState) -> String? {
    guard case .contact = form.kind else { return nil }
    return try? s.zone.instant(from: form.text("time")).get().note
  }

  static func submit(_ form: FormState, _ s: AppState) -> FormOutcome {
    switch form.kind {
    case .contact(let id):
      CaseworkForms.submitContact(form, familyID: id, config: s.config, now: s.now, zone: s.zone)
    case .escalation(let id, let from): CaseworkForms.submitEscalation(form, familyID: id, from: from)
    case .newReferral(let id): CaseworkForms.submitNewReferral(form, familyID: id, config: s.config)
    case .advanceReferral(let id, let ref):
      CaseworkForms.submitAdvanceReferral(form, familyID: id, reference: ref)
    case .family: RecordForms.submitFamily(form, config: s.config)
    case .person(let id, let ref):
      RecordForms.submitPerson(form, familyID: id, familyReference: ref, today: s.today)
    case .consent(let id, let ref):
      SafeguardingForms.submitConsent(form, familyID: id, familyReference: ref, today: s.today)
    case .riskOverride(let id, let ref):
      SafeguardingForms.submitRiskOverride(form, familyID: id, familyReference: ref)
    case .reopenEscalation(let id): SafeguardingForms.submitReopen(form, familyID: id)
    case .casework(let which, let id, let ref): CaseForms.submit(form, which, familyID: id, reference: ref, s)
    case .filter: RecordForms.submitFilter(form)
    case .screen(let request):
      Screens.screen(for: request.route)?.submit(form, request, s) ?? .invalid([], "This form has no screen.")
    }
  }

  static let labelWidth = 15

  /// The label column: 15 wide, wider (to 26) for a form whose labels are
  /// longer, such as the names intake.json gives a notification's fields.
  static func labelWidth(_ form: FormState) -> Int {
    let longest = form.fields.filter { $0.kind != .button }.map { DisplayWidth.of($0.label) }.max() ?? 0
    return min(26, max(labelWidth, longest))
  }

  static func render(_ s: AppState, into g: inout CellGrid, rect: Rect) {
    guard let form = s.form else { return }
    let theme = s.theme
    g.put(text: form.title, row: rect.row, col: rect.col + 1, style: theme[.title], maxWidth: rect.cols - 2)
    var top = rect.row + 1
    if let error = form.error {
      g.put(text: "! " + error, row: top, col: rect.col + 1, style: theme[.error], maxWidth: rect.cols - 2)
    }
    top += 1
    let area = Rect(row: top, col: rect.col, rows: rect.bottom - top, cols: rect.cols)
    // Heights of each field with its error line; scroll so the focused field shows.
    let heights = form.fields.map {
      $0.height + (form.issues[$0.id] == nil ? 0 : 1) + ($0.kind == .button ? 1 : 0)
    }
    var start = 0
    let focusEnd = heights[...form.focus].reduce(0, +)
    while heights[start..<form.focus + 1].reduce(0, +) > area.rows && start < form.focus { start += 1 }
    _ = focusEnd
    var y = area.row
    let labelColumn = labelWidth(form)
    let inputCol = rect.col + 2 + labelColumn
    let inputWidth = min(rect.cols - labelColumn - 4, 64)
    for index in start..<form.fields.count {
      let field = form.fields[index]
      guard y + field.height <= area.bottom else { break }
      let focused = index == form.focus
      if field.kind == .button { y += 1 }
      if field.kind != .button {
        g.put(
          text: field.label, row: y, col: rect.col + 1, style: theme[focused ? .accent : .normal],
          maxWidth: labelColumn)
      }
      let used = renderInput(
        field, focused: focused, saving: form.saving, theme: theme, into: &g,
        rect: Rect(row: y, col: inputCol, rows: field.height, cols: inputWidth))
      if let hint = field.hint, case let hintCol = inputCol + used + 2, hintCol < rect.right - 4 {
        g.put(text: hint, row: y, col: hintCol, style: theme[.dim], maxWidth: rect.right - hintCol - 1)
      }
      y += field.height
      if let issue = form.issues[field.id], y < area.bottom {
        let room = rect.right - inputCol - 1
        g.put(
          text: DisplayWidth.truncate(Sanitizer.visible("^ " + issue), toWidth: room), row: y, col: inputCol,
          style: theme[.error])
        y += 1
      }
    }
  }

  /// Draws one input and returns the columns it used on its first row.
  static func renderInput(
    _ field: FormField, focused: Bool, saving: Bool, theme: Theme, into g: inout CellGrid, rect: Rect
  ) -> Int {
    let style = theme[focused ? .focusedField : .field]
    switch field.kind {
    case .text(let t):
      // Short fields (dates, postcodes) get a short box so their hint sits beside them.
      let width = min(rect.cols, (t.maxLength ?? rect.cols) + 1)
      t.render(
        into: &g, rect: Rect(row: rect.row, col: rect.col, rows: 1, cols: width), style: style,
        focused: focused)
      return width
    case .multiline(let t, _):
      t.render(into: &g, rect: rect, style: style, focused: focused)
      return rect.cols
    case .choice(let options, let selected):
      let name = options.indices.contains(selected) ? options[selected].name : "(none)"
      let text = options.count > 1 ? "◀ \(name) ▶" : name
      return g.put(text: text, row: rect.row, col: rect.col, style: style, maxWidth: rect.cols)
    case .toggle(let on):
      return g.put(
        text: on ? "[x] yes" : "[ ] no", row: rect.row, col: rect.col, style: style, maxWidth: rect.cols)
    case .multiToggle(let options, let on, let cursor):
      let items = options.map { "[\(on.contains($0.id) ? "x" : " ")] \(Sanitizer.visible($0.name))" }
      // The row scrolls so the item under the cursor is always drawn whole:
      // nothing can be ticked out of sight. Arrows say more lies either side.
      let first = MultiToggleLayout.first(items, cursor: cursor, width: rect.cols)
      var x = rect.col
      if first > 0 { x += g.put(text: "‹ ", row: rect.row, col: x, style: theme[.accent], maxWidth: 2) }
      var last = first - 1
      for i in first..<items.count {
        let width = DisplayWidth.of(items[i])
        let room = rect.right - x - (i < items.count - 1 ? 2 : 0)
        guard width <= room else { break }
        let itemStyle = focused && i == cursor ? theme[.focusedField] : theme[.normal]
        x += g.put(text: items[i], row: rect.row, col: x, style: itemStyle, maxWidth: width)
        x += g.put(text: "  ", row: rect.row, col: x, maxWidth: max(0, rect.right - x))
        last = i
      }
      if last < items.count - 1 {
        g.put(text: "›", row: rect.row, col: rect.right - 1, style: theme[.accent], maxWidth: 1)
        x = rect.right
      }
      return x - rect.col
    case .button:
      let text = saving ? "Saving…" : "[ \(field.label) ]"
      let used = g.put(
        text: text, row: rect.row, col: rect.col, style: focused ? theme[.selection] : theme[.title],
        maxWidth: rect.cols)
      g.put(
        text: "Enter or ^O to \(field.label.lowercased()) · Esc cancel", row: rect.row,
        col: rect.col + used + 2, style: theme[.dim], maxWidth: rect.cols - used - 2)
      return rect.cols
    }
  }
}

/// Where a one-row list of toggles starts drawing, so that the item under
/// the cursor fits whole with every item from there to it.
enum MultiToggleLayout {
  static func first(_ items: [String], cursor: Int, width: Int) -> Int {
    guard items.indices.contains(cursor) else { return 0 }
    var first = 0
    func span(_ from: Int) -> Int {
      (from > 0 ? 2 : 0) + items[from...cursor].reduce(0) { $0 + DisplayWidth.of($1) + 2 }
        + (cursor < items.count - 1 ? 1 : 0)
    }
    while first < cursor && span(first) > width { first += 1 }
    return first
  }
}

extension FormScreen: Screen {
  static let route = Route.form
  static let bindings: [KeyBinding] = [
    KeyBinding([.ctrl("o")], .form, .save, hint: "save"),
    KeyBinding([.tab, .down], .form, .nextField, hint: "next"),
    KeyBinding([.backTab, .up], .form, .previousField),
    KeyBinding([.escape], .form, .back, hint: "cancel"),
    KeyBinding([.function(1)], .form, .help, hint: "help"),
  ]

  static func keyContexts(_ s: AppState) -> [KeyContext] { [.form] }

  static func handleKey(_ key: Key, _ s: inout AppState) -> [Effect]? { handle(key, &s) }
}
