import Foundation
import StartWellStore

let arguments = Array(CommandLine.arguments.dropFirst())
do {
  switch arguments.first {
  // Children of a run, each timed or measured as a process of its own.
  case "noop": break
  // A process that does nothing but check a password against a stored hash.
  case "check-password":
    guard arguments.count == 3, PasswordHash.verify(arguments[1], against: arguments[2]) else {
      throw BenchError("check-password PASSWORD HASH: the password does not match")
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
