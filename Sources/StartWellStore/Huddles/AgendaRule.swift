import GRDB
import StartWellCore

/// One reason a family is on a huddle's agenda: an id, a title for people,
/// and how to find the families it names with the facts.
///
/// Every rule lives in `AgendaRule.all`; a later issue adds a reason by
/// adding one entry there, and the agenda, `huddle agenda` and the items a
/// huddle starts with pick it up from that list.
public struct AgendaRule: Sendable {
  public let id: String
  public let title: String
  /// Whether the rule reads the net (`AgendaQuery.net`): such a rule runs
  /// once the net is read; the others run side by side with the net's reads.
  var readsNet = false
  /// The families the rule puts on the agenda, each with its facts.
  let hits: @Sendable (AgendaQuery, Database) throws -> [AgendaHit]
}

/// One family a rule found, with the day its fact dates from and the fact
/// as a sentence.
struct AgendaHit {
  var familyID: String
  var since: LocalDate?
  var facts: String
}

/// What every rule's query shares: which families are on an agenda at all,
/// the huddle's day, and the last closed huddle of the SDF before it.
struct AgendaQuery {
  /// A condition on `family f`: live, with an open case, visible to the
  /// user, of the SDF (or hub) asked for. Each rule uses it once, so
  /// `arguments` bind it; everything else is dates and constants computed
  /// here, never text a person typed.
  var family: String
  var arguments: StatementArguments
  var date: LocalDate
  var thresholds: Thresholds
  /// The day of the SDF's last closed huddle before `date`; nil when none.
  var lastHuddle: LocalDate?
  var hub: String
  var sdf: String?
  /// The net for the same families (only the facts that entered it since
  /// the last huddle); empty for the rules that do not read it.
  var net: [NetRow]

  /// A day `days` before the huddle, as stored dates are written.
  func daysBefore(_ days: Int) -> String { "'\(date.adding(days: -days).description)'" }

  /// Runs a rule's SQL, which returns `family_id`, `since` (a day or null)
  /// and `detail`, and makes each row a hit with `facts`.
  ///
  /// Hits come back in one order whatever order the rows came in (which
  /// differs between terminals), so a family's reasons read the same everywhere.
  func fetch(_ db: Database, _ sql: String, facts: (Row) -> String) throws -> [AgendaHit] {
    try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
      AgendaHit(
        familyID: row["family_id"], since: (row["since"] as String?).flatMap(LocalDate.init),
        facts: facts(row))
    }.sorted {
      ($0.familyID, $0.since?.description ?? "", $0.facts) < (
        $1.familyID, $1.since?.description ?? "", $1.facts
      )
    }
  }
}
