import StartWellCore

/// Something a key (or the command palette) can ask the client to do.
///
/// An action is data: its stable name (so a later configuration file can
/// bind keys to actions by name), what it does, and the permission it
/// needs, if any. A key whose action the user's role cannot take is offered
/// nowhere (help, palette, status line). A screen declares its own actions
/// beside it, in its own file.
public struct Action: Hashable, Sendable, CustomStringConvertible {
  public let rawValue: String
  /// What the action does, for the help overlay and the command palette.
  public let summary: String
  let permission: Permission?

  public init(_ rawValue: String, _ summary: String, needs permission: Permission? = nil) {
    self.rawValue = rawValue
    self.summary = summary
    self.permission = permission
  }

  public var description: String { rawValue }

  public static func == (a: Action, b: Action) -> Bool { a.rawValue == b.rawValue }
  public func hash(into h: inout Hasher) { h.combine(rawValue) }
}

// Summaries are worded without an "r…e…f" run where the action is not about
// referrals, so they stay out of the palette's "ref" matches.
extension Action {
  public static let quit = Action("quit", "Quit StartWell")
  public static let back = Action("back", "Go back")
  public static let help = Action("help", "Show the keys for this screen")
  public static let palette = Action("palette", "Command palette")
  public static let goHome = Action("go-home", "Home: my caseload and work due")
  public static let goFamilies = Action("go-families", "Families list")
  public static let goQueue = Action("go-queue", "Escalation queue", needs: .decideEscalation)
  public static let goSync = Action("go-sync", "Sync status and conflicts")
  public static let up = Action("up", "Move up")
  public static let down = Action("down", "Move down")
  public static let top = Action("top", "Go to the top")
  public static let bottom = Action("bottom", "Go to the bottom")
  public static let pageUp = Action("page-up", "Page up")
  public static let pageDown = Action("page-down", "Page down")
  public static let open = Action("open", "Open the selected item")
  public static let search = Action("search", "Search")
  public static let nextMatch = Action("next-match", "Next match")
  public static let previousMatch = Action("previous-match", "Previous match")
  public static let nextPane = Action("next-pane", "Next pane or tab")
  public static let previousPane = Action("previous-pane", "Previous pane or tab")
  public static let logContact = Action("log-contact", "Log a contact", needs: .logContact)
  public static let escalate = Action("escalate", "Escalate the case", needs: .raiseEscalation)
  public static let newReferral = Action("new-referral", "Record a referral", needs: .addReferral)
  public static let advanceReferral = Action(
    "advance-referral", "Advance the selected referral", needs: .updateReferral)
  public static let addFamily = Action("add-family", "Add a family", needs: .editFamily)
  public static let addPerson = Action("add-person", "Add a person to this family", needs: .editFamily)
  public static let toggleHuddle = Action("toggle-huddle", "Toggle the huddle flag", needs: .editFamily)
  public static let markDone = Action(
    "mark-done", "Mark the selected action or follow-up done", needs: .editFamily)
  public static let recordConsent = Action("record-consent", "Record consent to share", needs: .editFamily)
  public static let overrideRisk = Action(
    "override-risk", "Override the risk band", needs: .superviseCaseloads)
  public static let reopenEscalation = Action(
    "reopen-escalation", "Reopen an escalation", needs: .decideEscalation)
  public static let closeCase = Action("close-case", "Close the case, with the reason", needs: .editFamily)
  public static let reopenCase = Action(
    "reopen-case", "Reopen a closed case, with the reason", needs: .editFamily)
  public static let changeLead = Action("change-lead", "Change the lead practitioner", needs: .editFamily)
  public static let setReview = Action("set-review", "Set the next review date", needs: .editFamily)
  public static let editFamily = Action(
    "edit-household", "Edit the household: SDF, address, postcode", needs: .editFamily)
  public static let moveFamily = Action(
    "change-hub", "Move to another hub, with the reason", needs: .editFamily)
  public static let editPerson = Action("edit-person", "Edit a person's details", needs: .editFamily)
  public static let recordBirth = Action(
    "record-birth", "Record a birth (an expected child)", needs: .editFamily)
  public static let contactInError = Action(
    "contact-in-error", "Mark the selected contact entered in error", needs: .logContact)
  public static let syncNow = Action("sync-now", "Sync with the share now")
  public static let keepMine = Action("keep-mine", "Settle the conflict: keep this terminal's value")
  public static let keepTheirs = Action("keep-theirs", "Settle the conflict: keep the other terminal's value")
  public static let chooseValue = Action("choose-value", "Settle the conflict: choose the value")
  public static let quickMine = Action("quick-mine", "Quick filter: my families (the cases I lead)")
  public static let quickHuddle = Action("quick-huddle", "Quick filter: flagged for the huddle")
  public static let quickReviewOverdue = Action("quick-review-overdue", "Quick filter: review overdue")
  public static let filter = Action("filter", "Filter families (hub, SDF, level, risk, lead)")
  public static let clearFilters = Action("clear-filters", "Clear search and filters")
  public static let sortNext = Action("sort-next", "Sort by the next column")
  public static let sortReverse = Action("sort-reverse", "Reverse the sort order")
  public static let acknowledge = Action(
    "acknowledge", "Acknowledge the escalation", needs: .decideEscalation)
  public static let accept = Action("accept", "Accept: step the case up", needs: .decideEscalation)
  public static let decline = Action("decline", "Decline the escalation", needs: .decideEscalation)
  public static let stepDown = Action("step-down", "Step the case down", needs: .decideEscalation)
  public static let refresh = Action("refresh", "Reload from the store")
  public static let tabOverview = Action("tab-overview", "Overview tab")
  public static let tabChronology = Action("tab-chronology", "Chronology tab")
  public static let tabReferrals = Action("tab-referrals", "Referrals tab")
  public static let tabDevelopment = Action("tab-development", "Development tab")
  public static let tabActions = Action("tab-actions", "Actions and follow-ups tab")
  public static let save = Action("save", "Save the form")
  public static let nextField = Action("next-field", "Next field")
  public static let previousField = Action("previous-field", "Previous field")
}

extension AppState {
  /// Whether the key table's binding is offered to this user at all.
  func offers(_ binding: KeyBinding) -> Bool {
    guard let permission = binding.action.permission else { return true }
    return user.map { Permissions.allows($0.role, permission) } ?? false
  }
}
