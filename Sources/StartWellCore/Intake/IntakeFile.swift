import Foundation

/// One row of an intake file, as it was in the file: its line (the header,
/// or the array's opening line, is line 1) and its cells by column.
public struct IntakeRow: Hashable, Sendable {
  public var line: Int
  /// Cells by lower-cased column name. A list (a JSON array) is its items joined by ';', as a CSV cell holds it.
  public var cells: [String: String]
  /// What is wrong with the row's shape (a cell count that is not the header's, a value that is not text).
  public var issues: [FieldIssue]

  public init(line: Int, cells: [String: String], issues: [FieldIssue] = []) {
    self.line = line
    self.cells = cells
    self.issues = issues
  }

  /// The cell of `column`, empty when the row has none.
  public func cell(_ column: String) -> String { cells[column] ?? "" }
}

/// The rows of a CSV or JSON intake file, with its columns checked against
/// the ones its kind of file may have.
public struct IntakeTable: Hashable, Sendable {
  public var columns: [String]
  public var rows: [IntakeRow]

  public init(columns: [String], rows: [IntakeRow]) {
    self.columns = columns
    self.rows = rows
  }
}

/// The two shapes an intake file comes in (the design's one definition):
/// CSV with a header row (RFC 4180 quoting), or a JSON array of objects with
/// the same keys.
public enum IntakeFileFormat: String, Sendable {
  case csv, json

  /// By the file's extension, else by its first character: `[` is JSON.
  public static func detect(fileName: String?, text: String) -> IntakeFileFormat {
    switch fileName.map({ ($0 as NSString).pathExtension.lowercased() }) {
    case "csv": return .csv
    case "json": return .json
    default:
      let first = text.unicodeScalars.first { !CharacterSet.whitespacesAndNewlines.contains($0) }
      return first == "[" || first == "{" ? .json : .csv
    }
  }
}

public enum IntakeFile {
  /// Reads a whole file. A problem with the file as a whole (not UTF-8, not
  /// CSV or JSON, an unknown or missing column) is thrown, naming `file`; a
  /// problem with one row stays with that row, for the per-row report.
  public static func read(_ data: Data, fileName: String? = nil, columns: IntakeColumns) throws(DomainError)
    -> IntakeTable
  {
    guard var text = String(data: data, encoding: .utf8) else {
      throw fileIssue("is not UTF-8 text; save it as UTF-8 CSV or JSON")
    }
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    let format = IntakeFileFormat.detect(fileName: fileName, text: text)
    let table = format == .csv ? try CSVRows.table(text) : try JSONRows.table(text)
    // An empty JSON array names no keys at all, and holds nothing to import.
    try columns.check(table.columns, requireAll: format == .csv || !table.rows.isEmpty)
    return table
  }

  static func fileIssue(_ message: String) -> DomainError {
    .invalid([FieldIssue(field: "file", rule: "format", message: message)])
  }
}

/// The columns one kind of intake file may have, and those it must have.
public struct IntakeColumns: Hashable, Sendable {
  /// Every column the file may have, in the order they are listed in messages.
  public var known: [String]
  /// Columns the file must have.
  public var required: [String]

  public init(known: [String], required: [String]) {
    self.known = known
    self.required = required
  }

  /// The person's details, as `notify add` takes them.
  public static let person = ["given", "family-name", "dob", "nhs", "postcode", "address"]

  /// A file of partners' notifications: the kind (unless one kind is given
  /// for the whole file), the hub, the person, and the kinds' own fields.
  public static func notifications(_ intake: IntakeConfiguration, kind: NotificationKind?) -> IntakeColumns {
    let kinds = kind.map { [$0] } ?? NotificationKind.partners
    var fields: [String] = []
    for k in kinds {
      for field in intake.kind(k)?.fields ?? [] where !fields.contains(field.id) { fields.append(field.id) }
    }
    return IntakeColumns(
      known: ["kind", "hub"] + person + fields,
      required: (kind == nil ? ["kind"] : []) + ["given", "family-name"])
  }

  /// The national list of children eligible for a funded two-year-old place.
  public static let eligibility = IntakeColumns(
    known: ["given", "family-name", "dob", "parent", "postcode", "code"],
    required: ["given", "family-name", "dob", "code"])

  /// A setting's roll of children taking a funded place.
  public static let roll = IntakeColumns(
    known: ["given", "family-name", "dob", "postcode"], required: ["given", "family-name", "dob"])

  func check(_ columns: [String], requireAll: Bool) throws(DomainError) {
    var issues: [FieldIssue] = []
    let list = known.joined(separator: ", ")
    let unknown = columns.filter { !known.contains($0) }.map { "'\($0)'" }
    if !unknown.isEmpty {
      let named =
        unknown.count == 1 ? "column \(unknown[0]) is" : "columns \(unknown.joined(separator: ", ")) are"
      issues.append(FieldIssue(field: "file", rule: "column", message: "\(named) not one of \(list)"))
    }
    var seen: Set<String> = []
    for column in columns where !seen.insert(column).inserted {
      issues.append(FieldIssue(field: "file", rule: "column", message: "column '\(column)' appears twice"))
    }
    for column in required where requireAll && !columns.contains(column) {
      issues.append(FieldIssue(field: "file", rule: "column", message: "has no '\(column)' column"))
    }
    if !issues.isEmpty { throw .invalid(issues) }
  }
}
