/// Display width of text in terminal cells.
///
/// Names in the store can be accented Latin, Indic, CJK or emoji, and a column
/// layout only lines up if text is measured the way the terminal draws it.
/// Terminals (and ncurses, which tracks the cursor for us) place text one code
/// point at a time with the C library's `wcwidth`: a zero-width code point
/// joins the cell before it, a spacing one takes one or two new cells. So
/// `👋🏽` is two emoji (4 cells), `❤️` and `1️⃣` stay 1 cell, a flag is two
/// 1-cell letters and a Devanagari vowel sign such as `ा` takes a cell.
/// tmux 3.3a also glues the code point after a zero-width joiner into the
/// joiner's cell, so `👨‍👩‍👧` is one 2-cell glyph. Where Python's `wcwidth`
/// measures otherwise (it joins emoji sequences and modifiers, widens with
/// VS16 and gives Indic spacing marks no cell), we follow the terminal,
/// because that is what must line up; see the README's section on text.
///
/// Text is measured as it will be shown (`Sanitizer.visible`), so a visible
/// escape such as `\u{200e}` counts its eight cells.
public enum DisplayWidth {
  /// Width of one grapheme as drawn on its own.
  public static func of(_ character: Character) -> Int {
    let scalars = character.unicodeScalars
    if scalars.count == 1, let only = scalars.first { return of(only) }
    return width(ofShown: scalars)
  }

  /// Width of a single code point, as the C library's `wcwidth` gives it.
  public static func of(_ scalar: Unicode.Scalar) -> Int {
    let v = scalar.value
    // Controls have no glyph; the sanitizer turns them into visible text first.
    if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
    if v < 0x300 { return 1 }  // fast path: Latin-1 and Latin Extended
    if isZeroWidth(scalar) { return 0 }
    // Regional indicators are emoji, but each letter of a flag is one cell.
    if (0x1F1E6...0x1F1FF).contains(v) { return 1 }
    if isWide(v) || scalar.properties.isEmojiPresentation { return 2 }
    return 1
  }

  /// Total width of a string in cells, as shown (escapes included).
  public static func of(_ text: some StringProtocol) -> Int {
    if let plain = printableASCIICount(text.utf8) { return plain }
    return width(ofShown: Sanitizer.visible(String(text)).unicodeScalars)
  }

  /// Width of already sanitized code points: each spacing one adds its
  /// width, except one glued into a joiner's cell.
  static func width(ofShown scalars: some Sequence<Unicode.Scalar>) -> Int {
    var total = 0
    var afterJoiner = false
    for scalar in scalars {
      if afterJoiner && scalar.value >= 0x80 {
        afterJoiner = scalar.value == 0x200D
        continue
      }
      afterJoiner = scalar.value == 0x200D
      total += of(scalar)
    }
    return total
  }

  /// The fast path that keeps long lists cheap: printable ASCII is one cell
  /// per byte. Nil when there is anything else.
  static func printableASCIICount(_ utf8: some Sequence<UInt8>) -> Int? {
    var count = 0
    for byte in utf8 {
      guard byte >= 0x20 && byte < 0x7F else { return nil }
      count += 1
    }
    return count
  }

  /// Cuts `text` so it fits in `width` cells, ending with `ellipsis` when
  /// anything was removed. The result is the shown (sanitized) text, cut only
  /// between graphemes. A wide character that would straddle the limit is
  /// dropped whole, so the result may be one cell narrower than `width`.
  public static func truncate(_ text: String, toWidth width: Int, ellipsis: String = "…") -> String {
    guard width > 0 else { return "" }
    let text = Sanitizer.visible(text)
    if of(text) <= width { return text }
    let ellipsisWidth = of(ellipsis)
    guard ellipsisWidth <= width else { return prefix(ellipsis, width: width) }
    return prefix(text, width: width - ellipsisWidth) + ellipsis
  }

  /// Pads or cuts `text` to exactly `width` cells. Where a wide character would
  /// straddle the edge it is replaced by a space, never split.
  public static func pad(_ text: String, toWidth width: Int, alignment: Alignment = .left) -> String {
    guard width > 0 else { return "" }
    let fitted = prefix(Sanitizer.visible(text), width: width)
    let gap = width - of(fitted)
    guard gap > 0 else { return fitted }
    switch alignment {
    case .left: return fitted + String(repeating: " ", count: gap)
    case .right: return String(repeating: " ", count: gap) + fitted
    case .center:
      let left = gap / 2
      return String(repeating: " ", count: left) + fitted + String(repeating: " ", count: gap - left)
    }
  }

  /// `truncate` then `pad`: the usual way to fill a table cell.
  public static func fit(
    _ text: String, toWidth width: Int, alignment: Alignment = .left, ellipsis: String = "…"
  ) -> String {
    pad(truncate(text, toWidth: width, ellipsis: ellipsis), toWidth: width, alignment: alignment)
  }

  /// The longest leading run of whole graphemes of shown text that fits in
  /// `width` cells. A grapheme glued to the one before by a joiner is never
  /// cut from it, so no joiner is left at the end.
  static func prefix(_ shown: String, width: Int) -> String {
    var used = 0
    var end = shown.startIndex
    for unit in TerminalGraphemes.units(shown) {
      let w = TerminalGraphemes.width(of: unit)
      if used + w > width { break }
      used += w
      end = unit.endIndex
    }
    return String(shown[..<end])
  }

  private static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return v != 0x00AD
    default: break
    }
    // Hangul medial vowels and final consonants combine with the leading jamo.
    if (0x1160...0x11FF).contains(v) || (0xD7B0...0xD7FF).contains(v) { return true }
    // Variation selectors (also Mn, listed for clarity) and ZWJ/ZWNJ.
    if (0xFE00...0xFE0F).contains(v) || (0xE0100...0xE01EF).contains(v) { return true }
    return v == 0x200B || v == 0x200C || v == 0x200D
  }

  /// East Asian Wide and Fullwidth ranges (Unicode EastAsianWidth W/F).
  private static func isWide(_ v: UInt32) -> Bool {
    switch v {
    case 0x1100...0x115F,  // Hangul Jamo initial consonants
      0x231A...0x231B, 0x2329...0x232A,
      0x2E80...0x303E,  // CJK radicals, Kangxi, CJK symbols and punctuation
      0x3041...0x33FF,  // Hiragana, Katakana, Bopomofo, Hangul compatibility, CJK compat
      0x3400...0x4DBF,  // CJK extension A
      0x4E00...0x9FFF,  // CJK unified ideographs
      0xA000...0xA4CF,  // Yi
      0xA960...0xA97F,  // Hangul Jamo extended A
      0xAC00...0xD7A3,  // Hangul syllables
      0xF900...0xFAFF,  // CJK compatibility ideographs
      0xFE10...0xFE19, 0xFE30...0xFE6F,  // vertical forms, CJK compatibility forms
      0xFF00...0xFF60, 0xFFE0...0xFFE6,  // fullwidth forms
      0x16FE0...0x16FE4, 0x17000...0x18CFF,  // Tangut
      0x1B000...0x1B2FF,  // Kana supplement and extensions
      0x1F200...0x1F2FF,  // enclosed ideographic supplement
      0x20000...0x2FFFD, 0x30000...0x3FFFD:  // CJK extensions B onwards
      return true
    default:
      return false
    }
  }
}

/// Horizontal placement of text inside a wider area.
public enum Alignment: Sendable, Hashable {
  case left, right, center
}
