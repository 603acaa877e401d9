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
    #expect(decoder.feed(Array("5~".utf8)) == [.key(.pageUp)])
    let bytes = Array("王".utf8)
    #expect(decoder.feed(bytes[0..<2]).isEmpty)
    #expect(decoder.feed(bytes[2...]) == [.key(.character("王"))])
    #expect(decoder.feed([0x1B]).isEmpty)
    #expect(decoder.flush() == [.key(.escape)])
    #expect(!decoder.hasPending)
  }

  @Test func unknownSequencesAreDropped() {
    #expect(KeyDecoder.decode("\u{1B}[2~") == [])  // Insert
    #expect(KeyDecoder.decode("\u{1B}[99x") == [])
  }
}

@Suite struct BracketedPasteTests {
  @Test func aPasteIsOneEventWithItsLineBreaks() {
    let events = KeyDecoder.decodeEvents("a\u{1B}[200~Smith\rFlat 2, 10 Queen St\u{1B}[201~b")
    #expect(events == [.key(.character("a")), .paste("Smith\rFlat 2, 10 Queen St"), .key(.character("b"))])
  }

  @Test func escapeSequencesInsideAPasteAreText() {
    let events = KeyDecoder.decodeEvents("\u{1B}[200~x\u{1B}[Ay\u{1B}\u{03}\u{1B}[201~")
    #expect(events == [.paste("x\u{1B}[Ay\u{1B}\u{03}")])
  }

  @Test func aPasteSplitAcrossReadsIsJoined() {
    var decoder = KeyDecoder()
    let bytes = Array("\u{1B}[200~Nguyễn\nFlat 2\u{1B}[201~j".utf8)
    var events: [InputEvent] = []
    // Every split point, including inside both markers and inside "ễ".
    for cut in 1..<bytes.count {
      decoder = KeyDecoder()
      events = decoder.feed(bytes[..<cut]) + decoder.feed(bytes[cut...])
      #expect(events == [.paste("Nguyễn\nFlat 2"), .key(.character("j"))], "split at \(cut)")
    }
    decoder = KeyDecoder()
    events = bytes.flatMap { decoder.feed([$0]) }
    #expect(events == [.paste("Nguyễn\nFlat 2"), .key(.character("j"))])
    #expect(!decoder.hasPending)
  }

  @Test func aPasteWithoutItsEndIsWaitedForThenDeliveredAsText() {
    var decoder = KeyDecoder()
    #expect(decoder.feed(Array("\u{1B}[200~q\r".utf8)).isEmpty)
    #expect(decoder.hasPending)
    #expect(decoder.flush() == [.paste("q\r")])
    #expect(!decoder.hasPending)
  }

  @Test func keyDecodingLeavesPastesOut() {
    #expect(KeyDecoder.decode("a\u{1B}[200~q\u{1B}[201~") == [.character("a")])
  }
}
