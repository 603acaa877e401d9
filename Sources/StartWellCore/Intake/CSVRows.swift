/// RFC 4180 CSV: comma-separated cells, a cell in double quotes may hold
/// commas, line breaks and `""` for a quote. Lines end in LF or CRLF.
/// Each record keeps the line it starts on, so a report can point to it.
enum CSVRows {
  struct Record {
    var line: Int
    var cells: [String]
  }

  static func table(_ text: String) throws(DomainError) -> IntakeTable {
    let records = try parse(text).filter { !$0.cells.allSatisfy { $0.trimmed.isEmpty } }
    guard let header = records.first else {
      throw IntakeFile.fileIssue("is empty; the first row must name the columns")
    }
    let columns = header.cells.map { $0.trimmed.lowercased() }
    let rows = records.dropFirst().map { record in
      var cells: [String: String] = [:]
      for (column, cell) in zip(columns, record.cells) { cells[column] = cell }
      var issues: [FieldIssue] = []
      if record.cells.count != columns.count {
        issues.append(
          FieldIssue(
            field: "row", rule: "cells",
            message: "has \(record.cells.count) cells; the header has \(columns.count)"))
      }
      return IntakeRow(line: record.line, cells: cells, issues: issues)
    }
    return IntakeTable(columns: columns, rows: rows)
  }

  /// Every record, blank lines included (as one empty cell).
  static func parse(_ text: String) throws(DomainError) -> [Record] {
    var records: [Record] = []
    var cells: [String] = []
    var cell = String.UnicodeScalarView()
    var line = 1
    var start = 1
    var quoted = false
    var quoteOpenedOn = 1
    var scalars = text.unicodeScalars.makeIterator()
    var pending: Unicode.Scalar? = nil

    func next() -> Unicode.Scalar? {
      if let p = pending {
        pending = nil
        return p
      }
      return scalars.next()
    }
    func endRecord() {
      cells.append(String(cell))
      records.append(Record(line: start, cells: cells))
      cells = []
      cell = String.UnicodeScalarView()
    }

    while let c = next() {
      if quoted {
        if c == "\"" {
          let after = next()
          if after == "\"" {
            cell.append("\"")
          } else {
            quoted = false
            pending = after
          }
        } else {
          if c == "\n" { line += 1 }
          cell.append(c)
        }
        continue
      }
      switch c {
      case "\"" where cell.isEmpty:
        quoted = true
        quoteOpenedOn = line
      case ",":
        cells.append(String(cell))
        cell = String.UnicodeScalarView()
      case "\r":
        // CRLF ends the record at the LF; a lone CR is kept as text.
        let after = next()
        if after != "\n" { cell.append(c) }
        pending = after
      case "\n":
        endRecord()
        line += 1
        start = line
      default:
        cell.append(c)
      }
    }
    if quoted {
      throw IntakeFile.fileIssue("line \(quoteOpenedOn): a quoted cell is not closed (a '\"' is missing)")
    }
    // The last line needs no line break after it.
    if !cells.isEmpty || !cell.isEmpty { endRecord() }
    return records
  }
}
