import Foundation
import GRDB
import StartWellCore
import StartWellStore

/// The columns one terminal holds for many records at once, read with one
/// query per table: the simulation's oracle checks every winning field on
/// every terminal, and a query per field was most of what its check cost.
struct HeldValues {
  /// Rows by table, then by record id, then column.
  private var tables: [String: [String: [String: FieldValue]]] = [:]

  /// Reads `columns` of every row of each table named.
  init(_ terminal: Terminal, columns: [String: Set<String>]) throws {
    for (table, wanted) in columns {
      let names = ["id"] + wanted.sorted()
      let rows = try terminal.store.read { db in
        try Row.fetchAll(db, sql: "SELECT \(names.joined(separator: ", ")) FROM \(table)")
      }
      var byID: [String: [String: FieldValue]] = [:]
      for row in rows {
        var values: [String: FieldValue] = [:]
        for (index, name) in names.enumerated() { values[name] = FieldValue(row[index] as DatabaseValue) }
        byID[row["id"]] = values
      }
      tables[table] = byID
    }
  }

  /// The tables and columns the winning operations write, and the tables of the other records named.
  static func columns(
    of operations: some Sequence<ChangeOperation>, records: some Sequence<String>
  ) -> [String: Set<String>] {
    var columns: [String: Set<String>] = [:]
    for op in operations {
      guard let entity = Entity(rawValue: op.entity) else { continue }
      columns[entity.table, default: []].insert(op.field)
    }
    for record in records {
      guard let name = record.split(separator: "|").first, let entity = Entity(rawValue: String(name))
      else { continue }
      columns[entity.table, default: []] = columns[entity.table, default: []]
    }
    return columns
  }

  /// What `SELECT column FROM table WHERE id = ?` gives: null when there is no such row.
  func value(_ table: String, _ id: String, _ column: String) -> FieldValue {
    guard let row = rows(table)[id] else { return .null }
    guard let value = row[column] else { preconditionFailure("\(table).\(column) was not read") }
    return value
  }

  /// How many rows of `table` have this id.
  func count(_ table: String, id: String) -> Int {
    rows(table)[id] == nil ? 0 : 1
  }

  private func rows(_ table: String) -> [String: [String: FieldValue]] {
    guard let rows = tables[table] else { preconditionFailure("\(table) was not read") }
    return rows
  }
}
