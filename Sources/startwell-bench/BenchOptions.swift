import Foundation

/// `startwell-bench [--scale borough|stress|N] [--only NAME[,NAME]] [--json] [--config DIR]`
struct BenchOptions {
  var families = Scale.borough
  var scaleName = "borough"
  var only: Set<String>?
  var json = false
  var configDir = "Config"
  var help = false

  enum Scale {
    static let borough = 20_000
    static let stress = 100_000
  }

  static let usage = """
    usage: startwell-bench [--scale borough|stress|N] [--only NAME[,NAME...]] [--json] [--config DIR]

      --scale   borough (20,000 families, the default), stress (100,000) or a number of families
      --only    run just these rows: \(Bench.rows.map(\.name).joined(separator: ", "))
      --json    print one JSON object (machine, dataset, rows) instead of the table
      --config  the configuration folder (default: Config)

    The dataset is made once per scale by the demo generator and kept in
    $STARTWELL_BENCH_CACHE (default ~/.cache/startwell-bench); no row changes it.
    """

  static func parse(_ arguments: [String]) throws -> BenchOptions {
    var options = BenchOptions()
    var i = 0
    func value() throws -> String {
      i += 1
      guard i < arguments.count, !arguments[i].hasPrefix("--") else {
        throw BenchError("\(arguments[i - 1]) needs a value; see --help")
      }
      return arguments[i]
    }
    while i < arguments.count {
      switch arguments[i] {
      case "--scale":
        let scale = try value()
        switch scale {
        case "borough": options.families = Scale.borough
        case "stress": options.families = Scale.stress
        default:
          guard let n = Int(scale), (1...1_000_000).contains(n) else {
            throw BenchError("--scale takes borough, stress or a number of families from 1 to 1,000,000")
          }
          options.families = n
        }
        options.scaleName = scale
      case "--only":
        let names = Set(try value().split(separator: ",").map(String.init))
        let unknown = names.subtracting(Bench.rows.map(\.name))
        guard unknown.isEmpty else {
          throw BenchError(
            "no row named \(unknown.sorted().joined(separator: ", ")); the rows are "
              + Bench.rows.map(\.name).joined(separator: ", "))
        }
        options.only = names
      case "--json": options.json = true
      case "--config": options.configDir = try value()
      case "--help", "-h": options.help = true
      default: throw BenchError("unknown option \(arguments[i]); see --help")
      }
      i += 1
    }
    return options
  }
}
