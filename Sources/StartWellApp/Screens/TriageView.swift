import StartWellCore
import StartWellStore
import TerminalUI

/// Draws a notification as received beside its candidates. The fields that
/// matched the selected candidate carry a "*" and the accent in both panes,
/// so the match reads without colour too.
enum TriageView {
  /// One labelled value; `marked` when it matched the selected candidate.
  struct Line {
    var label: String
    var value: String
    var marked = false
    var role: ThemeRole = .normal
  }

  static let labelWidth = 14
  static let marker = "*"

  static func render(_ s: AppState, into g: inout CellGrid, rect: Rect) {
    let t = s.screenState(TriageState.self)
    let theme = s.theme
    guard let load = t.load else {
      g.put(text: "Triage", row: rect.row, col: rect.col + 1, style: theme[.title])
      g.put(text: "Reading the notification…", row: rect.row + 2, col: rect.col + 2, style: theme[.dim])
      return
    }
    let n = load.notification
    g.put(text: title(n, s), row: rect.row, col: rect.col + 1, style: theme[.title], maxWidth: rect.cols - 2)
    let (left, right) = panes(rect)
    let matched = t.selected.flatMap { t.isListed($0) ? fields($0.score.fields) : nil } ?? []
    let inner = Frame(title: "As received", style: theme[.border], titleStyle: theme[.title])
      .render(into: &g, rect: left)
    draw(received(n, s, matched: matched), theme: theme, into: &g, rect: inner, offset: t.offset)
    CandidatesView.render(t, load, s, into: &g, rect: right)
  }

  /// The notification's pane and the candidates' beside it, under the title.
  static func panes(_ body: Rect) -> (left: Rect, right: Rect) {
    let panes = Rect(row: body.row + 1, col: body.col, rows: body.rows - 1, cols: body.cols)
    return panes.splitLeft(min(panes.cols * 9 / 20, 48))
  }

  /// The notification's pane inside its border, for scrolling it.
  static func receivedArea(_ size: TerminalSize) -> Rect { panes(Chrome.body(size)).left.inset(by: 1) }

  /// How many rows the notification's lines take in its pane.
  static func receivedRows(_ s: AppState) -> Int {
    guard let n = s.screenState(TriageState.self).load?.notification else { return 0 }
    return rows(received(n, s, matched: []), theme: s.theme, width: receivedArea(s.size).cols).count
  }

  static func title(_ n: StartWellStore.Notification, _ s: AppState) -> String {
    let kind = s.config.intake.kind(n.kind)?.name ?? n.kind.rawValue
    if let decision = n.triage {
      return "Triage \(n.reference) · \(kind) · triaged: \(decision.outcome.title)"
    }
    let due = n.triageDue(s.config, zone: s.zone)
    let overdue = s.today > due ? ", overdue" : due == s.today ? ", due today" : ""
    return "Triage \(n.reference) · \(kind) · due \(due)\(overdue)"
  }

  /// The form fields (by the ids validation names them) a match field stands for.
  static func fields(_ matched: [MatchField]) -> Set<String> {
    var ids = Set<String>()
    for field in matched {
      switch field {
      case .nhsNumber: ids.insert("nhs")
      case .dateOfBirth, .dateOfBirthSwapped: ids.insert("dob")
      case .name, .nameSimilar, .nameSwapped: ids.formUnion(["given", "family-name"])
      case .surnamePart: ids.insert("family-name")
      case .postcode, .postcodeSector: ids.insert("postcode")
      }
    }
    return ids
  }

  /// The notification's lines: when it came and how it stands, the person
  /// as received, and the kind's own fields by their names in intake.json.
  static func received(_ n: StartWellStore.Notification, _ s: AppState, matched: Set<String>) -> [Line] {
    var lines = [Line(label: "Received", value: s.zone.day(n.receivedAt).description)]
    if n.isTriaged {
      lines.append(
        Line(label: "Outcome", value: n.triage.map { $0.outcome.title } ?? "", role: .success))
      let by = s.users.first { $0.id == n.triagedBy }?.displayName ?? n.triagedBy ?? ""
      let on = n.triagedAt.map { s.zone.day($0).description } ?? ""
      lines.append(Line(label: "Triaged", value: [on, by].filter { !$0.isEmpty }.joined(separator: " by ")))
      if !n.triageNote.isEmpty { lines.append(Line(label: "Note", value: n.triageNote)) }
    }
    let subject = s.config.intake.kind(n.kind)?.subject ?? "person"
    lines.append(Line(label: "", value: ""))
    lines.append(Line(label: "The \(subject)", value: "", role: .title))
    lines += person(n.person, matched: matched)
    lines.append(Line(label: "", value: ""))
    lines.append(Line(label: s.config.intake.kind(n.kind)?.name ?? n.kind.rawValue, value: "", role: .title))
    for field in s.config.intake.kind(n.kind)?.fields ?? [] {
      guard let value = n.details[field.id] else { continue }
      lines.append(Line(label: field.name, value: show(value, field)))
    }
    return lines
  }

