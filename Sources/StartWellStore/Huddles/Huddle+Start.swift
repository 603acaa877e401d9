import Foundation
import GRDB
import StartWellCore

extension Store {
  /// Starts the huddle of `sdf` on `date` (today by default), led by `user`,
  /// with the agenda's families as its pending items in the agenda's order.
  ///
  /// Starting a huddle that is already open resumes it: attendees named
  /// now are added, and families newly on the agenda join the end of the
  /// running order. A closed huddle is final and is not started again.
  @discardableResult
  public func startHuddle(sdf: String, date: LocalDate? = nil, attendees: [String], as user: User) throws
    -> Huddle
  {
    try Permissions.require(user, .runHuddle)
    let hub = try huddleHub(sdf: sdf)
    guard user.hubs.contains(hub) else {
      throw DomainError.forbidden(
        "SDF \(sdf) belongs to hub \(hub); \(user.username) runs huddles only for \(user.hubs.isEmpty ? "their own hubs" : user.hubs.joined(separator: ", "))"
      )
    }
    let date = date ?? today
    // A huddle is held on its day: one started ahead (a date typed wrong)
    // would take the id of that day's real huddle, and closing it would
    // close that day for the SDF on every terminal.
    if date > today {
      throw DomainError.invalid([
        FieldIssue(
          field: "date", rule: "future",
          message: "\(date) is after today (\(today)); a huddle is started on its day or recorded after it")
      ])
    }
    // The agenda is read before the write: it is a read of many records,
    // and the write only needs its families and reasons.
    let agenda = try self.agenda(sdf: sdf, date: date, for: user)
    return try write(as: user) { tx in
      let people = try tx.attendees(attendees, hub: hub)
      let id = HuddleID.huddle(hub: hub, sdf: sdf, date: date)
      let existing = try Row.fetchOne(tx.db, sql: "SELECT * FROM huddle WHERE id = ?", arguments: [id])
        .map(Huddle.init(row:))
      let ids = ([user.id] + people.map(\.id)).reduce(into: [String]()) {
        if !$0.contains($1) { $0.append($1) }
      }
      if let existing {
        try tx.requireOpen(existing)
        let joined = existing.attendees + ids.filter { !existing.attendees.contains($0) }
        try tx.update(.huddle, id: id, ["attendees": .json(joined)])
      } else {
        try tx.insert(
          .huddle, id: id,
          [
            "hub_id": .text(hub), "sdf_id": .text(sdf), "date": .of(date), "attendees": .json(ids),
            "lead_id": .text(user.id),
          ])
        try tx.audit(
          "huddle-start", entity: .huddle, recordID: id, familyID: nil,
          detail: "huddle of \(sdf) on \(date) started; \(ids.count) attending")
      }
      var position = try tx.lastPosition(huddleID: id)
      for entry in agenda {
        let itemID = HuddleID.item(huddleID: id, familyID: entry.familyID)
        guard try tx.itemExists(itemID) == false else { continue }
        position += 1
        try tx.insert(
          .huddleItem, id: itemID,
          [
            "huddle_id": .text(id), "family_id": .text(entry.familyID), "case_id": .text(entry.caseID),
            "position": .integer(Int64(position)), "state": .of(HuddleItemState.pending),
            "origin": .json(entry.reasons.map(\.rule)),
          ])
      }
      return Huddle(row: try tx.row(.huddle, id))
    }
  }

  /// The hub an SDF belongs to, or a refusal naming the known SDFs.
  func huddleHub(sdf: String) throws -> String {
    if let hub = config.hubs.first(where: { $0.sdfs.contains { $0.id == sdf } }) { return hub.id }
    let known = config.hubs.flatMap { $0.sdfs.map(\.id) }.joined(separator: ", ")
    throw DomainError.invalid([
      FieldIssue(field: "sdf", rule: "known", message: "'\(sdf)' is not an SDF; known: \(known)")
    ])
  }
}

extension ChangeRecorder {
  /// The users named as attendees: every one a live, active user of the
  /// huddle's hub, or every problem named.
  func attendees(_ names: [String], hub: String) throws -> [User] {
    var v = Validator()
    var found: [User] = []
    if names.allSatisfy({ $0.trimmed.isEmpty }) {
      v.add("attendee", "required", "name at least one attendee (a username)")
    }
    for name in names where !name.trimmed.isEmpty {
      let person = try user(named: name.trimmed)
      CaseworkRules.checkWorker(name, person, familyHub: hub, field: "attendee", into: &v)
      if let person, v.issues.isEmpty { found.append(person) }
    }
    try v.check()
    return found
  }

  /// Refuses any change to a closed huddle: closing is final.
  func requireOpen(_ huddle: Huddle) throws {
    guard huddle.status == .open else {
      var when = ""
      if let at = huddle.closedAt { when = " on \(store.zone.day(at))" }
      throw DomainError.conflict(
        "the huddle of \(huddle.sdfID ?? huddle.hubID) on \(huddle.date) was closed\(when); a closed huddle is final"
      )
    }
  }

  func lastPosition(huddleID: String) throws -> Int {
    try Int.fetchOne(
      db, sql: "SELECT MAX(position) FROM huddle_item WHERE huddle_id = ? AND deleted = 0",
      arguments: [huddleID]) ?? 0
  }

  func itemExists(_ id: String) throws -> Bool {
    try Bool.fetchOne(db, sql: "SELECT 1 FROM huddle_item WHERE id = ?", arguments: [id]) ?? false
  }
}
