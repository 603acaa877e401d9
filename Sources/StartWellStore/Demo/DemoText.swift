import StartWellCore

/// Fast writers for the stored text forms the loader produces millions of
/// times. They give exactly what `Timestamp.format`, `LocalDate.description`
/// and the store's sorted-key JSON encoder give (a test holds them to it),
/// without `String(format:)` or `JSONEncoder` on the hot path.
enum DemoText {
  private static let digits = Array("0123456789".utf8)

  /// `YYYY-MM-DD` for a day number.
  static func day(_ dayNumber: Int) -> String {
    let d = LocalDate(dayNumber: dayNumber)
    return String(unsafeUninitializedCapacity: 10) { b in
      writeDay(d, into: b)
      return 10
    }
  }

  /// `YYYY-MM-DDTHH:MM:SS.000Z` for whole seconds since 1970 (UTC), as `Timestamp.format` writes it.
  static func instant(_ seconds: Int) -> String {
    let dayNumber = Int((Double(seconds) / 86_400).rounded(.down))
    let d = LocalDate(dayNumber: dayNumber)
    let s = seconds - dayNumber * 86_400
    return String(unsafeUninitializedCapacity: 24) { b in
      writeDay(d, into: b)
      b[10] = UInt8(ascii: "T")
      two(s / 3600, b, 11)
      b[13] = UInt8(ascii: ":")
      two((s / 60) % 60, b, 14)
      b[16] = UInt8(ascii: ":")
      two(s % 60, b, 17)
      b[19] = UInt8(ascii: ".")
      b[20] = UInt8(ascii: "0")
      b[21] = UInt8(ascii: "0")
      b[22] = UInt8(ascii: "0")
      b[23] = UInt8(ascii: "Z")
      return 24
    }
  }

  private static func writeDay(_ d: LocalDate, into b: UnsafeMutableBufferPointer<UInt8>) {
    b[0] = digits[(d.year / 1000) % 10]
    b[1] = digits[(d.year / 100) % 10]
    b[2] = digits[(d.year / 10) % 10]
    b[3] = digits[d.year % 10]
    b[4] = UInt8(ascii: "-")
    two(d.month, b, 5)
    b[7] = UInt8(ascii: "-")
    two(d.day, b, 8)
  }

  private static func two(_ v: Int, _ b: UnsafeMutableBufferPointer<UInt8>, _ at: Int) {
    b[at] = digits[(v / 10) % 10]
    b[at + 1] = digits[v % 10]
  }

  /// A JSON array of strings that need no escaping (ids, vocabulary words): `["a","b"]`.
  static func jsonArray(_ items: [String]) -> String {
    if items.isEmpty { return "[]" }
    var out = "["
    for (i, item) in items.enumerated() {
      if i > 0 { out += "," }
      out += "\""
      out += item
      out += "\""
    }
    out += "]"
    return out
  }

  /// A JSON object of string values, keys sorted, as the store's `.json` encoder writes it.
  static func jsonObject(_ pairs: [(String, String)]) -> String {
    var out = "{"
    for (i, pair) in pairs.sorted(by: { $0.0 < $1.0 }).enumerated() {
      if i > 0 { out += "," }
      out += "\"\(pair.0)\":\"\(pair.1)\""
    }
    out += "}"
    return out
  }
}
