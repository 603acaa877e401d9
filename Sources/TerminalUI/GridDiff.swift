/// A horizontal run of consecutive changed cells.
public struct CellRun: Sendable, Hashable {
  public var row: Int
  public var col: Int
  public var cells: [Cell]

  public init(row: Int, col: Int, cells: [Cell]) {
    self.row = row
    self.col = col
    self.cells = cells
  }
}

/// Compares two frames so a backend writes only the cells that changed.
/// Writing less is what keeps the screen from flickering, and over a slow
/// link it is most of the cost of a redraw.
public enum GridDiff {
  /// Runs of cells in `new` that differ from `old`. With no previous frame, or
  /// after a resize (sizes differ), every row is returned whole.
  public static func runs(from old: CellGrid?, to new: CellGrid) -> [CellRun] {
    guard let old, old.rows == new.rows, old.cols == new.cols else {
      return (0..<new.rows).map { CellRun(row: $0, col: 0, cells: Array(new.row($0))) }
    }
    var runs: [CellRun] = []
    for r in 0..<new.rows {
      let before = old.row(r)
      let after = new.row(r)
      if before == after { continue }
      let base = after.startIndex
      var c = 0
      while c < new.cols {
        guard before[before.startIndex + c] != after[base + c] else {
          c += 1
          continue
        }
        // A changed continuation means its leading cell must be rewritten too.
        var start = c
        while start > 0, after[base + start].isContinuation { start -= 1 }
        var end = c + 1
        while end < new.cols, before[before.startIndex + end] != after[base + end] { end += 1 }
        // Never end a run in the middle of a wide grapheme.
        while end < new.cols, after[base + end].isContinuation { end += 1 }
        if let last = runs.last, last.row == r, last.col + last.cells.count >= start {
          let overlapStart = last.col + last.cells.count
          runs[runs.count - 1].cells.append(contentsOf: after[(base + overlapStart)..<(base + end)])
        } else {
          runs.append(CellRun(row: r, col: start, cells: Array(after[(base + start)..<(base + end)])))
        }
        c = end
      }
    }
    return runs
  }

  /// Number of cells a backend would write for these runs.
  public static func cellCount(_ runs: [CellRun]) -> Int {
    runs.reduce(0) { $0 + $1.cells.count }
  }
}
