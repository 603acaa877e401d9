/// An error whose `description` is already the sentence a person reads:
/// it says what is wrong and, where it helps, what to do, and it holds no
/// raw text from a library. Every front end shows such an error as it is;
/// any other error is turned into a sentence by `PeopleError` first.
public protocol PersonFacingError: Error, CustomStringConvertible {}

extension DomainError: PersonFacingError {}
extension ConfigurationError: PersonFacingError {}
