import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
do {
  switch arguments.first {
  case "demo": try DemoBenchmark.run(Array(arguments.dropFirst()))
  case "store": try StoreBenchmark.run(Array(arguments.dropFirst()))
  case "sync": try SyncBenchmark.run(Array(arguments.dropFirst()))
  case "sync-join": try SyncBenchmark.joinChild(Array(arguments.dropFirst()))
  case "start": try StartBenchmark.run(Array(arguments.dropFirst()))
  default:
    print(
      """
      usage: startwell-bench demo --families N --data-dir DIR [--seed S] [--config DIR]
             startwell-bench store --data-dir DIR [--as USER] [--config DIR]
             startwell-bench sync [--families N] [--snapshot-families N] [--only PART] [--config DIR]
             startwell-bench start --data-dir DIR [--as USER] [--bin PATH] [--runs N]
      """)
  }
} catch {
  FileHandle.standardError.write(Data("startwell-bench: \(error)\n".utf8))
  exit(1)
}
