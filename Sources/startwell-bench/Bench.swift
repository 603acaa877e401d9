import Foundation

/// One run: the machine line, the dataset, every row beside its floor.
enum Bench {
  static let rows: [BenchRow] = StoreRows.all + ProcessRows.all + SyncRows.all + SignedRows.all

  struct Report: Encodable {
    var machine: Machine
    var dataset: Dataset.Description
    var rows: [RowResult]
    var pass: Bool
  }

  static func run(_ options: BenchOptions) throws {
    let machine = Machine.current()
    if !options.json { print(machine.line) }
    let config = try loadConfiguration(options.configDir)
    let environment = ProcessInfo.processInfo.environment
    let dataset = try Dataset.prepare(families: options.families, config: config, environment: environment)
    let before = try dataset.describe()
    if !options.json { print(datasetLine(options, before)) }
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
      "startwell-bench-\(getpid())", isDirectory: true)
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let run = BenchRun(config: config, configDir: options.configDir, dataset: dataset, scratch: scratch)
    var results: [RowResult] = []
    if !options.json { print(Table.header) }
    for row in rows where options.only?.contains(row.name) ?? true {
      note("running \(row.name)")
      let figure = try row.measure(run)
      let result = RowResult(row, figure, slowest: run.takeSlowest())
      results.append(result)
      if !options.json { print(Table.line(result)) }
    }
    // The cached dataset is read again: no row may have changed it.
    let after = try dataset.describe()
    guard after.hash == before.hash else {
      throw BenchError("the cached dataset changed during the run (\(before.hash) → \(after.hash))")
    }
    let pass = results.allSatisfy(\.pass)
    if options.json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      encoder.nonConformingFloatEncodingStrategy = .convertToString(
        positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
      let report = Report(machine: machine, dataset: before, rows: results, pass: pass)
      print(String(decoding: try encoder.encode(report), as: UTF8.self))
    } else {
      for result in results {
        if let note = result.note { print("  \(result.name): \(note)") }
        for statement in result.slowestStatements ?? [] {
          print(String(format: "      %3.0f%%  ", statement.share * 100) + statement.sql.prefix(150))
        }
      }
      print(
        pass
          ? "every row passed" : "failed: " + results.filter { !$0.pass }.map(\.name).joined(separator: ", "))
    }
  }

  static func datasetLine(_ options: BenchOptions, _ d: Dataset.Description) -> String {
    let main = ["family", "person", "contact", "cases", "escalation", "referral"]
      .map { "\(grouped(d.rows[$0] ?? 0)) \($0)" }.joined(separator: ", ")
    return "dataset: \(options.scaleName) — \(main); \(grouped(d.rows.values.reduce(0, +))) rows in all; "
      + "hash \(d.hash.prefix(16))"
  }
}

/// The table for people.
enum Table {
  static let header =
    "row                 median      p99      max   target     floor p99   ratio   result\n"
    + String(repeating: "-", count: 86)

  static func line(_ r: RowResult) -> String {
    func f(_ v: Double) -> String { String(format: v < 10 ? "%.2f" : v < 1000 ? "%.1f" : "%.0f", v) }
    let floor = r.floor.map { "\(f($0.p99)) \(r.unit)" } ?? "none"
    let ratio = r.ratio.map { String(format: "%.2fx", $0) } ?? "-"
    let verdict = r.pass ? "PASS" : !r.targetMet ? "MISS (target)" : "MISS (ratio)"
    return r.name.padding(toLength: 16, withPad: " ", startingAt: 0)
      + [f(r.median), f(r.p99), f(r.max), "< " + f(r.target)].map { $0.leftPad(9) }.joined()
      + " \(r.unit)" + floor.leftPad(13) + ratio.leftPad(8) + "   " + verdict
  }
}

extension String {
  func leftPad(_ width: Int) -> String {
    count >= width ? " " + self : String(repeating: " ", count: width - count) + self
  }
}

/// What the figures were measured on.
struct Machine: Encodable {
  var cpu: String
  var cores: Int
  var load: String
  var sqlite: String
  var memoryMB: Int

  static func current() -> Machine {
    let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let model =
      cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
      .flatMap { $0.split(separator: ":", maxSplits: 1).last }
      .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
    let load = ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "")
      .split(separator: " ").prefix(3).joined(separator: " ")
    return Machine(
      cpu: model, cores: ProcessInfo.processInfo.activeProcessorCount, load: load,
      sqlite: RawDatabase.version,
      memoryMB: Int(ProcessInfo.processInfo.physicalMemory / 1_048_576))
  }

  var line: String {
    "machine: \(cpu), \(cores) cores, \(grouped(memoryMB)) MB, load \(load), SQLite \(sqlite)"
  }
}
