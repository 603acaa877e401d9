import Foundation
import StartWellCore

/// Reads an opened snapshot chunk's JSON straight into rows of values.
///
/// A stress-scale snapshot is two million rows; decoding them through
/// `JSONDecoder` into `[[String?]]` was two fifths of a new terminal's whole
/// bootstrap, nearly all of it generic-container overhead. This reader knows
/// the one shape a chunk has (`SnapshotChunkPayload`) and walks the bytes
/// once. It is strict JSON (RFC 8259) for that shape: anything else, a
/// duplicate key, a missing key, invalid UTF-8 or an unreadable value, is a
/// refusal, never a guess. Keys it does not know are skipped, as
/// `JSONDecoder` skips them, so a later format may add some.
struct SnapshotChunkReader {
  struct Payload {
    var format: Int
    var store: String
    var snapshot: String
    var chunk: Int
    var table: String
    var columns: [String]
    var rows: [[FieldValue]]
  }

  struct Malformed: Error {}

  private let bytes: UnsafeBufferPointer<UInt8>
  private var at = 0

  private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  static func read(_ data: Data) throws(Malformed) -> Payload {
    let result: Result<Payload, Malformed> = data.withUnsafeBytes { raw in
      var reader = SnapshotChunkReader(raw.bindMemory(to: UInt8.self))
      do throws(Malformed) {
        let payload = try reader.payload()
        reader.skipSpace()
        guard reader.at == reader.bytes.count else { throw Malformed() }
        return .success(payload)
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  // MARK: - The payload object

  private mutating func payload() throws(Malformed) -> Payload {
    var format: Int?
    var store: String?
    var snapshot: String?
    var chunk: Int?
    var table: String?
    var columns: [String]?
    var rows: [[FieldValue]]?
    var seen = Set<String>()
    try expect(UInt8(ascii: "{"))
    if try !consume(UInt8(ascii: "}")) {
      repeat {
        let key = try string()
        guard seen.insert(key).inserted else { throw Malformed() }
        try expect(UInt8(ascii: ":"))
        switch key {
        case "format": format = try integer()
        case "store": store = try string()
        case "snapshot": snapshot = try string()
        case "chunk": chunk = try integer()
        case "table": table = try string()
        case "columns":
          columns = try array { (r: inout SnapshotChunkReader) throws(Malformed) in try r.string() }
        case "rows": rows = try array { (r: inout SnapshotChunkReader) throws(Malformed) in try r.row() }
        default: try skipValue()
        }
      } while try consume(UInt8(ascii: ","))
      try expect(UInt8(ascii: "}"))
    }
    guard let format, let store, let snapshot, let chunk, let table, let columns, let rows else {
      throw Malformed()
    }
    return Payload(
      format: format, store: store, snapshot: snapshot, chunk: chunk, table: table, columns: columns,
      rows: rows)
  }

  /// One row: values written by `SnapshotCodec.encode`, a string led by its type, or null.
  private mutating func row() throws(Malformed) -> [FieldValue] {
    try array { (r: inout SnapshotChunkReader) throws(Malformed) in
      r.skipSpace()
      if r.peek == UInt8(ascii: "n") {
        try r.literal("null")
        return .null
      }
      return try r.stringBytes { (bytes) throws(Malformed) in try Self.value(bytes) }
    }
  }

  /// What `SnapshotCodec.decode` makes of the string, read from its bytes:
  /// the tag is one ASCII byte, so the value is the bytes after it, and a
  /// text value is made once instead of twice.
  private static func value(_ bytes: UnsafeBufferPointer<UInt8>) throws(Malformed) -> FieldValue {
    guard let tag = bytes.first else { throw Malformed() }
    let rest = try utf8(UnsafeBufferPointer(rebasing: bytes[1...]))
    switch tag {
    case UInt8(ascii: "t"): return .text(rest)
    case UInt8(ascii: "i"): if let i = Int64(rest) { return .integer(i) }
    case UInt8(ascii: "r"): if let d = Double(rest) { return .real(d) }
    default: break
    }
    throw Malformed()
  }

  // MARK: - JSON

  private var peek: UInt8? { at < bytes.count ? bytes[at] : nil }

  private mutating func skipSpace() {
    while at < bytes.count {
      switch bytes[at] {
      case 0x20, 0x09, 0x0A, 0x0D: at += 1
      default: return
      }
    }
  }

  private mutating func consume(_ byte: UInt8) throws(Malformed) -> Bool {
    skipSpace()
    guard peek == byte else { return false }
    at += 1
    return true
  }

  private mutating func expect(_ byte: UInt8) throws(Malformed) {
    guard try consume(byte) else { throw Malformed() }
  }

  private mutating func literal(_ word: StaticString) throws(Malformed) {
    let count = word.utf8CodeUnitCount
    guard at + count <= bytes.count else { throw Malformed() }
    for i in 0..<count where bytes[at + i] != word.utf8Start[i] { throw Malformed() }
    at += count
  }

  private mutating func array<T>(_ element: (inout SnapshotChunkReader) throws(Malformed) -> T)
    throws(Malformed) -> [T]
  {
    try expect(UInt8(ascii: "["))
    var result: [T] = []
    if try consume(UInt8(ascii: "]")) { return result }
    repeat {
      result.append(try element(&self))
    } while try consume(UInt8(ascii: ","))
    try expect(UInt8(ascii: "]"))
    return result
  }

  /// A non-negative or negative integer without fraction or exponent, as the encoder writes counts.
  private mutating func integer() throws(Malformed) -> Int {
    skipSpace()
    let start = at
    if peek == UInt8(ascii: "-") { at += 1 }
    let digits = at
    while let b = peek, b >= 0x30, b <= 0x39 { at += 1 }
    // No leading zeros (JSON), and no fraction or exponent for a count.
    guard at > digits, at - digits == 1 || bytes[digits] != 0x30,
      peek != UInt8(ascii: "."), peek != UInt8(ascii: "e"), peek != UInt8(ascii: "E"),
      let text = String(bytes: UnsafeBufferPointer(rebasing: bytes[start..<at]), encoding: .utf8),
      let value = Int(text)
    else { throw Malformed() }
    return value
  }

  private mutating func string() throws(Malformed) -> String {
    try stringBytes { (bytes) throws(Malformed) in try Self.utf8(bytes) }
  }

  /// A JSON string's bytes with escapes undone, handed to `body` (not yet checked as UTF-8).
  private mutating func stringBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) throws(Malformed) -> T)
    throws(Malformed) -> T
  {
    try expect(UInt8(ascii: "\""))
    // The common case: no escapes, so the bytes are the string. The closing
    // quote is found with `memchr` and the bytes before it checked in one
    // branch-free pass: a chunk's envelope holds megabytes of base64 that a
    // byte-at-a-time loop walked slower than `JSONDecoder` did.
    if let end = closingQuote(), Self.isPlain(UnsafeBufferPointer(rebasing: bytes[at..<end])) {
      defer { at = end + 1 }
      return try body(UnsafeBufferPointer(rebasing: bytes[at..<end]))
    }
    var scalars: [UInt8] = []
    while at < bytes.count {
      let b = bytes[at]
      at += 1
      switch b {
      case UInt8(ascii: "\""):
        return try scalars.withUnsafeBufferPointer { (p) throws(Malformed) in try body(p) }
      case UInt8(ascii: "\\"):
        try escape(into: &scalars)
      case 0..<0x20:
        throw Malformed()
      default:
        scalars.append(b)
      }
    }
    throw Malformed()
  }

  /// The first `"` from here on, if any: perhaps escaped, which `isPlain` then notices.
  private func closingQuote() -> Int? {
    guard at < bytes.count, let base = bytes.baseAddress,
      let found = memchr(base + at, Int32(UInt8(ascii: "\"")), bytes.count - at)
    else { return nil }
    return base.distance(to: UnsafePointer(found.assumingMemoryBound(to: UInt8.self)))
  }

  /// Whether a string's bytes need nothing undone: no escape, and no control
  /// character (which JSON refuses, and the slow path then reports).
  private static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var special: UInt8 = 0
    for b in bytes { special |= (b < 0x20 ? 1 : 0) | (b == UInt8(ascii: "\\") ? 1 : 0) }
    return special == 0
  }

