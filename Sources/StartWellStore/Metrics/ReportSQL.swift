import Foundation
import StartWellCore

/// The pieces every metric's query shares: the range as days and as
/// instants, and the scope as a condition on a family or a hub column.
///
/// Everything written into SQL here is a date, an instant or an id from
/// the configuration (checked by the parser to be `a-z`, `0-9` and `-`),
/// never text a person typed; a scope's hub or SDF is matched against the
/// configuration before it gets here.
struct ReportSQL: Sendable {
  let from: LocalDate
  let to: LocalDate
  /// The store's today, for "due no later than today" and the net.
  let today: LocalDate
  /// The first instant of `from` and of the day after `to` on the
  /// terminal's clock, as stored timestamps are written: a timestamp
  /// column is in the range when `start <= t < end`.
  let start: String
  let end: String
  /// The store's clock now, for work whose target has passed.
  let now: String
  let hubs: [String]
  let sdf: String?
  let config: StartWellCore.Configuration

  init(
    from: LocalDate, to: LocalDate, today: LocalDate, now: Date, zone: DisplayZone, scope: ReportScope,
    config: StartWellCore.Configuration
  ) {
    self.from = from
    self.to = to
    self.today = today
    self.start = Timestamp.format(Self.firstInstant(of: from, zone: zone))
    self.end = Timestamp.format(Self.firstInstant(of: to.adding(days: 1), zone: zone))
    self.now = Timestamp.format(now)
    self.hubs = scope.hubs
    self.sdf = scope.kind == .sdf ? scope.id : nil
    self.config = config
  }

  /// Midnight of `day` in `zone` (the first, if the clocks went back over it).
  static func firstInstant(of day: LocalDate, zone: DisplayZone) -> Date {
    switch zone.read("\(day) 00:00") {
    case .exact(let date)?: return date
    case .ambiguous(let earlier, _)?: return earlier
    case .skipped?, nil: return day.startOfDay
    }
  }

  static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

  static func list(_ values: [String]) -> String {
    values.isEmpty ? "''" : values.map(quoted).joined(separator: ", ")
  }

  /// A family in scope: not deleted, a real family (with a reference), of
  /// one of the scope's hubs and, for an SDF, of that SDF. `withReference`
  /// false leaves the reference untested, for a read that serves the
  /// impact section too (`TermWalk`), which counts every family.
  func family(_ f: String = "f", withReference: Bool = true) -> String {
    family(f, withReference: withReference, hub: "\(f).hub_id")
  }

  /// The family in scope of a record read first, found by the record's
  /// `familyID` column: `CROSS JOIN family f ... ON f.id = <column> AND ...`.
  ///
  /// With more than one hub in scope the hub is tested on the family found,
  /// not searched for (`+`): given a plain `IN`, SQLite searched the family
  /// by its id and each hub in turn, which for the whole partnership was
  /// five searches of a text index per record and half the instructions
  /// of the read. One hub stays a single search of `family_scope` by id
  /// and hub, which a hub's or an SDF's report reads fastest.
  ///
  /// The family is always read from `family_scope`, which holds every
  /// column tested and read: left to choose with several hubs in scope,
  /// SQLite found it by its id in the table's own key and then read the
  /// table's row, a second search per record (a fifth of the new cases'
  /// read at stress scale).
  func familyOf(_ familyID: String) -> String {
    let hub = hubs.count > 1 ? "+f.hub_id" : "f.hub_id"
    return "CROSS JOIN family f INDEXED BY family_scope ON f.id = \(familyID) AND "
      + family("f", withReference: true, hub: hub)
  }

  private func family(_ f: String, withReference: Bool, hub: String) -> String {
    "\(f).deleted = 0\(withReference ? " AND \(f).reference <> ''" : "") AND \(hub) IN (\(Self.list(hubs)))"
      + (sdf.map { " AND \(f).sdf_id = \(Self.quoted($0))" } ?? "")
  }

  /// A huddle in scope, by its own hub and SDF.
  func huddle(_ h: String = "h") -> String {
    "\(h).deleted = 0 AND \(h).hub_id IN (\(Self.list(hubs)))"
      + (sdf.map { " AND \(h).sdf_id = \(Self.quoted($0))" } ?? "")
  }

  /// A notification in scope: received for one of the scope's hubs and,
  /// for an SDF, triaged onto a family of that SDF (a notification is
  /// received for a hub, not an SDF).
  func notification(_ n: String = "n") -> String {
    var sql = "\(n).deleted = 0 AND \(n).hub_id IN (\(Self.list(hubs)))"
    if let sdf {
      sql += """
         AND EXISTS (SELECT 1 FROM person np JOIN family nf ON nf.id = np.family_id
          WHERE np.id = \(n).person_id AND nf.sdf_id = \(Self.quoted(sdf)))
        """
    }
    return sql
  }

  /// A timestamp column in the range.
  func instantInRange(_ column: String) -> String {
    "\(column) >= \(Self.quoted(start)) AND \(column) < \(Self.quoted(end))"
  }

  /// A `YYYY-MM-DD` column in the range.
  func dayInRange(_ column: String) -> String {
    "\(column) BETWEEN '\(from)' AND '\(to)'"
  }

  /// The cases open on some day of the range, of the families in scope:
  /// read family by family, from `cases_report` alone.
  func openCases() -> String {
    "family f INDEXED BY family_scope CROSS JOIN cases c INDEXED BY cases_report ON c.family_id = f.id "
      + "WHERE \(family()) AND \(caseOpenInRange())"
  }

  /// Cases open on some day of the range: opened by its end and not
  /// closed before its start.
  func caseOpenInRange(_ c: String = "c") -> String {
    "\(c).deleted = 0 AND \(c).opened_on <> '' AND \(c).opened_on <= '\(to)' "
      + "AND (\(c).closed_on IS NULL OR \(c).closed_on = '' OR \(c).closed_on >= '\(from)')"
  }
}
