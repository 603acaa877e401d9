import GRDB
import StartWellCore

/// A person the matcher offers for a notification, as the user may see
/// them: everyone sees the reference, the hub and the score, which say that
/// someone likely is known; the rest (the family, the details as held, the
/// fields that matched) only when the user's lists show the family.
public struct OfferedCandidate: Hashable, Sendable {
  public struct Detail: Hashable, Sendable {
    public var familyReference: String
    /// The person as the store holds them, with their family's postcode.
    public var known: ReceivedPerson
    public var strength: MatchStrength
    public var fields: [MatchField]
  }

  public var personReference: String
  public var hubID: String
  public var score: Int
  /// Nil for a family outside the user's sight.
  public var detail: Detail?
}

extension Store {
  /// The best candidates for a received person, highest score first,
  /// shown as `user` may see them.
  public func offeredCandidates(for person: ReceivedPerson, as user: User, limit: Int = 5) throws
    -> [OfferedCandidate]
  {
    let scope = VisibilityScope.list(for: user)
    return try read { db in
      try matchCandidates(for: person, limit: limit, in: db).map { c in
        let consent = try String.fetchOne(
          db, sql: "SELECT consent FROM family WHERE id = ?", arguments: [c.familyID]
        ).flatMap(Consent.init(rawValue:))
        let seen = scope.admits(familyHub: c.hubID, consent: consent)
        return OfferedCandidate(
          personReference: c.personReference, hubID: c.hubID, score: c.score.score,
          detail: seen
            ? OfferedCandidate.Detail(
              familyReference: c.familyReference, known: c.known, strength: c.score.strength,
              fields: c.score.fields) : nil)
      }
    }
  }

  /// The references of what triage decisions name (a person, or the earlier
  /// notification a duplicate repeats), by id.
  public func triageTargetReferences(_ notifications: [Notification]) throws -> [String: String] {
    let targets = Set(notifications.compactMap { $0.triage?.target })
    guard !targets.isEmpty else { return [:] }
    let marks = Array(repeating: "?", count: targets.count).joined(separator: ", ")
    let ids = StatementArguments(Array(targets))
    return try read { db in
      var references: [String: String] = [:]
      for table in ["person", "notification"] {
        for row in try Row.fetchAll(
          db, sql: "SELECT id, reference FROM \(table) WHERE id IN (\(marks))", arguments: ids)
        {
          references[row["id"]] = row["reference"]
        }
      }
      return references
    }
  }
}

extension Store {
  /// One notification the user sees, with its wait against its target.
  public func queuedNotification(_ key: String, as user: User) throws -> QueuedNotification {
    queued(try notification(key, as: user))
  }
}
