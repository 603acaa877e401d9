import Foundation
import StartWellCore
import Testing

@Suite("Hybrid logical clock")
struct HLCTests {
  @Test("orders by millis, then counter, then device")
  func ordering() {
    #expect(HLC(millis: 1, counter: 9, device: "z") < HLC(millis: 2, counter: 0, device: "a"))
    #expect(HLC(millis: 5, counter: 1, device: "z") < HLC(millis: 5, counter: 2, device: "a"))
    #expect(HLC(millis: 5, counter: 1, device: "a") < HLC(millis: 5, counter: 1, device: "b"))
    #expect(!(HLC(millis: 5, counter: 1, device: "a") < HLC(millis: 5, counter: 1, device: "a")))
  }

  @Test("description is fixed width and round-trips, including devices with dashes")
  func roundTrip() throws {
    let clocks = [
      HLC(millis: 0, counter: 0, device: "a"),
      HLC(millis: 1_718_011_845_250, counter: 3, device: "term-north-01"),
      HLC(millis: 999_999_999_999_999, counter: 999_999, device: "x"),
    ]
    for clock in clocks {
      let text = clock.description
      #expect(text.count == 15 + 1 + 6 + 1 + clock.device.count)
      #expect(HLC(text) == clock)
    }
    #expect(
      HLC(millis: 1_718_011_845_250, counter: 3, device: "t1").description == "001718011845250-000003-t1")
  }

  @Test("descriptions sort exactly as the clocks compare")
  func textSortsLikeClock() {
    var rng = SplitMix64(seed: 99)
    let devices = ["a", "b", "term-1", "term-2", "Z"]
    let clocks = (0..<400).map { _ in
      HLC(
        millis: Int64.random(in: 0...5, using: &rng) * Int64.random(in: 1...1_000_000_000_000, using: &rng),
        counter: Int.random(in: 0...12, using: &rng),
        device: devices[Int.random(in: 0..<devices.count, using: &rng)])
    }
    let byClock = clocks.sorted()
    let byText = clocks.sorted { $0.description < $1.description }
    #expect(byClock == byText)
  }

  @Test("malformed text is refused", arguments: ["", "abc", "12-x-dev", "x-1-dev", "123-45", "123--dev"])
  func malformed(text: String) {
    #expect(HLC(text) == nil)
  }

  @Test("JSON carries the clock as its text")
  func codable() throws {
    let clock = HLC(millis: 42, counter: 7, device: "dev-1")
    let data = try JSONEncoder().encode([clock])
    #expect(String(decoding: data, as: UTF8.self) == "[\"000000000000042-000007-dev-1\"]")
    #expect(try JSONDecoder().decode([HLC].self, from: data) == [clock])
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode([HLC].self, from: Data("[\"nope\"]".utf8))
    }
  }
}

@Suite("Clock state")
struct ClockStateTests {
  let base = Date(timeIntervalSince1970: 1_750_000_000)

  @Test("tick follows the wall clock when it moves forward")
  func tickForward() {
    var state = ClockState(device: "me")
    let a = state.tick(now: base)
    #expect(a == HLC(millis: 1_750_000_000_000, counter: 0, device: "me"))
    let b = state.tick(now: base.addingTimeInterval(0.005))
    #expect(b == HLC(millis: 1_750_000_000_005, counter: 0, device: "me"))
    #expect(state.last == b)
  }

  @Test("tick is strictly increasing even when the wall clock stands still or goes backwards")
  func tickMonotonic() {
    var state = ClockState(device: "me")
    let offsets: [Double] = [0, 0, -10, -3600, 0.001, -0.5, 2, 2, 1, 3]
    var previous = state.tick(now: base)
    for offset in offsets {
      let next = state.tick(now: base.addingTimeInterval(offset))
      #expect(previous < next, "\(previous) then \(next) at offset \(offset)")
      #expect(next.device == "me")
      previous = next
    }
    // Going backwards keeps the high-water millis and bumps the counter.
    var s2 = ClockState(device: "d")
    _ = s2.tick(now: base)
    let back = s2.tick(now: base.addingTimeInterval(-60))
    #expect(back == HLC(millis: 1_750_000_000_000, counter: 1, device: "d"))
  }

