import Testing

@testable import TerminalUI

@Suite struct ThemeTests {
  @Test func resolvePicksMonochromeForNoColorOrFewColours() {
    #expect(Theme.resolve(environment: [:], colorCount: 256) == .colour)
    #expect(Theme.resolve(environment: [:], colorCount: 8) == .colour)
    #expect(Theme.resolve(environment: ["NO_COLOR": "1"], colorCount: 256) == .monochrome)
    #expect(Theme.resolve(environment: ["NO_COLOR": ""], colorCount: 256) == .colour)
    #expect(Theme.resolve(environment: [:], colorCount: 0) == .monochrome)
  }

  @Test func monochromeUsesNoColourAndEveryRoleIsDistinctFromPlainWhereItMatters() {
    #expect(Theme.monochrome.isMonochrome)
    #expect(!Theme.colour.isMonochrome)
    for role in ThemeRole.allCases {
      #expect(!Theme.monochrome[role].hasColor)
    }
    #expect(Theme.monochrome[.selection] != Theme.monochrome[.normal])
    #expect(Theme.monochrome[.bandRed] != Theme.monochrome[.bandGreen])
  }
}

@Suite struct WidgetTests {
  @Test func tabBar() {
    var grid = CellGrid(rows: 1, cols: 30)
    let bar = TabBar(titles: ["Family", "Contacts", "王"], selected: 1)
    let ranges = bar.render(into: &grid, row: 0, col: 0, width: 30)
    #expect(
      grid.lines() == [" Family " + " " + " Contacts " + " " + " 王 " + String(repeating: " ", count: 6)])
    #expect(ranges == [0..<8, 9..<19, 20..<24])
    #expect(grid[0, 9].style == Style(bold: true, reverse: true))
    #expect(bar.next == 2 && bar.previous == 0)
  }

  @Test func statusLineDropsHintsThatDoNotFit() {
    var grid = CellGrid(rows: 1, cols: 30)
    let line = StatusLine(
      hints: [KeyHint("q", "back"), KeyHint("/", "search"), KeyHint("?", "help")], message: "Saved")
    line.render(into: &grid, row: 0, width: 30)
    #expect(grid.lines() == [" q back  / search" + String(repeating: " ", count: 8) + "Saved"])
    #expect(grid[0, 1].style.bold)
  }

  @Test func frameAndCentering() {
    var grid = CellGrid(rows: 5, cols: 10)
    let rect = Frame.centered(width: 6, height: 3, in: grid.bounds)
    #expect(rect == Rect(row: 1, col: 2, rows: 3, cols: 6))
    let inner = Frame(title: "Hi").render(into: &grid, rect: rect)
    #expect(inner == Rect(row: 2, col: 3, rows: 1, cols: 4))
    #expect(grid.lines()[1] == "  ┌────┐  ")
  }

  @Test func terminalSizeMinimum() {
    #expect(TerminalSize.minimum.rows == 24 && TerminalSize.minimum.cols == 80)
    #expect(TerminalSize(rows: 24, cols: 80).fits())
    #expect(!TerminalSize(rows: 23, cols: 120).fits())
  }
}
