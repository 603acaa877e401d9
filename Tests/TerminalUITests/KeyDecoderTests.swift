import Testing

@testable import TerminalUI

@Suite struct KeyDecoderTests {
  @Test(arguments: [
    ("\u{1B}[A", Key.up), ("\u{1B}[B", .down), ("\u{1B}[C", .right), ("\u{1B}[D", .left),
    ("\u{1B}OA", .up), ("\u{1B}OB", .down), ("\u{1B}OC", .right), ("\u{1B}OD", .left),
    ("\u{1B}[H", .home), ("\u{1B}[F", .end), ("\u{1B}OH", .home), ("\u{1B}OF", .end),
    ("\u{1B}[1~", .home), ("\u{1B}[4~", .end), ("\u{1B}[7~", .home), ("\u{1B}[8~", .end),
    ("\u{1B}[5~", .pageUp), ("\u{1B}[6~", .pageDown), ("\u{1B}[3~", .delete),
    ("\u{1B}[Z", .backTab), ("\u{1B}[1;5A", .up), ("\u{1B}OM", .enter),
    ("\u{1B}OP", .function(1)), ("\u{1B}OS", .function(4)), ("\u{1B}[15~", .function(5)),
    ("\u{1B}[24~", .function(12)), ("\u{1B}[[A", .function(1)),
  ])
  func escapeSequences(sequence: String, key: Key) {
    #expect(KeyDecoder.decode(sequence) == [key])
  }

  @Test(arguments: [
    ([UInt8(0x0D)], Key.enter), ([0x0A], .enter), ([0x09], .tab), ([0x7F], .backspace),
    ([0x08], .backspace), ([0x1B], .escape), ([0x01], .ctrl("a")), ([0x03], .ctrl("c")),
    ([0x1A], .ctrl("z")), ([0x00], .ctrl("@")), ([0x1D], .ctrl("]")),
  ])
  func singleBytes(bytes: [UInt8], key: Key) {
    #expect(KeyDecoder.decode(bytes) == [key])
  }

  @Test func utf8Text() {
    #expect(
      KeyDecoder.decode("aZ é") == [.character("a"), .character("Z"), .character(" "), .character("é")])
    #expect(KeyDecoder.decode("王") == [.character("王")])
    #expect(KeyDecoder.decode("👩‍👧") == [.character("👩‍👧")])
    #expect(KeyDecoder.decode("e\u{0301}") == [.character("e\u{0301}")])
  }

  @Test func mixedStream() {
    let keys = KeyDecoder.decode("j\u{1B}[6~\rq\u{1B}")
    #expect(keys == [.character("j"), .pageDown, .enter, .character("q"), .escape])
  }

  @Test func escapeThenLetterIsTwoKeys() {
    #expect(KeyDecoder.decode("\u{1B}x") == [.escape, .character("x")])
    #expect(KeyDecoder.decode("\u{1B}\u{1B}[A") == [.escape, .up])
  }

  @Test func incompleteInputWaitsForMoreBytes() {
    var decoder = KeyDecoder()
    #expect(decoder.feed([0x1B]).isEmpty)
    #expect(decoder.hasPending)
    #expect(decoder.feed(Array("[".utf8)).isEmpty)
    #expect(decoder.feed(Array("5~".utf8)) == [.pageUp])
    let bytes = Array("王".utf8)
    #expect(decoder.feed(bytes[0..<2]).isEmpty)
    #expect(decoder.feed(bytes[2...]) == [.character("王")])
    #expect(decoder.feed([0x1B]).isEmpty)
    #expect(decoder.flush() == [.escape])
    #expect(!decoder.hasPending)
  }

  @Test func unknownSequencesAreDropped() {
    #expect(KeyDecoder.decode("\u{1B}[2~") == [])  // Insert
    #expect(KeyDecoder.decode("\u{1B}[99x") == [])
  }
}
