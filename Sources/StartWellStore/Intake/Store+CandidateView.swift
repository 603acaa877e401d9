import Foundation
import GRDB
import StartWellCore

extension Store {
  /// Which of `candidates` are in families `user`'s lists admit
  /// (`Permissions.canList`: their own hubs, or another hub's with consent
  /// to share). The others are shown by reference, hub and score only: a
  /// notification does not open a door the families list keeps shut.
  public func listedCandidates(_ candidates: [MatchCandidate], as user: User) throws -> Set<String> {
    let familyIDs = Array(Set(candidates.map(\.familyID)))
    guard !familyIDs.isEmpty else { return [] }
    let marks = Array(repeating: "?", count: familyIDs.count).joined(separator: ", ")
    let rows = try read { db in
      try Row.fetchAll(
        db, sql: "SELECT id, hub_id, consent FROM family WHERE id IN (\(marks)) AND deleted = 0",
        arguments: StatementArguments(familyIDs))
    }
    var listed = Set<String>()
    for row in rows {
      let consent = (row["consent"] as String?).flatMap(Consent.init(rawValue:))
      if Permissions.canList(user, familyHub: row["hub_id"], consent: consent) { listed.insert(row["id"]) }
    }
    return Set(candidates.filter { listed.contains($0.familyID) }.map(\.personID))
  }
}