  @Test("resuming from a stored clock never goes below it")
  func resume() {
    let stored = HLC(millis: 1_750_000_100_000, counter: 4, device: "me")
    var state = ClockState(device: "me", last: stored)
    let next = state.tick(now: base)
    #expect(next == HLC(millis: 1_750_000_100_000, counter: 5, device: "me"))
  }

  @Test("receiving a remote clock ahead advances ours, and our next tick is after it")
  func receiveAhead() {
    var state = ClockState(device: "me")
    _ = state.tick(now: base)
    let remote = HLC(millis: 1_750_000_060_000, counter: 3, device: "them")
    let accepted = state.receive(remote, now: base)
    #expect(accepted)
    #expect(state.last.millis == remote.millis)
    #expect(state.last.device == "me")
    let next = state.tick(now: base)
    #expect(next > remote)
    #expect(next == HLC(millis: remote.millis, counter: 4, device: "me"))
  }

  @Test("receiving the same millis with a higher counter takes the counter")
  func receiveSameMillis() {
    var state = ClockState(device: "me")
    _ = state.tick(now: base)
    let accepted = state.receive(HLC(millis: 1_750_000_000_000, counter: 9, device: "them"), now: base)
    #expect(accepted)
    #expect(state.last == HLC(millis: 1_750_000_000_000, counter: 9, device: "me"))
    let next = state.tick(now: base)
    #expect(next.counter == 10)
  }

  @Test("receiving an older clock changes nothing but is accepted")
  func receiveBehind() {
    var state = ClockState(device: "me")
    let mine = state.tick(now: base)
    let accepted = state.receive(HLC(millis: 1_000, counter: 50, device: "them"), now: base)
    #expect(accepted)
    #expect(state.last == mine)
  }

  @Test("a remote more than two hours ahead is refused and ignored")
  func receiveTooFarAhead() {
    var state = ClockState(device: "me")
    let mine = state.tick(now: base)
    let wallMillis: Int64 = 1_750_000_000_000
    let tooFar = HLC(millis: wallMillis + ClockState.maxSkew + 1, counter: 0, device: "broken")
    let refused = !state.receive(tooFar, now: base)
    #expect(refused)
    #expect(state.last == mine)
    let after = state.tick(now: base)
    #expect(after == HLC(millis: mine.millis, counter: 1, device: "me"))

    // Exactly two hours ahead is still believed.
    let edge = HLC(millis: wallMillis + ClockState.maxSkew, counter: 0, device: "fast")
    let edgeAccepted = state.receive(edge, now: base)
    #expect(edgeAccepted)
    #expect(state.last.millis == edge.millis)
    #expect(ClockState.maxSkew == 7_200_000)
  }

  @Test("a change ticks past the clock of the value it replaces, even from a slow wall clock")
  func tickPastReplaced() {
    var state = ClockState(device: "me")
    let replaced = HLC(millis: 1_750_000_000_000 + 30 * 86_400_000, counter: 7, device: "them")
    let mine = state.tick(now: base, after: replaced)
    #expect(mine > replaced)
    #expect(mine == HLC(millis: replaced.millis, counter: 8, device: "me"))
    #expect(state.tick(now: base) > mine)
    #expect(state.wallBehind(now: base).map { $0 > 29 * 86_400_000 } == true)
  }

  @Test("a wall clock that goes back is noticed; one in step is not")
  func wallBehind() {
    var state = ClockState(device: "me")
    _ = state.tick(now: base)
    #expect(state.wallBehind(now: base) == nil)
    #expect(state.wallBehind(now: base.addingTimeInterval(-3 * 3_600)) != nil)
    #expect(state.wallBehind(now: base.addingTimeInterval(-3_600)) == nil)
  }
}
