import Foundation
import GRDBSQLite
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
    try ReportFloor.install(on: floor, config: run.config)
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

/// The report's SQL functions on the floor's connection: the same rules
/// (`Notification.triageDue`, the day of an instant on the store's clock,
/// UTC as the bench opens it), called through the C API.
enum ReportFloor {
  nonisolated(unsafe) static var config: Configuration?

  static func install(on floor: RawDatabase, config: Configuration) throws {
    Self.config = config
    let flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC
    try floor.withHandle { db in
      guard sqlite3_create_function_v2(db, "report_day", 1, flags, nil, day, nil, nil, nil) == SQLITE_OK,
        sqlite3_create_function_v2(db, "report_triage_due", 2, flags, nil, triageDue, nil, nil, nil)
          == SQLITE_OK
      else { throw BenchError("cannot register the report's functions on the floor") }
    }
  }

  static func text(_ value: OpaquePointer?) -> String? {
    sqlite3_value_text(value).map { String(cString: $0) }
  }

  static func result(_ context: OpaquePointer?, _ text: String?) {
    guard let text else { return sqlite3_result_null(context) }
    sqlite3_result_text(context, text, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
  }

  static let day: @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = {
    context, _, values in
    let date = ReportFloor.text(values?[0]).flatMap(Timestamp.parse)
    ReportFloor.result(context, date.map { DisplayZone.utc.day($0).description })
  }

  static let triageDue:
    @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = {
      context, _, values in
      guard let config = ReportFloor.config,
        let kind = ReportFloor.text(values?[0]).flatMap(NotificationKind.init(rawValue:)),
        let date = ReportFloor.text(values?[1]).flatMap(Timestamp.parse)
      else { return ReportFloor.result(context, nil) }
      ReportFloor.result(
        context,
        StartWellStore.Notification.triageDue(kind: kind, receivedOn: DisplayZone.utc.day(date), config)
          .description)
    }
}
