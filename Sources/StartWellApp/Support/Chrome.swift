import StartWellCore
import TerminalUI

/// The frame around every screen: the header, the status line and the body between.
enum Chrome {
  static func body(_ size: TerminalSize) -> Rect {
    Rect(row: 1, col: 0, rows: max(0, size.rows - 2), cols: size.cols)
  }

  static func header(_ s: AppState, into g: inout CellGrid) {
    let theme = s.theme
    let style = theme[.header]
    g.fill(Rect(row: 0, col: 0, rows: 1, cols: g.cols), style: style)
    var left = " StartWell"
    if let user = s.user {
      let hubs = user.hubs.map {
        s.config.hub($0)?.name.replacingOccurrences(of: " Start Well Hub", with: "") ?? $0
      }
      left += "  │ \(user.displayName) (\(user.username)) · \(user.role.title)"
      if !hubs.isEmpty { left += " · \(hubs.joined(separator: ", "))" }
    }
    let right = s.sync.label + " "
    let rightWidth = DisplayWidth.of(right)
    g.put(text: left, row: 0, col: 0, style: style, maxWidth: g.cols - rightWidth - 1)
    g.put(
      text: right, row: 0, col: g.cols - rightWidth,
      style: s.sync.needsAttention ? theme[.warning].reversed() : style)
  }

  static func status(_ s: AppState, into g: inout CellGrid) {
    // The queue offers "reopen" only while the selected escalation has been decided.
    let reopenable = s.route != .queue || QueueScreen.selectedIsReopenable(s)
    var hints = s.keys.bindings(in: s.keyContexts)
      .filter { ($0.action != .reopenEscalation || reopenable) && s.offers($0) }
      .compactMap { b in b.hint.map { KeyHint(b.keyLabel, $0) } }
    switch s.overlay {
    case .help?, .entry?: hints = [KeyHint("Esc", "close")]
    case .palette?: hints = [KeyHint("↑/↓", "choose"), KeyHint("Enter", "run"), KeyHint("Esc", "close")]
    case .prompt?: hints = [KeyHint("Enter", "confirm"), KeyHint("Esc", "cancel")]
    case .confirm?: hints = [KeyHint("y", "yes"), KeyHint("n", "no")]
    case nil: break
    }
    if s.route == .families && s.families.searching && s.overlay == nil {
      hints = [KeyHint("Enter/↓", "to list"), KeyHint("Esc", "leave search"), KeyHint("^U", "clear")]
    }
    if s.route == .form && s.overlay == nil { hints.append(KeyHint("Space/←/→", "change")) }
    let message = s.message
    let line = StatusLine(
      hints: hints, message: message?.text, theme: s.theme,
      messageRole: message?.isError == true ? .error : .statusLine)
    line.render(into: &g, row: g.rows - 1, width: g.cols)
  }

  /// Shown instead of a broken layout when the terminal is below 80×24.
  static func tooSmall(_ size: TerminalSize, theme: Theme) -> CellGrid {
    var g = CellGrid(size: size)
    let lines = [
      "Terminal too small: need \(TerminalSize.minimum.cols)×\(TerminalSize.minimum.rows), have \(size.cols)×\(size.rows)",
      "Enlarge the window, or press Q to quit.",
    ]
    let top = max(0, (size.rows - lines.count) / 2)
    for (i, text) in lines.enumerated() where top + i < size.rows {
      let fitted = DisplayWidth.truncate(text, toWidth: size.cols)
      let col = max(0, (size.cols - DisplayWidth.of(fitted)) / 2)
      g.put(text: fitted, row: top + i, col: col, style: i == 0 ? theme[.warning] : theme[.normal])
    }
    return g
  }
}
