/// A key and what it does, shown in the status line ("q back").
public struct KeyHint: Sendable, Hashable {
  public var key: String
  public var label: String

  public init(_ key: String, _ label: String) {
    self.key = key
    self.label = label
  }
}

/// The bottom line: key hints on the left, an optional message on the right.
///
/// Hints that do not fit are dropped from the end rather than cut in half, and
/// the message wins over hints because it is usually an error or a result.
public struct StatusLine: Sendable, Hashable {
  public var hints: [KeyHint]
  public var message: String?
  public var style: Style
  public var keyStyle: Style
  public var messageStyle: Style

  public init(
    hints: [KeyHint], message: String? = nil, style: Style = Style(reverse: true),
    keyStyle: Style = Style(bold: true, reverse: true), messageStyle: Style? = nil
  ) {
    self.hints = hints
    self.message = message
    self.style = style
    self.keyStyle = keyStyle
    self.messageStyle = messageStyle ?? style
  }

  public init(hints: [KeyHint], message: String? = nil, theme: Theme, messageRole: ThemeRole = .statusLine) {
    self.init(
      hints: hints, message: message, style: theme[.statusLine], keyStyle: theme[.keyHint],
      messageStyle: theme[messageRole])
  }

  public func render(into grid: inout CellGrid, row: Int, col: Int = 0, width: Int) {
    guard width > 0 else { return }
    grid.fill(Rect(row: row, col: col, rows: 1, cols: width), style: style)
    var right = col + width
    if let message, !message.isEmpty {
      let text = DisplayWidth.truncate(Sanitizer.visible(message), toWidth: max(0, width - 1))
      let w = DisplayWidth.of(text)
      grid.put(text: text, row: row, col: right - w, style: messageStyle, maxWidth: w)
      right -= w + 2
    }
    var x = col
    for (index, hint) in hints.enumerated() {
      let key = Sanitizer.visible(hint.key)
      let label = Sanitizer.visible(hint.label)
      let gap = index == 0 ? 1 : 2
      let needed = gap + DisplayWidth.of(key) + 1 + DisplayWidth.of(label)
      guard x + needed <= right else { break }
      x += gap
      x += grid.put(text: key, row: row, col: x, style: keyStyle)
      x += 1
      x += grid.put(text: label, row: row, col: x, style: style)
    }
  }
}
