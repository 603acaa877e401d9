/// Checks for the identifiers that arrive from outside: NHS numbers and postcodes.
public enum NHSNumber {
  /// Digits only, spaces removed; nil unless 10 digits with a valid mod-11 check digit.
  public static func normalise(_ text: String) -> String? {
    let digits = text.filter { $0 != " " && $0 != "-" }
    guard digits.count == 10, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    let values = digits.compactMap { $0.wholeNumberValue }
    let sum = (0..<9).reduce(0) { $0 + values[$1] * (10 - $1) }
    var check = 11 - sum % 11
    if check == 11 { check = 0 }
    guard check != 10, check == values[9] else { return nil }
    return digits
  }

  /// Appends the check digit to nine digits, or nil where none exists (remainder gives 10).
  public static func withCheckDigit(_ nine: String) -> String? {
    guard nine.count == 9, nine.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    let values = nine.compactMap { $0.wholeNumberValue }
    let sum = (0..<9).reduce(0) { $0 + values[$1] * (10 - $1) }
    var check = 11 - sum % 11
    if check == 11 { check = 0 }
    return check == 10 ? nil : nine + String(check)
  }
}

public enum Postcode {
  /// Upper-cased with one space before the inward code; nil if not a UK postcode shape.
  ///
  /// Accepts the six outward shapes (A9, A99, AA9, AA99, A9A, AA9A) and the
  /// inward 9AA, following the Royal Mail format; it does not check the
  /// postcode exists.
  public static func normalise(_ text: String) -> String? {
    let compact = text.uppercased().filter { $0 != " " }
    guard (5...7).contains(compact.count), compact.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
    else { return nil }
    let inward = compact.suffix(3)
    let outward = compact.dropLast(3)
    let inwardShape = inward.map { $0.isNumber ? "9" : "A" }.joined()
    let outwardShape = outward.map { $0.isNumber ? "9" : "A" }.joined()
    guard inwardShape == "9AA", ["A9", "A99", "AA9", "AA99", "A9A", "AA9A"].contains(outwardShape)
    else { return nil }
    return "\(outward) \(inward)"
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
