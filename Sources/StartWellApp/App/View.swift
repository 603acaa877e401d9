import TerminalUI

extension AppCore {
  /// Draws the whole screen for `state` at `size`. Pure: the same state and
  /// size always give the same grid, which is what the snapshot tests rely on.
  public static func view(_ s: AppState, size: TerminalSize) -> CellGrid {
    guard size.fits() else { return Chrome.tooSmall(size, theme: s.theme) }
    var g = CellGrid(size: size)
    Chrome.header(s, into: &g)
    let body = Chrome.body(size)
    Screens.screen(for: s.route)?.render(s, into: &g, rect: body)
    if let overlay = s.overlay {
      // An overlay owns the cursor; the screen beneath must not show one.
      g.cursor = nil
      switch overlay {
      case .help(let page): HelpOverlay.render(s, page: page, into: &g, area: body)
      case .palette(let p): Palette.render(p, s, into: &g, area: body)
      case .prompt(let p): PromptOverlay.render(p, theme: s.theme, into: &g, area: body)
      case .confirm(let c): PromptOverlay.renderConfirm(c, theme: s.theme, into: &g, area: body)
      case .entry(let e): PromptOverlay.renderEntry(e, theme: s.theme, zone: s.zone, into: &g, area: body)
      }
    }
    Chrome.status(s, into: &g)
    return g
  }
}
