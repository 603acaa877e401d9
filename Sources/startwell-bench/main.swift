import Foundation
import StartWellStore

let arguments = Array(CommandLine.arguments.dropFirst())
do {
  switch arguments.first {
  // Children of a run, each timed or measured as a process of its own.
  case "noop": break
  // A process that does nothing but unwrap a stored key with a password (a login's floor).
  case "check-password":
    guard arguments.count == 3, WrappedKey.open(arguments[2], password: arguments[1]) != nil else {
      throw BenchError("check-password PASSWORD WRAPPED-KEY: the password does not open the key")
    }
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
