import Testing

@testable import TerminalUI

@Suite struct BarChartTests {
  @Test func aBarIsWholeBlocksThenOnePartialToTheNearestEighth() {
    #expect(BarChart.bar(share: 0, width: 10) == "")
    #expect(BarChart.bar(share: 1, width: 4) == "████")
    #expect(BarChart.bar(share: 0.5, width: 4) == "██")
    // 0.3 of 10 cells is 24 eighths: three whole cells.
    #expect(BarChart.bar(share: 0.3, width: 10) == "███")
    // 0.71 of 30 cells is 170.4 eighths, 170 rounded: 21 cells and a quarter.
    #expect(BarChart.bar(share: 0.71, width: 30) == String(repeating: "█", count: 21) + "▎")
    #expect(BarChart.bar(share: 1 / 64, width: 1) == "")
    #expect(BarChart.bar(share: 1 / 8, width: 1) == "▏")
  }

  @Test func aBarNeverRunsPastItsWidthOrBackwards() {
    #expect(BarChart.bar(share: 1.7, width: 5) == "█████")
    #expect(BarChart.bar(share: -0.2, width: 5) == "")
    #expect(BarChart.bar(share: .nan, width: 5) == "")
    #expect(BarChart.percent(0.714) == "71%")
    #expect(BarChart.percent(2) == "100%")
  }
}
