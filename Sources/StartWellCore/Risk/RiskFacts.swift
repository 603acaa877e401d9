import Foundation

/// What the risk factors read about one family, taken from its records.
///
/// The store fills it from the database, one family at a time
/// (`FamilyIndex.refresh`, the family overview, `risk explain`) or every
/// family at once (`FamilyIndex.rebuildAll`); the demo generator fills it
/// from the records it is about to write. The factors only ever read this,
/// so every one of those paths scores a family the same way.
public struct RiskFacts: Hashable, Sendable {
  public struct Member: Hashable, Sendable {
    public var id: String
    /// The person's reference (P-…), what a person reads and types.
    public var reference: String?
    public var name: String
    public var send: Bool
    public var ehcp: Bool
    /// Flags a practitioner set on the person by hand.
    public var flags: [String]

    public init(
      id: String, reference: String? = nil, name: String, send: Bool, ehcp: Bool, flags: [String]
    ) {
      self.id = id
      self.reference = reference
      self.name = name
      self.send = send
      self.ehcp = ehcp
      self.flags = flags
    }
  }

  /// A child's latest development record (the latest term recorded).
  public struct Development: Hashable, Sendable {
    public var recordID: String
    public var personID: String
    public var term: String
    public var recordedOn: LocalDate
    public var wellcomm: WellCommBand

    public init(
      recordID: String, personID: String, term: String, recordedOn: LocalDate, wellcomm: WellCommBand
    ) {
      self.recordID = recordID
      self.personID = personID
      self.term = term
      self.recordedOn = recordedOn
      self.wellcomm = wellcomm
    }
  }

  /// The latest contact that counts (not deleted, not entered in error).
  public struct Contact: Hashable, Sendable {
    public var recordID: String
    public var on: LocalDate

    public init(recordID: String, on: LocalDate) {
      self.recordID = recordID
      self.on = on
    }
  }

  /// A notification whose triage landed it on a member and stands: not
  /// deleted, and not under an open conflict between two triage decisions
  /// (nothing follows from a disputed decision until a person settles it).
  public struct Notice: Hashable, Sendable {
    public var recordID: String
    /// Its reference (N-…).
    public var reference: String
    public var kind: NotificationKind
    /// The member it landed on.
    public var personID: String
    /// Who sent it: the midwife, the practice, the police reference (`Notification.source`).
    public var source: String?
    public var receivedOn: LocalDate
    /// The day (UTC) it was triaged onto the family.
    public var triagedOn: LocalDate?
    /// The kind's own fields as received, by id (`Config/intake.json`).
    public var details: [String: CheckedNotification.DetailValue]

    public init(
      recordID: String, reference: String, kind: NotificationKind, personID: String, source: String?,
      receivedOn: LocalDate, details: [String: CheckedNotification.DetailValue], triagedOn: LocalDate? = nil
    ) {
      self.recordID = recordID
      self.reference = reference
      self.kind = kind
      self.personID = personID
      self.source = source
      self.receivedOn = receivedOn
      self.triagedOn = triagedOn
      self.details = details
    }

    /// A day field of the notification ("edd", "incident-date").
    public func day(_ field: String) -> LocalDate? { details[field]?.text.flatMap(LocalDate.init) }
  }

  /// A child's two-year offer record for one term.
  public struct TwoYearOffer: Hashable, Sendable {
    public var recordID: String
    public var personID: String
    public var term: String
    public var eligible: Bool
    public var code: String
    public var listedOn: LocalDate?
    public var takenUp: Bool

    public init(
      recordID: String, personID: String, term: String, eligible: Bool, code: String, listedOn: LocalDate?,
      takenUp: Bool
    ) {
      self.recordID = recordID
      self.personID = personID
      self.term = term
      self.eligible = eligible
      self.code = code
      self.listedOn = listedOn
      self.takenUp = takenUp
    }
  }

  public var members: [Member]
  public var latestDevelopment: [Development]
  public var lastContact: Contact?
  public var notices: [Notice]
  public var twoYearOffers: [TwoYearOffer]

  public init(
    members: [Member], latestDevelopment: [Development] = [], lastContact: Contact? = nil,
    notices: [Notice] = [], twoYearOffers: [TwoYearOffer] = []
  ) {
    self.members = members
    self.latestDevelopment = latestDevelopment
    self.lastContact = lastContact
    self.notices = notices
    self.twoYearOffers = twoYearOffers
  }

  func memberName(_ personID: String) -> String? { members.first { $0.id == personID }?.name }
}
