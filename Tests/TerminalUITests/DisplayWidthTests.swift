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

  @Test func emojiAreOneWideGrapheme() {
    #expect(DisplayWidth.of("👩‍👧") == 2)  // ZWJ family
    #expect(DisplayWidth.of("👍🏽") == 2)  // skin tone modifier
    #expect(DisplayWidth.of("🇫🇷") == 2)  // flag
    #expect(DisplayWidth.of("🇫🇷🇩🇪") == 4)
    #expect(DisplayWidth.of("😀") == 2)
    #expect(DisplayWidth.of("❤️") == 2)  // text symbol + VS16
    #expect(DisplayWidth.of("#️⃣") == 2)  // keycap
  }

  @Test func zeroWidthScalars() {
    #expect(DisplayWidth.of("\u{0301}" as Unicode.Scalar) == 0)
    #expect(DisplayWidth.of("\u{200D}" as Unicode.Scalar) == 0)
    #expect(DisplayWidth.of("\u{FE0F}" as Unicode.Scalar) == 0)
    #expect(DisplayWidth.of("a\u{200D}" as Character) == 1)
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
