import GRDB
import GRDBSQLite
import StartWellCore

/// One prepared statement run for many rows of values, binding each value
/// straight through SQLite's C API.
///
/// Building GRDB's `StatementArguments` for every row of a two-million-row
/// snapshot cost a ninth of the whole load, nearly all of it generic
/// dispatch into GRDB. The statement still runs through GRDB's `execute()`,
/// so the database sees it as it sees every other statement.
struct BulkInsert {
  private let statement: Statement
  private let width: Int

  /// SQLite reads a text value from the caller's buffer instead of copying
  /// it: copying every string of a snapshot on the database thread, a
  /// malloc and a memcpy each, was about a tenth of that thread's time.
  /// Safe only while the buffer outlives the step, which `bind` ensures.
  private static let unowned: sqlite3_destructor_type? = nil
  /// For the empty string, whose literal pointer lives only for the call.
  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  init(_ statement: Statement, width: Int) {
    self.statement = statement
    self.width = width
    // Marks the arguments as bound, so `execute()` steps what is bound below.
    statement.setUncheckedArguments(StatementArguments(Array(repeating: DatabaseValue.null, count: width)))
  }

  func insert(_ row: [FieldValue]) throws {
    let handle = statement.sqliteStatement
    // Binding needs a reset statement; resetting keeps nothing but the bindings.
    sqlite3_reset(handle)
    do {
      try bind(row, from: 0, handle)
    } catch {
      sqlite3_clear_bindings(handle)
      throw error
    }
  }

  /// Binds value `n` and the ones after it, then steps the statement, all
  /// inside the scope where each text's bytes stay valid; the bindings are
  /// cleared before any of those scopes ends.
  private func bind(_ row: [FieldValue], from n: Int, _ handle: OpaquePointer) throws {
    guard n < row.count else {
      defer { sqlite3_clear_bindings(handle) }
      return try statement.execute()
    }
    let index = Int32(n + 1)
    let code: Int32
    switch row[n] {
    case .null: code = sqlite3_bind_null(handle, index)
    case .integer(let i): code = sqlite3_bind_int64(handle, index, i)
    case .real(let d): code = sqlite3_bind_double(handle, index, d)
    case .text(var s):
      return try s.withUTF8 { bytes in
        try check(bindText(bytes, at: index, handle))
        try bind(row, from: n + 1, handle)
      }
    }
    try check(code)
    try bind(row, from: n + 1, handle)
  }

  private func bindText(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int32, _ handle: OpaquePointer)
    -> Int32
  {
    // An empty buffer may have no address, and a null pointer would bind NULL.
    guard let base = bytes.baseAddress, !bytes.isEmpty else {
      return sqlite3_bind_text(handle, index, "", 0, Self.transient)
    }
    return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
      sqlite3_bind_text(handle, index, $0, Int32(bytes.count), Self.unowned)
    }
  }

  private func check(_ code: Int32) throws {
    guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
  }
}
