import Foundation
import StartWellCore
import StartWellStore

extension StoreRows {
  /// A huddle lead's agenda for one SDF: every agenda rule over the SDF's
  /// families, the net among them, as `startwell huddle agenda` runs it.
  static let agenda = BenchRow(
    name: "agenda", what: "the huddle agenda for one SDF, every rule", target: 200
  ) { run in
    let store = try run.working().store
    let user = try run.user("lead1")
    let hub = user.hubs.first ?? run.config.hubs[0].id
    guard let sdf = run.config.hub(hub)?.sdfs.first?.id else { throw BenchError("hub \(hub) has no SDF") }
    var families = 0
    let work: [() throws -> Void] = (0..<5).map { _ in
      { families = try store.agenda(sdf: sdf, for: user).count }
    }
    let (product, floor) = try run.compare(work)
    return Figure(
      samples: product, floor: floor, note: "\(grouped(families)) families on \(sdf)'s agenda as lead1")
  }
}
