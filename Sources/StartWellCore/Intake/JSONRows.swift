import Foundation

/// A JSON intake file: an array of objects whose keys are the CSV's
/// columns. A list is an array of texts. Each row's line is the line its
/// object opens on, so a report points to it as it does in a CSV file.
enum JSONRows {
  static func table(_ text: String) throws(DomainError) -> IntakeTable {
    let parsed: Any
    do {
      parsed = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    } catch {
      throw IntakeFile.fileIssue("is not valid JSON (nor CSV); a JSON intake file is an array of objects")
    }
    guard let array = parsed as? [Any] else {
      throw IntakeFile.fileIssue("holds JSON that is not an array; a JSON intake file is an array of objects")
    }
    let lines = elementLines(text)
    var columns: [String] = []
    var rows: [IntakeRow] = []
    for (index, element) in array.enumerated() {
      let line = lines.count == array.count ? lines[index] : index + 1
      guard let object = element as? [String: Any] else {
        rows.append(
          IntakeRow(
            line: line, cells: [:],
            issues: [FieldIssue(field: "row", rule: "object", message: "is not an object")]))
        continue
      }
      var row = IntakeRow(line: line, cells: [:])
      for key in object.keys.sorted() {
        let column = key.trimmed.lowercased()
        if !columns.contains(column) { columns.append(column) }
        if let value = cell(object[key]!) {
          row.cells[column] = value
        } else {
          row.issues.append(
            FieldIssue(field: column, rule: "text", message: "is not a text, a number or a list of texts"))
        }
      }
      rows.append(row)
    }
    return IntakeTable(columns: columns, rows: rows)
  }

  /// A value as a CSV cell holds it; nil for an object or a nested list.
  private static func cell(_ value: Any) -> String? {
    switch value {
    case is NSNull: return ""
    case let text as String: return text
    case let number as NSNumber: return number.stringValue
    case let list as [Any]:
      let items = list.compactMap { item -> String? in
        if let text = item as? String { return text }
        return (item as? NSNumber)?.stringValue
      }
      return items.count == list.count ? items.joined(separator: ";") : nil
    default: return nil
    }
  }

  /// The line each element of the top-level array starts on, in order.
  static func elementLines(_ text: String) -> [Int] {
    var lines: [Int] = []
    var line = 1
    var depth = 0
    var inString = false
    var escaped = false
    // Inside the top-level array, after its `[` or a `,`: the next value starts an element.
    var awaiting = false
    for c in text.utf8 {
      if c == UInt8(ascii: "\n") { line += 1 }
      if inString {
        if escaped {
          escaped = false
        } else if c == UInt8(ascii: "\\") {
          escaped = true
        } else if c == UInt8(ascii: "\"") {
          inString = false
        }
        continue
      }
      if c == UInt8(ascii: " ") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r")
        || c == UInt8(ascii: "\t")
      {
        continue
      }
      if awaiting && c != UInt8(ascii: "]") {
        lines.append(line)
        awaiting = false
      }
      switch c {
      case UInt8(ascii: "\""): inString = true
      case UInt8(ascii: "["), UInt8(ascii: "{"):
        depth += 1
        if depth == 1 { awaiting = true }
      case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
      case UInt8(ascii: ","): if depth == 1 { awaiting = true }
      default: break
      }
    }
    return lines
  }
}
