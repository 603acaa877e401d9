import StartWellCore
import StartWellStore
import TerminalUI

/// How the results of effects change the state.
enum Results {
  static func apply(_ event: AppEvent, _ s: inout AppState) -> [Effect] {
    switch event {
    case .storeInspected(let isEmpty):
      if isEmpty && s.canLoadDemo {
        s.reset(to: .demoOffer)
        return []
      }
      return storeReady(&s)
    case .demoProgress(let done, let total):
      s.demo.done = done
      s.demo.total = total
      return []
    case .demoLoaded:
      s.demo.loading = false
      s.message = StatusMessage("Demo data loaded.")
      return storeReady(&s)
    case .demoFailed(let why):
      s.demo.loading = false
      s.demo.error = why
      return []
    case .loggedIn(let user):
      s.user = user
      s.login = LoginState()
      s.credentials = nil
      return Navigation.goHome(&s) + [.loadUsers]
    case .loginFailed(let why):
      s.login.busy = false
      s.login.error = why
      s.login.password.setText("")
      if s.route != .login { s.reset(to: .login) }
      return []
    case .usersLoaded(let users):
      s.users = users
      return []
    case .homeLoaded(let summary):
      HomeScreen.loaded(summary, &s)
      return []
    case .familiesCounted(let generation, let count, let exact):
      s.families.receive(generation: generation, count: count, exact: exact)
      return s.families.fetchVisible(visibleRows: FamiliesScreen.visibleRows(s.size))
        + FamiliesScreen.openPending(&s)
    case .familiesOrdered(let generation, let order):
      s.families.receive(generation: generation, order: order)
      return []
    case .familiesPage(let generation, let offset, let rows):
      s.families.receive(generation: generation, offset: offset, rows: rows)
      return FamiliesScreen.openPending(&s)
    case .familyFound(let id, let reference, let name, let hub):
      return Navigation.openFamily(id: id, reference: reference, name: name, hub: hub, &s)
    case .familyOpened(let detail):
      // A late answer for a family the user already left is dropped.
      guard var f = s.family, f.id == detail.family.meta.id else { return [] }
      f.load(detail, selectRecord: f.selectAfterLoad)
      f.selectAfterLoad = nil
      s.family = f
      return []
    case .queueLoaded(let rows):
      QueueScreen.loaded(rows, &s)
      return []
    case .screenLoaded(let request, let data):
      return Screens.screen(for: request.route)?.loaded(data, request: request, &s) ?? []
    case .saved(let result): return saved(result, &s)
    case .saveFailed(let failure):
      if case .prompt(var p)? = s.overlay, p.busy {
        p.busy = false
        p.error = failure.issues.first?.message ?? failure.message
        s.overlay = .prompt(p)
      } else if var form = s.form {
        form.saving = false
        form.show(failure.issues, message: failure.message)
        s.form = form
        s.message = form.refusal(failure.issues, message: failure.message)
      } else {
        s.message = StatusMessage(failure.message, isError: true)
      }
      return []
    case .failed(let why):
      s.message = StatusMessage(why, isError: true)
      return []
    case .key, .paste, .resize, .tick, .syncStatus, .syncFinished, .syncStalled, .syncLoaded:
      return []
    }
  }

  /// After the store is known to hold data: log in, or go straight home.
  static func storeReady(_ s: inout AppState) -> [Effect] {
    if s.user != nil { return Navigation.goHome(&s) + [.loadUsers] }
    s.reset(to: .login)
    if let c = s.credentials {
      s.login.username.setText(c.username)
      s.login.busy = true
      return [.authenticate(username: c.username, password: c.password)]
    }
    return []
  }

  /// Every save is a local change for the share: it is sent soon after,
  /// rather than at the next interval.
  static func saved(_ result: SaveResult, _ s: inout AppState) -> [Effect] {
    savedLocally(result, &s) + [.requestSync]
  }