  /// The bytes as a string, or a refusal if they are not valid UTF-8 (where
  /// `String(decoding:as:)` alone would quietly repair them). ASCII, most of
  /// a chunk, needs no second look. A long string, such as an envelope's
  /// ciphertext, is checked by `String(validating:)`, whose vectorised scan
  /// beats the loop there but whose generic call costs more on the short
  /// values that make up a chunk.
  private static func utf8(_ bytes: UnsafeBufferPointer<UInt8>) throws(Malformed) -> String {
    if bytes.count > 4096 {
      guard let text = String(validating: bytes, as: UTF8.self) else { throw Malformed() }
      return text
    }
    if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
    let invalid = transcode(bytes.makeIterator(), from: UTF8.self, to: UTF8.self, stoppingOnError: true) {
      _ in
    }
    guard !invalid else { throw Malformed() }
    return String(decoding: bytes, as: UTF8.self)
  }

  private mutating func escape(into out: inout [UInt8]) throws(Malformed) {
    guard let b = peek else { throw Malformed() }
    at += 1
    switch b {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(b)
    case UInt8(ascii: "b"): out.append(0x08)
    case UInt8(ascii: "f"): out.append(0x0C)
    case UInt8(ascii: "n"): out.append(0x0A)
    case UInt8(ascii: "r"): out.append(0x0D)
    case UInt8(ascii: "t"): out.append(0x09)
    case UInt8(ascii: "u"):
      var code = try hex4()
      if (0xD800..<0xDC00).contains(code) {
        // A high surrogate must be followed by an escaped low one.
        try literal("\\u")
        let low = try hex4()
        guard (0xDC00..<0xE000).contains(low) else { throw Malformed() }
        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
      } else if (0xDC00..<0xE000).contains(code) {
        throw Malformed()
      }
      guard let scalar = Unicode.Scalar(code) else { throw Malformed() }
      out.append(contentsOf: Array(String(Character(scalar)).utf8))
    default: throw Malformed()
    }
  }

