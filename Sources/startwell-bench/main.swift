import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
do {
  switch arguments.first {
  // Children of a run, each timed or measured as a process of its own.
  case "noop": break
  case "browse": try ProcessRows.browse(Array(arguments.dropFirst()))
  case "sync-join": try SyncRows.joinChild(Array(arguments.dropFirst()))
  default:
    let options = try BenchOptions.parse(arguments)
    if options.help {
      print(BenchOptions.usage)
    } else {
      try Bench.run(options)
    }
  }
} catch {
  FileHandle.standardError.write(Data("startwell-bench: \(error)\n".utf8))
  exit(2)
}
