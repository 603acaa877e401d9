import Foundation
import GRDBSQLite
import Synchronization

/// A connection straight through the SQLite C API, with nothing above it:
/// what every store row's floor runs on.
final class RawDatabase {
  private var handle: OpaquePointer?

  init(path: String, readOnly: Bool = false) throws {
    let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
    guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK else {
      let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
      sqlite3_close_v2(handle)
      throw BenchError("cannot open \(path): \(message)")
    }
    sqlite3_busy_timeout(handle, 5_000)
  }

  deinit { sqlite3_close_v2(handle) }

  /// The connection itself, for registering SQL functions the store
  /// registers on its own connections (`ReportFloor`).
  func withHandle<T>(_ body: (OpaquePointer?) throws -> T) rethrows -> T { try body(handle) }

  static var version: String { String(cString: sqlite3_libversion()) }

  /// The settings the store's own connections use, so a write floor pays
  /// the same durability.
  func configureLikeTheStore() throws {
    try execute("PRAGMA journal_mode = WAL")
    try execute("PRAGMA synchronous = FULL")
    try execute("PRAGMA foreign_keys = ON")
    try execute("PRAGMA wal_autocheckpoint = 10000")
  }

  /// Runs every statement in `sql`, stepping through all rows and reading
  /// every column, as a caller that uses the result must.
  func execute(_ sql: String) throws {
    try sql.withCString { start in
      var tail: UnsafePointer<CChar>? = start
      while let current = tail, current.pointee != 0 {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, current, -1, &statement, &tail) == SQLITE_OK else {
          throw BenchError("SQLite refused a statement: \(String(cString: sqlite3_errmsg(handle)))")
        }
        guard let statement else { continue }
        defer { sqlite3_finalize(statement) }
        try stepAll(statement)
      }
    }
  }

  /// Calls `row` with each row's columns as text.
  func rows(_ sql: String, _ row: ([String?]) throws -> Void) throws {
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
      throw BenchError("SQLite refused a statement: \(String(cString: sqlite3_errmsg(handle)))")
    }
    defer { sqlite3_finalize(statement) }
    let columns = sqlite3_column_count(statement)
    while true {
      let code = sqlite3_step(statement)
      if code == SQLITE_DONE { return }
      guard code == SQLITE_ROW else { throw stepError() }
      try row(
        (0..<columns).map { column in
          sqlite3_column_text(statement, column).map { String(cString: $0) }
        })
    }
  }

  /// Each captured statement, in order. With `costs`, adds each
  /// statement's time (milliseconds) under its text without literals.
  ///
  /// Reads the store makes side by side, on readers of their own, arrive
  /// here interleaved, each in its own read transaction. The floor runs
  /// them one after another on one connection, inside the first of those
  /// transactions: a begin inside one, and the end that matches it, are
  /// left out. The floor is then the same statements run in sequence.
  func replay(_ statements: [String], costs: inout [String: Double]) throws {
    var depth = 0
    for sql in statements {
      let word = sql.prefix(8).uppercased()
      if word.hasPrefix("BEGIN") {
        depth += 1
        if depth > 1 { continue }
      } else if word.hasPrefix("COMMIT") || word.hasPrefix("ROLLBACK") || word.hasPrefix("END") {
        depth = max(0, depth - 1)
        if depth > 0 { continue }
      }
      let start = DispatchTime.now().uptimeNanoseconds
      try execute(sql)
      costs[Self.shape(sql), default: 0] += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    }
  }

  /// A statement with its quoted strings and numbers replaced by `?`, so
  /// the same statement with other values counts as one.
  static func shape(_ sql: String) -> String {
    var out = ""
    var inQuote = false
    var previous: Character = " "
    for ch in sql {
      if inQuote {
        if ch == "'" { inQuote = false }
        continue
      }
      if ch == "'" {
        inQuote = true
        out.append("?")
      } else if ch.isNumber && !(previous.isLetter || previous == "_" || previous.isNumber) {
        if out.last != "?" { out.append("?") }
        continue
      } else {
        out.append(ch)
      }
      previous = ch
    }
    return out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  private func stepAll(_ statement: OpaquePointer) throws {
    let columns = sqlite3_column_count(statement)
    while true {
      let code = sqlite3_step(statement)
      if code == SQLITE_DONE { return }
      guard code == SQLITE_ROW else { throw stepError() }
      for column in 0..<columns {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: _ = sqlite3_column_int64(statement, column)
        case SQLITE_FLOAT: _ = sqlite3_column_double(statement, column)
        case SQLITE_NULL: break
        default:
          _ = sqlite3_column_text(statement, column)
          _ = sqlite3_column_bytes(statement, column)
        }
      }
    }
  }

  private func stepError() -> BenchError {
    BenchError("SQLite failed: \(String(cString: sqlite3_errmsg(handle)))")
  }
}

/// The statements the store runs while recording is on, with their
/// arguments written in. Only asked for their text while recording, so a
/// timed run pays one flag check per statement.
final class StatementLog: Sendable {
  private let state = Mutex<(recording: Bool, lines: [String])>((false, []))

  var listener: @Sendable (() -> String) -> Void {
    { [self] sql in
      state.withLock { state in
        if state.recording { state.lines.append(sql()) }
      }
    }
  }

  func record<T>(_ body: () throws -> T) rethrows -> (T, [String]) {
    state.withLock { $0 = (true, []) }
    defer { state.withLock { $0.recording = false } }
    let result = try body()
    return (result, state.withLock { $0.lines })
  }
}
