import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// Everything `update` reacts to: input, time, and the results of effects.
public enum AppEvent: Sendable {
  case key(Key)
  /// Text the terminal marked as pasted: it goes into the focused text box.
  case paste(String)
  case resize(TerminalSize)
  case tick(Date)
  case syncStatus(SyncStatus)
  /// A background sync run finished.
  case syncFinished(SyncOutcome)
  /// A sync has been running since this time without an answer from the share.
  case syncStalled(since: Date)
  /// The sync screen's contents, read from the local store.
  case syncLoaded(SyncOverview?)

  case storeInspected(isEmpty: Bool)
  case demoProgress(done: Int, total: Int)
  case demoLoaded
  case demoFailed(String)
  case loggedIn(User)
  case loginFailed(String)
  case usersLoaded([User])
  case homeLoaded(HomeSummary)
  /// `exact` false: a search's quick count stopped at the cap; the real one follows.
  case familiesCounted(generation: Int, count: Int, exact: Bool)
  /// Every match of a search past the cap, in list order, so any page of it is read by row id.
  case familiesOrdered(generation: Int, order: [Int64])
  case familiesPage(generation: Int, offset: Int, rows: [FamilyRow])
  case familyOpened(FamilyDetail)
  case familyFound(id: String, reference: String, name: String, hub: String)
  case queueLoaded([EscalationRow])
  /// What a screen's own read returned; only that screen looks inside.
  case screenLoaded(ScreenRequest, any Sendable)
  case saved(SaveResult)
  case saveFailed(SaveFailure)
  /// A store read failed; shown on the status line.
  case failed(String)
}

/// What a finished save did, so `update` knows what to refresh.
public enum SaveResult: Hashable, Sendable {
  case contact(familyID: String, contactID: String)
  case escalation(familyID: String, reference: String, id: String)
  case decision(reference: String, status: EscalationStatus)
  case referral(familyID: String, reference: String, status: ReferralStatus)
  case family(id: String, reference: String)
  case person(familyID: String, reference: String)
  case huddleFlag(familyID: String, flagged: Bool)
  case consent(familyID: String, Consent, on: LocalDate)
  case riskOverride(familyID: String, band: RiskBand?)
  case reopened(familyID: String, reference: String, status: EscalationStatus)
  case conflictResolved(ConflictResolution)
  case markedDone(familyID: String, WorkItem)
  /// `stillVisible` is false when the family moved out of the user's hubs.
  case casework(familyID: String, message: String, stillVisible: Bool)
  /// A screen's own write, and the sentence that says what it did.
  case screen(ScreenRequest, message: String)
}

/// Why a save failed: field issues go next to their fields, anything else on the form.
public struct SaveFailure: Hashable, Sendable {
  public var issues: [FieldIssue]
  public var message: String

  public init(issues: [FieldIssue] = [], message: String) {
    self.issues = issues
    self.message = message
  }

  /// The client's one boundary for errors: the sentence `PeopleError` gives
  /// `error`, with its raw text (if any) written to `log`, the data folder's
  /// `debug.log`; never a library's raw text on the status line.
  public init(_ error: any Error, log: DebugLog?) {
    issues = (error as? DomainError)?.issues ?? []
    message = PeopleError.report(error, context: "client", log: log)
  }
}
