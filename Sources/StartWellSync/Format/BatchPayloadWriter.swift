import Foundation

/// Writes a batch's payload as the bytes `ShareFormat.encoder()` writes
/// for it (sorted keys, slashes unescaped), without the encoder.
///
/// `JSONEncoder` was over half of a 10,000-change push, nearly all of it
/// generic-container overhead. A payload holding a real number is left to
/// the encoder (`nil`), so no float formatting has to match it by hand;
/// casework records hold none. A test holds the two byte for byte.
enum BatchPayloadWriter {
  static func write(_ payload: BatchPayload) -> Data? {
    var out: [UInt8] = []
    out.reserveCapacity(256 + payload.ops.count * 360)
    out.append(UInt8(ascii: "{"))
    if let head = payload.auditHead {
      out.append(contentsOf: #""auditHead":"#.utf8)
      string(head, into: &out)
      out.append(UInt8(ascii: ","))
    }
    out.append(contentsOf: #""created":"#.utf8)
    string(payload.created, into: &out)
    out.append(contentsOf: #","device":"#.utf8)
    string(payload.device, into: &out)
    out.append(contentsOf: #","format":\#(payload.format),"ops":["#.utf8)
    for (n, op) in payload.ops.enumerated() {
      if n > 0 { out.append(UInt8(ascii: ",")) }
      guard operation(op, into: &out) else { return nil }
    }
    out.append(UInt8(ascii: "]"))
    if let schema = payload.schema { out.append(contentsOf: #","schema":\#(schema)"#.utf8) }
    out.append(contentsOf: #","seq":\#(payload.seq),"store":"#.utf8)
    string(payload.store, into: &out)
    if let transactions = payload.transactions {
      out.append(contentsOf: #","transactions":["#.utf8)
      for (n, tx) in transactions.enumerated() {
        if n > 0 { out.append(UInt8(ascii: ",")) }
        out.append(contentsOf: #"{"count":\#(tx.count),"key":"#.utf8)
        string(tx.key, into: &out)
        out.append(contentsOf: #","signature":"#.utf8)
        string(tx.signature, into: &out)
        out.append(contentsOf: #","user":"#.utf8)
        string(tx.user, into: &out)
        out.append(UInt8(ascii: "}"))
      }
      out.append(UInt8(ascii: "]"))
    }
    out.append(UInt8(ascii: "}"))
    return Data(out)
  }

  /// One operation, its keys in sorted order; false for a real value.
  private static func operation(_ op: WireOperation, into out: inout [UInt8]) -> Bool {
    out.append(UInt8(ascii: "{"))
    if let also = op.alsoReplaces {
      out.append(contentsOf: #""alsoReplaces":["#.utf8)
      for (n, clock) in also.enumerated() {
        if n > 0 { out.append(UInt8(ascii: ",")) }
        string(clock, into: &out)
      }
      out.append(contentsOf: "],".utf8)
    }
    out.append(contentsOf: #""clock":"#.utf8)
    string(op.clock, into: &out)
    out.append(contentsOf: #","entity":"#.utf8)
    string(op.entity, into: &out)
    out.append(contentsOf: #","field":"#.utf8)
    string(op.field, into: &out)
    out.append(contentsOf: #","id":"#.utf8)
    string(op.id, into: &out)
    out.append(contentsOf: #","record":"#.utf8)
    string(op.record, into: &out)
    if let replaces = op.replaces {
      out.append(contentsOf: #","replaces":"#.utf8)
      string(replaces, into: &out)
    }
    out.append(contentsOf: #","user":"#.utf8)
    string(op.user, into: &out)
    out.append(contentsOf: #","value":"#.utf8)
    switch op.value.fieldValue {
    case .null: out.append(contentsOf: "null".utf8)
    case .text(let text):
      out.append(contentsOf: #"{"text":"#.utf8)
      string(text, into: &out)
      out.append(UInt8(ascii: "}"))
    case .integer(let i): out.append(contentsOf: #"{"int":\#(i)}"#.utf8)
    case .real: return false
    }
    out.append(UInt8(ascii: "}"))
    return true
  }

  private static let hex = Array("0123456789abcdef".utf8)

  /// A JSON string as the encoder escapes it: quote, backslash and control
  /// characters; everything else, slashes included, as its UTF-8 bytes.
  static func string(_ text: String, into out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    // Most values need no escape at all: copied whole.
    if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
      out.append(contentsOf: text.utf8)
      out.append(UInt8(ascii: "\""))
      return
    }
    for b in text.utf8 {
      switch b {
      case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
      case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
      case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
      case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
      case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
      case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
      case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
      case 0..<0x20:
        out.append(contentsOf: "\\u00".utf8)
        out += [hex[Int(b >> 4)], hex[Int(b & 0xF)]]
      default: out.append(b)
      }
    }
    out.append(UInt8(ascii: "\""))
  }
}
