import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// What the triage screen reads: the notification, the people it may be
/// about, and which of them are in families the user's lists admit.
struct TriageLoad: Sendable {
  var notification: StartWellStore.Notification
  var candidates: [MatchCandidate]
  /// Person ids of the candidates whose families the user may see.
  var listed: Set<String>
}

struct TriageState: ScreenState {
  var reference = ""
  /// The take-in form's values, while the screen opens on the notification
  /// they made (its reference is not known until the read finds it).
  var takenIn: [String: String]?
  var load: TriageLoad?
  var list = ListState()
  var loaded = false
  /// The first row shown of the notification's pane (PgUp/PgDn scroll it).
  var offset = 0

  var filter: [String: String] { takenIn ?? ["notification": reference] }

  var selected: MatchCandidate? {
    guard let load, load.candidates.indices.contains(list.selected) else { return nil }
    return load.candidates[list.selected]
  }

  func isListed(_ c: MatchCandidate) -> Bool { load?.listed.contains(c.personID) ?? false }
}

extension Route {
  static let triage = Route("triage")
}

extension KeyContext {
  static let triage = KeyContext("triage")
}

extension Action {
  static let triageAttach = Action(
    "triage-attach", "Attach to the selected person (triage)", needs: .triageNotifications)
  static let triageNewMember = Action(
    "triage-new-member", "New member of the selected person's household (triage)", needs: .triageNotifications
  )
  static let triageNewFamily = Action(
    "triage-new-family", "New family for the person (triage)", needs: .triageNotifications)
  static let triageNotOurs = Action(
    "triage-not-ours", "Not ours, with the reason (triage)", needs: .triageNotifications)
  static let triageDuplicate = Action(
    "triage-duplicate", "Duplicate of another notification (triage)", needs: .triageNotifications)
}

/// One notification as received beside the people it may be about, best
/// first, with the fields that matched marked in both. The person triaging
/// attaches it to one of them, adds a member to their family, starts a new
/// family, or says it is not ours or a duplicate.
enum TriageScreen: Screen {
  static let route = Route.triage
  static let bindings: [KeyBinding] = [
    KeyBinding([.enter, .character("t")], .triage, .triageAttach, hint: "attach"),
    KeyBinding([.character("m")], .triage, .triageNewMember, hint: "member"),
    KeyBinding([.character("n")], .triage, .triageNewFamily, hint: "new family"),
    KeyBinding([.character("x")], .triage, .triageNotOurs, hint: "not ours"),
    KeyBinding([.character("u")], .triage, .triageDuplicate, hint: "duplicate"),
  ]

  static func keyContexts(_ s: AppState) -> [KeyContext] { [.triage, .list, .global] }

  /// Opens the triage of the notification `reference`.
  static func open(reference: String, _ s: inout AppState) -> [Effect] {
    var t = TriageState()
    t.reference = reference
    s.setScreenState(t)
    return Screens.show(self, &s)
  }

  /// Opens the triage of the notification the take-in form's values made.
  static func open(takenIn filter: [String: String], _ s: inout AppState) -> [Effect] {
    var t = TriageState()
    t.takenIn = filter
    s.setScreenState(t)
    return Screens.show(self, &s)
  }

  static func reload(_ s: inout AppState) -> [Effect] { [request(s.screenState(TriageState.self).filter)] }

  static func load(_ request: ScreenRequest, _ c: ScreenLoadContext) throws -> any Sendable {
    let n: StartWellStore.Notification
    if let reference = request.filter["notification"] {
      n = try c.store.notification(reference, as: c.user)
    } else {
      // The id is made from what was received, so the form's values find the record they made.
      let checked = try c.store.checkTakeIn(TakeInForm.draft(request.filter), as: c.user)
      n = try c.store.notification(NotificationID.of(checked), as: c.user)
    }
    let candidates = try c.store.matchCandidates(for: n.person)
    return TriageLoad(
      notification: n, candidates: candidates, listed: try c.store.listedCandidates(candidates, as: c.user))
  }

  static func loaded(_ data: any Sendable, request: ScreenRequest, _ s: inout AppState) -> [Effect] {
    var t = s.screenState(TriageState.self)
    guard let load = data as? TriageLoad, request.filter == t.filter else { return [] }
    let selected = t.selected?.personID
    t.load = load
    t.loaded = true
    t.reference = load.notification.reference
    t.takenIn = nil
    t.list.setCount(load.candidates.count)
    if let selected, let i = load.candidates.firstIndex(where: { $0.personID == selected }) {
      t.list.select(i)
    }
    s.setScreenState(t)
    return []
  }

  static func perform(_ action: Action, _ s: inout AppState) -> [Effect] {
    var t = s.screenState(TriageState.self)
    if action == .pageUp || action == .pageDown {
      // A long notification scrolls; the candidates are few enough to need no paging.
      let area = TriageView.receivedArea(s.size)
      let last = max(0, TriageView.receivedRows(s) - area.rows)
      t.offset = max(0, min(last, t.offset + (action == .pageDown ? 1 : -1) * max(1, area.rows - 2)))
      s.setScreenState(t)
      return []
    }
    if ListMotion.isMotion(action) {
      ListMotion.apply(action, to: &t.list, visibleRows: 5)
      s.setScreenState(t)
      return []
    }
    guard
      [.triageAttach, .triageNewMember, .triageNewFamily, .triageNotOurs, .triageDuplicate].contains(action)
    else { return [] }
    guard let n = t.load?.notification else { return [] }
    if let refused = TriageDialogs.refusal(n, s) {
      s.message = StatusMessage(refused, isError: true)
      return []
    }
    switch action {
    case .triageAttach, .triageNewMember:
      return TriageDialogs.confirmOnCandidate(action == .triageAttach ? "attach" : "new-member", t, &s)
    case .triageNewFamily: return TriageDialogs.newFamily(t, &s)
    case .triageNotOurs:
      s.form = TriageForms.notOurs(n, config: s.config)
    default:
      s.form = TriageForms.duplicate(n)
    }
    s.push(.form)
    return []
  }

  static func submit(_ form: FormState, _ request: ScreenRequest, _ s: AppState) -> FormOutcome {
    TriageForms.submit(form, request)
  }

  static func save(_ request: ScreenRequest, _ c: ScreenLoadContext) throws -> String {
    try TriageWrites.save(request.filter, c)
  }

  /// A decided notification leaves the screen: back to the queue, whose
  /// status line names the outcome.
  static func saved(_ request: ScreenRequest, _ s: inout AppState) -> [Effect] {
    let message = s.message
    let effects = IntakeScreen.show(&s)
    s.message = message
    return effects
  }

  static func render(_ s: AppState, into g: inout CellGrid, rect: Rect) {
    TriageView.render(s, into: &g, rect: rect)
  }
}
