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
  ///
  /// Also escaped, so that nothing stored is dropped or glued by the
  /// terminal: a zero-width code point with no character to sit on, a
  /// joiner with nothing after it to join (tmux would glue the next thing
  /// written anywhere on screen into its cell), and marks beyond what one
  /// terminal cell can hold.
  public static func visible(_ text: String) -> String {
    // Fast path: most names and notes are plain ASCII.
    if DisplayWidth.printableASCIICount(text.utf8) != nil { return text }
    var out = String.UnicodeScalarView()
    var changed = false
    var room = 0  // code points the current cell can still take
    var afterJoiner = false  // the last code point written raw is a joiner
    let scalars = Array(text.unicodeScalars)
    for (i, scalar) in scalars.enumerated() {
      if let escaped = escape(scalar) {
        out.append(contentsOf: escaped.unicodeScalars)
        changed = true
        room = 0
        afterJoiner = false
        continue
      }
      let joinsCell = DisplayWidth.of(scalar) == 0 || (afterJoiner && scalar.value >= 0x80)
      afterJoiner = false
      if !joinsCell {
        room = TerminalGraphemes.codePointsPerCell - 1
      } else if fits(scalar, at: i, in: scalars, room: room) {
        room -= 1
      } else {
        out.append(contentsOf: codePointEscape(scalar.value).unicodeScalars)
        changed = true
        room = 0
        continue
      }
      afterJoiner = scalar.value == 0x200D
      out.append(scalar)
    }
    return changed ? String(out) : text
  }

  /// Whether a code point that joins the current cell can stay raw: there is
  /// room, and a joiner has something after it for the terminal to join.
  private static func fits(_ scalar: Unicode.Scalar, at i: Int, in scalars: [Unicode.Scalar], room: Int)
    -> Bool
  {
    guard scalar.value == 0x200D else { return room >= 1 }
    guard i + 1 < scalars.count, room >= 2 else { return false }
    let next = scalars[i + 1]
    return next.value >= 0x80 && !needsEscape(next)
  }

  /// Whether `visible(_:)` escapes `scalar` wherever it stands (a control or
  /// disturbing format character); marks and joiners are escaped only where
  /// nothing is there for them to join.
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
    case let v: return codePointEscape(v)
    }
  }

  private static func codePointEscape(_ v: UInt32) -> String { "\\u{" + String(v, radix: 16) + "}" }

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
