import StartWellCore
import StartWellStore
import TerminalUI

/// Taking in one notification by hand: its kind (those the user's role
/// sees), the hub when the user has several, the person as received, and
/// the kind's own fields from intake.json. Each field's id is the name
/// validation gives it (`NotificationDraft.validated`), so a refusal lands
/// next to its field; the store checks everything again and writes all or
/// nothing.
enum TakeInForm {
  static let request = ScreenRequest(route: .intake, filter: ["form": "take-in"])
  /// The person's fields, by the ids validation names them.
  static let personFields = ["given", "family-name", "dob", "nhs", "postcode", "address"]
  /// Where the kind's own field values travel in the write's request.
  static let detailPrefix = "detail."

  /// The kinds a partner sends that the user's role sees.
  static func kinds(_ s: AppState) -> [NotificationKind] {
    guard let role = s.user?.role else { return [] }
    return NotificationKind.partners.filter { s.config.intake.visible($0, to: role) }
  }

  static func open(_ s: inout AppState) -> [Effect] {
    let kinds = kinds(s)
    guard let first = kinds.first else {
      s.message = StatusMessage("Your role takes in no kind of notification (intake.json).", isError: true)
      return []
    }
    s.form = form(first, kinds: kinds, config: s.config, hubs: s.user?.hubs ?? [])
    s.push(.form)
    return []
  }

  static func form(
    _ kind: NotificationKind, kinds: [NotificationKind], config: Configuration, hubs: [String]
  ) -> FormState {
    let intake = config.intake.kind(kind)
    var fields = [
      FormField(
        "kind", "Kind",
        .choice(
          kinds.map { Choice(id: $0.rawValue, name: config.intake.kind($0)?.name ?? $0.rawValue) },
          selected: kinds.firstIndex(of: kind) ?? 0))
    ]
    if hubs.count > 1 {
      fields.append(
        FormField(
          "hub", "Hub",
          .choice(
            [Choice(id: "", name: "(choose)")]
              + hubs.map { Choice(id: $0, name: config.hub($0).map { CohortView.shortName($0.name) } ?? $0) },
            selected: 0)))
    }
    let subject = intake?.subject ?? "person"
    fields += [
      FormField("given", "Given name", text(Limits.name), hint: "the \(subject), as received"),
      FormField("family-name", "Family name", text(Limits.name)),
      FormField(
        "dob", "Date of birth", text(10), hint: "YYYY-MM-DD" + (subject == "child" ? ", required" : "")),
      FormField("nhs", "NHS number", text(12), hint: "optional, 10 digits"),
      FormField("postcode", "Postcode", text(8), hint: "a new family needs one"),
      FormField("address", "Address", text(Limits.address), hint: "optional"),
    ]
    fields += (intake?.fields ?? []).map(field)
    return FormState(kind: .screen(request), title: "Take in a notification", fields: fields)
  }

  static func text(_ max: Int) -> FieldKind { .text(TextField(maxLength: max)) }

  /// One of the kind's own fields, as intake.json describes it.
  static func field(_ f: IntakeField) -> FormField {
    let optional = f.required ? nil : "optional"
    switch f.kind {
    case .text(let max): return FormField(f.id, f.name, text(max), hint: optional)
    case .day: return FormField(f.id, f.name, text(10), hint: "YYYY-MM-DD")
    case .choice(let choices):
      return FormField(
        f.id, f.name, .choice([Choice(id: "", name: "(choose)")] + choices, selected: 0), hint: optional)
    case .list(let choices):
      return FormField(f.id, f.name, .multiToggle(choices, on: [], cursor: 0))
    }
  }

  /// Choosing another kind gives that kind's fields; what was typed for
  /// the person and the hub stays.
  static func follow(_ form: inout FormState, kindBefore: String?, _ s: AppState) {
    guard case .screen(let r) = form.kind, r == request,
      let chosen = form.choice("kind"), chosen != kindBefore, let kind = NotificationKind(rawValue: chosen)
    else { return }
    var next = self.form(kind, kinds: kinds(s), config: s.config, hubs: s.user?.hubs ?? [])
    for id in personFields { next.setText(id, form.text(id)) }
    if let hub = form.choice("hub") { next.setChoice("hub", to: hub) }
    next.focus = form.focus
    form = next
  }

  /// The draft the form's values make, as the write's request carries them.
  static func draft(_ f: [String: String]) -> NotificationDraft {
    var details: [String: String] = [:]
    for (key, value) in f where key.hasPrefix(detailPrefix) && !value.trimmed.isEmpty {
      details[String(key.dropFirst(detailPrefix.count))] = value
    }
    let hub = f["hub"] ?? ""
    return NotificationDraft(
      kind: f["kind"].flatMap(NotificationKind.init) ?? .gpEarly, hubID: hub.isEmpty ? nil : hub,
      givenName: f["given"] ?? "", familyName: f["family-name"] ?? "", dateOfBirth: f["dob"] ?? "",
      nhsNumber: f["nhs"] ?? "", postcode: f["postcode"] ?? "", address: f["address"] ?? "", details: details)
  }

  /// The form's values, checked as the store will check them; every issue
  /// is shown at once next to its field.
  static func submit(_ form: FormState, _ request: ScreenRequest, _ s: AppState) -> FormOutcome {
    var r = request
    r.filter["kind"] = form.choice("kind") ?? ""
    r.filter["hub"] = form.choice("hub") ?? ""
    for id in personFields { r.filter[id] = form.text(id) }
    let kind = form.choice("kind").flatMap(NotificationKind.init)
    for f in kind.flatMap({ s.config.intake.kind($0)?.fields }) ?? [] {
      switch f.kind {
      case .list: r.filter[detailPrefix + f.id] = form.selection(f.id).joined(separator: ",")
      case .choice: r.filter[detailPrefix + f.id] = form.choice(f.id) ?? ""
      case .text, .day: r.filter[detailPrefix + f.id] = form.text(f.id)
      }
    }
    do throws(DomainError) {
      _ = try draft(r.filter).validated(config: s.config, hubs: s.user?.hubs ?? [], today: s.today)
    } catch {
      return .invalid(error.issues, error.issues.isEmpty ? error.description : nil)
    }
    return .request(.screen(r))
  }

  static func save(_ f: [String: String], _ c: ScreenLoadContext) throws -> String {
    let result = try c.store.takeIn(draft(f), as: c.user)
    let n = result.notification
    let kind = c.store.config.intake.kind(n.kind)?.name ?? n.kind.rawValue
    guard !result.alreadyHeld else {
      return
        "\(n.reference) was already held: the same \(kind) was taken in on \(c.store.zone.day(n.receivedAt)); nothing was added."
    }
    return Sanitizer.visible(
      "\(n.reference) taken in: \(kind) about \(n.person.givenName) \(n.person.familyName).")
  }
}
