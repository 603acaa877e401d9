import Foundation

/// Fields every stored record carries (SPEC section 2): a client-made UUID,
/// created and updated times, the author, and a tombstone instead of deletion.
public struct RecordMeta: Hashable, Sendable, Codable {
  public var id: String
  public var createdAt: Date
  public var updatedAt: Date
  public var authorID: String
  public var deleted: Bool

  public init(id: String = UUID().uuidString.lowercased(), at: Date, authorID: String, deleted: Bool = false)
  {
    self.id = id
    self.createdAt = at
    self.updatedAt = at
    self.authorID = authorID
    self.deleted = deleted
  }
}

public struct Hub: Hashable, Sendable, Codable {
  public var id: String
  public var name: String
  public var sdfs: [SDF]
  public init(id: String, name: String, sdfs: [SDF]) {
    self.id = id
    self.name = name
    self.sdfs = sdfs
  }
}

public struct SDF: Hashable, Sendable, Codable {
  public var id: String
  public var name: String
  public init(id: String, name: String) {
    self.id = id
    self.name = name
  }
}

public struct User: Hashable, Sendable, Codable {
  public var id: String
  public var username: String
  public var displayName: String
  public var role: Role
  public var hubs: [String]
  public var active: Bool

  public init(
    id: String = UUID().uuidString.lowercased(), username: String, displayName: String, role: Role,
    hubs: [String], active: Bool = true
  ) {
    self.id = id
    self.username = username
    self.displayName = displayName
    self.role = role
    self.hubs = hubs
    self.active = active
  }
}

public struct Family: Hashable, Sendable, Codable {
  public var meta: RecordMeta
  public var reference: String
  /// The household's display name, kept from its adults' surnames ("Smith / Khan").
  public var name: String
  public var address: String
  public var postcode: String
  public var hubID: String
  public var sdfID: String?
  public var consent: Consent?
  public var consentDate: LocalDate?
  public var leadUserID: String?

  public init(
    meta: RecordMeta, reference: String, name: String, address: String, postcode: String, hubID: String,
    sdfID: String?, consent: Consent?, consentDate: LocalDate?, leadUserID: String?
  ) {
    self.meta = meta
    self.reference = reference
    self.name = name
    self.address = address
    self.postcode = postcode
    self.hubID = hubID
    self.sdfID = sdfID
    self.consent = consent
    self.consentDate = consentDate
    self.leadUserID = leadUserID
  }
}

public struct Person: Hashable, Sendable, Codable {
  public var meta: RecordMeta
  public var reference: String
  public var familyID: String
  public var givenName: String
  public var familyName: String
  /// Date of birth, or the expected date when `expected` is true.
  public var dateOfBirth: LocalDate
  public var expected: Bool
  public var sex: Sex
  public var relationship: Relationship
  public var nhsNumber: String?
  public var firstLanguage: String?
  public var interpreterNeeded: Bool
  public var sendStatus: Bool
  public var ehcp: Bool
  /// Risk-factor ids raised on this person (e.g. "antenatal-high-risk").
  public var flags: [String]

  public init(
    meta: RecordMeta, reference: String, familyID: String, givenName: String, familyName: String,
    dateOfBirth: LocalDate,
    expected: Bool = false, sex: Sex = .unknown, relationship: Relationship, nhsNumber: String? = nil,
    firstLanguage: String? = nil, interpreterNeeded: Bool = false, sendStatus: Bool = false,
    ehcp: Bool = false, flags: [String] = []
  ) {
    self.meta = meta
    self.reference = reference
    self.familyID = familyID
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
    self.flags = flags
  }

  public var fullName: String { "\(givenName) \(familyName)" }
}

public struct Case: Hashable, Sendable, Codable {
  public var meta: RecordMeta
  public var familyID: String
  public var status: CaseStatus
  public var openedOn: LocalDate
  public var closedOn: LocalDate?
  public var closureReason: String?
  public var level: CaseLevel
  public var leadUserID: String?
  public var nextReview: LocalDate?
  public var flaggedForHuddle: Bool

  public init(
    meta: RecordMeta, familyID: String, status: CaseStatus = .open, openedOn: LocalDate,
    closedOn: LocalDate? = nil, closureReason: String? = nil, level: CaseLevel, leadUserID: String?,
    nextReview: LocalDate? = nil, flaggedForHuddle: Bool = false
  ) {
    self.meta = meta
    self.familyID = familyID
    self.status = status
    self.openedOn = openedOn
    self.closedOn = closedOn
    self.closureReason = closureReason
    self.level = level
    self.leadUserID = leadUserID
    self.nextReview = nextReview
    self.flaggedForHuddle = flaggedForHuddle
  }
}

