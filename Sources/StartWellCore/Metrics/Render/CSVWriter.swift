import Foundation

/// CSV that opens cleanly in a spreadsheet: RFC 4180 (fields with a comma,
/// a quote or a line break quoted, quotes doubled, lines ended CRLF), a
/// header row, an optional UTF-8 byte order mark, and no formula
/// injection: a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
/// return is prefixed with an apostrophe, so a spreadsheet shows it as
/// text rather than running it.
public struct CSVWriter {
  public private(set) var text = ""

  public init(header: [String]) { row(header) }

  public static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

  /// A cell made safe to open: neutralised, then quoted when it must be.
  public static func cell(_ value: String) -> String {
    var v = value
    if let first = v.unicodeScalars.first, formulaStarts.contains(Character(first)) { v = "'" + v }
    let needsQuotes = v.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
    return needsQuotes ? "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : v
  }

  public mutating func row(_ cells: [String]) {
    text += cells.map(Self.cell).joined(separator: ",") + "\r\n"
  }

  /// The file's bytes, with the byte order mark some spreadsheet programs
  /// need to read UTF-8 when `bom` is set.
  public func data(bom: Bool) -> Data {
    (bom ? Data([0xEF, 0xBB, 0xBF]) : Data()) + Data(text.utf8)
  }
}
