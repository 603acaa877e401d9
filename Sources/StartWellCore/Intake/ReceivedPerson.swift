/// A person as a partner's notification or list names them (antenatal, GP
/// early notification, domestic abuse, the two-year-old offer list), or as
/// the store holds them when they are compared.
///
/// Fields are kept as received; matching normalises them for comparison.
public struct ReceivedPerson: Hashable, Sendable, Codable {
  public var givenName: String
  public var familyName: String
  public var dateOfBirth: LocalDate?
  /// As received; `NHSNumber.normalise` makes it comparable.
  public var nhsNumber: String?
  /// As received; `Postcode.normalise` makes it comparable.
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
