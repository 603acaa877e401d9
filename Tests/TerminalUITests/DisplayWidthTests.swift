import Testing

@testable import TerminalUI

@Suite struct DisplayWidthTests {
  @Test func asciiAndAccents() {
    #expect(DisplayWidth.of("Hello") == 5)
    #expect(DisplayWidth.of("Zo\u{00EB}") == 3)  // precomposed ë
    #expect(DisplayWidth.of("Zoe\u{0308}") == 3)  // e + combining diaeresis
  }

  @Test func cjkHangulAndKanaAreWide() {
    #expect(DisplayWidth.of("王小明") == 6)
    #expect(DisplayWidth.of("한국어") == 6)
    #expect(DisplayWidth.of("\u{1112}\u{1161}\u{11AB}") == 2)  // decomposed 한
    #expect(DisplayWidth.of("カタカナ") == 8)
    #expect(DisplayWidth.of("ＡＢ") == 4)  // fullwidth forms
    #expect(DisplayWidth.of("a王b") == 4)
  }

  /// As tmux 3.3a draws them (see width-corpus.json): code point by code
  /// point, with what follows a joiner glued into the joiner's cell.
  @Test func emojiAreMeasuredAsTheTerminalDrawsThem() {
    #expect(DisplayWidth.of("👩‍👧") == 2)  // ZWJ sequence: one glyph
    #expect(DisplayWidth.of("👍🏽") == 4)  // skin tone modifier: a second emoji
    #expect(DisplayWidth.of("🇫🇷") == 2)  // flag: two one-cell letters
    #expect(DisplayWidth.of("🇫🇷🇩🇪") == 4)
    #expect(DisplayWidth.of("😀") == 2)
    #expect(DisplayWidth.of("❤️") == 1)  // text symbol + VS16 stays one cell
    #expect(DisplayWidth.of("#️⃣") == 1)  // keycap
    #expect(DisplayWidth.of("शर्मा") == 4)  // the vowel sign takes a cell
  }

  /// The members table moved 8 columns per LRM: the escape drawn
  /// for it is 8 cells and must be counted where columns are laid out.
  @Test func visibleEscapesAreCounted() {
    #expect(DisplayWidth.of("Sara\u{200E}Ahmed") == 17)
    #expect(DisplayWidth.of("Tom\u{200B}Lee\u{FEFF}") == 22)
    #expect(DisplayWidth.of("Ann\u{0}Marie") == 12)
    #expect(DisplayWidth.fit("Sara\u{200E}Ahmed", toWidth: 12) == "Sara\\u{200e…")
    #expect(DisplayWidth.of(DisplayWidth.fit("Sara\u{200E}Ahmed", toWidth: 20)) == 20)
    #expect(DisplayWidth.pad("\u{0}", toWidth: 5) == "\\x00 ")
  }

  @Test func zeroWidthScalars() {
    #expect(DisplayWidth.of("\u{0301}" as Unicode.Scalar) == 0)
    #expect(DisplayWidth.of("\u{200D}" as Unicode.Scalar) == 0)
    #expect(DisplayWidth.of("\u{FE0F}" as Unicode.Scalar) == 0)
    #expect(DisplayWidth.of("a\u{200D}" as Character) == 1)
    #expect(DisplayWidth.of("a\u{200D}") == 9)  // a lone joiner is shown as an escape
  }

  @Test func truncateNeverSplitsWideCharacters() {
    #expect(DisplayWidth.truncate("王小明", toWidth: 6) == "王小明")
    #expect(DisplayWidth.truncate("王小明", toWidth: 5) == "王小…")
    #expect(DisplayWidth.truncate("王小明", toWidth: 4) == "王…")
    #expect(DisplayWidth.truncate("王小明", toWidth: 1) == "…")
    #expect(DisplayWidth.truncate("Hello world", toWidth: 8) == "Hello w…")
    #expect(DisplayWidth.truncate("Hello", toWidth: 3, ellipsis: "") == "Hel")
    #expect(DisplayWidth.truncate("Hello", toWidth: 0) == "")
    #expect(DisplayWidth.truncate("Zoe\u{0308}y", toWidth: 3) == "Zo…")
    for width in 0...8 {
      #expect(DisplayWidth.of(DisplayWidth.truncate("a王b👩‍👧c", toWidth: width)) <= width)
    }
  }

  @Test func padFillsExactlyAndReplacesStraddlingWideCharacter() {
    #expect(DisplayWidth.pad("ab", toWidth: 4) == "ab  ")
    #expect(DisplayWidth.pad("ab", toWidth: 4, alignment: .right) == "  ab")
    #expect(DisplayWidth.pad("ab", toWidth: 5, alignment: .center) == " ab  ")
    #expect(DisplayWidth.pad("王小明", toWidth: 5) == "王小 ")
    #expect(DisplayWidth.pad("a王", toWidth: 2) == "a ")
    #expect(DisplayWidth.pad("👩‍👧x", toWidth: 1) == " ")
    for width in 0...8 {
      #expect(DisplayWidth.of(DisplayWidth.pad("a王b👩‍👧c", toWidth: width)) == width)
    }
    #expect(DisplayWidth.fit("王小明", toWidth: 5) == "王小…")
    #expect(DisplayWidth.fit("王小明", toWidth: 4) == "王… ")
  }
}
