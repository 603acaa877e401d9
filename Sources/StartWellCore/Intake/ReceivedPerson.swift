/// A person as a partner described them: the details a notification or a
/// list's row carries, kept as received.
public struct ReceivedPerson: Hashable, Sendable, Codable {
  public var givenName: String
  public var familyName: String
  public var dateOfBirth: LocalDate?
  public var nhsNumber: String?
  public var postcode: String?
  public var address: String?

  public init(
    givenName: String, familyName: String, dateOfBirth: LocalDate? = nil, nhsNumber: String? = nil,
    postcode: String? = nil, address: String? = nil
  ) {
    self.givenName = givenName
    self.familyName = familyName
    self.dateOfBirth = dateOfBirth
    self.nhsNumber = nhsNumber
    self.postcode = postcode
    self.address = address
  }
}