  private mutating func hex4() throws(Malformed) -> UInt32 {
    guard at + 4 <= bytes.count else { throw Malformed() }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let b = bytes[at]
      at += 1
      let digit: UInt8
      switch b {
      case 0x30...0x39: digit = b - 0x30
      case 0x41...0x46: digit = b - 0x41 + 10
      case 0x61...0x66: digit = b - 0x61 + 10
      default: throw Malformed()
      }
      value = value << 4 | UInt32(digit)
    }
    return value
  }

  /// Any JSON value, for keys a later format may add.
  private mutating func skipValue() throws(Malformed) {
    skipSpace()
    switch peek {
    case UInt8(ascii: "\""): _ = try string()
    case UInt8(ascii: "{"):
      at += 1
      if try consume(UInt8(ascii: "}")) { return }
      repeat {
        _ = try string()
        try expect(UInt8(ascii: ":"))
        try skipValue()
      } while try consume(UInt8(ascii: ","))
      try expect(UInt8(ascii: "}"))
    case UInt8(ascii: "["):
      _ = try array { (r: inout SnapshotChunkReader) throws(Malformed) in try r.skipValue() }
    case UInt8(ascii: "t"): try literal("true")
    case UInt8(ascii: "f"): try literal("false")
    case UInt8(ascii: "n"): try literal("null")
    default: try number()
    }
  }

  /// A JSON number of any form, checked and skipped.
  private mutating func number() throws(Malformed) {
    func digits(_ r: inout SnapshotChunkReader) -> Int {
      let start = r.at
      while let b = r.peek, b >= 0x30, b <= 0x39 { r.at += 1 }
      return r.at - start
    }
    if peek == UInt8(ascii: "-") { at += 1 }
    let first = at
    let whole = digits(&self)
    guard whole > 0, whole == 1 || bytes[first] != 0x30 else { throw Malformed() }
    if peek == UInt8(ascii: ".") {
      at += 1
      guard digits(&self) > 0 else { throw Malformed() }
    }
    if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
      at += 1
      if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { at += 1 }
      guard digits(&self) > 0 else { throw Malformed() }
    }
  }
}

