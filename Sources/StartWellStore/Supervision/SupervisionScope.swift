import GRDB
import StartWellCore

/// Which families a supervision list covers: the families of the user's
/// own hubs (the `.ownHubs` scope, as the escalation queue), narrowed to
/// one of them when asked. Another hub's caseloads are that hub's
/// supervisors' to watch, even where a family's consent lets it be seen.
struct SupervisionScope {
  /// A condition on `family f`, with its arguments.
  var sql: String
  var arguments: StatementArguments
  var hubs: [String]

  /// Checks the user may supervise and that `hub`, when given, is one of theirs.
  static func of(_ user: User, hub: String?, config: Configuration) throws -> SupervisionScope {
    try Permissions.require(user, .superviseCaseloads)
    var hubs = user.hubs
    if let hub {
      let wanted = hub.trimmed
      guard config.hub(wanted) != nil else {
        throw DomainError.invalid([
          FieldIssue(
            field: "hub", rule: "known",
            message: "'\(wanted)' is not a hub; known: \(config.hubs.map(\.id).joined(separator: ", "))")
        ])
      }
      guard user.hubs.contains(wanted) else {
        throw DomainError.invalid([
          FieldIssue(
            field: "hub", rule: "own-hub",
            message:
              "'\(wanted)' is not one of \(user.username)'s hubs (\(user.hubs.joined(separator: ", ")))")
        ])
      }
      hubs = [wanted]
    }
    let visible = VisibilityScope.ownHubs(for: user).sql(family: "f")
    let marks = hubs.map { _ in "?" }.joined(separator: ", ")
    return SupervisionScope(
      sql:
        "f.deleted = 0 AND f.reference <> '' AND \(visible.sql) AND f.hub_id IN (\(marks.isEmpty ? "''" : marks))",
      arguments: visible.arguments + StatementArguments(hubs), hubs: hubs)
  }
}
