/// Decodes raw terminal input bytes into keys and pastes.
///
/// The decoder is pure and incremental: feed it bytes as they arrive; an
/// incomplete escape sequence or UTF-8 character is held until more bytes come
/// or `flush()` is called (after the Esc timeout, a held lone ESC is the Esc
/// key). The ncurses backend lets ncurses decode keys; this decoder serves
/// raw-byte input and documents the sequences the product relies on.
///
/// Text between the bracketed-paste markers (`ESC [200~` ... `ESC [201~`) is
/// one `.paste`, however many reads it arrives in: its newlines and escape
/// sequences are text, never keys, so a pasted line cannot run commands.
public struct KeyDecoder: Sendable {
  private var pending: [UInt8] = []
  /// Inside a bracketed paste: the bytes so far, decoded once it ends so a
  /// UTF-8 character split between reads stays whole.
  private var paste: [UInt8]?

  public static let pasteStart: [UInt8] = Array("\u{1B}[200~".utf8)
  public static let pasteEnd: [UInt8] = Array("\u{1B}[201~".utf8)

  public init() {}

  /// The keys in typed text (a test's keystrokes). A bracketed paste in it
  /// is left out: `decodeEvents` keeps it.
  public static func decode(_ bytes: [UInt8]) -> [Key] {
    decodeEvents(bytes).compactMap { if case .key(let key) = $0 { key } else { nil } }
  }

  public static func decode(_ text: String) -> [Key] { decode(Array(text.utf8)) }

  /// Decodes a complete buffer, treating anything left over as final.
  public static func decodeEvents(_ bytes: [UInt8]) -> [InputEvent] {
    var decoder = KeyDecoder()
    return decoder.feed(bytes) + decoder.flush()
  }

  public static func decodeEvents(_ text: String) -> [InputEvent] { decodeEvents(Array(text.utf8)) }

  /// Whether bytes are held waiting for the rest of a sequence or a paste.
  public var hasPending: Bool { !pending.isEmpty || paste != nil }

  /// Adds `bytes` and returns every key and paste that is now complete.
  public mutating func feed(_ bytes: some Sequence<UInt8>) -> [InputEvent] {
    pending.append(contentsOf: bytes)
    return drain(final: false)
  }

  /// Gives up waiting: a held ESC becomes `.escape`, a broken sequence is
  /// decoded as ESC followed by its characters, and a paste whose end marker
  /// never came is delivered as it stands (as text, never as keys).
  public mutating func flush() -> [InputEvent] { drain(final: true) }

  private mutating func drain(final: Bool) -> [InputEvent] {
    var events: [InputEvent] = []
    var i = 0
    var text: [UInt8] = []  // printable bytes collected so graphemes stay whole

    func flushText() {
      guard !text.isEmpty else { return }
      for character in String(decoding: text, as: UTF8.self) { events.append(.key(.character(character))) }
      text.removeAll()
    }

    while i < pending.count {
      if paste != nil {
        guard let end = collectPaste(from: i, final: final, into: &events) else { return events }
        i = end
        continue
      }
      let byte = pending[i]
      if byte == 0x1B {
        if pending[i...].starts(with: Self.pasteStart) {
          flushText()
          paste = []
          i += Self.pasteStart.count
          continue
        }
        switch Self.escapeSequence(pending, from: i) {
        case .complete(let key, let length):
          flushText()
          if let key { events.append(.key(key)) }
          i += length
          continue
        case .incomplete where !final:
          flushText()
          pending.removeFirst(i)
          return events
        case .incomplete, .notASequence:
          flushText()
          events.append(.key(.escape))
          i += 1
          continue
        }
      }
      if byte < 0x20 || byte == 0x7F {
        flushText()
        events.append(.key(Self.controlKey(byte)))
        i += 1
        continue
      }
      let length = Self.utf8Length(byte)
      if i + length > pending.count, !final {
        flushText()
        pending.removeFirst(i)
        return events
      }
      text.append(contentsOf: pending[i..<min(i + length, pending.count)])
      i += length
    }
    flushText()
    if final, let bytes = paste {
      events.append(.paste(String(decoding: bytes, as: UTF8.self)))
      paste = nil
    }
    pending.removeAll()
    return events
  }

  /// Takes paste bytes from `start`. Returns where input resumes after the end
  /// marker, or nil when the paste goes on in a later read (the bytes that
  /// could be the start of a split end marker are held back in `pending`).
  private mutating func collectPaste(from start: Int, final: Bool, into events: inout [InputEvent]) -> Int? {
    let rest = pending[start...]
    if let end = rest.firstRange(of: Self.pasteEnd) {
      let bytes = (paste ?? []) + pending[start..<end.lowerBound]
      events.append(.paste(String(decoding: bytes, as: UTF8.self)))
      paste = nil
      return end.upperBound
    }
    let held = final ? 0 : Self.heldForEndMarker(rest)
    paste?.append(contentsOf: rest.dropLast(held))
    pending = Array(rest.suffix(held))
    if final, let bytes = paste {
      events.append(.paste(String(decoding: bytes, as: UTF8.self)))
      paste = nil
    }
    return nil
  }

