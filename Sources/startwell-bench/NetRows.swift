import Foundation
import StartWellCore
import StartWellStore

extension StoreRows {
  /// The supervisor's net for one hub: every rule's query over the hub's
  /// families, as `startwell net --hub` and the net screen run it.
  static let netHub = BenchRow(
    name: "net-hub", what: "the net for one hub, every rule", target: 1_000
  ) { run in
    let store = try run.working().store
    let user = try run.user("supervisor1")
    let hub = user.hubs.first ?? run.config.hubs[0].id
    var children = 0
    let work: [() throws -> Void] = (0..<5).map { _ in
      { children = try store.net(for: user, hub: hub).count }
    }
    let (product, floor) = try run.compare(work)
    return Figure(
      samples: product, floor: floor, note: "\(grouped(children)) children in \(hub) as supervisor1")
  }
}
