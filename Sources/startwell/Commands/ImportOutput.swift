import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// What the import commands share: reading the file, and the per-row report.
enum ImportFile {
  /// The file's rows, with its columns checked for `columns`.
  static func read(_ path: String, columns: IntakeColumns) throws -> IntakeTable {
    let url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw CLIError("FILE: cannot read \(Sanitizer.visible(path)); check the path and its permissions")
    }
    return try IntakeFile.read(data, fileName: url.lastPathComponent, columns: columns)
  }

  /// Prints the report, then fails with status 2 when some rows were refused
  /// (the others were applied, unless a dry run).
  static func finish(_ report: ImportReport, json: Bool) throws {
    if json {
      try JSONOutput.print(ImportReportJSON(report))
    } else {
      printText(report)
    }
    guard report.refused > 0 else { return }
    Terminal.note(
      "error: \(report.refused) of \(report.rows.count) rows refused; "
        + (report.dryRun ? "nothing was applied (dry run)" : "the other rows were applied"))
    throw ExitCode(2)
  }

  static func printText(_ report: ImportReport) {
    if report.rows.isEmpty {
      Terminal.print("The file holds no rows.")
    } else {
      var table = Table("LINE", "OUTCOME", "DETAIL")
      table.wholeLastColumn = true
      for row in report.rows {
        table.add(
          String(row.line), row.outcome.name.replacingOccurrences(of: "-", with: " "), detail(row.outcome))
      }
      table.print()
    }
    let term = report.term.map { " for \($0)" } ?? ""
    Terminal.print(
      "\(report.dryRun ? "Dry run, nothing applied: " : "")\(report.rows.count) rows\(term): \(report.summary)"
    )
  }

  /// What the outcome names: a reference, an earlier line, or the refused fields.
  static func detail(_ outcome: ImportRowReport.Outcome) -> String {
    switch outcome {
    case .accepted(let reference): reference ?? "(would be taken in)"
    case .alreadyHeld(let reference): "as \(reference)"
    case .repeated(let line): "same as line \(line)"
    case .matched(let person, let already): "to \(person)\(already ? " (already recorded)" : "")"
    case .ambiguous(let reference, let held):
      held
        ? "already queued as \(reference ?? "?")" : reference.map { "queued as \($0)" } ?? "(would be queued)"
    case .unmatched: "no child held matches; nothing recorded"
    case .refused(let issues): issues.map(\.description).joined(separator: "; ")
    }
  }
}

/// `… import --json`: the counts and each row.
struct ImportReportJSON: Encodable {
  struct Issue: Encodable {
    var field: String
    var message: String
  }
  struct Row: Encodable {
    var line: Int
    var outcome: String
    /// The notification taken in, held or queued (N-...), or the child matched (P-...).
    @Null var reference: String?
    @Null var repeatsLine: Int?
    /// The notification was held already (an ambiguous row queued by an earlier import).
    var alreadyHeld: Bool
    /// A matched child's offer said so already, and nothing changed.
    var alreadyRecorded: Bool
    var issues: [Issue]
  }

  var kind: String
  var dryRun: Bool
  @Null var term: String?
  var counts: [String: Int]
  var rows: [Row]

  init(_ report: ImportReport) {
    kind = report.kind.rawValue
    dryRun = report.dryRun
    term = report.term
    counts = report.counts
    rows = report.rows.map { Self.row($0) }
  }

  static func row(_ r: ImportRowReport) -> Row {
    var row = Row(
      line: r.line, outcome: r.outcome.name, reference: nil, repeatsLine: nil, alreadyHeld: false,
      alreadyRecorded: false, issues: [])
    switch r.outcome {
    case .accepted(let reference): row.reference = reference
    case .alreadyHeld(let reference):
      row.reference = reference
      row.alreadyHeld = true
    case .repeated(let line): row.repeatsLine = line
    case .matched(let person, let already):
      row.reference = person
      row.alreadyRecorded = already
    case .ambiguous(let reference, let held):
      row.reference = reference
      row.alreadyHeld = held
    case .unmatched: break
    case .refused(let issues): row.issues = issues.map { Issue(field: $0.field, message: $0.message) }
    }
    return row
  }
}
