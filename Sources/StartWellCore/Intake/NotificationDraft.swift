import Foundation

/// A notification as typed or read from a file, before it is checked.
/// Dates and the kind's fields are text, as a person or a file gives them.
public struct NotificationDraft: Hashable, Sendable {
  public var kind: NotificationKind
  /// The hub taking it in; nil for the user's only hub.
  public var hubID: String?
  public var givenName: String
  public var familyName: String
  public var dateOfBirth: String
  public var nhsNumber: String
  public var postcode: String
  public var address: String
  /// The kind's own fields by id (`Config/intake.json`); a list's choices comma-separated.
  public var details: [String: String]

  public init(
    kind: NotificationKind, hubID: String? = nil, givenName: String, familyName: String,
    dateOfBirth: String = "", nhsNumber: String = "", postcode: String = "", address: String = "",
    details: [String: String] = [:]
  ) {
    self.kind = kind
    self.hubID = hubID
    self.givenName = givenName
    self.familyName = familyName
    self.dateOfBirth = dateOfBirth
    self.nhsNumber = nhsNumber
    self.postcode = postcode
    self.address = address
    self.details = details
  }
}

/// A notification that passed every rule: what is stored.
public struct CheckedNotification: Hashable, Sendable {
  public var kind: NotificationKind
  public var hubID: String
  public var person: ReceivedPerson
  /// The kind's fields, by id: a text, a day or a choice's id, or a list of choice ids.
  public var details: [String: DetailValue]

  /// A notification already checked (the demo's, made from its own records).
  public init(kind: NotificationKind, hubID: String, person: ReceivedPerson, details: [String: DetailValue]) {
    self.kind = kind
    self.hubID = hubID
    self.person = person
    self.details = details
  }

  public enum DetailValue: Hashable, Sendable {
    case text(String)
    case list([String])

    public var text: String? {
      if case .text(let t) = self { return t }
      return nil
    }

    public var list: [String] {
      switch self {
      case .text(let t): [t]
      case .list(let l): l
      }
    }
  }

  /// The details as the JSON object the record holds, keys sorted.
  public var detailsJSON: String {
    let object: [String: Any] = details.mapValues { value -> Any in
      switch value {
      case .text(let t): t
      case .list(let l): l
      }
    }
    let data =
      (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
  }

  public static func details(json: String) -> [String: DetailValue] {
    guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
      return [:]
    }
    var details: [String: DetailValue] = [:]
    for (key, value) in object {
      if let text = value as? String { details[key] = .text(text) }
      if let list = value as? [String] { details[key] = .list(list) }
    }
    return details
  }
}

extension NotificationDraft {
  /// Every rule, all issues at once, each naming its field (the person's
  /// fields by their flag names, the kind's by their ids in `intake.json`).
  public func validated(config: Configuration, hubs: [String], today: LocalDate) throws(DomainError)
    -> CheckedNotification
  {
    var v = Validator()
    guard let kindConfig = config.intake.kind(kind) else {
      throw .invalid([
        FieldIssue(
          field: "kind", rule: "known", message: "'\(kind.rawValue)' is not configured in intake.json")
      ])
    }
    v.line("given", givenName, max: Limits.name)
    v.line("family-name", familyName, max: Limits.name)
    let dob = Self.day("dob", dateOfBirth, required: kindConfig.subject == "child", notAfter: today, &v)
    var nhs: String?
    if !nhsNumber.trimmed.isEmpty {
      nhs = NHSNumber.normalise(nhsNumber)
      if nhs == nil { v.add("nhs", "valid", "'\(nhsNumber.trimmed)' is not a valid NHS number") }
    }
    var postcode: String?
    if !self.postcode.trimmed.isEmpty {
      postcode = Postcode.normalise(self.postcode)
      if postcode == nil { v.add("postcode", "valid", "'\(self.postcode.trimmed)' is not a UK postcode") }
    }
    v.line("address", address, max: Limits.address, required: false)
    let hub = Self.hub(hubID, config: config, hubs: hubs, &v)
    let details = Self.details(self.details, kind: kindConfig, today: today, &v)
    try v.check()
    return CheckedNotification(
      kind: kind, hubID: hub ?? "",
      person: ReceivedPerson(
        givenName: givenName.trimmed, familyName: familyName.trimmed, dateOfBirth: dob, nhsNumber: nhs,
        postcode: postcode, address: address.trimmed.isEmpty ? nil : address.trimmed),
      details: details)
  }

