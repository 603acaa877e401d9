import StartWellCore
import StartWellStore
import TerminalUI

/// The huddle screen's forms. Each carries its request (the huddle, the
/// family, the operation), and `submit` adds the typed values to it; the
/// store checks everything again before it writes.
enum HuddleForms {
  /// Two action rows per recording; recording the family again adds more.
  static let actionRows = 2

  static func open(_ form: FormState, _ s: inout AppState) -> [Effect] {
    s.form = form
    s.push(.form)
    return []
  }

  static func request(_ op: String, _ h: HuddleScreenState, family: String? = nil) -> ScreenRequest {
    var filter = h.filter
    filter["op"] = op
    filter["huddle"] = h.huddle?.summary.huddle.meta.id
    filter["family"] = family
    return ScreenRequest(route: .huddle, filter: filter)
  }

  static func attendees(_ h: HuddleScreenState, _ s: inout AppState) -> [Effect] {
    if h.huddle != nil, !h.isOpen {
      s.message = StatusMessage("This huddle is closed; closing is final.", isError: true)
      return []
    }
    let started = h.huddle != nil
    return open(
      FormState(
        kind: .screen(request("start", h)),
        title: started
          ? "Add attendees to the huddle of \(h.sdf)" : "Start the huddle of \(h.sdf) on \(h.date)",
        fields: [
          FormField(
            "attendee", "Attendees", .text(TextField(maxLength: 400)),
            hint: "usernames, separated by spaces; you are recorded as the lead")
        ]), &s)
  }

  static func record(_ h: HuddleScreenState, _ s: inout AppState) -> [Effect] {
    guard h.isOpen, let family = h.selectedFamily else {
      return HuddleScreen.write("record", h, &s)
    }
    let item = h.huddle?.items.first { $0.item.familyID == family.id }?.item
    var fields = [
      FormField(
        "discussion", "Discussion",
        .multiline(
          TextField(text: item?.discussion ?? "", maxLength: Limits.notes, isMultiline: true), rows: 3)),
      FormField(
        "decision", "Decision", .text(TextField(text: item?.decision ?? "", maxLength: Limits.notes))),
    ]
    for n in 1...actionRows {
      fields += [
        FormField(
          "action \(n) owner", "Action \(n) owner", .text(TextField(maxLength: 32)), hint: "username"),
        FormField("action \(n) due", "Action \(n) due", .text(TextField(maxLength: 10)), hint: "YYYY-MM-DD"),
        FormField("action \(n) text", "Action \(n) to do", .text(TextField(maxLength: Limits.reason))),
      ]
    }
    return open(
      FormState(
        kind: .screen(request("record", h, family: family.reference)),
        title: "Huddle: \(family.name) (\(family.reference))", fields: fields), &s)
  }

  static func add(_ h: HuddleScreenState, _ s: inout AppState) -> [Effect] {
    guard h.isOpen else { return HuddleScreen.write("add", h, &s) }
    return open(
      FormState(
        kind: .screen(request("add", h)), title: "Add a family to the huddle of \(h.sdf)",
        fields: [
          FormField(
            "family", "Family", .text(TextField(maxLength: 16)), hint: "its reference, e.g. F-0000001A")
        ]), &s)
  }

  static func close(_ h: HuddleScreenState, _ s: inout AppState) -> [Effect] {
    guard h.isOpen else { return HuddleScreen.write("close", h, &s) }
    let pending = h.huddle?.items.filter { $0.item.state == .pending }.count ?? 0
    return open(
      FormState(
        kind: .screen(request("close", h)), title: "Close the huddle of \(h.sdf) on \(h.date)",
        fields: [
          FormField(
            "confirm", "Close it", .toggle(false),
            hint: pending > 0
              ? "\(pending) not yet discussed; closing is final" : "closing is final")
        ]), &s)
  }

  /// The form's values added to its request, or what keeps it from saving.
  static func submit(_ form: FormState, _ request: ScreenRequest) -> FormOutcome {
    var r = request
    switch r.filter["op"] {
    case "start": r.filter["attendees"] = form.text("attendee")
    case "add": r.filter["family"] = form.text("family").trimmed
    case "close":
      guard form.flag("confirm") else {
        return .invalid(
          [FieldIssue(field: "confirm", rule: "required", message: "switch this on to close the huddle")], nil
        )
      }
    case "record":
      r.filter["discussion"] = form.text("discussion")
      r.filter["decision"] = form.text("decision")
      var issues: [FieldIssue] = []
      for n in 1...actionRows {
        let parts = ["owner", "due", "text"].map { form.text("action \(n) \($0)").trimmed }
        if parts.allSatisfy(\.isEmpty) { continue }
        for (part, value) in zip(["owner", "due", "text"], parts) where value.isEmpty {
          issues.append(
            FieldIssue(
              field: "action \(n) \(part)", rule: "required",
              message: "an action needs its owner, due date and what is to be done"))
        }
        r.filter["action \(n)"] = parts.joined(separator: "|")
      }
      if !issues.isEmpty { return .invalid(issues, nil) }
    default: break
    }
    return .request(.screen(r))
  }
}

/// The huddle screen's writes, each one store operation.
enum HuddleWrites {
  static func save(_ f: [String: String], _ c: ScreenLoadContext) throws -> String {
    let huddle = f["huddle"] ?? ""
    let family = f["family"] ?? ""
    switch f["op"] {
    case "start":
      let names = (f["attendees"] ?? "").split { $0 == " " || $0 == "," }.map(String.init)
      let date = f["date"].flatMap(LocalDate.init)
      let h = try c.store.startHuddle(sdf: f["sdf"] ?? "", date: date, attendees: names, as: c.user)
      return "Huddle of \(h.sdfID ?? h.hubID) on \(h.date) open with \(h.attendees.count) attending."
    case "record":
      let actions = (1...HuddleForms.actionRows).compactMap { f["action \($0)"] }.map(HuddleActionText.init)
      _ = try c.store.recordHuddleItem(
        huddle: huddle, familyReference: family, discussion: f["discussion"] ?? "",
        decision: f["decision"] ?? "", actions: actions, as: c.user)
      return "Recorded for \(family)"
        + (actions.isEmpty ? "." : ", with \(actions.count == 1 ? "1 action" : "\(actions.count) actions").")
    case "skip":
      _ = try c.store.skipHuddleItem(huddle: huddle, familyReference: family, as: c.user)
      return "\(family) skipped; it can still be recorded."
    case "add":
      _ = try c.store.addToHuddle(huddle: huddle, familyReference: family, as: c.user)
      return "\(family) added to the end of the running order."
    case "move":
      let position = Int(f["position"] ?? "") ?? 0
      _ = try c.store.moveHuddleItem(huddle: huddle, familyReference: family, to: position, as: c.user)
      return "\(family) moved to \(position)."
    case "close":
      let h = try c.store.closeHuddle(huddle, as: c.user)
      return "Huddle of \(h.sdfID ?? h.hubID) on \(h.date) closed."
    default:
      throw DomainError.notFound("no huddle operation \(f["op"] ?? "")")
    }
  }
}