public struct Contact: Hashable, Sendable, Codable {
  public var meta: RecordMeta
  public var familyID: String
  public var practitionerID: String
  public var at: Date
  public var type: String
  public var summary: String
  public var notes: String
  public var significant: Bool
  public var followUp: LocalDate?
  public var followUpDone: Bool
  public var presentPersonIDs: [String]
  /// Marked as entered in error: kept as recorded, counted nowhere.
  public var inError: Bool
  public var errorReason: String?
  /// The approach a group session or intervention belongs to (`approaches.json`).
  public var approach: String?

  public init(
    meta: RecordMeta, familyID: String, practitionerID: String, at: Date, type: String, summary: String,
    notes: String = "", significant: Bool = false, followUp: LocalDate? = nil, followUpDone: Bool = false,
    presentPersonIDs: [String] = [], inError: Bool = false, errorReason: String? = nil,
    approach: String? = nil
  ) {
    self.approach = approach
    self.inError = inError
    self.errorReason = errorReason
    self.meta = meta
    self.familyID = familyID
    self.practitionerID = practitionerID
    self.at = at
    self.type = type
    self.summary = summary
    self.notes = notes
    self.significant = significant
    self.followUp = followUp
    self.followUpDone = followUpDone
    self.presentPersonIDs = presentPersonIDs
  }
}

public struct Escalation: Hashable, Sendable, Codable {
  public var meta: RecordMeta
  public var reference: String
  public var familyID: String
  public var caseID: String
  public var fromLevel: CaseLevel
  public var toLevel: CaseLevel
  public var reason: String
  public var urgency: Urgency
  public var raisedBy: String
  public var raisedAt: Date
  public var status: EscalationStatus
  public var acknowledgedBy: String?
  public var acknowledgedAt: Date?
  public var acknowledgedNote: String?
  public var decidedBy: String?
  public var decidedAt: Date?
  public var decisionNote: String?

  public init(
    meta: RecordMeta, reference: String, familyID: String, caseID: String, fromLevel: CaseLevel,
    toLevel: CaseLevel, reason: String, urgency: Urgency, raisedBy: String, raisedAt: Date,
    status: EscalationStatus = .raised, acknowledgedBy: String? = nil, acknowledgedAt: Date? = nil,
    acknowledgedNote: String? = nil, decidedBy: String? = nil, decidedAt: Date? = nil,
    decisionNote: String? = nil
  ) {
    self.acknowledgedBy = acknowledgedBy
    self.acknowledgedAt = acknowledgedAt
    self.acknowledgedNote = acknowledgedNote
    self.meta = meta
    self.reference = reference
    self.familyID = familyID
    self.caseID = caseID
    self.fromLevel = fromLevel
    self.toLevel = toLevel
    self.reason = reason
    self.urgency = urgency
    self.raisedBy = raisedBy
    self.raisedAt = raisedAt
    self.status = status
    self.decidedBy = decidedBy
    self.decidedAt = decidedAt
    self.decisionNote = decisionNote
  }
}

public struct Referral: Hashable, Sendable, Codable {
  public var meta: RecordMeta
  public var reference: String
  public var familyID: String
  public var personID: String
  public var service: String
  public var reason: String
  public var consentRecorded: Bool
  public var status: ReferralStatus
  /// When each status was reached, keyed by the status's raw value.
  public var statusDates: [String: Date]
  public var outcome: String?
  public var unsuccessfulReason: UnsuccessfulReason?

  public init(
    meta: RecordMeta, reference: String, familyID: String, personID: String, service: String, reason: String,
    consentRecorded: Bool, status: ReferralStatus = .draft, statusDates: [String: Date] = [:],
    outcome: String? = nil, unsuccessfulReason: UnsuccessfulReason? = nil
  ) {
    self.meta = meta
    self.reference = reference
    self.familyID = familyID
    self.personID = personID
    self.service = service
    self.reason = reason
    self.consentRecorded = consentRecorded
    self.status = status
    self.statusDates = statusDates
    self.outcome = outcome
    self.unsuccessfulReason = unsuccessfulReason
  }

  /// Whole days since the referral was sent, while it is still waiting to be
  /// seen, counted on the calendar of `zone`, where `today` is.
  public func daysWaiting(today: LocalDate, zone: DisplayZone) -> Int? {
    guard [.sent, .accepted].contains(status), let sent = statusDates[ReferralStatus.sent.rawValue]
    else { return nil }
    return zone.day(sent).days(until: today)
  }
}

