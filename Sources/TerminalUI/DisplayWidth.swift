/// Display width of text in terminal cells.
///
/// Names in the store can be accented Latin, CJK or emoji, and a column layout
/// only lines up if every grapheme is measured the way the terminal draws it.
/// Measurement is per grapheme cluster (Swift `Character`), so a decomposed
/// "e" + U+0308, a family emoji joined with ZWJ and a flag pair each count once.
public enum DisplayWidth {
  /// Width of one grapheme: 0, 1 or 2 cells.
  public static func of(_ character: Character) -> Int {
    let scalars = character.unicodeScalars
    guard let first = scalars.first else { return 0 }
    if scalars.count > 1 {
      // An explicit emoji presentation selector, a ZWJ emoji sequence or a
      // regional-indicator flag pair is drawn as a single double-width glyph.
      if scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
      if first.properties.isEmojiPresentation { return 2 }
      if first.properties.isEmoji && scalars.contains(where: { $0.value == 0x200D }) { return 2 }
    }
    let base = of(first)
    if base == 0 {
      // A cluster made only of marks (e.g. a combining mark with nothing to sit
      // on) takes no cell of its own.
      return scalars.dropFirst().map(of).max() ?? 0
    }
    return base
  }

  /// Width of a single scalar, ignoring the grapheme it belongs to.
  public static func of(_ scalar: Unicode.Scalar) -> Int {
    let v = scalar.value
    // Controls have no glyph; the sanitizer turns them into visible text first.
    if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
    if v < 0x300 { return 1 }  // fast path: Latin-1 and Latin Extended
    if isZeroWidth(scalar) { return 0 }
    if isWide(v) || scalar.properties.isEmojiPresentation { return 2 }
    return 1
  }

  /// Total width of a string in cells.
  public static func of(_ text: some StringProtocol) -> Int {
    var total = 0
    for character in text { total += of(character) }
    return total
  }

  /// Cuts `text` so it fits in `width` cells, ending with `ellipsis` when
  /// anything was removed. A wide character that would straddle the limit is
  /// dropped whole, so the result may be one cell narrower than `width`.
  public static func truncate(_ text: String, toWidth width: Int, ellipsis: String = "…") -> String {
    guard width > 0 else { return "" }
    if of(text) <= width { return text }
    let ellipsisWidth = of(ellipsis)
    guard ellipsisWidth <= width else { return prefix(ellipsis, width: width) }
    return prefix(text, width: width - ellipsisWidth) + ellipsis
  }

  /// Pads or cuts `text` to exactly `width` cells. Where a wide character would
  /// straddle the edge it is replaced by a space, never split.
  public static func pad(_ text: String, toWidth width: Int, alignment: Alignment = .left) -> String {
    guard width > 0 else { return "" }
    let fitted = prefix(text, width: width)
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

  /// The longest leading run of whole graphemes that fits in `width` cells.
  static func prefix(_ text: String, width: Int) -> String {
    var used = 0
    var end = text.startIndex
    for index in text.indices {
      let w = of(text[index])
      if used + w > width { break }
      used += w
      end = text.index(after: index)
    }
    return String(text[..<end])
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
