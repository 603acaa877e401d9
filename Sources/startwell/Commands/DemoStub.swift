// TEMPORARY: stands in for StartWellStore's DemoData until it lands; delete then.
import Foundation
import StartWellCore
import StartWellStore

struct DemoSummary {
  var users: [(username: String, role: Role, hubs: [String])]
  var families: Int
  var people: Int
  var contacts: Int
  var elapsed: TimeInterval
}

enum DemoData {
  static func load(into store: Store, families: Int, seed: UInt64, progress: ((String) -> Void)?) throws
    -> DemoSummary
  {
    throw CLIError("demo data is not available in this build yet")
  }
}
