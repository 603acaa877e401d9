import Foundation

/// Field limits shared by validation and the forms that show them.
public enum Limits {
  public static let name = 80
  public static let address = 200
  public static let summary = 200
  public static let notes = 10_000
  public static let reason = 2_000
  public static let note = 2_000
  /// What is to be done, in one line: an action is a task, not a note.
  public static let action = 300
  /// How far ahead an action may be due; anything later is a plan, not an action.
  public static let actionDueDays = 731
  /// How far ahead of now a contact may be timed: clocks on terminals drift.
  public static let contactFutureSlack: TimeInterval = 5 * 60
}

/// What a person typed for a new family, before it becomes a `Family`.
public struct FamilyDraft: Sendable, Equatable {
  public var name: String
  public var address: String
  public var postcode: String
  public var hubID: String
  public var sdfID: String?
  public var consent: Consent?

  public init(
    name: String, address: String = "", postcode: String, hubID: String, sdfID: String? = nil,
    consent: Consent? = nil
  ) {
    self.name = name
    self.address = address
    self.postcode = postcode
    self.hubID = hubID
    self.sdfID = sdfID
    self.consent = consent
  }

  /// Validates against the configuration and returns the cleaned values.
  public func validated(config: Configuration) throws(DomainError) -> FamilyDraft {
    var v = Validator()
    v.line("name", name, max: Limits.name)
    v.line("address", address, max: Limits.address, required: false)
    let pc = Postcode.normalise(postcode)
    if postcode.trimmed.isEmpty {
      v.add("postcode", "required", "is required")
    } else if pc == nil {
      v.add("postcode", "format", "'\(postcode)' is not a UK postcode (for example LS6 2AB)")
    }
    if let hub = config.hub(hubID) {
      if let sdfID, !hub.sdfs.contains(where: { $0.id == sdfID }) {
        let known = hub.sdfs.map(\.id).joined(separator: ", ")
        v.add("sdf", "unknown", "'\(sdfID)' is not an SDF of \(hub.id); known: \(known)")
      }
    } else {
      v.add(
        "hub", "unknown", "'\(hubID)' is not a hub; known: \(config.hubs.map(\.id).joined(separator: ", "))")
    }
    try v.check()
    var clean = self
    clean.name = name.trimmed
    clean.address = address.trimmed
    clean.postcode = pc ?? postcode
    return clean
  }
}

public struct PersonDraft: Sendable, Equatable {
  public var givenName: String
  public var familyName: String
  public var dateOfBirth: String
  public var expected: Bool
  public var sex: Sex
  public var relationship: Relationship
  public var nhsNumber: String?
  public var firstLanguage: String?
  public var interpreterNeeded: Bool
  /// Special educational needs, and an education, health and care plan.
  public var sendStatus: Bool
  public var ehcp: Bool

  public init(
    givenName: String, familyName: String, dateOfBirth: String, expected: Bool = false, sex: Sex = .unknown,
    relationship: Relationship, nhsNumber: String? = nil, firstLanguage: String? = nil,
    interpreterNeeded: Bool = false, sendStatus: Bool = false, ehcp: Bool = false
  ) {
    self.givenName = givenName
    self.familyName = familyName
    self.dateOfBirth = dateOfBirth
    self.expected = expected
    self.sex = sex
    self.relationship = relationship
    self.nhsNumber = nhsNumber
    self.firstLanguage = firstLanguage
    self.interpreterNeeded = interpreterNeeded
    self.sendStatus = sendStatus
    self.ehcp = ehcp
  }

  /// The parsed date of birth and normalised NHS number, or every failed rule.
  public func validated(today: LocalDate) throws(DomainError) -> (dob: LocalDate, nhs: String?) {
    var v = Validator()
    v.line("given name", givenName, max: Limits.name)
    v.line("family name", familyName, max: Limits.name)
    v.line("first language", firstLanguage ?? "", max: 40, required: false)
    let dob = LocalDate(dateOfBirth.trimmed)
    if expected && relationship != .child {
      v.add("expected", "child-only", "only a child can be expected (unborn)")
    }
    if dateOfBirth.trimmed.isEmpty {
      v.add("date of birth", "required", "is required")
    } else if let dob {
      if expected {
        if dob < today.adding(days: -30) {
          v.add("date of birth", "expected-past", "an expected baby's due date \(dob) is already well past")
        } else if dob > today.adding(days: 300) {
          v.add("date of birth", "expected-too-far", "an expected due date must be within 10 months")
        }
      } else if dob > today {
        v.add(
          "date of birth", "future",
          "\(dob) is in the future; an unborn child is recorded as expected")
      } else if dob.years(until: today) > 120 {
        v.add("date of birth", "too-old", "\(dob) is more than 120 years ago")
      }
    } else {
      v.add("date of birth", "format", "'\(dateOfBirth)' is not a date in the form YYYY-MM-DD")
    }
    var nhs: String?
    if let raw = nhsNumber, !raw.trimmed.isEmpty {
      nhs = NHSNumber.normalise(raw)
      if nhs == nil {
        v.add("nhs number", "check-digit", "'\(raw)' is not a valid NHS number (10 digits, mod-11 check)")
      }
    }
    try v.check()
    return (dob!, nhs)
  }
}

