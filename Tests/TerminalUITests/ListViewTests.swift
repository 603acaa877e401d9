import Testing

@testable import TerminalUI

@Suite struct ListViewTests {
  @Test func pagingAndBounds() {
    var state = ListState(count: 100_000)
    state.handle(.pageDown, pageSize: 20)
    #expect(state.selected == 20)
    #expect(state.offset == 1)
    state.handle(.character("G"), pageSize: 20)
    #expect(state.selected == 99_999)
    #expect(state.offset == 99_980)
    state.handle(.down, pageSize: 20)
    #expect(state.selected == 99_999)
    state.handle(.pageUp, pageSize: 20)
    #expect(state.selected == 99_979)
    #expect(state.offset == 99_979)
    state.handle(.home, pageSize: 20)
    #expect(state.selected == 0 && state.offset == 0)
    state.handle(.up, pageSize: 20)
    #expect(state.selected == 0)
    let used = state.handle(.character("x"), pageSize: 20)
    #expect(!used)
  }

  @Test func countChangesClampSelection() {
    var state = ListState(count: 50, selected: 40)
    state.setCount(10)
    #expect(state.selected == 9)
    state.setCount(0)
    #expect(state.selected == 0 && state.isEmpty)
  }

  @Test func rendersOnlyVisibleRows() {
    let view = ListView(columns: [Column("#", width: .fixed(6), alignment: .right), Column("Name")])
    var state = ListState(count: 100_000)
    state.handle(.character("G"), pageSize: 9)
    var grid = CellGrid(rows: 10, cols: 20)
    var requested: [Int] = []
    view.render(into: &grid, rect: grid.bounds, state: &state) { index in
      requested.append(index)
      return ["\(index)", "Row \(index)"]
    }
    #expect(requested == Array(99_991..<100_000))
    let lines = grid.lines()
    #expect(lines[0] == "     # Name         ")
    #expect(lines[1] == " 99991 Row 99991    ")
    #expect(lines[9] == " 99999 Row 99999    ")
    #expect(grid[9, 0].style == Style(reverse: true))
    #expect(grid[8, 0].style == .plain)
  }

  @Test func columnsAreLaidOutByDisplayWidth() {
    let view = ListView(
      columns: [Column("Name", width: .flexible()), Column("Band", width: .fixed(5))], showsHeader: false)
    var state = ListState(count: 2)
    var grid = CellGrid(rows: 2, cols: 14)
    let names = ["王小明 Wang", "Zoe\u{0308} \u{1B}[2J"]
    view.render(into: &grid, rect: grid.bounds, state: &state) { [names[$0], "red"] }
    #expect(grid.lines() == ["王小明 … red  ", "Zoë \\e[… red  "])
  }

  @Test func columnLayout() {
    let columns = [
      Column("a", width: .fixed(4)), Column("b", width: .flexible(weight: 1)),
      Column("c", width: .flexible(weight: 3)),
    ]
    #expect(Column.layout(columns, totalWidth: 20) == [4, 4, 10])
    #expect(Column.layout(columns, totalWidth: 5) == [3, 0, 0])  // two cells go to spacing
  }

  @Test func emptyListShowsText() {
    let view = ListView(columns: [Column("Name")], showsHeader: false, emptyText: "No families")
    var state = ListState()
    var grid = CellGrid(rows: 2, cols: 12)
    view.render(into: &grid, rect: grid.bounds, state: &state) { _ in
      Issue.record("no rows"); return []
    }
    #expect(grid.lines()[0] == "No families ")
  }
}
