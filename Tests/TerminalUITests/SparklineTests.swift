import Testing

@testable import TerminalUI

@Suite struct SparklineTests {
  @Test func eachValueIsOneOfEightHeightsBetweenTheLowestAndHighest() {
    // 1 is half way from 0 to 2: 3.5 of the seven steps, rounded up to the fifth block.
    #expect(Sparkline.line([0, 1, 2]) == "▁▅█")
    #expect(Sparkline.line([0.5, 0.75], low: 0, high: 1) == "▅▆")
  }

  @Test func aMissingValueIsAGapNotNought() {
    #expect(Sparkline.line([0, nil, 2]) == "▁ █")
  }

  @Test func valuesAllAlikeSitMidway() {
    #expect(Sparkline.line([3, 3, 3]) == "▄▄▄")
    #expect(Sparkline.line([]) == "")
  }
}
