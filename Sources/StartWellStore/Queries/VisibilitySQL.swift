import GRDB
import StartWellCore

extension VisibilityScope {
  /// This scope as a condition on the `family` table under `alias`, with its
  /// arguments: `(f.hub_id IN (?, ?) OR f.consent = ?)`, or `0` when it
  /// admits nothing. It is parenthesised, so it can be joined with `AND`.
  ///
  /// This is the only place visibility becomes SQL; every list that names
  /// families puts this fragment in its `WHERE`, so what a query returns is
  /// exactly what `admits(familyHub:consent:)` says.
  func sql(family alias: String = "f") -> (sql: String, arguments: StatementArguments) {
    guard admitsAny else { return ("0", StatementArguments()) }
    var parts: [String] = []
    var arguments = StatementArguments()
    if !hubs.isEmpty {
      parts.append("\(alias).hub_id IN (\(hubs.map { _ in "?" }.joined(separator: ", ")))")
      arguments += StatementArguments(hubs)
    }
    if consentedElsewhere {
      parts.append("\(alias).consent = ?")
      arguments += [Consent.given.rawValue]
    }
    return ("(" + parts.joined(separator: " OR ") + ")", arguments)
  }

  /// This scope as a condition on a column holding a family id:
  /// `column IN (SELECT id FROM family WHERE …)`, for rows that name their
  /// family without joining it (audit events).
  func sql(familyIDColumn column: String) -> (sql: String, arguments: StatementArguments) {
    guard admitsAny else { return ("0", StatementArguments()) }
    let (condition, arguments) = sql(family: "scope_family")
    return ("\(column) IN (SELECT scope_family.id FROM family scope_family WHERE \(condition))", arguments)
  }
}
