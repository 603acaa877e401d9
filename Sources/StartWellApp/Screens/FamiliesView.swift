import StartWellCore
import StartWellStore
import TerminalUI

/// Columns of the families list, chosen by the width available.
enum FamilyColumns {
  static func columns(width: Int, sort: FamilyQuery.Sort, descending: Bool) -> ([Column], [FamilyQuery.Sort])
  {
    var list: [(Column, FamilyQuery.Sort)] = [
      (Column("Ref", width: .fixed(10)), .reference),
      (Column("Family", width: .flexible(min: 12)), .name),
      (Column("Postcode", width: .fixed(8)), .name),
      (Column("Hub", width: .fixed(7)), .hub),
    ]
    if width >= 110 { list.append((Column("SDF", width: .fixed(12)), .sdf)) }
    list.append((Column("Level", width: .fixed(10)), .level))
    list.append((Column("Risk", width: .fixed(9)), .risk))
    if width >= 110 { list.append((Column("Lead", width: .fixed(14)), .lead)) }
    list.append((Column("Last contact", width: .fixed(12)), .lastContact))
    let arrow = descending ? "▼" : "▲"
    var seen = false
    let columns = list.map { pair -> Column in
      var c = pair.0
      // Mark the sorted column; Postcode shares .name with Family, so mark only the first.
      if pair.1 == sort && !seen {
        c.title += arrow
        seen = true
      }
      return c
    }
    return (columns, list.map(\.1))
  }

  static func row(_ r: FamilyRow, wide: Bool, config: Configuration) -> [String] {
    var cells = [r.reference, r.name, r.postcode, r.hub]
    if wide { cells.append(config.sdfName(r.sdf) ?? "") }
    cells.append(r.level?.title ?? "closed")
    cells.append("\(r.riskBand.rawValue) \(r.riskScore)")
    if wide { cells.append(r.lead ?? "") }
    cells.append(r.lastContact?.description ?? "never")
    return cells
  }

  static func caseloadRow(_ r: FamilyRow) -> [String] {
    [
      r.reference, r.name, r.level?.title ?? "closed", "\(r.riskBand.rawValue) \(r.riskScore)",
      r.lastContact?.description ?? "never",
    ]
  }
}

enum FamiliesView {
  static func render(_ s: AppState, into g: inout CellGrid, rect: Rect) {
    let theme = s.theme
    let f = s.families
    // Search line.
    let label = "Search: "
    g.put(text: label, row: rect.row, col: rect.col + 1, style: theme[f.searching ? .accent : .title])
    let counter: String
    if let count = f.count {
      let shown = f.list.visibleRange(visibleRows: FamiliesScreen.visibleRows(s.size))
      counter =
        count == 0
        ? "no families"
        : "\(Format.count(shown.lowerBound + 1))–\(Format.count(shown.upperBound)) of \(Format.count(count))"
          + (f.countIsExact ? "" : "+")
    } else {
      counter = "counting…"
    }
    let counterWidth = DisplayWidth.of(counter)
    g.put(text: counter, row: rect.row, col: rect.right - counterWidth - 1, style: theme[.dim])
    let boxCol = rect.col + 1 + label.count
    let boxRect = Rect(
      row: rect.row, col: boxCol, rows: 1, cols: max(10, rect.right - counterWidth - 3 - boxCol))
    f.search.render(
      into: &g, rect: boxRect, style: theme[f.searching ? .focusedField : .field], focused: f.searching)
    if !f.searching && f.search.isEmpty {
      g.put(
        text: "press / to search by name, ref, postcode, NHS no. or DOB", row: rect.row, col: boxCol,
        style: theme[.dim].underlined(), maxWidth: boxRect.cols)
    }
    // Filter and sort line.
    let sortText = "sorted by \(f.sort.rawValue) \(f.descending ? "descending" : "ascending")"
    g.put(
      text: "Filters: \(f.filter.summary) · \(sortText)", row: rect.row + 1, col: rect.col + 1,
      style: theme[.dim], maxWidth: rect.cols - 2)
    // Table.
    let table = Rect(row: rect.row + 2, col: rect.col, rows: rect.rows - 2, cols: rect.cols)
    let wide = rect.cols >= 110
    let (columns, _) = FamilyColumns.columns(width: rect.cols, sort: f.sort, descending: f.descending)
    let riskColumn = wide ? 6 : 5
    let emptyText = f.count == 0 ? "No families match. Press x to clear the search and filters." : "Loading…"
    let view = ListView(columns: columns, theme: theme, emptyText: emptyText)
    var list = f.list
    view.render(
      into: &g, rect: table, state: &list,
      row: { index in
        guard let r = f.row(index) else { return ["…"] }
        return FamilyColumns.row(r, wide: wide, config: s.config)
      },
      cellStyle: { index, col in
        guard col == riskColumn, let r = f.row(index) else { return nil }
        return theme[Format.bandRole(r.riskBand)]
      })
  }
}
