import Foundation
import GRDB
import StartWellCore

/// SQL functions the report's queries call, registered on the connection
/// that runs them, so that a day on the terminal's clock and a triage due
/// day are worked out by the product's own rules, not a copy in SQL.
enum ReportFunctions {
  static func install(_ db: Database, zone: DisplayZone, config: StartWellCore.Configuration) {
    // `report_day(timestamp)`: the day a stored instant falls on here.
    db.add(
      function: DatabaseFunction("report_day", argumentCount: 1, pure: true) { values in
        guard let text = String.fromDatabaseValue(values[0]), let date = Timestamp.parse(text) else {
          return nil
        }
        return zone.day(date).description
      })
    // `report_triage_due(kind, received_at)`: the notification's due day (`Notification.triageDue`).
    db.add(
      function: DatabaseFunction("report_triage_due", argumentCount: 2, pure: true) { values in
        guard let kind = String.fromDatabaseValue(values[0]).flatMap(NotificationKind.init(rawValue:)),
          let text = String.fromDatabaseValue(values[1]), let date = Timestamp.parse(text)
        else { return nil }
        return Notification.triageDue(kind: kind, receivedOn: zone.day(date), config).description
      })
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
