/// How a terminal groups shown text into cells.
///
/// Layout works on graphemes (Swift `Character`s), with one refinement taken
/// from tmux 3.3a: the code point after a zero-width joiner is drawn inside
/// the joiner's cell even when Unicode starts a new grapheme there (Sinhala
/// `ශ්‍රී`, where the joiner follows a virama). Such graphemes are kept
/// together as one unit, so a cut never separates them and no joiner is
/// ever left at the end of what is written.
public enum TerminalGraphemes {
  /// Code points one terminal cell can hold: ncurses keeps five per cell
  /// (`CCHARW_MAX`), and tmux 3.3a's 21 bytes hold at least as many.
  public static let codePointsPerCell = 5

  /// The layout units of already sanitized text.
  public static func units(_ shown: String) -> [Substring] {
    var units: [Substring] = []
    var start = shown.startIndex
    var index = shown.startIndex
    while index < shown.endIndex {
      let next = shown.index(after: index)
      let glued = next < shown.endIndex && endsWithJoiner(shown[index]) && !shown[next].isASCII
      if !glued {
        units.append(shown[start..<next])
        start = next
      }
      index = next
    }
    return units
  }

  /// Cells taken by one unit.
  public static func width(of unit: Substring) -> Int {
    if unit.unicodeScalars.count == 1, let only = unit.unicodeScalars.first { return DisplayWidth.of(only) }
    return DisplayWidth.width(ofShown: unit.unicodeScalars)
  }

  /// The unit split into what the terminal puts in each cell: a spacing code
  /// point with the zero-width ones after it, and whatever a joiner glues on.
  public static func cells(of unit: some StringProtocol) -> [[Unicode.Scalar]] {
    var cells: [[Unicode.Scalar]] = []
    var afterJoiner = false
    for scalar in unit.unicodeScalars {
      let glued = afterJoiner && scalar.value >= 0x80
      afterJoiner = scalar.value == 0x200D
      if cells.isEmpty || (!glued && DisplayWidth.of(scalar) > 0) {
        cells.append([scalar])
      } else {
        cells[cells.count - 1].append(scalar)
      }
    }
    return cells
  }

  private static func endsWithJoiner(_ character: Character) -> Bool {
    character.unicodeScalars.last?.value == 0x200D
  }
}
