import Foundation
import GRDB
import GRDBSQLite
import StartWellCore

/// SQL functions the report's queries call, registered on the connection
/// that runs them, so that a day on the terminal's clock and a triage due
/// day are worked out by the product's own rules, not a copy in SQL.
///
/// They are called for hundreds of thousands of records in a year's
/// report, so they are registered through SQLite's C interface: each call
/// reads its text where SQLite holds it, and the zone's offset is looked
/// up once a day (`DisplayZone.DayReader`). Through GRDB's wrapper, which
/// copies each argument into an array of values, they were a sixth of the
/// report.
public enum ReportFunctions {
  static func install(_ db: Database, zone: DisplayZone, config: StartWellCore.Configuration) throws {
    guard let connection = db.sqliteConnection else { return }
    try register(on: connection, zone: zone, config: config)
  }

  /// Registers the functions on a connection opened without GRDB (the
  /// benchmark's floor), so it runs the very code the store's readers run.
  public static func register(
    on connection: OpaquePointer, zone: DisplayZone, config: StartWellCore.Configuration
  ) throws {
    let days = ReportDays(zone: zone, config: config)
    let functions: [(String, Int32, ReportDays.Function)] = [
      // `report_day(timestamp)`: the day a stored instant falls on here.
      ("report_day", 1, ReportDays.day),
      // `report_triage_due(kind, received_at)`: the notification's due day (`Notification.triageDue`).
      ("report_triage_due", 2, ReportDays.triageDue),
    ]
    for (name, count, function) in functions {
      // Each registration holds the state once; SQLite lets it go when the
      // function is registered again or the connection closes, and at once
      // if the registration fails.
      let state = Unmanaged.passRetained(days).toOpaque()
      let code = sqlite3_create_function_v2(
        connection, name, count, SQLITE_UTF8 | SQLITE_DETERMINISTIC, state, function, nil, nil,
        ReportDays.release)
      guard code == SQLITE_OK else {
        throw DatabaseError(
          resultCode: ResultCode(rawValue: code), message: "the report's function \(name) was not registered")
      }
    }
  }
}

/// What the report's functions read from: the zone's days and the
/// configuration. One connection's calls come one at a time.
final class ReportDays {
  typealias Function = @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void

  private var reader: DisplayZone.DayReader
  private let config: StartWellCore.Configuration

  init(zone: DisplayZone, config: StartWellCore.Configuration) {
    reader = DisplayZone.DayReader(zone)
    self.config = config
  }

  /// The day here of a stored instant, nil for null or text that is not one.
  private func day(_ value: OpaquePointer?) -> LocalDate? {
    guard let bytes = Self.text(value) else { return nil }
    return Timestamp.parse(bytes: bytes).map { reader.day($0) }
  }

  /// A value's text where SQLite holds it, up to any NUL, as GRDB reads
  /// text; nil for null.
  private static func text(_ value: OpaquePointer?) -> UnsafeBufferPointer<UInt8>? {
    guard let start = sqlite3_value_text(value) else { return nil }
    let bytes = UnsafeBufferPointer(start: start, count: Int(sqlite3_value_bytes(value)))
    return bytes.firstIndex(of: 0).map { UnsafeBufferPointer(rebasing: bytes[..<$0]) } ?? bytes
  }

  private static func state(_ context: OpaquePointer?) -> ReportDays {
    Unmanaged<ReportDays>.fromOpaque(sqlite3_user_data(context)).takeUnretainedValue()
  }

  private static func result(_ context: OpaquePointer?, _ day: LocalDate?) {
    guard let day else { return sqlite3_result_null(context) }
    var text = day.description
    text.withUTF8 {
      sqlite3_result_text(
        context, UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), Int32($0.count),
        unsafeBitCast(-1, to: sqlite3_destructor_type.self))
    }
  }

  static let day: Function = { context, _, values in
    result(context, state(context).day(values?[0]))
  }

  static let triageDue: Function = { context, _, values in
    let days = state(context)
    guard let text = text(values?[0]),
      let kind = NotificationKind(rawValue: String(decoding: text, as: UTF8.self)),
      let received = days.day(values?[1])
    else { return result(context, nil) }
    result(context, days.triageDue(kind, received))
  }

  /// The last due day worked out: a notification's row asks for it twice
  /// (whether it was triaged in time, and whether it counts yet).
  private var lastDue: (kind: NotificationKind, received: LocalDate, due: LocalDate)?

  private func triageDue(_ kind: NotificationKind, _ received: LocalDate) -> LocalDate {
    if let lastDue, lastDue.kind == kind, lastDue.received == received { return lastDue.due }
    let due = Notification.triageDue(kind: kind, receivedOn: received, config)
    lastDue = (kind, received, due)
    return due
  }

  static let release: @convention(c) (UnsafeMutableRawPointer?) -> Void = { state in
    guard let state else { return }
    Unmanaged<ReportDays>.fromOpaque(state).release()
  }
}

/// One base row's columns (see `MetricQuery`), named in order.
struct BaseColumns {
  var id: String
  var reference: String = "NULL"
  var family: String = "f.reference"
  var familyID: String = "f.rowid"
  var child: String = "NULL"
  var hub: String = "f.hub_id"
  var key: String = "NULL"
  var day: String
  var hit: String = "1"
  var counted: String = "1"
  var amount: String = "NULL"

  var sql: String {
    """
    SELECT \(id) AS id, \(reference) AS reference, \(family) AS family, \(familyID) AS family_id,
      \(child) AS child_id, \(hub) AS hub, \(key) AS key, \(day) AS day, \(hit) AS hit, \(counted) AS counted,
      \(amount) AS amount
    """
  }
}
