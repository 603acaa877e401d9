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

  public var members: [Member]
  public var latestDevelopment: [Development]
  public var lastContact: Contact?

  public init(members: [Member], latestDevelopment: [Development] = [], lastContact: Contact? = nil) {
    self.members = members
    self.latestDevelopment = latestDevelopment
    self.lastContact = lastContact
  }

  func memberName(_ personID: String) -> String? { members.first { $0.id == personID }?.name }
}
