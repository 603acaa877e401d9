import Foundation
import GRDB
import StartWellCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Turns any error into the one sentence a person reads, at each boundary
/// where errors leave the program: the command line's `error:` line, the
/// client's status line and the background sync's report.
///
/// An error that is already written for people (`PersonFacingError`: the
/// domain's, sync's, the configuration's) keeps its own description. A
/// database error becomes a plain sentence chosen by its result code, a file
/// error a plain sentence naming the file, and anything else "an unexpected
/// error". Raw text (SQL, GRDB's and Foundation's wording) never reaches a
/// person: `report` writes it to `debug.log` in the data folder instead.
public enum PeopleError {
  /// Shows `error` to a person: writes its raw text to `log` unless it is
  /// already a sentence for people, and returns the sentence.
  @discardableResult
  public static func report(_ error: any Error, context: String, log: DebugLog?) -> String {
    if let facing = error as? any PersonFacingError { return facing.description }
    let written = log?.write(rawText(error), context: context) ?? false
    return message(for: error, log: written ? log : nil)
  }

  /// The sentence for `error`, without writing anything. `log` is the debug
  /// log the raw text was written to, named where a person may need it.
  public static func message(for error: any Error, log: DebugLog? = nil) -> String {
    if let facing = error as? any PersonFacingError { return facing.description }
    if let database = error as? DatabaseError { return message(for: database, log: log) }
    if let cocoa = error as? CocoaError { return message(for: cocoa) }
    if let posix = error as? POSIXError { return "the system refused: \(plain(posix.code))" }
    return unexpected(log)
  }

  /// What the debug log records: the error's type and its full description.
  static func rawText(_ error: any Error) -> String {
    "\(String(reflecting: type(of: error))): \(String(describing: error))"
  }

  static func unexpected(_ log: DebugLog?) -> String {
    guard let log else { return "an unexpected error; the details could not be written to a debug log" }
    return "an unexpected error; details were written to \(log.file.path)"
  }

  // MARK: - The database

  static func message(for error: DatabaseError, log: DebugLog?) -> String {
    switch error.resultCode {
    case .SQLITE_BUSY, .SQLITE_LOCKED:
      return "the store is busy (another StartWell is using this data folder); try again"
    case .SQLITE_CONSTRAINT:
      return constraint(error.message ?? "")
    case .SQLITE_CORRUPT, .SQLITE_NOTADB:
      return "the data folder's store is damaged or is not a StartWell store; restore it from a backup "
        + "or use another data folder (--data-dir)"
        + (log.map { "; details were written to \($0.file.path)" } ?? "")
    case .SQLITE_FULL:
      return "the disk holding the data folder is full; free some space and try again"
    case .SQLITE_IOERR:
      return
        "the store could not be read or written (a disk or file-system fault); check the disk and try again"
    case .SQLITE_READONLY:
      return
        "the store is read-only; check that the data folder and its files belong to you and can be written"
    case .SQLITE_CANTOPEN:
      return "the store could not be opened; check that the data folder exists and belongs to you"
    case .SQLITE_PERM, .SQLITE_AUTH:
      return "access to the store was refused; check the permissions of the data folder"
    case .SQLITE_NOMEM:
      return "the computer ran out of memory; close other programs and try again"
    case .SQLITE_INTERRUPT, .SQLITE_ABORT:
      return "the operation was interrupted before it finished; try again"
    case .SQLITE_TOOBIG:
      return "a value is too large for the store"
    case .SQLITE_ERROR where (error.message ?? "").hasPrefix("no such "):
      // A table or column missing: a store made by another version, or altered by hand.
      return "the store does not have the layout this version of StartWell expects; it may come from "
        + "another version or have been altered"
        + (log.map { "; details were written to \($0.file.path)" } ?? "")
    default:
      return unexpected(log)
    }
  }

  /// A constraint failure, naming the table and field when SQLite's message
  /// names them as plain identifiers (never anything else of the message).
  static func constraint(_ message: String) -> String {
    let kinds = [
      ("UNIQUE", "the change clashes with a record already stored"),
      ("PRIMARY KEY", "the change clashes with a record already stored"),
      ("NOT NULL", "the change leaves out a value the store requires"),
      ("FOREIGN KEY", "the change refers to a record that is not stored"),
      ("CHECK", "the change breaks a rule of the store"),
    ]
    for (kind, sentence) in kinds where message.hasPrefix("\(kind) constraint failed") {
      let named = message.dropFirst("\(kind) constraint failed".count)
      let fields = fieldNames(named.hasPrefix(": ") ? String(named.dropFirst(2)) : "")
      return fields.isEmpty ? sentence : "\(sentence) (\(fields.joined(separator: ", ")))"
    }
    return "the store refused the change"
  }

  /// `users.username, users.hub` → `["users: username", "users: hub"]`;
  /// empty unless every part is a plain `table.column` or name.
  static func fieldNames(_ text: String) -> [String] {
    guard !text.isEmpty else { return [] }
    var out: [String] = []
    for part in text.components(separatedBy: ", ") {
      let pieces = part.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
      guard (1...2).contains(pieces.count), pieces.allSatisfy(isIdentifier) else { return [] }
      out.append(
        pieces.count == 2
          ? "\(pieces[0]): \(pieces[1].replacingOccurrences(of: "_", with: " "))"
          : pieces[0].replacingOccurrences(of: "_", with: " "))
    }
    return out
  }

  static func isIdentifier(_ s: String) -> Bool {
    guard let first = s.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
    else { return false }
    return s.unicodeScalars.allSatisfy {
      $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
    } && s.count <= 64
  }

  // MARK: - Files

  static func message(for error: CocoaError) -> String {
    let path = (error.userInfo[NSFilePathErrorKey] as? String) ?? error.filePath ?? error.url?.path
    let subject = path ?? "a file"
    switch error.code {
    case .fileNoSuchFile, .fileReadNoSuchFile:
      return "\(subject) does not exist"
    case .fileReadNoPermission, .fileWriteNoPermission:
      return "permission denied for \(subject); check that it belongs to you"
    case .fileWriteOutOfSpace:
      return "the disk is full; \(subject) could not be written"
    case .fileWriteVolumeReadOnly:
      return "\(subject) is on a read-only disk"
    case .fileWriteFileExists:
      return "\(subject) already exists"
    case .fileReadCorruptFile:
      return "\(subject) could not be read: its contents are damaged"
    case .fileReadInvalidFileName, .fileWriteInvalidFileName:
      return "\(subject) is not a usable file name"
    case .fileReadTooLarge:
      return "\(subject) is too large to read"
    case .fileLocking:
      return "\(subject) is locked by another program; try again"
    default:
      if let underlying = error.underlying as? POSIXError {
        return "\(subject) could not be used: \(plain(underlying.code))"
      }
      return path.map { "\($0) could not be read or written" } ?? "a file could not be read or written"
    }
  }

  /// The system's short wording for an error number, e.g. "permission denied".
  static func plain(_ code: POSIXErrorCode) -> String {
    String(cString: strerror(code.rawValue)).lowercased()
  }
}

// Worded for people: "sync first, then snapshot".
extension SnapshotStoreError: PersonFacingError {}
