import Foundation
import StartWellCore
import StartWellStore

/// `startwell-bench demo --families N --data-dir DIR [--seed S] [--config DIR]`:
/// loads demo data into a new store and reports the time and the database size.
enum DemoBenchmark {
  static func run(_ arguments: [String]) throws {
    var families = 2_000
    var seed: UInt64 = 1
    var dataDir: String?
    var configDir = "Config"
    var i = 0
    func value() throws -> String {
      i += 1
      guard i < arguments.count else { throw BenchError("\(arguments[i - 1]) needs a value") }
      return arguments[i]
    }
    while i < arguments.count {
      switch arguments[i] {
      case "--families": families = Int(try value()) ?? families
      case "--seed": seed = UInt64(try value()) ?? seed
      case "--data-dir": dataDir = try value()
      case "--config": configDir = try value()
      default: throw BenchError("unknown option \(arguments[i])")
      }
      i += 1
    }
    guard let dataDir else { throw BenchError("--data-dir is required") }
    let config = try loadConfiguration(configDir)
    let directory = URL(fileURLWithPath: dataDir)
    let store = try Store.open(directory: directory, config: config)
    let summary = try DemoData.load(into: store, families: families, seed: seed) { line in
      FileHandle.standardError.write(Data("  \(line)\n".utf8))
    }
    let file = directory.appendingPathComponent(Store.fileName).path
    let size = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value ?? 0
    print(
      "demo: \(summary.families) families, \(summary.people) people, \(summary.contacts) contacts, "
        + "\(summary.users.count) users in \(String(format: "%.1f", summary.elapsed)) s; "
        + "database \(String(format: "%.1f", Double(size) / 1_048_576)) MiB")
  }
}

struct BenchError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
