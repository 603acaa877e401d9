import Foundation
import StartWellCore

/// Timings of one benchmark, reported as median, p99 and max in milliseconds.
struct Samples {
  var name: String
  var millis: [Double] = []

  mutating func time<T>(_ body: () throws -> T) rethrows -> T {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = try body()
    millis.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
    return result
  }

  func percentile(_ p: Double) -> Double {
    guard !millis.isEmpty else { return .nan }
    let sorted = millis.sorted()
    let index = min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded(.up)))
    return sorted[index]
  }

  func report(target: Double? = nil) -> String {
    var line = String(
      format: "%-44@ n=%5d  median %7.2f ms  p99 %7.2f ms  max %7.2f ms", name as NSString, millis.count,
      percentile(0.5), percentile(0.99), millis.max() ?? .nan)
    if let target {
      line += String(
        format: "  target p99 < %.0f ms: %@", target, percentile(0.99) < target ? "PASS" : "MISS")
    }
    return line
  }
}

/// Peak resident set size of this process, from /proc (Linux).
func peakRSSMegabytes() -> Double {
  guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return .nan }
  for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
    let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? .nan
    return kb / 1024
  }
  return .nan
}

func loadConfiguration(_ directory: String) throws -> Configuration {
  var files: [String: Data] = [:]
  for name in Configuration.fileNames {
    files[name] = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(name))
  }
  return try ConfigurationParser.parse(files: files)
}
