import StartWellCore
import StartWellStore
import TerminalUI

/// The questions before a triage decision: a yes/no naming what will be
/// written for attach and new member, the confirmation that must be passed
/// before a new family over a possible or closer match, and the refusals said at once.
enum TriageDialogs {
  /// Why no decision can be made on `n` now, or nil.
  static func refusal(_ n: StartWellStore.Notification, _ s: AppState) -> String? {
    guard let decision = n.triage else { return nil }
    return "\(n.reference) was already triaged (\(decision.outcome.title)); it is not triaged twice."
  }

  /// Asks before attaching to the selected candidate (`op` "attach") or
  /// adding a member to their family ("new-member").
  static func confirmOnCandidate(_ op: String, _ t: TriageState, _ s: inout AppState) -> [Effect] {
    guard let n = t.load?.notification, let c = t.selected else {
      s.message = StatusMessage(
        "No one held matches \(t.reference): n starts a new family, x marks it not ours, u a duplicate.",
        isError: true)
      return []
    }
    guard t.isListed(c), s.user?.hubs.contains(c.hubID) == true else {
      let hub = CandidatesView.hubName(c.hubID, s.config)
      s.message = StatusMessage(
        "\(c.personReference) is in a family of the \(hub) hub; only that hub attaches notifications to its families.",
        isError: true)
      return []
    }
    let name = "\(c.known.givenName) \(c.known.familyName)"
    let question: String
    if op == "attach" {
      question =
        "Attach \(n.reference) to \(c.personReference), \(name), of family \(c.familyReference)? (y/n)"
    } else if n.kind == .antenatal {
      question = "Add the expected baby to family \(c.familyReference), from \(n.reference)? (y/n)"
    } else {
      let who = "\(n.person.givenName) \(n.person.familyName)"
      question = "Add \(who) to family \(c.familyReference) as a new member, from \(n.reference)? (y/n)"
    }
    let filter = [
      "op": op, "notification": n.reference, "person": c.personReference, "family": c.familyReference,
      "name": name,
    ]
    s.overlay = .confirm(
      ConfirmState(question: question, purpose: .saveScreen(ScreenRequest(route: .triage, filter: filter))))
    return []
  }

  /// Opens the new-family form; over a possible or closer candidate, only
  /// once the person has confirmed that it is a new family all the same.
  static func newFamily(_ t: TriageState, _ s: inout AppState) -> [Effect] {
    guard let load = t.load else { return [] }
    let n = load.notification
    let likely = load.candidates.first { $0.score.holdsBackNewFamily }
    let form = TriageForms.newFamily(n, config: s.config, confirmed: likely != nil)
    guard let best = likely else {
      s.form = form
      s.push(.form)
      return []
    }
    let whose =
      t.isListed(best)
      ? "\(best.personReference) of family \(best.familyReference)"
      : "\(best.personReference) (\(CandidatesView.hubName(best.hubID, s.config)) hub)"
    s.overlay = .confirm(
      ConfirmState(
        question:
          "\(whose) is a \(best.score.strength.rawValue) match (score \(best.score.score)). Start a new family all the same? (y/n)",
        purpose: .openForm(form)))
    return []
  }
}

/// The forms of the triage decisions that need more than a yes: the new
/// family's SDF, the reason it is not ours, and the notification it repeats.
/// Each is saved by `TriageWrites` through `Store.triage`.
enum TriageForms {
  static func request(_ n: StartWellStore.Notification, op: String, _ extra: [String: String] = [:])
    -> ScreenRequest
  {
    ScreenRequest(route: .triage, filter: ["op": op, "notification": n.reference].merging(extra) { $1 })
  }

  static func note() -> FormField {
    FormField("note", "Note", .text(TextField(maxLength: Limits.note)), hint: "optional")
  }

  static func newFamily(_ n: StartWellStore.Notification, config: Configuration, confirmed: Bool) -> FormState
  {
    let sdfs = config.hub(n.hubID)?.sdfs ?? []
    let postcode = n.person.postcode ?? "no postcode"
    return FormState(
      kind: .screen(request(n, op: "new-family", confirmed ? ["confirm": "1"] : [:])),
      title: "New family from \(n.reference): \(n.person.familyName), \(postcode)",
      fields: [
        FormField(
          "sdf", "SDF",
          .choice(
            [Choice(id: "", name: "(none)")] + sdfs.map { Choice(id: $0.id, name: $0.name) }, selected: 0),
          hint: "of the \(CandidatesView.hubName(n.hubID, config)) hub"),
        note(),
      ])
  }