public struct ContactDraft: Sendable, Equatable {
  public var type: String
  public var at: Date
  public var summary: String
  public var notes: String
  public var significant: Bool
  public var followUp: LocalDate?
  public var presentPersonIDs: [String]
  /// The approach a group session or intervention belongs to; nil for none.
  public var approach: String?

  public init(
    type: String, at: Date, summary: String, notes: String = "", significant: Bool = false,
    followUp: LocalDate? = nil, presentPersonIDs: [String] = [], approach: String? = nil
  ) {
    self.approach = approach
    self.type = type
    self.at = at
    self.summary = summary
    self.notes = notes
    self.significant = significant
    self.followUp = followUp
    self.presentPersonIDs = presentPersonIDs
  }

  /// `zone` is where the contact's day and any message's time are read: a
  /// follow-up is due on a day of the practitioner's calendar.
  public func validate(config: Configuration, now: Date, zone: DisplayZone = .utc) throws(DomainError) {
    var v = Validator()
    if !config.contactTypes.contains(where: { $0.id == type }) {
      v.add(
        "type", "unknown",
        "'\(type)' is not a contact type; known: \(config.contactTypes.map(\.id).joined(separator: ", "))")
    }
    if let issue = Self.approachIssue(approach, type: type, config: config.approachSettings) {
      v.add(issue.field, issue.rule, issue.message)
    }
    v.line("summary", summary, max: Limits.summary)
    v.text("notes", notes, max: Limits.notes, multiline: true)
    if at.timeIntervalSince(now) > Limits.contactFutureSlack {
      v.add(
        "time", "future", "\(zone.labelled(at)) is in the future; a contact is logged after it happens")
    }
    if let followUp, followUp < zone.day(at) {
      v.add("follow-up", "before-contact", "\(followUp) is before the contact itself")
    }
    try v.check()
  }
}

extension ContactDraft {
  /// Why `approach` may not be recorded on a contact of `type`, or nil:
  /// it must be a configured approach, and only the contact types that
  /// carry an approach (a group session, an intervention) may name one.
  static func approachIssue(_ approach: String?, type: String, config: ApproachConfiguration)
    -> FieldIssue?
  {
    guard let approach else { return nil }
    guard config.approach(approach) != nil else {
      let known = config.approaches.map(\.id).joined(separator: ", ")
      return FieldIssue(
        field: "approach", rule: "unknown",
        message: "'\(approach)' is not an approach; known: \(known.isEmpty ? "none configured" : known)")
    }
    guard config.allowed(onContactType: type) else {
      var types = config.contactTypes
      let last = types.popLast() ?? "none"
      let list = types.isEmpty ? last : "\(types.joined(separator: ", ")) or \(last)"
      return FieldIssue(
        field: "approach", rule: "contact-type",
        message: "an approach is recorded only on a contact of type \(list), not \(type)")
    }
    return nil
  }
}

public struct EscalationDraft: Sendable, Equatable {
  public var toLevel: CaseLevel
  public var reason: String
  public var urgency: Urgency

  public init(toLevel: CaseLevel, reason: String, urgency: Urgency) {
    self.toLevel = toLevel
    self.reason = reason
    self.urgency = urgency
  }

  public func validate(currentLevel: CaseLevel) throws(DomainError) {
    var v = Validator()
    v.line("reason", reason, max: Limits.reason)
    try v.check()
    try CaseLevelWorkflow.checkEscalation(from: currentLevel, to: toLevel)
  }
}

public struct ReferralDraft: Sendable, Equatable {
  public var service: String
  public var reason: String
  public var consentRecorded: Bool

