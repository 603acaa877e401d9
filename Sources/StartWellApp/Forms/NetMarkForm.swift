import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// A supervisor's mark on a child's reason in the net: seen with a note, or
/// assigned to a practitioner. The mark stands until the facts change.
enum NetMarkForm {
  static func form(_ row: NetRow, assign: Bool, users: [User]) -> FormState {
    let rules = row.reasons.map { Choice(id: $0.rule, name: $0.title) }
    var fields = [FormField("rule", "Reason", .choice(rules, selected: 0))]
    if assign {
      let people = users.filter { $0.active && $0.hubs.contains(row.hub) && $0.role == .practitioner }
        .sorted { $0.username < $1.username }
      fields.append(
        FormField(
          "assignee", "Assign to",
          .choice(
            people.map { Choice(id: $0.username, name: "\($0.displayName) (\($0.username))") }, selected: 0)))
    }
    fields.append(
      FormField(
        "note", "Note", .multiline(TextField(maxLength: Limits.note, isMultiline: true), rows: 3),
        hint: assign ? "optional" : "what you saw or decided"))
    let request = ScreenRequest(
      route: .net, filter: ["op": assign ? "assign" : "seen", "child": row.childReference])
    return FormState(
      kind: .screen(request),
      title: "\(assign ? "Assign" : "Mark seen"): \(row.childName) (\(row.childReference)) in the net",
      fields: fields)
  }

  static func submit(_ form: FormState, _ request: ScreenRequest) -> FormOutcome {
    var r = request
    r.filter["rule"] = form.choice("rule") ?? ""
    r.filter["note"] = form.text("note")
    if r.filter["op"] == "assign" {
      guard let who = form.choice("assignee") else {
        return .invalid(
          [FieldIssue(field: "assignee", rule: "required", message: "no practitioner works in this hub")], nil
        )
      }
      r.filter["assignee"] = who
    }
    return .request(.screen(r))
  }

  static func save(_ f: [String: String], _ c: ScreenLoadContext) throws -> String {
    let child = f["child"] ?? ""
    let rule = f["rule"] ?? ""
    if f["op"] == "assign" {
      let who = f["assignee"] ?? ""
      try c.store.assignNet(child: child, rule: rule, to: who, note: f["note"] ?? "", as: c.user)
      return "\(child) under \(rule) assigned to \(who)."
    }
    try c.store.markNet(child: child, rule: rule, note: f["note"] ?? "", as: c.user)
    return "\(child) under \(rule) marked seen; it shows again if the facts change."
  }

  static func describe(_ mark: NetMark, zone: DisplayZone) -> String {
    let when = zone.day(mark.markedAt)
    let note = mark.note.isEmpty ? "" : ": \(mark.note)"
    if mark.status == .assigned {
      return "assigned to \(mark.assignee ?? "?") by \(mark.markedBy) on \(when)\(note)"
    }
    return "seen by \(mark.markedBy) on \(when)\(note)"
  }
}