  static func day(
    _ field: String, _ text: String, required: Bool, notAfter today: LocalDate?, _ v: inout Validator
  ) -> LocalDate? {
    let trimmed = text.trimmed
    if trimmed.isEmpty {
      if required { v.add(field, "required", "is required") }
      return nil
    }
    guard let day = LocalDate(trimmed) else {
      v.add(field, "date", "'\(trimmed)' is not a date; write it as YYYY-MM-DD")
      return nil
    }
    if let today, day > today { v.add(field, "past", "\(day) is after today (\(today))") }
    return day
  }

  static func hub(_ id: String?, config: Configuration, hubs: [String], _ v: inout Validator)
    -> String?
  {
    guard let id = id?.trimmed, !id.isEmpty else {
      if hubs.count == 1 { return hubs[0] }
      v.add(
        "hub", "required",
        hubs.isEmpty
          ? "is required: you belong to no hub" : "is required: choose one of \(hubs.joined(separator: ", "))"
      )
      return nil
    }
    guard config.hub(id) != nil else {
      v.add("hub", "known", "'\(id)' is not a hub; use \(config.hubs.map(\.id).joined(separator: ", "))")
      return nil
    }
    guard hubs.contains(id) else {
      v.add("hub", "own", "'\(id)' is not one of your hubs (\(hubs.joined(separator: ", ")))")
      return nil
    }
    return id
  }

  private static func details(
    _ given: [String: String], kind: IntakeKind, today: LocalDate, _ v: inout Validator
  ) -> [String: CheckedNotification.DetailValue] {
    for key in given.keys.sorted() where kind.field(key) == nil {
      v.add(
        key, "known",
        "is not a field of a \(kind.name.lowercased()); its fields are \(kind.fields.map(\.id).joined(separator: ", "))"
      )
    }
    var details: [String: CheckedNotification.DetailValue] = [:]
    for field in kind.fields {
      let raw = given[field.id]?.trimmed ?? ""
      if raw.isEmpty {
        if field.required { v.add(field.id, "required", "is required (\(field.name.lowercased()))") }
        continue
      }
      switch field.kind {
      case .text(let max):
        v.line(field.id, raw, max: max)
        details[field.id] = .text(raw)
      case .day:
        // An expected date of delivery lies ahead; every other day has happened.
        let future = field.id == "edd"
        if let day = day(field.id, raw, required: true, notAfter: future ? nil : today, &v) {
          details[field.id] = .text(day.description)
        }
      case .choice(let choices):
        if choices.contains(where: { $0.id == raw }) {
          details[field.id] = .text(raw)
        } else {
          v.add(field.id, "choice", "'\(raw)' is not one of \(choices.map(\.id).joined(separator: ", "))")
        }
      case .list(let choices):
        let ids = raw.split(separator: ",").map { String($0).trimmed }.filter { !$0.isEmpty }
        let unknown = ids.filter { id in !choices.contains { $0.id == id } }
        if unknown.isEmpty {
          details[field.id] = .list(Array(Set(ids)).sorted())
        } else {
          v.add(
            field.id, "choice",
            "'\(unknown.joined(separator: ", "))' \(unknown.count == 1 ? "is" : "are") not one of \(choices.map(\.id).joined(separator: ", "))"
          )
        }
      }
    }
    return details
  }
}
