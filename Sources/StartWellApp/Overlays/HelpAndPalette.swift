import StartWellCore
import TerminalUI

/// The command palette: every action of the current screen, found by fuzzy typing.
public struct PaletteState: Hashable, Sendable {
  public var query = TextField(maxLength: 60)
  public var selected = 0
}

enum Palette {
  /// Actions offered on the current screen, with their keys.
  static func items(_ s: AppState) -> [KeyBinding] {
    s.keys.bindings(in: s.keyContexts).filter {
      !ListMotion.isMotion($0.action) && ![.palette, .back].contains($0.action) && s.offers($0)
    }
  }

  /// Items matching `query` as a subsequence, best first: a match at a word
  /// start and a contiguous run score higher.
  static func matches(_ query: String, in items: [KeyBinding]) -> [KeyBinding] {
    let q = Array(query.lowercased().filter { $0 != " " })
    guard !q.isEmpty else { return items }
    var scored: [(Int, Int, KeyBinding)] = []
    for (index, item) in items.enumerated() {
      let text = Array((item.action.summary + " " + item.action.rawValue).lowercased())
      var score = 0
      var qi = 0
      var previous = -2
      for (ti, c) in text.enumerated() where qi < q.count && c == q[qi] {
        score += 1
        if ti == previous + 1 { score += 2 }
        if ti == 0 || text[ti - 1] == " " || text[ti - 1] == "-" { score += 3 }
        previous = ti
        qi += 1
      }
      if qi == q.count { scored.append((score, index, item)) }
    }
    return scored.sorted { ($0.0, -$0.1) > ($1.0, -$1.1) }.map(\.2)
  }

  static func handle(_ key: Key, _ p: PaletteState, _ s: inout AppState) -> [Effect] {
    var p = p
    let found = matches(p.query.text, in: items(s))
    switch key {
    case .escape:
      s.overlay = nil
      return []
    case .up: p.selected = max(0, p.selected - 1)
    case .down: p.selected = min(max(0, found.count - 1), p.selected + 1)
    case .enter:
      s.overlay = nil
      // A family reference typed into the palette opens that family.
      if ReferenceCode.isFamilyReference(p.query.text) {
        return [.findFamily(reference: ReferenceCode.normalise(p.query.text))]
      }
      guard found.indices.contains(p.selected) else { return [] }
      return Actions.perform(found[p.selected].action, &s)
    default:
      p.query.handle(key)
      p.selected = 0
    }
    s.overlay = .palette(p)
    return []
  }

  static func render(_ p: PaletteState, _ s: AppState, into g: inout CellGrid, area: Rect) {
    let theme = s.theme
    let found = matches(p.query.text, in: items(s))
    let box = Rect(
      row: area.row + 1, col: area.col + (area.cols - min(area.cols - 4, 64)) / 2,
      rows: min(area.rows - 2, 16), cols: min(area.cols - 4, 64))
    let inner = Frame(title: "Command palette", style: theme[.border], titleStyle: theme[.title]).render(
      into: &g, rect: box)
    g.put(text: ":", row: inner.row, col: inner.col + 1, style: theme[.accent])
    p.query.render(
      into: &g, rect: Rect(row: inner.row, col: inner.col + 3, rows: 1, cols: inner.cols - 4),
      style: theme[.focusedField], focused: true)
    let rows = inner.rows - 2
    let start = max(0, p.selected - rows + 1)
    for (i, item) in found.dropFirst(start).prefix(rows).enumerated() {
      let y = inner.row + 2 + i
      let keyText = DisplayWidth.fit(item.keyLabel, toWidth: 10)
      let style = start + i == p.selected ? theme[.selection] : theme[.normal]
      g.fill(Rect(row: y, col: inner.col, rows: 1, cols: inner.cols), style: style)
      g.put(text: " " + item.action.summary, row: y, col: inner.col, style: style, maxWidth: inner.cols - 12)
      g.put(text: keyText, row: y, col: inner.right - 11, style: style.dimmed(start + i != p.selected))
    }
    if ReferenceCode.isFamilyReference(p.query.text) {
      g.put(
        text: " Enter: open family \(ReferenceCode.normalise(p.query.text))", row: inner.row + 2,
        col: inner.col,
        style: theme[.selection], maxWidth: inner.cols)
    } else if found.isEmpty {
      g.put(text: " No matching action.", row: inner.row + 2, col: inner.col, style: theme[.dim])
    }
  }
}

enum HelpOverlay {
  static func render(_ s: AppState, into g: inout CellGrid, area: Rect) {
    let theme = s.theme
    let contexts = s.route == .form ? [KeyContext.form] : s.keyContexts
    var bindings = s.keys.bindings(in: contexts).filter(s.offers)
    if s.route == .form {
      bindings += [
        KeyBinding([.character(" "), .left, .right], .form, .nextField, hint: nil)
      ]
    }
    let box = Rect(row: area.row + 1, col: area.col + 2, rows: area.rows - 2, cols: area.cols - 4)
    let inner = Frame(
      title: "Keys for this screen (Esc to close)", style: theme[.border], titleStyle: theme[.title]
    )
    .render(into: &g, rect: box)
    let columns = bindings.count > inner.rows ? 2 : 1
    let columnWidth = (inner.cols - 2) / columns
    let perColumn = inner.rows
    for (i, b) in bindings.enumerated() {
      let column = i / perColumn
      guard column * columnWidth + columnWidth <= inner.cols else { break }
      let y = inner.row + i % perColumn
      let x = inner.col + 1 + column * columnWidth
      let summary =
        s.route == .form && b.keys.first == .character(" ") ? "Change a choice or toggle" : b.action.summary
      g.put(text: DisplayWidth.fit(b.keyLabel, toWidth: 11), row: y, col: x, style: theme[.accent])
      g.put(
        text: DisplayWidth.truncate(summary, toWidth: columnWidth - 13), row: y, col: x + 12,
        style: theme[.normal])
    }
  }
}