  static func savedLocally(_ result: SaveResult, _ s: inout AppState) -> [Effect] {
    if case .prompt? = s.overlay { s.overlay = nil }
    if s.route == .form {
      s.form = nil
      s.pop()
    }
    switch result {
    case .screen(let request, let message):
      s.message = StatusMessage(message)
      return Screens.screen(for: request.route)?.saved(request, &s) ?? []
    case .contact(let familyID, let contactID):
      s.message = StatusMessage(
        ["Contact saved.", s.saveNote.map { $0 + "." }].compactMap(\.self).joined(separator: " "))
      s.saveNote = nil
      s.family?.selectAfterLoad = contactID
      return reloadFamily(familyID, &s)
    case .escalation(let familyID, let reference, let id):
      s.family?.selectAfterLoad = id
      s.message = StatusMessage("Escalation \(reference) raised; it is in the supervisors' queue.")
      return reloadFamily(familyID, &s)
    case .decision(let reference, let status):
      s.message = StatusMessage("Escalation \(reference) \(status.rawValue).")
      return [.loadQueue]
    case .referral(let familyID, let reference, let status):
      s.message = StatusMessage(
        "Referral \(reference) \(status == .draft ? "recorded as a draft" : "is now \(status.rawValue)").")
      return reloadFamily(familyID, &s)
    case .family(let id, let reference):
      s.message = StatusMessage("Family \(reference) added.")
      return s.families.restart() + Navigation.open(id: id, reference: reference, name: "", reason: nil, &s)
    case .person(let familyID, let reference):
      s.message = StatusMessage("Person \(reference) added.")
      return reloadFamily(familyID, &s)
    case .casework(let familyID, let message, let stillVisible):
      s.message = StatusMessage(message)
      guard stillVisible else { return leaveFamily(familyID, &s) }
      return reloadFamily(familyID, &s)
    case .markedDone(let familyID, let item):
      s.message = StatusMessage("Done: \(item.text)")
      return reloadFamily(familyID, &s)
    case .huddleFlag(let familyID, let flagged):
      s.message = StatusMessage(flagged ? "Flagged for the next huddle." : "Huddle flag removed.")
      return reloadFamily(familyID, &s)
    case .consent(let familyID, let consent, let day):
      s.message = StatusMessage("Consent to share recorded: \(consent.rawValue) on \(day).")
      return reloadFamily(familyID, &s)
    case .riskOverride(let familyID, let band):
      s.message = StatusMessage(
        band.map { "Risk band overridden to \(Format.band($0))." }
          ?? "Risk override cleared; the band follows the score again.")
      return reloadFamily(familyID, &s)
    case .reopened(let familyID, let reference, let status):
      s.message = StatusMessage(
        "Escalation \(reference) reopened (\(status.rawValue)); decide it again from the queue.")
      return reloadFamily(familyID, &s) + (s.route == .queue ? [.loadQueue] : [])
    case .conflictResolved(let done):
      // A value that names records reads as the store says; others in the screen's words.
      let shown = done.shown == done.value.description ? SyncConflict.show(done.value) : done.shown
      s.message = StatusMessage(
        (["\(done.id) settled as \(shown); other terminals close it at their next sync."] + done.notes)
          .joined(separator: " "))
      var effects: [Effect] = [.loadSync]
      if let f = s.family, let d = f.detail { effects.append(.reloadFamily(id: f.id, access: d.access)) }
      return effects
    }
  }

  /// A family moved out of the user's hubs is no longer theirs to see: the
  /// screen goes back, and the families list shows it gone.
  static func leaveFamily(_ id: String, _ s: inout AppState) -> [Effect] {
    guard s.route == .family, s.family?.id == id else { return [] }
    let message = s.message
    var effects = Navigation.back(&s)
    s.message = message
    if s.route == .families { effects += s.families.refresh(visibleRows: FamiliesScreen.visibleRows(s.size)) }
    return effects
  }

  static func reloadFamily(_ id: String, _ s: inout AppState) -> [Effect] {
    guard let f = s.family, f.id == id else { return [] }
    return [.reloadFamily(id: id, access: f.detail?.access ?? .ownHub)]
  }
}
