/// Turns untrusted text into text that is safe to put on a terminal.
///
/// Anything read from the store or a shared folder may contain escape
/// sequences that clear the screen, move the cursor, retitle the window or
/// reorder text with bidi overrides. Every such character is replaced by a
/// visible escape (`\e`, `\n`, `\x07`, `\u{9b}`), so the user sees what the
/// data holds and the terminal never interprets it. `CellGrid` applies this to
/// all text it is given; there is deliberately no way to skip it.
///
/// This is the one escaping function for untrusted text: the interactive
/// client (through `CellGrid`) and the command line (tables, records and its
/// `error:` line) both call `visible(_:)`, so the two can never disagree
/// about which characters are shown as escapes.
public enum Sanitizer {
  /// `text` with every control or terminal-disturbing format character escaped.
  public static func visible(_ text: String) -> String {
    // Fast path: most names and notes are plain, so avoid rebuilding them.
    if !text.unicodeScalars.contains(where: needsEscape) { return text }
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      if let escaped = escape(scalar) {
        out.append(contentsOf: escaped.unicodeScalars)
      } else {
        out.append(scalar)
      }
    }
    return String(out)
  }

  /// Whether `scalar` would be escaped by `visible(_:)`.
  public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    if v < 0x20 || v == 0x7F { return true }  // C0 controls and DEL
    if v < 0x80 { return false }
    if v <= 0x9F { return true }  // C1 controls, including CSI (0x9B) and NEL (0x85)
    return isDisturbingFormat(v)
  }

  /// The visible replacement for `scalar`, or nil when it is safe as is.
  public static func escape(_ scalar: Unicode.Scalar) -> String? {
    guard needsEscape(scalar) else { return nil }
    switch scalar.value {
    case 0x1B: return "\\e"
    case 0x0A: return "\\n"
    case 0x09: return "\\t"
    case 0x0D: return "\\r"
    case let v where v < 0x20 || v == 0x7F: return "\\x" + hex(v, digits: 2)
    case let v: return "\\u{" + String(v, radix: 16) + "}"
    }
  }

  /// Invisible characters that change how a terminal lays out or orders text.
  /// ZWJ, ZWNJ, variation selectors and emoji tag characters are kept: they are
  /// part of ordinary emoji and Indic text and cannot move the cursor.
  private static func isDisturbingFormat(_ v: UInt32) -> Bool {
    switch v {
    case 0x061C,  // Arabic letter mark
      0x200B,  // zero width space (hides content in names)
      0x200E, 0x200F,  // LRM, RLM
      0x2028, 0x2029,  // line and paragraph separators
      0x202A...0x202E,  // bidi embeddings and overrides
      0x2060...0x2064,  // word joiner, invisible operators
      0x2066...0x206F,  // bidi isolates and deprecated format controls
      0xFEFF,  // byte order mark / zero width no-break space
      0xFFF9...0xFFFB:  // interlinear annotation controls
      return true
    default:
      return false
    }
  }

  private static func hex(_ value: UInt32, digits: Int) -> String {
    let s = String(value, radix: 16)
    return String(repeating: "0", count: max(0, digits - s.count)) + s
  }
}
