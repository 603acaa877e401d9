import Foundation
import StartWellCore
import StartWellStore

extension StoreRows {
  /// A year's common metrics report for the whole partnership, as an admin
  /// runs `startwell report`: every metric of every section, the net by
  /// rule among them.
  static let reportYear = BenchRow(
    name: "report-year", what: "the metrics report for a year, whole partnership", target: 2_000
  ) { run in
    let (store, floor, _) = try run.working()
    try ReportFloor.install(on: floor, store: store, config: run.config)
    let admin = try run.user("admin")
    let today = store.today
    let request = ReportRequest(from: today.adding(days: -365), to: today.adding(days: -1))
    var metrics = 0
    let work: [() throws -> Void] = (0..<5).map { _ in
      { metrics = try store.report(request, for: admin).metrics.count }
    }
    let (product, floorSamples) = try run.compare(work)
    return Figure(
      samples: product, floor: floorSamples,
      note:
        "\(metrics) metrics, \(request.from) to \(request.to), as admin; floor one statement after another")
  }
}

/// The report's SQL functions on the floor's connection: the store's own
/// (`ReportFunctions`), on the store's clock.
enum ReportFloor {
  static func install(on floor: RawDatabase, store: Store, config: Configuration) throws {
    try floor.withHandle { db in
      guard let db else { throw BenchError("the floor has no connection") }
      try ReportFunctions.register(on: db, zone: store.zone, config: config)
    }
  }
}