  /// A person's details as lines, the matched ones marked.
  static func person(_ p: ReceivedPerson, matched: Set<String>, address: Bool = true) -> [Line] {
    var lines = [
      Line(label: "Given name", value: p.givenName, marked: matched.contains("given")),
      Line(label: "Family name", value: p.familyName, marked: matched.contains("family-name")),
      Line(label: "Date of birth", value: p.dateOfBirth?.description ?? "—", marked: matched.contains("dob")),
      Line(label: "NHS number", value: p.nhsNumber.map(nhs) ?? "—", marked: matched.contains("nhs")),
      Line(label: "Postcode", value: p.postcode ?? "—", marked: matched.contains("postcode")),
    ]
    if address { lines.append(Line(label: "Address", value: p.address ?? "—")) }
    return lines
  }

  /// "943 476 5919": an NHS number as people read it.
  static func nhs(_ digits: String) -> String {
    guard digits.count == 10, digits.allSatisfy(\.isNumber) else { return digits }
    let d = Array(digits)
    return "\(String(d[0..<3])) \(String(d[3..<6])) \(String(d[6..<10]))"
  }

  /// A kind's field value as people read it: a choice by its name.
  static func show(_ value: CheckedNotification.DetailValue, _ field: IntakeField) -> String {
    let name = { (id: String) in field.choices.first { $0.id == id }?.name ?? id }
    switch field.kind {
    case .list: return value.list.map(name).joined(separator: ", ")
    case .choice: return name(value.text ?? "")
    case .text, .day: return value.text ?? ""
    }
  }

  /// Draws labelled lines from `offset` on; a pane that holds more says
  /// so in its last row (and in its first once scrolled), with the key.
  static func draw(_ lines: [Line], theme: Theme, into g: inout CellGrid, rect: Rect, offset: Int = 0) {
    let all = rows(lines, theme: theme, width: rect.cols)
    let start = max(0, min(offset, all.count - rect.rows))
    for (i, row) in all.dropFirst(start).prefix(rect.rows).enumerated() {
      let more = i == rect.rows - 1 && start + rect.rows < all.count
      let before = i == 0 && start > 0
      let text = more ? "… more: PgDn" : before ? "… above: PgUp" : row.text
      g.put(
        text: text, row: rect.row + i, col: rect.col, style: more || before ? theme[.dim] : row.style,
        maxWidth: rect.cols)
    }
  }

  /// Labelled lines as rows: a marker column, the label, then the value
  /// wrapped beside it; a label too long for its column, or a long value,
  /// sits on its own row with the value beneath.
  static func rows(_ lines: [Line], theme: Theme, width: Int) -> [(text: String, style: Style)] {
    var rows: [(text: String, style: Style)] = []
    let valueWidth = max(4, width - 1 - labelWidth)
    for line in lines {
      let style = line.marked ? theme[.accent].underlined() : theme[line.role]
      let mark = line.marked ? marker : " "
      if line.value.isEmpty {
        // A blank line, or a heading on its own.
        rows.append((line.label.isEmpty ? "" : " " + line.label, style))
        continue
      }
      let beside = TextWrap.wrap(line.value, width: valueWidth)
      // A long label, or a value of more than two rows, takes the full width beneath its label.
      if DisplayWidth.of(line.label) >= labelWidth || beside.count > 2 {
        rows.append((mark + line.label, style))
        rows += TextWrap.wrap(line.value, width: max(4, width - 3)).map { (mark + "  " + $0, style) }
        continue
      }
      for (i, value) in beside.enumerated() {
        let label = i == 0 ? line.label : ""
        rows.append((mark + DisplayWidth.fit(label, toWidth: labelWidth) + value, style))
      }
    }
    return rows
  }
}
