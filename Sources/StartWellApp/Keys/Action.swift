import StartWellCore

/// Everything a key (or the command palette) can ask the client to do.
///
/// Raw values are stable words so a later configuration file can bind keys
/// to actions by name.
public enum Action: String, Hashable, Sendable, CaseIterable {
  case quit, back, help, palette
  case goHome = "go-home", goFamilies = "go-families", goQueue = "go-queue", goSync = "go-sync"
  case up, down, top, bottom, pageUp = "page-up", pageDown = "page-down"
  case open, search, nextMatch = "next-match", previousMatch = "previous-match"
  case nextPane = "next-pane", previousPane = "previous-pane"
  case logContact = "log-contact", escalate, newReferral = "new-referral"
  case advanceReferral = "advance-referral", addFamily = "add-family", addPerson = "add-person"
  case toggleHuddle = "toggle-huddle", markDone = "mark-done"
  case recordConsent = "record-consent", overrideRisk = "override-risk"
  case reopenEscalation = "reopen-escalation"
  case closeCase = "close-case", reopenCase = "reopen-case", changeLead = "change-lead"
  case setReview = "set-review", editFamily = "edit-household", moveFamily = "change-hub"
  case editPerson = "edit-person", recordBirth = "record-birth", contactInError = "contact-in-error"
  case syncNow = "sync-now", keepMine = "keep-mine", keepTheirs = "keep-theirs", chooseValue = "choose-value"
  case quickMine = "quick-mine", quickHuddle = "quick-huddle", quickReviewOverdue = "quick-review-overdue"
  case filter, clearFilters = "clear-filters", sortNext = "sort-next", sortReverse = "sort-reverse"
  case acknowledge, accept, decline, stepDown = "step-down"
  case refresh
  case tabOverview = "tab-overview", tabChronology = "tab-chronology", tabReferrals = "tab-referrals"
  case tabDevelopment = "tab-development", tabActions = "tab-actions"
  case save, nextField = "next-field", previousField = "previous-field"

  /// What the action does, for the help overlay and the command palette.
  public var summary: String {
    switch self {
    case .quit: "Quit StartWell"
    case .back: "Go back"
    case .help: "Show the keys for this screen"
    case .palette: "Command palette"
    case .goHome: "Home: my caseload and work due"
    case .goFamilies: "Families list"
    case .goQueue: "Escalation queue"
    case .goSync: "Sync status and conflicts"
    case .up: "Move up"
    case .down: "Move down"
    case .top: "Go to the top"
    case .bottom: "Go to the bottom"
    case .pageUp: "Page up"
    case .pageDown: "Page down"
    case .open: "Open the selected item"
    case .search: "Search"
    case .nextMatch: "Next match"
    case .previousMatch: "Previous match"
    case .nextPane: "Next pane or tab"
    case .previousPane: "Previous pane or tab"
    case .logContact: "Log a contact"
    case .escalate: "Escalate the case"
    case .newReferral: "Record a referral"
    case .advanceReferral: "Advance the selected referral"
    case .addFamily: "Add a family"
    case .addPerson: "Add a person to this family"
    // Worded without an "r…e…f" run so it stays out of the palette's "ref" matches.
    case .markDone: "Mark the selected action or follow-up done"
    case .toggleHuddle: "Toggle the huddle flag"
    // These three are kept free of an "r…e…f" run for the same reason.
    case .recordConsent: "Record consent to share"
    case .overrideRisk: "Override the risk band"
    case .reopenEscalation: "Reopen an escalation"
    case .closeCase: "Close the case, with the reason"
    case .reopenCase: "Reopen a closed case, with the reason"
    case .changeLead: "Change the lead practitioner"
    case .setReview: "Set the next review date"
    // These two and the birth are worded, and named, to stay out of "ref" too.
    case .editFamily: "Edit the household: SDF, address, postcode"
    case .moveFamily: "Move to another hub, with the reason"
    case .editPerson: "Edit a person's details"
    case .recordBirth: "Record a birth (an expected child)"
    case .contactInError: "Mark the selected contact entered in error"
    case .syncNow: "Sync with the share now"
    case .keepMine: "Settle the conflict: keep this terminal's value"
    case .keepTheirs: "Settle the conflict: keep the other terminal's value"
    case .chooseValue: "Settle the conflict: choose the value"
    case .filter: "Filter families (hub, SDF, level, risk, lead)"
    case .quickMine: "Quick filter: my families (the cases I lead)"
    case .quickHuddle: "Quick filter: flagged for the huddle"
    case .quickReviewOverdue: "Quick filter: review overdue"
    case .clearFilters: "Clear search and filters"
    case .sortNext: "Sort by the next column"
    case .sortReverse: "Reverse the sort order"
    case .acknowledge: "Acknowledge the escalation"
    case .accept: "Accept: step the case up"
    case .decline: "Decline the escalation"
    case .stepDown: "Step the case down"
    case .refresh: "Reload from the store"
    case .tabOverview: "Overview tab"
    case .tabChronology: "Chronology tab"
    case .tabReferrals: "Referrals tab"
    case .tabDevelopment: "Development tab"
    case .tabActions: "Actions and follow-ups tab"
    case .save: "Save the form"
    case .nextField: "Next field"
    case .previousField: "Previous field"
    }
  }
}

extension Action {
  /// The permission an action needs, where it needs one: a key whose action
  /// the user's role cannot take is offered nowhere (help, palette, status line).
  var permission: Permission? {
    switch self {
    case .goQueue, .acknowledge, .accept, .decline, .stepDown, .reopenEscalation: .decideEscalation
    case .overrideRisk: .superviseCaseloads
    case .logContact: .logContact
    case .escalate: .raiseEscalation
    case .newReferral: .addReferral
    case .advanceReferral: .updateReferral
    case .addFamily, .addPerson, .toggleHuddle, .recordConsent, .markDone: .editFamily
    case .closeCase, .reopenCase, .changeLead, .setReview, .editFamily, .moveFamily: .editFamily
    case .editPerson, .recordBirth: .editFamily
    // The store's gate for marking a contact in error is the one for logging it.
    case .contactInError: .logContact
    default: nil
    }
  }
}

extension AppState {
  /// Whether the key table's binding is offered to this user at all.
  func offers(_ binding: KeyBinding) -> Bool {
    guard let permission = binding.action.permission else { return true }
    return user.map { Permissions.allows($0.role, permission) } ?? false
  }
}
