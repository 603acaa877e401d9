import Foundation
import StartWellCore
import StartWellStore

// The JSON the commands print. Keys are camelCase and stable (they are part
// of the documented interface); dates are strings: `YYYY-MM-DD` for days and
// ISO 8601 UTC for instants. Absent values are written as null rather than
// left out, so every object of a kind has the same keys.

/// Encodes nil as `null` instead of dropping the key.
@propertyWrapper
struct Null<Value: Encodable>: Encodable {
  var wrappedValue: Value?
  init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    if let wrappedValue { try c.encode(wrappedValue) } else { try c.encodeNil() }
  }
}

struct FamilyRowJSON: Encodable {
  var reference: String
  var name: String
  var postcode: String
  var hub: String
  @Null var sdf: String?
  @Null var level: String?
  var riskScore: Int
  var riskBand: String
  @Null var lead: String?
  @Null var lastContact: String?

  init(_ r: FamilyRow) {
    reference = r.reference
    name = r.name
    postcode = r.postcode
    hub = r.hub
    sdf = r.sdf
    level = r.level?.rawValue
    riskScore = r.riskScore
    riskBand = r.riskBand.rawValue
    lead = r.lead
    lastContact = r.lastContact?.description
  }
}

struct FamilyDetailJSON: Encodable {
  struct FamilyPart: Encodable {
    var id: String
    var reference: String
    var name: String
    var address: String
    var postcode: String
    var hub: String
    @Null var sdf: String?
    @Null var consent: String?
    @Null var consentDate: String?
    @Null var lead: String?
  }
  struct CasePart: Encodable {
    var id: String
    var status: String
    var level: String
    var openedOn: String
    @Null var closedOn: String?
    @Null var lead: String?
    @Null var nextReview: String?
    var flaggedForHuddle: Bool
  }
  struct RiskPart: Encodable {
    struct Reason: Encodable {
      var factor: String
      var name: String
      var weight: Int
      var detail: String
    }
    var score: Int
    var band: String
    @Null var override: String?
    var reasons: [Reason]
  }
  struct Member: Encodable {
    var id: String
    var reference: String
    var givenName: String
    var familyName: String
    var relationship: String
    var dateOfBirth: String
    var expected: Bool
    var sex: String
    @Null var nhsNumber: String?
  }
  struct Entry: Encodable {
    /// The record the entry came from (a contact's id, for `contact error` and `followup done`).
    var id: String
    var at: String
    var kind: String
    var title: String
    var detail: String
    var significant: Bool
    @Null var by: String?
  }
  struct ActionPart: Encodable {
    var id: String
    var description: String
    var due: String
    @Null var owner: String?
  }
  struct FollowUp: Encodable {
    var contactId: String
    var due: String
    var contactAt: String
    var summary: String
    @Null var practitioner: String?
  }

  var family: FamilyPart
  @Null var `case`: CasePart?
  var risk: RiskPart
  var members: [Member]
  var chronology: [Entry]
  var openActions: [ActionPart]
  var followUps: [FollowUp]
  /// "own-hub", or "break-glass" when opened outside the user's hubs with a reason.
  var access: String

  init(_ d: FamilyDetail, config: Configuration) {
    let f = d.family
    family = FamilyPart(
      id: f.meta.id, reference: f.reference, name: f.name, address: f.address, postcode: f.postcode,
      hub: f.hubID,
      sdf: f.sdfID,
      consent: f.consent?.rawValue, consentDate: f.consentDate?.description, lead: d.userName(f.leadUserID))
    `case` = d.openCase.map {
      CasePart(
        id: $0.meta.id, status: $0.status.rawValue, level: $0.level.rawValue,
        openedOn: $0.openedOn.description,
        closedOn: $0.closedOn?.description, lead: d.userName($0.leadUserID),
        nextReview: $0.nextReview?.description,
        flaggedForHuddle: $0.flaggedForHuddle)
    }
    risk = RiskPart(
      score: d.risk.score, band: d.risk.effectiveBand.rawValue, override: d.risk.override?.rawValue,
      reasons: d.risk.reasons.map {
        .init(factor: $0.factorID, name: $0.name, weight: $0.weight, detail: $0.detail)
      })
    members = d.members.map {
      Member(
        id: $0.meta.id, reference: $0.reference, givenName: $0.givenName, familyName: $0.familyName,
        relationship: $0.relationship.rawValue, dateOfBirth: $0.dateOfBirth.description,
        expected: $0.expected,
        sex: $0.sex.rawValue, nhsNumber: $0.nhsNumber)
    }
    chronology = d.chronology.map {
      Entry(
        id: $0.recordID, at: Timestamp.format($0.at), kind: $0.kind.rawValue, title: $0.title,
        detail: $0.detail,
        significant: $0.significant, by: $0.by)
    }
    openActions = d.openActions.map {
      ActionPart(
        id: $0.meta.id, description: $0.description, due: $0.due.description, owner: d.userName($0.ownerID))
    }
    followUps = d.openFollowUps.map {
      FollowUp(
        contactId: $0.meta.id, due: $0.followUp?.description ?? "", contactAt: Timestamp.format($0.at),
        summary: $0.summary,
        practitioner: d.userName($0.practitionerID))
    }
    switch d.access {
    case .ownHub: access = "own-hub"
    case .breakGlass: access = "break-glass"
    }
  }
}

