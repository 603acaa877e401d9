import Foundation
import GRDB
import StartWellCore

extension ChangeRecorder {
  /// After a person settles two triages of one notification, in the same
  /// transaction as the resolution: the notification shows who triaged it,
  /// when and with what note as the triage kept says, and what a triage not
  /// kept made for a new family or member is withdrawn, so that one
  /// notification never leaves two families behind. What someone has
  /// recorded on since is kept, and the returned notes say so.
  func settleTriage(_ conflict: Conflict, keeping value: FieldValue) throws -> [String] {
    let n = try notificationRow(conflict.recordID)
    try showCompanions(of: conflict, keeping: value)
    var notes: [String] = []
    let losing = Set(conflict.heads.map(\.value)).subtracting([value]).compactMap(\.textValue).sorted()
    for text in losing {
      guard let decision = TriageDecision(text: text),
        decision.outcome == .newFamily || decision.outcome == .newMember
      else { continue }
      if let note = try withdraw(decision, on: n) { notes.append(note) }
    }
    if let family = try NotificationFamily.of(db, notificationID: n.id) { touch(family: family) }
    return notes
  }

  /// The note, the person triaging and the time written with the triage
  /// kept (or empty, when none is kept and the notification goes back to
  /// the queue): otherwise the newest of each, from either side, would show.
  private func showCompanions(of conflict: Conflict, keeping value: FieldValue) throws {
    guard let original = try originalTriage(value, on: conflict.recordID) else {
      try update(
        .notification, id: conflict.recordID,
        ["triage_note": .text(""), "triaged_by": .null, "triaged_at": .null])
      return
    }
    var kept: [String: FieldValue] = [
      "triage_note": .text(""), "triaged_by": .text(original.user),
      "triaged_at": .of(Date(timeIntervalSince1970: Double(original.clock.millis) / 1000)),
    ]
    for field in kept.keys {
      if let written = try writtenWith(original, field, on: conflict.recordID) { kept[field] = written }
    }
    try update(.notification, id: conflict.recordID, kept)
  }

  /// The triage that first wrote `value` (a resolution that kept it only repeats it).
  private func originalTriage(_ value: FieldValue, on id: String) throws
    -> (clock: HLC, user: String)?
  {
    guard value != .null,
      let row = try Row.fetchOne(
        db,
        sql: """
          SELECT clock, user_id FROM op_log INDEXED BY op_log_field
          WHERE entity = 'notification' AND record_id = ? AND field = 'triage' AND value = ?
            AND status = 'accepted'
          ORDER BY clock LIMIT 1
          """, arguments: [id, value.json]),
      let clock = HLC(row["clock"] as String)
    else { return nil }
    return (clock, row["user_id"])
  }

  /// A field written with a triage: by its terminal after it, before that
  /// terminal's next triage of the notification. A note left empty is not written.
  private func writtenWith(_ triage: (clock: HLC, user: String), _ field: String, on id: String) throws
    -> FieldValue?
  {
    let next = try String.fetchOne(
      db,
      sql: """
        SELECT MIN(clock) FROM op_log INDEXED BY op_log_field
        WHERE entity = 'notification' AND record_id = ? AND field = 'triage' AND device = ? AND clock > ?
        """, arguments: [id, triage.clock.device, triage.clock.description])
    let written = try String.fetchOne(
      db,
      sql: """
        SELECT value FROM op_log INDEXED BY op_log_field
        WHERE entity = 'notification' AND record_id = ? AND field = ? AND status = 'accepted'
          AND device = ? AND user_id = ? AND clock > ? AND clock < ?
        ORDER BY clock LIMIT 1
        """,
      arguments: [
        id, field, triage.clock.device, triage.user, triage.clock.description, next ?? "~",
      ])
    return try written.map(FieldValue.init(json:))
  }

  /// Withdraws what a triage not kept made, when nothing has been recorded
  /// on it since; says what it did, or why it left it.
  private func withdraw(_ decision: TriageDecision, on n: Notification) throws -> String? {
    guard let personID = decision.target,
      let person = try Row.fetchOne(
        db,
        sql: """
          SELECT p.reference, p.deleted, f.reference AS family FROM person p
          LEFT JOIN family f ON f.id = p.family_id WHERE p.id = ?
          """, arguments: [personID])
    else { return nil }
    let reference: String = person["reference"]
    let familyReference: String = person["family"] ?? "its family"
    if person["deleted"] as Bool { return nil }
    let history = TriageHistory(db: db, registry: store.registry)
    guard let made = try history.making(of: decision, on: n) else {
      return "\(reference) was not made by the triage not kept here, so it is left as it is"
    }
    let people = try references(made.persons).joined(separator: ", ")
    let what =
      made.family != nil
      ? "the new family \(familyReference) (with \(people))"
      : "new member\(made.persons.count == 1 ? "" : "s") \(people) of \(familyReference)"
    let since = try history.recordedSince(made, notification: n.id)
    guard since.isEmpty else {
      return
        "\(what), made by the triage not kept, is kept: \(since.joined(separator: ", ")) recorded on it since; merge it by hand"
    }
    for (entity, id) in made.records {
      try update(entity, id: id, ["deleted": .integer(1)])
    }
    try audit(
      "triage-withdraw", entity: .notification, recordID: n.id, familyID: made.family,
      detail: "\(n.reference): \(what), made by the triage not kept, withdrawn")
    return "\(what), made by the triage not kept, withdrawn"
  }

  private func references(_ persons: [String]) throws -> [String] {
    try persons.compactMap {
      try String.fetchOne(db, sql: "SELECT reference FROM person WHERE id = ?", arguments: [$0])
    }
  }
}
