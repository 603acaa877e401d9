/// Checks for the identifiers that arrive from outside: NHS numbers and postcodes.
public enum NHSNumber {
  /// Digits only, spaces removed; nil unless 10 digits with a valid mod-11 check digit.
  ///
  /// Read byte by byte: a valid number is ASCII once its spaces and dashes
  /// are gone, so any other byte refuses it, and a match compares hundreds
  /// of stored numbers.
  public static func normalise(_ text: String) -> String? {
    var digits: [UInt8] = []
    digits.reserveCapacity(10)
    for byte in text.utf8 where byte != UInt8(ascii: " ") && byte != UInt8(ascii: "-") {
      guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte), digits.count < 10 else { return nil }
      digits.append(byte)
    }
    guard digits.count == 10, checkDigit(digits.prefix(9)) == digits[9] else { return nil }
    return String(decoding: digits, as: UTF8.self)
  }

  /// Appends the check digit to nine digits, or nil where none exists (remainder gives 10).
  public static func withCheckDigit(_ nine: String) -> String? {
    let digits = Array(nine.utf8)
    guard digits.count == 9, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
      let check = checkDigit(digits[...])
    else { return nil }
    return String(decoding: digits + [check], as: UTF8.self)
  }

  /// The mod-11 check digit of nine ASCII digits, as an ASCII digit; nil
  /// where the remainder gives 10, so no number starts with them.
  private static func checkDigit(_ nine: ArraySlice<UInt8>) -> UInt8? {
    let sum = nine.enumerated().reduce(0) { $0 + Int($1.element - UInt8(ascii: "0")) * (10 - $1.offset) }
    let check = (11 - sum % 11) % 11
    return check == 10 ? nil : UInt8(ascii: "0") + UInt8(check)
  }
}

public enum Postcode {
  /// Upper-cased with one space before the inward code; nil if not a UK postcode shape.
  ///
  /// Accepts the six outward shapes (A9, A99, AA9, AA99, A9A, AA9A) and the
  /// inward 9AA, following the Royal Mail format; it does not check the
  /// postcode exists.
  public static func normalise(_ text: String) -> String? {
    if text.utf8.allSatisfy({ $0 < 0x80 }) { return normaliseASCII(text.utf8) }
    let compact = text.uppercased().filter { $0 != " " }
    guard (5...7).contains(compact.count), compact.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
    else { return nil }
    let inward = compact.suffix(3)
    let outward = compact.dropLast(3)
    let inwardShape = inward.map { $0.isNumber ? "9" : "A" }.joined()
    let outwardShape = outward.map { $0.isNumber ? "9" : "A" }.joined()
    guard inwardShape == "9AA", outwardShapes.contains(outwardShape)
    else { return nil }
    return "\(outward) \(inward)"
  }

  /// The outward code's shapes, letters as A and digits as 9.
  static let outwardShapes: Set<String> = ["A9", "A99", "AA9", "AA99", "A9A", "AA9A"]

  /// `normalise` for ASCII text, byte by byte. Non-ASCII text keeps the
  /// general path: upper-casing "ß" gives "SS", which a postcode may hold.
  private static func normaliseASCII(_ text: String.UTF8View) -> String? {
    var compact: [UInt8] = []
    compact.reserveCapacity(8)
    for byte in text where byte != UInt8(ascii: " ") {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"): compact.append(byte - 0x20)
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): compact.append(byte)
      default: return nil
      }
      if compact.count > 7 { return nil }
    }
    guard compact.count >= 5 else { return nil }
    let inward = compact.suffix(3)
    let outward = compact.dropLast(3)
    func shape(_ code: ArraySlice<UInt8>) -> String {
      String(
        decoding: code.map { $0 <= UInt8(ascii: "9") ? UInt8(ascii: "9") : UInt8(ascii: "A") }, as: UTF8.self)
    }
    guard shape(inward) == "9AA", outwardShapes.contains(shape(outward)) else { return nil }
    return String(decoding: outward + [UInt8(ascii: " ")] + inward, as: UTF8.self)
  }
}

/// Short, human-friendly references such as `F-7K3Q9XA2`.
///
/// Eight characters from Crockford's base-32 alphabet (no I, L, O or U, so
/// nothing is misread aloud) give 40 random bits. Terminals make references
/// without asking each other; at 100,000 families the chance that any two
/// terminals pick the same one is below 1 in 200, and the store still keys
/// records by UUID, so a clash is an ambiguity to resolve, never a lost record.
public enum ReferenceCode {
  public static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

  public static func make(prefix: String, using rng: inout some RandomNumberGenerator) -> String {
    var code = prefix + "-"
    for _ in 0..<8 { code.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
    return code
  }

  /// Whether `text` reads as a family reference (`F-` and eight characters), as a person might type it.
  public static func isFamilyReference(_ text: String) -> Bool {
    let code = normalise(text)
    guard code.hasPrefix("F-"), code.count == 10 else { return false }
    return code.dropFirst(2).allSatisfy { alphabet.contains($0) }
  }

  /// Upper-cases and maps the look-alikes (O→0, I/L→1) that people type.
  public static func normalise(_ text: String) -> String {
    let upper = text.trimmed.uppercased()
    guard let dash = upper.firstIndex(of: "-") else { return upper }
    let body = upper[upper.index(after: dash)...].map { c -> Character in
      switch c {
      case "O": "0"
      case "I", "L": "1"
      default: c
      }
    }
    return String(upper[...dash]) + String(body)
  }
}
