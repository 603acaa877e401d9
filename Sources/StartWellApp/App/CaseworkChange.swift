import StartWellCore
import StartWellStore

/// A change to an existing family's case, household or people, as one of
/// the client's forms or prompts asks for it. Each is made by the store
/// operation the command line uses, so the gate, the rules and the audit
/// are the same whichever way it arrives.
public enum CaseworkChange: Equatable, Sendable {
  case closeCase(reason: String)
  case reopenCase(reason: String)
  case lead(username: String)
  case review(on: String)
  /// Nil leaves a detail as it is.
  case editFamily(address: String?, postcode: String?, sdf: String?)
  case move(hub: String, sdf: String?, reason: String)
  case editPerson(reference: String, PersonChanges)
  case birth(reference: String, dateOfBirth: String, sex: Sex?)
  case contactInError(contactID: String, reason: String)

  /// Makes the change and says what it did, for the status line.
  /// `stillVisible` is false when the family has moved out of the user's hubs.
  func apply(familyReference ref: String, store: Store, user: User) throws -> (
    message: String, stillVisible: Bool
  ) {
    switch self {
    case .closeCase(let reason):
      try store.closeCase(familyReference: ref, reason: reason, as: user)
      return ("\(ref)'s case closed.", true)
    case .reopenCase(let reason):
      try store.reopenCase(familyReference: ref, reason: reason, as: user)
      return ("\(ref)'s case reopened.", true)
    case .lead(let username):
      try store.setCaseLead(familyReference: ref, to: username, as: user)
      return ("\(username) now leads \(ref)'s case.", true)
    case .review(let date):
      let c = try store.setCaseReview(familyReference: ref, on: date, as: user)
      return ("\(ref)'s next review is set for \(c.nextReview.map(\.description) ?? date).", true)
    case .editFamily(let address, let postcode, let sdf):
      try store.editFamily(familyReference: ref, address: address, postcode: postcode, sdf: sdf, as: user)
      return ("\(ref)'s details saved.", true)
    case .move(let hub, let sdf, let reason):
      let family = try store.moveFamily(familyReference: ref, toHub: hub, sdf: sdf, reason: reason, as: user)
      let name = store.config.hub(family.hubID)?.name ?? family.hubID
      return (
        "\(ref) moved to \(name), flagged for its next huddle.", user.hubs.contains(family.hubID)
      )
    case .editPerson(let reference, let changes):
      let p = try store.editPerson(reference: reference, changes, as: user)
      return ("\(p.fullName)'s details saved.", true)
    case .birth(let reference, let dateOfBirth, let sex):
      let p = try store.personBorn(reference: reference, dateOfBirth: dateOfBirth, sex: sex, as: user)
      return ("\(p.fullName) recorded as born on \(p.dateOfBirth).", true)
    case .contactInError(let contactID, let reason):
      try store.markContactInError(contactID: contactID, reason: reason, as: user)
      return ("Contact marked as entered in error; the chronology keeps it, marked.", true)
    }
  }
}
