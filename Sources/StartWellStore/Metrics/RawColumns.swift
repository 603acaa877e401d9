import Foundation
import GRDB
import GRDBSQLite

/// The columns of a statement's current row, read straight from SQLite.
///
/// The report's passes read hundreds of thousands of rows each, and
/// decoding every column through `Row` (a type check, then a copy into a
/// Swift value) was a good part of their time. A read stays valid only
/// until the statement steps on; a text is copied only when asked for as
/// a `String`.
struct RawColumns {
  private let statement: OpaquePointer

  init(_ statement: Statement) { self.statement = statement.sqliteStatement }

  func isNull(_ i: Int32) -> Bool { sqlite3_column_type(statement, i) == SQLITE_NULL }

  /// The column as an integer: 0 for null, as SQL's truth values read.
  func int(_ i: Int32) -> Int { Int(sqlite3_column_int64(statement, i)) }

  func int64(_ i: Int32) -> Int64? { isNull(i) ? nil : sqlite3_column_int64(statement, i) }

  func double(_ i: Int32) -> Double? { isNull(i) ? nil : sqlite3_column_double(statement, i) }

  /// The column's text where SQLite holds it: empty for null.
  func bytes(_ i: Int32) -> UnsafeRawBufferPointer {
    guard let start = sqlite3_column_text(statement, i) else {
      return UnsafeRawBufferPointer(start: nil, count: 0)
    }
    return UnsafeRawBufferPointer(start: start, count: Int(sqlite3_column_bytes(statement, i)))
  }

  func string(_ i: Int32) -> String? { isNull(i) ? nil : String(decoding: bytes(i), as: UTF8.self) }
}

/// A handful of texts a read gives again and again (terms, hubs, types,
/// a metric's keys), each matched by its bytes to the one `String` kept
/// for it rather than decoded anew for every row. Past `limit` texts a
/// search would cost more than decoding, and new ones are decoded.
struct FewStrings {
  private var known: [(bytes: [UInt8], string: String)] = []
  static let limit = 32

  init(_ strings: some Sequence<String>) { known = strings.map { (Array($0.utf8), $0) } }

  mutating func string(_ bytes: UnsafeRawBufferPointer) -> String {
    if let found = known.first(where: { bytes.holds($0.bytes) }) { return found.string }
    let string = String(decoding: bytes, as: UTF8.self)
    if known.count < Self.limit { known.append((Array(bytes), string)) }
    return string
  }
}

extension UnsafeRawBufferPointer {
  /// Whether these bytes are exactly `bytes`.
  func holds(_ bytes: [UInt8]) -> Bool {
    guard count == bytes.count else { return false }
    guard let base = baseAddress, count > 0 else { return true }
    return bytes.withUnsafeBytes { memcmp(base, $0.baseAddress!, count) == 0 }
  }
}
