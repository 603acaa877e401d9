import Foundation
import StartWellCore

/// Timings of one piece of work, in milliseconds (or megabytes for memory).
struct Samples: Codable {
  var values: [Double] = []

  mutating func time<T>(_ body: () throws -> T) rethrows -> T {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = try body()
    values.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
    return result
  }

  func percentile(_ p: Double) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    let index = min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded(.up)))
    return sorted[index]
  }

  var median: Double { percentile(0.5) }
  var p99: Double { percentile(0.99) }
  var max: Double { values.max() ?? .nan }
}

/// What one row measured: the product's figure and, in the same run on the
/// same data, the floor (the same work with nothing above SQLite or the
/// file system).
struct Figure {
  var samples: Samples
  var floor: Samples?
  /// Why a row has no floor, when it has none.
  var noFloor: String?
  /// What was measured on, for people ("218-entry chronology").
  var note: String?
}

/// One benchmark row. Adding a measurement is adding one of these to `BenchRow.all`.
struct BenchRow: Sendable {
  enum Unit: String, Sendable { case ms, mb = "MB" }

  let name: String
  /// What it measures, in the SPEC's words.
  let what: String
  /// The p99 (or, for memory, the peak) must be under this.
  let target: Double
  var unit: Unit = .ms
  let measure: @Sendable (BenchRun) throws -> Figure
}

/// A row's result, as the table and the JSON report it.
struct RowResult: Encodable {
  struct Floor: Encodable {
    var median: Double
    var p99: Double
    var max: Double
  }

  var name: String
  var what: String
  var unit: String
  var runs: Int
  var median: Double
  var p99: Double
  var max: Double
  var target: Double
  var floor: Floor?
  var noFloor: Bool?
  var noFloorReason: String?
  /// Median of the figure over median of the floor.
  var ratio: Double?
  var targetMet: Bool
  var ratioMet: Bool
  /// The target met, and the figure within `maxRatio` of its floor.
  var pass: Bool
  var note: String?
  /// For a store row: where its floor's time went, by statement.
  var slowestStatements: [BenchRun.Statement]?

  static let maxRatio = 3.0

  init(_ row: BenchRow, _ figure: Figure, slowest: [BenchRun.Statement] = []) {
    name = row.name
    what = row.what
    unit = row.unit.rawValue
    runs = figure.samples.values.count
    median = figure.samples.median
    p99 = figure.samples.p99
    max = figure.samples.max
    target = row.target
    targetMet = p99 < row.target
    if let floor = figure.floor {
      self.floor = Floor(median: floor.median, p99: floor.p99, max: floor.max)
      ratio = floor.median > 0 ? median / floor.median : nil
      ratioMet = (ratio ?? .infinity) <= Self.maxRatio
    } else {
      noFloor = true
      noFloorReason = figure.noFloor
      ratioMet = true
    }
    pass = targetMet && ratioMet
    note = figure.note
    slowestStatements = slowest.isEmpty ? nil : slowest
  }
}

/// Peak resident set size of this process, from the kernel's accounting (Linux).
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
    let url = URL(fileURLWithPath: directory).appendingPathComponent(name)
    guard let data = try? Data(contentsOf: url) else {
      throw BenchError("cannot read \(url.path); run from the project folder or pass --config DIR")
    }
    files[name] = data
  }
  return try ConfigurationParser.parse(files: files)
}

struct BenchError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// Progress for people, on standard error, so standard output stays the report.
func note(_ line: String) { FileHandle.standardError.write(Data("\(line)\n".utf8)) }

func grouped(_ n: Int) -> String {
  let digits = String(n)
  var out = ""
  for (i, ch) in digits.enumerated() {
    if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
    out.append(ch)
  }
  return out
}
