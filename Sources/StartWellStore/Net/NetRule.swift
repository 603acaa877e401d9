import GRDB
import StartWellCore

/// One way a child can slip through the net: an id for `--rule`, a title
/// for people, and the one SQL query that finds the children it names.
///
/// Every rule lives in `NetRule.all`; a later issue adds a rule by adding
/// one entry there, and the store query, the command and its validation
/// pick it up from that list.
public struct NetRule: Sendable {
  public let id: String
  public let title: String
  /// The days from a hit's `since` to the day its child came into the net
  /// under the rule: the threshold the rule counts from its fact (a review
  /// is overdue the day after it fell due). The agenda's "new in the net"
  /// and the bounded reads (`NetSQL.enteredFrom`) both use it.
  let entryDelay: @Sendable (Thresholds) -> Int
  /// The query's `SELECT`: it must return the columns of `NetSQL.child`
  /// (through `NetSQL.childColumns`) plus `since`, the day (YYYY-MM-DD)
  /// its fact dates from, and `detail`, text the facts sentence quotes.
  let query: @Sendable (NetSQL) -> String
  /// The facts sentence for one hit, from its `since`, the whole days from
  /// then to today, its `detail`, and the configured thresholds.
  let facts: @Sendable (NetFact, Thresholds) -> String
  /// The kind of notification the rule's facts quote, for rules on
  /// notifications: a reader whose role does not see that kind
  /// (`intake.json`) is told the rule holds, not the notification.
  var notificationKind: NotificationKind? = nil
}

/// What a rule's facts sentence is built from.
struct NetFact {
  var since: LocalDate
  var days: Int
  var detail: String

  /// "1 day", "151 days": the facts are read by people, not parsed.
  var daysText: String { days == 1 ? "1 day" : "\(days) days" }
}

/// The pieces every rule's query shares, so each rule states only its own
/// condition: which families and children are in the net at all, and the
/// dates the thresholds turn into.
struct NetSQL {
  /// A condition on `family f`: not deleted, with an open case, visible to
  /// the user, and in the hub and SDF asked for. Each rule's query uses it
  /// exactly once, so `arguments` bind it; everything else a rule writes is
  /// dates and constants computed here, never text a person typed.
  var family: String
  var arguments: StatementArguments
  /// A condition on `person p`: a child under five, or expected.
  var child: String
  var today: LocalDate
  var thresholds: Thresholds
  /// Only facts that put the child in the net on or after this day (the
  /// agenda's "new in the net"); nil for the whole net.
  var enteredFrom: LocalDate? = nil
  /// How long a notification stays current (`Config/intake.json`).
  var intake: IntakeConfiguration = .none
  /// The role of the person reading the net, whose kinds of notification
  /// decide which facts they read in full; nil reads them all.
  var reader: Role? = nil

  /// A condition keeping a rule's hits to those that entered the net on or
  /// after `enteredFrom`: the rule's `since` (as `expression`) no earlier
  /// than that day less the rule's delay. Written into the rule's own
  /// WHERE, so the query reads only the recent range of its index.
  func enteredCondition(_ rule: String, _ expression: String) -> String {
    guard let enteredFrom else { return "" }
    let floor = enteredFrom.adding(days: -NetRule.entryDelay(rule, thresholds))
    return " AND \(expression) >= '\(floor)'"
  }

  /// The columns every rule returns about the child and its family.
  static let childColumns = """
    p.id AS child_id, p.reference AS child_reference, p.given_name, p.family_name AS child_family_name,
    p.date_of_birth, p.expected, f.id AS family_id, f.reference AS family_reference, f.name AS family_name,
    f.hub_id, f.sdf_id, (SELECT u.username FROM users u WHERE u.id = f.case_lead_id) AS lead,
    p.rowid AS child_row, f.rowid AS family_row
    """

  /// The day a referral was sent, as the `referral_sent` index holds it.
  static let referralSent = "substr(json_extract(r.status_dates, '$.sent'), 1, 10)"
  /// `referral r`, read through `referral_sent`: every rule on waiting
  /// referrals bounds the day sent, and a read by status alone parses the
  /// dates of every referral sent in the partnership.
  /// The waiting referrals, from their partial index, joined to their
  /// families after (CROSS JOIN keeps that order): left to itself the
  /// planner may walk the hub's families and scan the index once for each,
  /// which took ten seconds for one hub at 100,000 families.
  static let referralsBySent = "referral r INDEXED BY referral_sent CROSS JOIN family f ON f.id = r.family_id"

  /// What makes a development record below expected, each with the words
  /// the net's facts use: WellComm red, or a prime area below.
  static let belowAreas: [(name: String, test: @Sendable (String) -> String)] = [
    ("WellComm red", { "\($0).wellcomm = '\(WellCommBand.red.rawValue)'" }),
    ("communication below", { "\($0).communication = '\(EYFSRating.below.rawValue)'" }),
    ("physical below", { "\($0).physical = '\(EYFSRating.below.rawValue)'" }),
    (
      "personal, social and emotional below",
      { "\($0).personal_social_emotional = '\(EYFSRating.below.rawValue)'" }
    ),
  ]

  /// A condition that development record `d` is below expected.
  static func belowExpected(_ d: String) -> String {
    "(" + belowAreas.map { $0.test(d) }.joined(separator: " OR ") + ")"
  }

  /// `development d`, child `p`'s latest record: one step down the
  /// child's records by date in `development_latest`, then the record's
  /// row by its row id. Read from the index instead, SQLite stepped
  /// through all of the child's records and took that step again for
  /// each: the development rule takes 38% fewer instructions this way at
  /// stress scale.
  static let latestDevelopment = """
    development d ON d.person_id = p.id AND d.rowid = (
      SELECT d2.rowid FROM development d2 INDEXED BY development_latest
      WHERE d2.person_id = p.id AND d2.deleted = 0 ORDER BY d2.recorded_on DESC LIMIT 1)
    """

  /// The day the family's case is due a review: its next review, or the
  /// review period after its opening when it has no date.
  static func reviewDue(_ period: Int) -> String {
    "COALESCE(f.case_next_review, date(f.case_opened_on, '+\(period) days'))"
  }

  /// A condition that the family's case fell due a review before `before`
  /// (and on or after `from`, when given), written as ranges of the
  /// `family_review` indexes rather than on `reviewDue`'s expression.
  static func reviewDue(before: LocalDate, from: LocalDate? = nil, period: Int) -> String {
    let dated = ["f.case_next_review < '\(before)'"] + (from.map { ["f.case_next_review >= '\($0)'"] } ?? [])
    let undated =
      ["f.case_next_review IS NULL", "f.case_opened_on < '\(before.adding(days: -period))'"]
      + (from.map { ["f.case_opened_on >= '\($0.adding(days: -period))'"] } ?? [])
    return "(\(dated.joined(separator: " AND "))) OR (\(undated.joined(separator: " AND ")))"
  }

  /// `FROM family f JOIN person p` with the shared conditions, for rules
  /// whose fact belongs to the family and so to each of its children.
  var childrenOfFamilies: String {
    "family f JOIN person p ON p.family_id = f.id AND \(child)"
  }

  /// A day `days` before today, as stored dates are written.
  func daysAgo(_ days: Int) -> String { "'\(today.adding(days: -days).description)'" }
}
