import StartWellCore
import TerminalUI

/// Where pasted text goes: into the text box that has the focus, whole, or
/// nowhere with a message. A paste is never run as keys, so a pasted line
/// break cannot submit a form or a pasted letter open a screen.
enum Paste {
  static func handle(_ text: String, _ s: inout AppState) -> [Effect] {
    if let overlay = s.overlay { return intoOverlay(overlay, text, &s) }
    switch s.route {
    case .login:
      if s.login.busy { return ignored(&s) }
      if s.login.focus == 0 {
        s.message = into(&s.login.username, text, named: "The username")
      } else {
        s.message = into(&s.login.password, text, named: "The password")
      }
      return []
    case .form: return intoForm(text, &s)
    case .families where s.families.searching:
      s.message = into(&s.families.search, text, named: "A search")
      return s.message == nil ? s.families.restart() : []
    default: return ignored(&s)
    }
  }

  /// The one wording for a paste that does not fit, next to a field and on the status line.
  static func tooLong(_ length: Int, limit: Int) -> String {
    "at most \(limit) characters: the \(length) pasted were not added"
  }

  private static func intoOverlay(_ overlay: Overlay, _ text: String, _ s: inout AppState) -> [Effect] {
    switch overlay {
    case .palette(var p):
      s.message = into(&p.query, text, named: "The palette")
      p.selected = 0
      s.overlay = .palette(p)
    case .prompt(var p) where !p.busy:
      s.message = into(&p.field, text, named: "This answer")
      s.overlay = .prompt(p)
    default: return ignored(&s)
    }
    return []
  }

  private static func intoForm(_ text: String, _ s: inout AppState) -> [Effect] {
    guard var form = s.form, !form.saving, let outcome = form.paste(text) else { return ignored(&s) }
    if case .tooLong(let length) = outcome, let limit = form.focusedLimit {
      s.message = StatusMessage(
        "Not pasted — \(form.fields[form.focus].label): \(tooLong(length, limit: limit))", isError: true)
    }
    s.form = form
    return []
  }

  /// Pastes into `field`; returns what to say when the text did not go in.
  private static func into(_ field: inout TextField, _ text: String, named name: String) -> StatusMessage? {
    guard case .tooLong(let length) = field.paste(text), let limit = field.maxLength else { return nil }
    return StatusMessage("Not pasted — \(name) takes \(tooLong(length, limit: limit)).", isError: true)
  }

  private static func ignored(_ s: inout AppState) -> [Effect] {
    s.message = StatusMessage(
      "Pasted text ignored: nothing here takes text. Open a text box first.", isError: true)
    return []
  }
}