  static func notOurs(_ n: StartWellStore.Notification, config: Configuration) -> FormState {
    let reasons =
      [Choice(id: "", name: "(choose)")] + config.intake.notOursReasons
      + [Choice(id: "other", name: "Other: type it below")]
    return FormState(
      kind: .screen(request(n, op: "not-ours")), title: "\(n.reference) is not for us",
      fields: [
        FormField("reason", "Reason", .choice(reasons, selected: 0)),
        FormField(
          "reason-text", "Other reason", .text(TextField(maxLength: Limits.note)), hint: "when Other"),
        note(),
      ])
  }

  static func duplicate(_ n: StartWellStore.Notification) -> FormState {
    FormState(
      kind: .screen(request(n, op: "duplicate")), title: "\(n.reference) repeats another notification",
      fields: [
        FormField(
          "duplicate-of", "Duplicate of", .text(TextField(maxLength: 12)), hint: "the earlier one, N-…"),
        note(),
      ])
  }

  /// The form's values into the write's request, or the issues that keep it from saving.
  static func submit(_ form: FormState, _ request: ScreenRequest) -> FormOutcome {
    var r = request
    r.filter["note"] = form.text("note")
    switch request.filter["op"] {
    case "new-family":
      r.filter["sdf"] = form.choice("sdf") ?? ""
    case "not-ours":
      let choice = form.choice("reason") ?? ""
      let typed = form.text("reason-text").trimmed
      if choice.isEmpty {
        return .invalid([issue("reason", "choose a reason, or Other and type it")], nil)
      }
      if choice == "other" && typed.isEmpty {
        return .invalid([issue("reason-text", "type the reason, or choose one above")], nil)
      }
      r.filter["reason"] = choice == "other" ? typed : form.fields.reasonName(choice)
    case "duplicate":
      let other = form.text("duplicate-of").trimmed.uppercased()
      if other.isEmpty {
        return .invalid(
          [issue("duplicate-of", "is required: the reference of the earlier notification")], nil)
      }
      r.filter["duplicate-of"] = other
    default: break
    }
    return .request(.screen(r))
  }

  static func issue(_ field: String, _ message: String) -> FieldIssue {
    FieldIssue(field: field, rule: "required", message: message)
  }
}

extension [FormField] {
  /// The name of a reason offered by the "not ours" form's choice.
  fileprivate func reasonName(_ id: String) -> String {
    for field in self where field.id == "reason" {
      if case .choice(let options, _) = field.kind, let hit = options.first(where: { $0.id == id }) {
        return hit.name
      }
    }
    return id
  }
}

/// Writes a triage decision through the store and says what was done.
enum TriageWrites {
  static func save(_ f: [String: String], _ c: ScreenLoadContext) throws -> String {
    let reference = f["notification"] ?? ""
    let request: TriageRequest
    switch f["op"] {
    case "attach": request = .attach(personReference: f["person"] ?? "")
    case "new-member": request = .newMember(familyReference: f["family"] ?? "")
    case "new-family": request = .newFamily(sdfID: f["sdf"].flatMap { $0.isEmpty ? nil : $0 })
    case "not-ours": request = .notOurs(reason: f["reason"] ?? "")
    case "duplicate": request = .duplicate(of: f["duplicate-of"] ?? "")
    default: throw DomainError.notFound("a triage outcome \(f["op"] ?? "")")
    }
    let n = try c.store.triage(
      reference, request, note: f["note"] ?? "", confirmNewFamily: f["confirm"] == "1", as: c.user)
    return Sanitizer.visible(message(n, f, c))
  }

  /// The sentence naming the outcome, with the person and family it landed on.
  static func message(_ n: StartWellStore.Notification, _ f: [String: String], _ c: ScreenLoadContext)
    -> String
  {
    let ref = n.reference
    switch n.triage?.outcome {
    case .attached?:
      return "\(ref) attached to \(f["person"] ?? ""), \(f["name"] ?? ""), of family \(f["family"] ?? "")."
    case .newMember?, .newFamily?:
      // The person and family were made by the decision: read back their references.
      let detail = n.familyID.flatMap { try? c.store.reloadFamily(id: $0, as: c.user, access: .ownHub) }
      let family = detail?.family.reference ?? "the family"
      let person = detail?.members.first { $0.meta.id == n.personID }.map { ", \($0.reference)" } ?? ""
      return n.triage?.outcome == .newFamily
        ? "\(ref) started a new family, \(family)\(person)."
        : "\(ref) added to \(family) as a new member\(person)."
    case .notOurs?:
      return "\(ref) marked not for us: \(f["reason"] ?? "")."
    case .duplicate?:
      return "\(ref) marked a duplicate of \(f["duplicate-of"] ?? "")."
    case nil:
      return "\(ref) triaged."
    }
  }
}
