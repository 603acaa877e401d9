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
  static func handle(_ key: Key, page: Int, _ s: inout AppState) {
    let pages = layout(s, area: Chrome.body(s.size)).pages
    switch key {
    case .escape, .character("q"), .character("?"), .enter, .function(1): s.overlay = nil
    case .down, .character("j"), .character(" "), .pageDown: s.overlay = .help(page: min(pages - 1, page + 1))
    case .up, .character("k"), .pageUp: s.overlay = .help(page: max(0, page - 1))
    default: break
    }
  }

  /// The keys offered on this screen, each with what it does.
  static func entries(_ s: AppState) -> [(keys: String, summary: String)] {
    let contexts = s.route == .form ? [KeyContext.form] : s.keyContexts
    var entries: [(keys: String, summary: String)] = s.keys.bindings(in: contexts).filter(s.offers).map {
      (keys: $0.keyLabel, summary: $0.action.summary)
    }
    if s.route == .form { entries.append((keys: "Space/←/→", summary: "Change a choice or toggle")) }
    return entries
  }

  /// How the entries fall into columns and pages inside the frame: one
  /// column while they fit, then two, then pages of two with a line saying so.
  static func layout(_ s: AppState, area: Rect) -> (inner: Rect, columns: Int, perColumn: Int, pages: Int) {
    let box = Rect(row: area.row + 1, col: area.col + 2, rows: area.rows - 2, cols: area.cols - 4)
    let inner = Rect(row: box.row + 1, col: box.col + 1, rows: max(1, box.rows - 2), cols: box.cols - 2)
    let count = entries(s).count
    let columns = count > inner.rows ? 2 : 1
    guard count > columns * inner.rows else { return (inner, columns, inner.rows, 1) }
    let perColumn = max(1, inner.rows - 1)
    return (inner, columns, perColumn, (count + 2 * perColumn - 1) / (2 * perColumn))
  }

  static func render(_ s: AppState, page: Int, into g: inout CellGrid, area: Rect) {
    let theme = s.theme
    let all = entries(s)
    let box = Rect(row: area.row + 1, col: area.col + 2, rows: area.rows - 2, cols: area.cols - 4)
    let inner = Frame(
      title: "Keys for this screen (Esc to close)", style: theme[.border], titleStyle: theme[.title]
    )
    .render(into: &g, rect: box)
    let (_, columns, perColumn, pages) = layout(s, area: area)
    let page = min(page, pages - 1)
    let shown = all.dropFirst(page * columns * perColumn).prefix(columns * perColumn)
    let columnWidth = (inner.cols - 2) / columns
    for (i, entry) in shown.enumerated() {
      let y = inner.row + i % perColumn
      let x = inner.col + 1 + (i / perColumn) * columnWidth
      g.put(text: DisplayWidth.fit(entry.keys, toWidth: 11), row: y, col: x, style: theme[.accent])
      g.put(
        text: DisplayWidth.truncate(entry.summary, toWidth: columnWidth - 13), row: y, col: x + 12,
        style: theme[.normal])
    }
    if pages > 1 {
      let more = page < pages - 1 ? "Space/↓ more keys" : "↑ the keys before"
      g.put(
        text: "Page \(page + 1) of \(pages) · \(more)", row: inner.bottom - 1, col: inner.col + 1,
        style: theme[.dim], maxWidth: inner.cols - 2)
    }
  }
}
