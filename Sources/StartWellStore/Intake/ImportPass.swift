import Foundation
import GRDB
import StartWellCore

/// One import's walk over its rows, inside the one transaction that writes
/// all of them: a crash part-way leaves none of them, and an error that is
/// not a row's own (the disk, the database) undoes them all.
struct ImportPass {
  let tx: ChangeRecorder
  /// False for a dry run: every row is checked and matched, none is written.
  let apply: Bool
  private(set) var report: ImportReport
  /// The line of each notification this file has given so far, by its id.
  private var seen: [String: Int] = [:]

  init(_ tx: ChangeRecorder, kind: ImportKind, dryRun: Bool, term: String? = nil) {
    self.tx = tx
    apply = !dryRun
    report = ImportReport(kind: kind, dryRun: dryRun, term: term)
  }

  /// Reports one row: `check` reads and checks it, refusing it with the
  /// rules it breaks; `place` writes what it holds and says where it went.
  /// Only `check` may refuse a row: an error while writing (the gate
  /// refusing a change) stops the import, and its transaction leaves nothing.
  mutating func row(
    _ row: IntakeRow, check: () throws -> CheckedNotification,
    place: (inout ImportPass, CheckedNotification) throws -> ImportRowReport.Outcome
  ) throws {
    let checked: CheckedNotification
    do {
      guard row.issues.isEmpty else { throw DomainError.invalid(row.issues) }
      checked = try check()
    } catch let error as DomainError {
      report.rows.append(ImportRowReport(line: row.line, outcome: .refused(Self.issues(error))))
      return
    }
    let outcome: ImportRowReport.Outcome
    if let earlier = repeatedLine(checked, line: row.line) {
      outcome = .repeated(line: earlier)
    } else {
      outcome = try place(&self, checked)
    }
    report.rows.append(ImportRowReport(line: row.line, outcome: outcome))
  }

  /// The line of an earlier row of this file that gave the same notification, if any.
  private mutating func repeatedLine(_ checked: CheckedNotification, line: Int) -> Int? {
    let id = NotificationID.of(checked)
    if let earlier = seen[id] { return earlier }
    seen[id] = line
    return nil
  }

  /// The reference of the notification already held with this one's id.
  func heldReference(_ checked: CheckedNotification) throws -> String? {
    try String.fetchOne(
      tx.db, sql: "SELECT reference FROM notification WHERE id = ?", arguments: [NotificationID.of(checked)])
  }

  /// Takes the notification in (unless a dry run), giving its reference.
  func takeIn(_ checked: CheckedNotification) throws -> String? {
    guard apply else { return nil }
    let reference = try tx.takeIn(checked).notification.reference
    ImportCrashPoint.afterRow()
    return reference
  }

  /// The import's one audit event: its kind and counts, never the file's
  /// name nor anyone's details.
  func audit(entity: Entity, about: String) throws {
    let dry = report.dryRun ? "; a dry run, nothing applied" : ""
    try tx.audit(
      "import", entity: entity, recordID: UUID().uuidString.lowercased(), familyID: nil,
      detail:
        "\(report.kind.rawValue) import (\(about)) of \(report.rows.count) rows: \(report.summary)\(dry)")
  }

  /// A refusal as issues that name a field: a kind the user may not take in
  /// (the only refusal besides broken rules that checking a row gives) is the `kind`'s.
  static func issues(_ error: DomainError) -> [FieldIssue] {
    switch error {
    case .invalid(let issues): issues
    case .forbidden: [FieldIssue(field: "kind", rule: "permitted", message: error.description)]
    default: [FieldIssue(field: "row", rule: "refused", message: error.description)]
    }
  }
}