// MARK: - The envelope around a snapshot file

extension SnapshotChunkReader {
  /// Reads the envelope `SnapshotCodec.seal` writes, with the same rules as
  /// the payload: strict JSON, every required key once, unknown keys skipped.
  ///
  /// `JSONDecoder` spent as long on a chunk's envelope, nearly all of it
  /// the one multi-megabyte ciphertext string, as the SHA-256 check and the
  /// decryption together. A refusal here is not the final word: the caller
  /// gives the bytes to `JSONDecoder`, so no file opens or fails differently.
  static func envelope(_ data: Data) throws(Malformed) -> SnapshotEnvelope {
    let result: Result<SnapshotEnvelope, Malformed> = data.withUnsafeBytes { raw in
      var reader = SnapshotChunkReader(raw.bindMemory(to: UInt8.self))
      do throws(Malformed) {
        let envelope = try reader.envelope()
        reader.skipSpace()
        guard reader.at == reader.bytes.count else { throw Malformed() }
        return .success(envelope)
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  private mutating func envelope() throws(Malformed) -> SnapshotEnvelope {
    var integers: [String: Int] = [:]
    var strings: [String: String] = [:]
    var seen = Set<String>()
    try expect(UInt8(ascii: "{"))
    if try !consume(UInt8(ascii: "}")) {
      repeat {
        let key = try string()
        guard seen.insert(key).inserted else { throw Malformed() }
        try expect(UInt8(ascii: ":"))
        switch key {
        case "format", "chunk": integers[key] = try integer()
        case "kind", "cipher", "store", "snapshot", "nonce", "ciphertext", "tag": strings[key] = try string()
        // Absent and null both mean none, as for `JSONDecoder`.
        case "keyGeneration": integers[key] = try nullOr { (r) throws(Malformed) in try r.integer() }
        case "signer", "signerKey", "signature":
          strings[key] = try nullOr { (r) throws(Malformed) in try r.string() }
        default: try skipValue()
        }
      } while try consume(UInt8(ascii: ","))
      try expect(UInt8(ascii: "}"))
    }
    guard let format = integers["format"], let chunk = integers["chunk"], let kind = strings["kind"],
      let cipher = strings["cipher"], let store = strings["store"], let snapshot = strings["snapshot"],
      let nonce = strings["nonce"], let ciphertext = strings["ciphertext"], let tag = strings["tag"]
    else { throw Malformed() }
    return SnapshotEnvelope(
      format: format, kind: kind, cipher: cipher, store: store, snapshot: snapshot, chunk: chunk,
      nonce: nonce,
      ciphertext: ciphertext, tag: tag, keyGeneration: integers["keyGeneration"], signer: strings["signer"],
      signerKey: strings["signerKey"], signature: strings["signature"])
  }

  private mutating func nullOr<T>(_ value: (inout SnapshotChunkReader) throws(Malformed) -> T)
    throws(Malformed) -> T?
  {
    skipSpace()
    guard peek != UInt8(ascii: "n") else {
      try literal("null")
      return nil
    }
    return try value(&self)
  }
}
