/// Semantic roles a screen asks the theme for, instead of hard-coding colours.
public enum ThemeRole: String, Sendable, Hashable, CaseIterable {
  case normal, dim, header, title, statusLine, keyHint, selection, border
  case error, warning, success, accent, significant
  case bandRed, bandAmber, bandGreen
  case field, focusedField, tabActive, tabInactive
}

/// A mapping from roles to styles.
///
/// Two themes exist: `colour` uses only the eight basic colours, so it is the
/// same on 256- and 8-colour terminals; `monochrome` uses only bold, reverse,
/// underline and dim, for `NO_COLOR` and terminals without colour. Screens must
/// not rely on colour alone to carry meaning (bands also show their name).
public struct Theme: Sendable, Hashable {
  public var name: String
  private var styles: [ThemeRole: Style]

  public init(name: String, styles: [ThemeRole: Style]) {
    self.name = name
    self.styles = styles
  }

  /// Style for `role`; a role the theme does not define is drawn plain.
  public subscript(role: ThemeRole) -> Style {
    get { styles[role] ?? .plain }
    set { styles[role] = newValue }
  }

  public func style(_ role: ThemeRole) -> Style { self[role] }

  public var isMonochrome: Bool { !styles.values.contains(where: \.hasColor) }

  public static let colour = Theme(
    name: "colour",
    styles: [
      .normal: .plain,
      .dim: Style(dim: true),
      .header: Style(foreground: .white, background: .blue, bold: true),
      .title: Style(bold: true),
      .statusLine: Style(foreground: .black, background: .cyan),
      .keyHint: Style(foreground: .black, background: .cyan, bold: true),
      .selection: Style(reverse: true),
      .border: Style(foreground: .blue),
      .error: Style(foreground: .red, bold: true),
      .warning: Style(foreground: .yellow, bold: true),
      .success: Style(foreground: .green),
      .accent: Style(foreground: .cyan, bold: true),
      .significant: Style(foreground: .magenta, bold: true),
      .bandRed: Style(foreground: .white, background: .red, bold: true),
      .bandAmber: Style(foreground: .black, background: .yellow),
      .bandGreen: Style(foreground: .black, background: .green),
      .field: Style(underline: true),
      .focusedField: Style(foreground: .black, background: .white),
      .tabActive: Style(foreground: .white, background: .blue, bold: true),
      .tabInactive: Style(dim: true),
    ])

  public static let monochrome = Theme(
    name: "monochrome",
    styles: [
      .normal: .plain,
      .dim: Style(dim: true),
      .header: Style(bold: true, reverse: true),
      .title: Style(bold: true),
      .statusLine: Style(reverse: true),
      .keyHint: Style(bold: true, reverse: true),
      .selection: Style(reverse: true),
      .border: .plain,
      .error: Style(bold: true, underline: true),
      .warning: Style(bold: true),
      .success: .plain,
      .accent: Style(bold: true),
      .significant: Style(bold: true, underline: true),
      .bandRed: Style(bold: true, reverse: true),
      .bandAmber: Style(bold: true),
      .bandGreen: .plain,
      .field: Style(underline: true),
      .focusedField: Style(reverse: true),
      .tabActive: Style(bold: true, reverse: true),
      .tabInactive: Style(dim: true),
    ])

  /// Monochrome when `NO_COLOR` is set to anything non-empty (no-color.org) or
  /// the terminal reports fewer than eight colours; colour otherwise.
  public static func resolve(environment: [String: String], colorCount: Int) -> Theme {
    if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .monochrome }
    return colorCount >= 8 ? .colour : .monochrome
  }
}