  public init(service: String, reason: String, consentRecorded: Bool) {
    self.service = service
    self.reason = reason
    self.consentRecorded = consentRecorded
  }

  public func validate(config: Configuration) throws(DomainError) {
    var v = Validator()
    if !config.services.contains(where: { $0.id == service }) {
      v.add(
        "service", "unknown",
        "'\(service)' is not a service; known: \(config.services.map(\.id).joined(separator: ", "))")
    }
    v.line("reason", reason, max: Limits.reason)
    try v.check()
  }
}

/// What a person typed for a new action on a case: who owns it, when it is due, and what is to be done.
public struct ActionDraft: Sendable, Equatable {
  /// The owner's username.
  public var owner: String
  /// The due date as typed, `YYYY-MM-DD`.
  public var due: String
  public var text: String

  public init(owner: String, due: String, text: String) {
    self.owner = owner
    self.due = due
    self.text = text
  }

  /// The parsed due date, or every failed rule.
  ///
  /// `ownerUser` is the account `owner` names (nil when there is none);
  /// `familyHub` is the hub of the family the action is for. The owner must
  /// be someone who can carry the action out: an active, non-admin user who
  /// works in that hub (and so can see the family and mark the action done).
  public func validated(today: LocalDate, ownerUser: User?, familyHub: String) throws(DomainError)
    -> LocalDate
  {
    var v = Validator()
    v.line("text", text, max: Limits.action)
    let day = LocalDate(due.trimmed)
    if due.trimmed.isEmpty {
      v.add("due", "required", "is required")
    } else if let day {
      if day < today {
        v.add("due", "past", "\(day) is in the past; an action is due today or later")
      } else if day > today.adding(days: Limits.actionDueDays) {
        v.add("due", "too-far", "\(day) is more than two years ahead; set a nearer date")
      }
    } else {
      v.add("due", "format", "'\(due)' is not a date in the form YYYY-MM-DD")
    }
    CaseworkRules.checkWorker(owner, ownerUser, familyHub: familyHub, field: "owner", into: &v)
    try v.check()
    return day!
  }
}

/// The rules for the people and reasons casework names.
public enum CaseworkRules {
  /// The fewest characters a reason for closing or reopening a case takes:
  /// enough for a few words, never one keystroke.
  public static let minimumReason = 8

  /// Whether `user` (found under `name`) may be given a family's work (an
  /// action, the lead of a case): an active colleague who works with
  /// families in the family's hub.
  public static func checkWorker(
    _ name: String, _ user: User?, familyHub: String, field: String, into v: inout Validator
  ) {
    let name = name.trimmed
    if name.isEmpty {
      v.add(field, "required", "is required")
    } else if let user {
      if !user.active {
        v.add(field, "inactive", "\(name) is inactive; choose an active user")
      } else if user.role == .admin {
        v.add(field, "admin", "\(name) is an admin; family work goes to someone who works with families")
      } else if !user.hubs.contains(familyHub) {
        let hubs = user.hubs.isEmpty ? "none" : user.hubs.joined(separator: ", ")
        v.add(
          field, "hub",
          "\(name) does not work in hub \(familyHub) (their hubs: \(hubs)); choose someone who does")
      }
    } else {
      v.add(field, "unknown", "no user named '\(name)'")
    }
  }

  /// A reason for closing or reopening a case, moving a family or marking a
  /// contact in error: one line, a few words.
  public static func requireReason(_ reason: String) throws(DomainError) {
    var v = Validator()
    v.line("reason", reason, max: Limits.reason)
    let trimmed = reason.trimmed
    if !trimmed.isEmpty && trimmed.count < minimumReason {
      v.add("reason", "too-short", "give a reason of a few words (at least \(minimumReason) characters)")
    }
    try v.check()
  }

  /// A next review date: a real date, today or later, within two years.
  public static func reviewDate(_ text: String, today: LocalDate) throws(DomainError) -> LocalDate {
    var v = Validator()
    let day = LocalDate(text.trimmed)
    if let day {
      if day < today { v.add("review", "past", "\(day) is in the past; a review is set for today or later") }
      if day > today.adding(days: Limits.actionDueDays) {
        v.add("review", "too-far", "\(day) is more than two years ahead; set a nearer date")
      }
    } else {
      v.add("review", "format", "'\(text)' is not a date in the form YYYY-MM-DD")
    }
    try v.check()
    return day!
  }
}
