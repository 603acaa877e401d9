import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// The intake queue's list and which notifications it shows.
struct IntakeState: ScreenState {
  var filter: NotificationFilter = .untriaged
  var rows: [QueuedNotification] = []
  var list = ListState()
  var loaded = false

  var request: [String: String] { ["filter": filter.rawValue] }

  var selected: QueuedNotification? { rows.indices.contains(list.selected) ? rows[list.selected] : nil }
}

extension Route {
  static let intake = Route("intake")
}

extension KeyContext {
  static let intake = KeyContext("intake")
}

extension Action {
  static let goIntake = Action(
    "go-intake", "Intake: notifications to triage", needs: .triageNotifications)
  static let intakeView = Action("intake-view", "Intake: those waiting, or all notifications")
  static let intakeTakeIn = Action(
    "intake-take-in", "Intake: take in a notification (the form)", needs: .takeInNotifications)
  static let triageOpen = Action(
    "triage-open", "Intake: open the selected one for triage", needs: .triageNotifications)
}

/// The notifications the user sees (their role's kinds, their hubs), the
/// oldest waiting first, each with how many working days it has waited
/// against its kind's target. Enter triages one; `a` takes one in.
enum IntakeScreen: Screen {
  static let route = Route.intake
  static let goAction: Action? = .goIntake
  static let bindings: [KeyBinding] = [
    KeyBinding([.enter], .intake, .triageOpen, hint: "triage"),
    KeyBinding([.character("a"), .character("+")], .intake, .intakeTakeIn, hint: "take in"),
    KeyBinding([.character("v")], .intake, .intakeView, hint: "waiting/all"),
    KeyBinding([.character("I")], .global, .goIntake),
  ]

  static func keyContexts(_ s: AppState) -> [KeyContext] { [.intake, .list, .global] }

  static func refusal(_ s: AppState) -> String? {
    guard let user = s.user, Permissions.allows(user.role, .triageNotifications),
      !s.config.intake.kinds(visibleTo: user.role).isEmpty
    else { return "Notifications are triaged by practitioners, huddle leads and supervisors." }
    return nil
  }

  static func reload(_ s: inout AppState) -> [Effect] {
    [request(s.screenState(IntakeState.self).request)]
  }

  static func load(_ request: ScreenRequest, _ c: ScreenLoadContext) throws -> any Sendable {
    let filter = request.filter["filter"].flatMap(NotificationFilter.init) ?? .untriaged
    return try c.store.notifications(filter, as: c.user)
  }

  static func loaded(_ data: any Sendable, request: ScreenRequest, _ s: inout AppState) -> [Effect] {
    var q = s.screenState(IntakeState.self)
    // A late answer for the other view is dropped.
    guard let rows = data as? [QueuedNotification], request.filter == q.request else { return [] }
    let selected = q.selected?.notification.id
    q.rows = rows
    q.loaded = true
    q.list.setCount(rows.count)
    if let selected, let i = rows.firstIndex(where: { $0.notification.id == selected }) { q.list.select(i) }
    s.setScreenState(q)
    return []
  }

  static func visibleRows(_ size: TerminalSize) -> Int { max(1, Chrome.body(size).rows - 2) }

  static func perform(_ action: Action, _ s: inout AppState) -> [Effect] {
    var q = s.screenState(IntakeState.self)
    switch action {
    case _ where ListMotion.isMotion(action):
      ListMotion.apply(action, to: &q.list, visibleRows: visibleRows(s.size))
      s.setScreenState(q)
      return []
    case .intakeView:
      q.filter = q.filter == .untriaged ? .all : .untriaged
      q.rows = []
      q.loaded = false
      q.list = ListState()
      s.setScreenState(q)
      return [request(q.request)]
    case .triageOpen:
      guard let row = q.selected else { return [] }
      return TriageScreen.open(reference: row.notification.reference, &s)
    case .intakeTakeIn:
      return TakeInForm.open(&s)
    default: return []
    }
  }

  static func submit(_ form: FormState, _ request: ScreenRequest, _ s: AppState) -> FormOutcome {
    TakeInForm.submit(form, request, s)
  }

  static func save(_ request: ScreenRequest, _ c: ScreenLoadContext) throws -> String {
    try TakeInForm.save(request.filter, c)
  }

  /// A notification taken in opens for triage at once (one already held
  /// opens too, and the status line says it was held).
  static func saved(_ request: ScreenRequest, _ s: inout AppState) -> [Effect] {
    let message = s.message
    let effects = TriageScreen.open(takenIn: request.filter, &s)
    s.message = message
    return effects
  }

  static func render(_ s: AppState, into g: inout CellGrid, rect: Rect) {
    IntakeView.render(s, into: &g, rect: rect)
  }
}
