/// Bytes as lower-case hexadecimal, the form every hash and identifier in
/// the store and on the share is written in. One function, without
/// `String(format:)`, which is slow on Linux and sits on every save's path
/// (the audit chain hashes each event).
public enum Hex {
  private static let digits = Array("0123456789abcdef".utf8)

  public static func string(_ bytes: some Sequence<UInt8>) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.underestimatedCount * 2)
    for b in bytes {
      out.append(digits[Int(b >> 4)])
      out.append(digits[Int(b & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}
