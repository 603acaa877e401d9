import StartWellCore
import StartWellStore

/// Work `update` asks for and never does itself: everything that touches the
/// store runs in the `EffectRunner`, off the drawing loop, and comes back as
/// an `AppEvent`.
public enum Effect: Equatable, Sendable {
  case inspectStore
  case loadDemo
  case authenticate(username: String, password: String)
  case loadUsers
  case loadHome
  /// Families list queries carry the list's generation; results of an older
  /// generation are dropped, and the runner skips them if a newer one is queued.
  case countFamilies(FamilyQuery, generation: Int)
  case fetchFamilies(FamilyQuery, generation: Int)
  case openFamily(id: String, reason: String?)
  /// Looks a family up by its reference (the palette), to open it.
  case findFamily(reference: String)
  case reloadFamily(id: String, access: FamilyAccess)
  case loadQueue
  /// A screen's own read (`Screen.load`), for screens without a case here.
  case loadScreen(ScreenRequest)
  case save(SaveRequest)
  /// Reads the sync screen's contents from the local store.
  case loadSync
  /// Asks the background sync to run soon (after a save, or "sync now").
  case requestSync
}

/// One store write; each is a single transaction.
public enum SaveRequest: Equatable, Sendable {
  case contact(familyID: String, ContactDraft)
  case escalation(familyID: String, EscalationDraft)
  case decision(reference: String, EscalationDecision, note: String?)
  case newReferral(familyID: String, personReference: String, ReferralDraft)
  case advanceReferral(
    familyID: String, reference: String, status: ReferralStatus, outcome: String?, reason: UnsuccessfulReason?
  )
  case family(FamilyDraft)
  case person(familyID: String, familyReference: String, PersonDraft)
  case huddleFlag(familyID: String, flagged: Bool)
  case consent(familyID: String, familyReference: String, Consent, on: LocalDate)
  /// A nil band clears the override.
  case riskOverride(familyID: String, familyReference: String, band: RiskBand?, reason: String)
  case reopen(escalation: String, familyID: String, reason: String)
  case resolveConflict(id: String, value: FieldValue)
  /// An action or a contact's follow-up marked done, from the actions tab.
  case markDone(WorkItem, familyID: String)
  /// A change to an existing family's case, household or people.
  case casework(familyID: String, familyReference: String, CaseworkChange)
  /// A write a screen makes itself (`Screen.save`), from its form or key.
  case screen(ScreenRequest)
}