public struct DevelopmentRecord: Hashable, Sendable, Codable {
  public var meta: RecordMeta
  public var personID: String
  public var familyID: String
  /// School term, e.g. "2025-autumn" (`SchoolTerm.name`).
  public var term: String
  public var recordedOn: LocalDate
  public var wellComm: WellCommBand
  public var communication: EYFSRating
  public var physical: EYFSRating
  public var personalSocialEmotional: EYFSRating
  /// Literacy and mathematics: assessed only in the child's reception year.
  public var literacy: EYFSRating?
  public var maths: EYFSRating?
  /// Where the check was made (a nursery, a school, the hub).
  public var setting: String
  public var notes: String

  public init(
    meta: RecordMeta, personID: String, familyID: String, term: String, recordedOn: LocalDate,
    wellComm: WellCommBand, communication: EYFSRating, physical: EYFSRating,
    personalSocialEmotional: EYFSRating, literacy: EYFSRating? = nil, maths: EYFSRating? = nil,
    setting: String = "", notes: String = ""
  ) {
    self.meta = meta
    self.personID = personID
    self.familyID = familyID
    self.term = term
    self.recordedOn = recordedOn
    self.wellComm = wellComm
    self.communication = communication
    self.physical = physical
    self.personalSocialEmotional = personalSocialEmotional
    self.literacy = literacy
    self.maths = maths
    self.setting = setting
    self.notes = notes
  }

  /// Below expected in any prime area or a red WellComm band.
  public var belowExpected: Bool {
    wellComm == .red || [communication, physical, personalSocialEmotional].contains(.below)
  }

  /// The rating in one area; nil for literacy or maths when not assessed.
  public func rating(_ area: DevelopmentArea) -> EYFSRating? {
    switch area {
    case .communication: communication
    case .physical: physical
    case .personalSocialEmotional: personalSocialEmotional
    case .literacy: literacy
    case .maths: maths
    }
  }
}

public struct CaseAction: Hashable, Sendable, Codable {
  public var meta: RecordMeta
  public var familyID: String
  public var caseID: String
  public var huddleItemID: String?
  public var description: String
  public var ownerID: String
  public var due: LocalDate
  public var status: ActionStatus
  /// When the action was marked done, and by whom (a user id); nil while it is open.
  public var doneAt: Date?
  public var doneBy: String?
  public var doneNote: String?

  public init(
    meta: RecordMeta, familyID: String, caseID: String, huddleItemID: String? = nil, description: String,
    ownerID: String, due: LocalDate, status: ActionStatus = .open, doneAt: Date? = nil, doneBy: String? = nil,
    doneNote: String? = nil
  ) {
    self.doneNote = doneNote
    self.meta = meta
    self.familyID = familyID
    self.caseID = caseID
    self.huddleItemID = huddleItemID
    self.description = description
    self.ownerID = ownerID
    self.due = due
    self.status = status
    self.doneAt = doneAt
    self.doneBy = doneBy
  }

  /// Open and due before `today`.
  public func isOverdue(today: LocalDate) -> Bool { status == .open && due < today }
}

public struct Huddle: Hashable, Sendable, Codable {
  public var meta: RecordMeta
  public var hubID: String
  public var sdfID: String?
  public var date: LocalDate
  /// User ids.
  public var attendees: [String]
  /// Who runs it (a user id); nil for a huddle recorded before leads were kept.
  public var leadID: String?
  public var closedAt: Date?
  public var closedBy: String?
  public var status: HuddleStatus

  public init(
    meta: RecordMeta, hubID: String, sdfID: String?, date: LocalDate, attendees: [String],
    leadID: String? = nil, status: HuddleStatus = .open, closedAt: Date? = nil, closedBy: String? = nil
  ) {
    self.meta = meta
    self.hubID = hubID
    self.sdfID = sdfID
    self.date = date
    self.attendees = attendees
    self.leadID = leadID
    self.status = status
    self.closedAt = closedAt
    self.closedBy = closedBy
  }
}

public struct HuddleItem: Hashable, Sendable, Codable {
  public var meta: RecordMeta
  public var huddleID: String
  public var familyID: String
  public var caseID: String
  public var discussion: String
  public var decision: String
  public var position: Int
  public var state: HuddleItemState
  /// Why the family is on the agenda: agenda rule ids, or "added".
  public var origin: [String]

  public init(
    meta: RecordMeta, huddleID: String, familyID: String, caseID: String, discussion: String,
    decision: String, position: Int = 0, state: HuddleItemState = .discussed, origin: [String] = []
  ) {
    self.meta = meta
    self.huddleID = huddleID
    self.familyID = familyID
    self.caseID = caseID
    self.discussion = discussion
    self.decision = decision
    self.position = position
    self.state = state
    self.origin = origin
  }
}
