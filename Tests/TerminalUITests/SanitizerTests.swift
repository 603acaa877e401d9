import Testing

@testable import TerminalUI

@Suite struct SanitizerTests {
  @Test func escapeSequencesBecomeVisible() {
    #expect(Sanitizer.visible("\u{1B}[2J") == "\\e[2J")
    #expect(Sanitizer.visible("a\u{1B}]0;title\u{07}b") == "a\\e]0;title\\x07b")
  }

  @Test func whitespaceControls() {
    #expect(Sanitizer.visible("line1\nline2") == "line1\\nline2")
    #expect(Sanitizer.visible("a\tb\rc") == "a\\tb\\rc")
    #expect(Sanitizer.visible("\r\n") == "\\r\\n")
  }

  @Test func otherC0AndDelete() {
    #expect(Sanitizer.visible("\u{00}") == "\\x00")
    #expect(Sanitizer.visible("\u{08}") == "\\x08")
    #expect(Sanitizer.visible("\u{1F}") == "\\x1f")
    #expect(Sanitizer.visible("\u{7F}") == "\\x7f")
  }

  @Test func c1Controls() {
    #expect(Sanitizer.visible("\u{9B}2J") == "\\u{9b}2J")  // single-byte CSI
    #expect(Sanitizer.visible("\u{85}") == "\\u{85}")
    #expect(Sanitizer.visible("\u{80}\u{9F}") == "\\u{80}\\u{9f}")
  }

  @Test func bidiAndFormatCharacters() {
    #expect(Sanitizer.visible("abc\u{202E}def") == "abc\\u{202e}def")
    #expect(Sanitizer.visible("\u{2066}x\u{2069}") == "\\u{2066}x\\u{2069}")
    #expect(Sanitizer.visible("\u{202A}\u{202B}\u{202C}\u{202D}") == "\\u{202a}\\u{202b}\\u{202c}\\u{202d}")
    #expect(Sanitizer.visible("\u{200F}\u{FEFF}\u{2028}") == "\\u{200f}\\u{feff}\\u{2028}")
  }

  @Test("every invisible character that hides or reorders text is escaped")
  func invisibleCharacters() {
    let escaped: [UInt32] =
      [0x061C, 0x200B, 0x200E, 0x200F, 0x2028, 0x2029, 0xFEFF]
      + Array(0x202A...0x202E) + Array(0x2060...0x2064) + Array(0x2066...0x2069)
    for v in escaped {
      let scalar = Unicode.Scalar(v)!
      #expect(Sanitizer.needsEscape(scalar), "U+\(String(v, radix: 16))")
      #expect(
        Sanitizer.visible("a\(Character(scalar))b") == "a\\u{\(String(v, radix: 16))}b",
        "U+\(String(v, radix: 16))")
    }
    #expect(Sanitizer.visible("Ali\u{200B}ce") == "Ali\\u{200b}ce")
    #expect(Sanitizer.visible("\u{FEFF}Smith") == "\\u{feff}Smith")
    #expect(Sanitizer.visible("x\u{2060}\u{2064}y") == "x\\u{2060}\\u{2064}y")
  }

  @Test("every C0 and C1 control and DEL is escaped, printable ASCII is not")
  func everyControl() {
    for v in UInt32(0)...0x9F {
      let scalar = Unicode.Scalar(v)!
      let control = v < 0x20 || (0x7F...0x9F).contains(v)
      #expect(Sanitizer.needsEscape(scalar) == control, "U+\(String(v, radix: 16))")
      if control { #expect(!Sanitizer.visible(String(Character(scalar))).unicodeScalars.contains(scalar)) }
    }
  }

  @Test("joiners that build emoji and Indic and Persian words are kept")
  func joinersAreKept() {
    // ZWNJ and ZWJ cannot move the cursor or reorder text; escaping them would break ordinary names.
    #expect(Sanitizer.visible("\u{0915}\u{094D}\u{200D}\u{0937}") == "\u{0915}\u{094D}\u{200D}\u{0937}")
    #expect(
      Sanitizer.visible("\u{0645}\u{06CC}\u{200C}\u{062E}\u{0648}")
        == "\u{0645}\u{06CC}\u{200C}\u{062E}\u{0648}")
  }

  @Test func ordinaryTextIsUntouched() {
    for text in ["Zoë", "Zoe\u{0308}", "王小明", "👩‍👧", "🇫🇷", "O'Brien \\ path", "❤️"] {
      #expect(Sanitizer.visible(text) == text)
    }
  }

  @Test func gridSanitizesEverythingItIsGiven() {
    var grid = CellGrid(rows: 1, cols: 20)
    grid.put(text: "\u{1B}[2J\u{202E}x", row: 0, col: 0)
    #expect(grid.lines()[0].hasPrefix("\\e[2J\\u{202e}x"))
    // Cells built directly cannot carry control characters either.
    #expect(Cell("\u{1B}").character == "\u{FFFD}")
    #expect(Cell("\u{9B}").character == "\u{FFFD}")
  }

  /// A joiner with nothing after it to join makes tmux glue the next thing
  /// written, anywhere, into its cell: it is shown as an escape instead.
  @Test func loneJoinersMarksWithNoBaseAndOverfullCellsAreEscaped() {
    #expect(Sanitizer.visible("Smith👨\u{200D}") == "Smith👨\\u{200d}")
    #expect(Sanitizer.visible("a\u{200D}b") == "a\\u{200d}b")
    #expect(Sanitizer.visible("\u{301}x") == "\\u{301}x")
    #expect(Sanitizer.visible("\u{0}\u{301}") == "\\x00\\u{301}")
    // ncurses holds five code points per cell: the family's last joiner
    // would be lost, so it is shown and the last child drawn on its own.
    #expect(Sanitizer.visible("👨\u{200D}👩\u{200D}👧\u{200D}👦") == "👨\u{200D}👩\u{200D}👧\\u{200d}👦")
    #expect(
      Sanitizer.visible("a\u{301}\u{302}\u{303}\u{304}\u{305}") == "a\u{301}\u{302}\u{303}\u{304}\\u{305}")
    // Joiners inside Indic and emoji sequences stay.
    #expect(
      Sanitizer.visible("\u{DC1}\u{DCA}\u{200D}\u{DBB}\u{DD3}") == "\u{DC1}\u{DCA}\u{200D}\u{DBB}\u{DD3}")
    #expect(Sanitizer.visible("👩🏾\u{200D}⚕️") == "👩🏾\u{200D}⚕️")
    for text in ["Smith👨\u{200D}", "\u{301}x", "👨\u{200D}👩\u{200D}👧\u{200D}👦"] {
      #expect(Sanitizer.visible(Sanitizer.visible(text)) == Sanitizer.visible(text))
    }
  }

  @Test func nulAndControlsAreVisibleNotCut() {
    #expect(Sanitizer.visible("Ann\u{0}Marie") == "Ann\\x00Marie")
    var grid = CellGrid(rows: 1, cols: 20)
    grid.put(text: "Ann\u{0}Marie", row: 0, col: 0)
    #expect(grid.text() == "Ann\\x00Marie")
  }
}
