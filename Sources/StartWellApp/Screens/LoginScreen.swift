import StartWellCore
import TerminalUI

public struct LoginState: Hashable, Sendable {
  public var username = TextField(maxLength: 32)
  public var password = TextField(maxLength: 128, isSecure: true)
  /// 0 for the username, 1 for the password.
  public var focus = 0
  public var error: String?
  /// Checking the password (a deliberately slow hash) is in flight.
  public var busy = false
}

enum LoginScreen {
  static func handle(_ key: Key, _ s: inout AppState) -> [Effect] {
    guard !s.login.busy else { return [] }
    switch key {
    case .escape:
      s.shouldQuit = true
      return []
    case .tab, .backTab, .down, .up:
      s.login.focus = 1 - s.login.focus
      return []
    case .enter:
      if s.login.focus == 0 {
        s.login.focus = 1
        return []
      }
      let username = s.login.username.text.trimmed
      guard !username.isEmpty else {
        s.login.error = "Enter your username."
        s.login.focus = 0
        return []
      }
      s.login.busy = true
      s.login.error = nil
      return [.authenticate(username: username, password: s.login.password.text)]
    default:
      if s.login.focus == 0 { s.login.username.handle(key) } else { s.login.password.handle(key) }
      return []
    }
  }

  static func render(_ s: AppState, into g: inout CellGrid, rect: Rect) {
    let theme = s.theme
    let box = Frame.centered(width: 56, height: 11, in: rect)
    let inner = Frame(title: "StartWell: log in", style: theme[.border], titleStyle: theme[.title]).render(
      into: &g, rect: box)
    g.put(
      text: "Start Well family hubs case management", row: inner.row, col: inner.col + 1, style: theme[.dim])
    let labelWidth = 11
    let fieldRect = { (row: Int) in
      Rect(row: row, col: inner.col + 1 + labelWidth, rows: 1, cols: inner.cols - labelWidth - 2)
    }
    g.put(text: "Username", row: inner.row + 2, col: inner.col + 1, style: theme[.normal])
    s.login.username.render(
      into: &g, rect: fieldRect(inner.row + 2), style: theme[s.login.focus == 0 ? .focusedField : .field],
      focused: s.login.focus == 0)
    g.put(text: "Password", row: inner.row + 4, col: inner.col + 1, style: theme[.normal])
    s.login.password.render(
      into: &g, rect: fieldRect(inner.row + 4), style: theme[s.login.focus == 1 ? .focusedField : .field],
      focused: s.login.focus == 1)
    if s.login.busy {
      g.put(text: "Checking…", row: inner.row + 6, col: inner.col + 1, style: theme[.dim])
    } else if let error = s.login.error {
      for (i, line) in TextWrap.wrap(error, width: inner.cols - 2).prefix(2).enumerated() {
        g.put(text: line, row: inner.row + 6 + i, col: inner.col + 1, style: theme[.error])
      }
    }
    g.put(
      text: "Tab switch field · Enter log in · Esc quit", row: inner.bottom - 1, col: inner.col + 1,
      style: theme[.dim])
  }
}

extension LoginScreen: Screen {
  static let route = Route.login

  static func handleKey(_ key: Key, _ s: inout AppState) -> [Effect]? { handle(key, &s) }
}
