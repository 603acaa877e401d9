import GRDB
import GRDBSQLite
import StartWellCore

/// One prepared `INSERT` run for many rows of values, binding each value
/// straight through SQLite's C API.
///
/// Building GRDB's `StatementArguments` for every row of a two-million-row
/// snapshot cost a ninth of the whole load, nearly all of it generic
/// dispatch into GRDB. The statement still runs through GRDB's `execute()`,
/// so the database sees it as it sees every other statement.
struct BulkInsert {
  private let statement: Statement
  private let width: Int

  /// SQLite copies each value as it is bound.
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
    for (n, value) in row.enumerated() {
      let index = Int32(n + 1)
      let code: Int32
      switch value {
      case .null: code = sqlite3_bind_null(handle, index)
      case .integer(let i): code = sqlite3_bind_int64(handle, index, i)
      case .real(let d): code = sqlite3_bind_double(handle, index, d)
      case .text(var s):
        code = s.withUTF8 { bytes in
          // An empty buffer may have no address, and a null pointer would bind NULL.
          guard let base = bytes.baseAddress, !bytes.isEmpty else {
            return sqlite3_bind_text(handle, index, "", 0, Self.transient)
          }
          return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
            sqlite3_bind_text(handle, index, $0, Int32(bytes.count), Self.transient)
          }
        }
      }
      guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
    }
    try statement.execute()
  }
}