  /// How many bytes at the end of `bytes` could begin the paste end marker.
  private static func heldForEndMarker(_ bytes: ArraySlice<UInt8>) -> Int {
    let longest = (1..<pasteEnd.count).reversed().first { n in
      bytes.count >= n && bytes.suffix(n).elementsEqual(pasteEnd.prefix(n))
    }
    return longest ?? 0
  }

  /// Key for a C0 control byte or DEL.
  public static func controlKey(_ byte: UInt8) -> Key {
    switch byte {
    case 0x0D, 0x0A: return .enter
    case 0x09: return .tab
    case 0x7F, 0x08: return .backspace
    case 0x1B: return .escape
    case 0x00: return .ctrl("@")
    case 0x01...0x1A: return .ctrl(Character(Unicode.Scalar(byte + 0x60)))
    default: return .ctrl(Character(Unicode.Scalar(byte + 0x40)))  // 0x1C...0x1F: \ ] ^ _
    }
  }

  private static func utf8Length(_ lead: UInt8) -> Int {
    switch lead {
    case 0xC0...0xDF: return 2
    case 0xE0...0xEF: return 3
    case 0xF0...0xF7: return 4
    default: return 1  // ASCII, or an invalid byte decoded as U+FFFD
    }
  }

  private enum Match {
    /// A whole sequence of `length` bytes; `nil` key for ones we ignore.
    case complete(Key?, length: Int)
    case incomplete
    case notASequence
  }

  /// Recognises CSI (`ESC [`), SS3 (`ESC O`) and Linux console (`ESC [ [`) key
  /// sequences starting at `start`, which holds an ESC.
  private static func escapeSequence(_ bytes: [UInt8], from start: Int) -> Match {
    let next = start + 1
    guard next < bytes.count else { return .incomplete }
    switch bytes[next] {
    case UInt8(ascii: "["):
      if next + 1 < bytes.count, bytes[next + 1] == UInt8(ascii: "[") {
        // Linux console F1-F5: ESC [ [ A...E
        guard next + 2 < bytes.count else { return .incomplete }
        let final = bytes[next + 2]
        let key: Key? = (0x41...0x45).contains(final) ? .function(Int(final) - 0x40) : nil
        return .complete(key, length: 4)
      }
      var j = next + 1
      while j < bytes.count, (0x20...0x3F).contains(bytes[j]) { j += 1 }
      guard j < bytes.count else { return .incomplete }
      guard (0x40...0x7E).contains(bytes[j]) else { return .notASequence }
      let params = String(decoding: bytes[(next + 1)..<j], as: UTF8.self)
      return .complete(csiKey(params: params, final: bytes[j]), length: j - start + 1)
    case UInt8(ascii: "O"):
      guard next + 1 < bytes.count else { return .incomplete }
      return .complete(ss3Key(bytes[next + 1]), length: 3)
    default:
      return .notASequence
    }
  }

  private static func csiKey(params: String, final: UInt8) -> Key? {
    // Modifier parameters ("1;5A" is Ctrl-Up) are ignored: the key is the same.
    let first = Int(params.split(separator: ";").first ?? "") ?? 0
    switch final {
    case UInt8(ascii: "A"): return .up
    case UInt8(ascii: "B"): return .down
    case UInt8(ascii: "C"): return .right
    case UInt8(ascii: "D"): return .left
    case UInt8(ascii: "H"): return .home
    case UInt8(ascii: "F"): return .end
    case UInt8(ascii: "Z"): return .backTab
    case UInt8(ascii: "P")...UInt8(ascii: "S"): return .function(Int(final) - 0x4F)
    case UInt8(ascii: "~"):
      switch first {
      case 1, 7: return .home
      case 3: return .delete
      case 4, 8: return .end
      case 5: return .pageUp
      case 6: return .pageDown
      case 11...15: return .function(first - 10)
      case 17...21: return .function(first - 11)
      case 23, 24: return .function(first - 12)
      default: return nil  // Insert (2) and unknown keys
      }
    default: return nil
    }
  }

  private static func ss3Key(_ final: UInt8) -> Key? {
    switch final {
    case UInt8(ascii: "A"): return .up
    case UInt8(ascii: "B"): return .down
    case UInt8(ascii: "C"): return .right
    case UInt8(ascii: "D"): return .left
    case UInt8(ascii: "H"): return .home
    case UInt8(ascii: "F"): return .end
    case UInt8(ascii: "M"): return .enter  // keypad Enter in application mode
    case UInt8(ascii: "P")...UInt8(ascii: "S"): return .function(Int(final) - 0x4F)
    default: return nil
    }
  }
}