struct EscalationJSON: Encodable {
  var reference: String
  var family: String
  var familyName: String
  var hub: String
  var fromLevel: String
  var toLevel: String
  var urgency: String
  var status: String
  var reason: String
  var raisedBy: String
  var raisedAt: String
  @Null var decidedAt: String?
  @Null var decisionNote: String?

  init(_ row: EscalationRow) {
    self.init(
      row.escalation, familyReference: row.familyReference, familyName: row.familyName, hub: row.hub,
      raisedBy: row.raisedBy)
  }

  init(
    _ e: Escalation, familyReference: String, familyName: String = "", hub: String = "", raisedBy: String = ""
  ) {
    reference = e.reference
    family = familyReference
    self.familyName = familyName
    self.hub = hub
    fromLevel = e.fromLevel.rawValue
    toLevel = e.toLevel.rawValue
    urgency = e.urgency.rawValue
    status = e.status.rawValue
    reason = e.reason
    self.raisedBy = raisedBy
    raisedAt = Timestamp.format(e.raisedAt)
    decidedAt = e.decidedAt.map(Timestamp.format)
    decisionNote = e.decisionNote
  }
}

struct ReferralJSON: Encodable {
  var reference: String
  var family: String
  @Null var person: String?
  var personName: String
  var service: String
  var reason: String
  var consentRecorded: Bool
  var status: String
  /// When each status was reached, keyed by status.
  var statusDates: [String: String]
  @Null var outcome: String?
  @Null var unsuccessfulReason: String?
  @Null var daysWaiting: Int?

  init(_ row: ReferralRow, personReference: String?) {
    let r = row.referral
    reference = r.reference
    family = row.familyReference
    person = personReference
    personName = row.personName
    service = r.service
    reason = r.reason
    consentRecorded = r.consentRecorded
    status = r.status.rawValue
    statusDates = r.statusDates.mapValues(Timestamp.format)
    outcome = r.outcome
    unsuccessfulReason = r.unsuccessfulReason?.rawValue
    daysWaiting = row.daysWaiting
  }
}

struct ActionJSON: Encodable {
  var id: String
  var family: String
  var familyName: String
  var description: String
  var owner: String
  var due: String
  var status: String
  /// Open and past its due date.
  var overdue: Bool
  var createdAt: String
  @Null var doneAt: String?
  @Null var doneBy: String?
  @Null var doneNote: String?
  /// The huddle item that set it, when a huddle did.
  @Null var huddleItem: String?

  init(_ row: ActionRow, today: LocalDate) {
    let a = row.action
    id = a.meta.id
    family = row.familyReference
    familyName = row.familyName
    description = a.description
    owner = row.ownerUsername
    due = a.due.description
    status = a.status.rawValue
    overdue = a.isOverdue(today: today)
    createdAt = Timestamp.format(a.meta.createdAt)
    doneAt = a.doneAt.map(Timestamp.format)
    doneBy = row.doneByUsername
    doneNote = a.doneNote
    huddleItem = a.huddleItemID
  }
}

struct AuditEventJSON: Encodable {
  var seq: Int64
  var at: String
  var username: String
  var action: String
  var entity: String
  var recordId: String
  @Null var familyId: String?
  var detail: String
  var hash: String

  init(_ e: AuditEvent) {
    seq = e.seq
    at = e.at
    username = e.username
    action = e.action
    entity = e.entity
    recordId = e.recordID
    familyId = e.familyID
    detail = e.detail
    hash = e.hash
  }
}
