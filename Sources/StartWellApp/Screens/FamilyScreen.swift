import StartWellCore
import StartWellStore
import TerminalUI

public enum FamilyTab: Int, CaseIterable, Hashable, Sendable {
  case overview, chronology, referrals, development, actions

  public var title: String {
    switch self {
    case .overview: "1 Overview"
    case .chronology: "2 Chronology"
    case .referrals: "3 Referrals"
    case .development: "4 Development"
    case .actions: "5 Actions"
    }
  }
}

/// An open family record.
public struct FamilyState: Sendable {
  public var id: String
  public var reference: String
  public var name: String
  public var detail: FamilyDetail?
  public var tab: FamilyTab = .overview
  public var lists: [FamilyTab: ListState] = [:]
  /// The last text searched for in the chronology, for n/N.
  public var find = ""
  /// A record just saved, to select in the chronology when the reload arrives.
  public var selectAfterLoad: String?

  public init(id: String, reference: String, name: String) {
    self.id = id
    self.reference = reference
    self.name = name
  }

  public func list(_ tab: FamilyTab) -> ListState { lists[tab] ?? ListState() }

  /// Open actions then open follow-ups, the rows of the actions tab, soonest due first.
  var workItems: [WorkItem] {
    guard let d = detail else { return [] }
    let actions = d.openActions.map {
      WorkItem(
        id: $0.meta.id, kind: .action, due: $0.due, text: $0.description, owner: d.userName($0.ownerID) ?? "")
    }
    let followUps = d.openFollowUps.map {
      WorkItem(
        id: $0.meta.id, kind: .followUp, due: $0.followUp!, text: "Follow up: \($0.summary)",
        owner: d.userName($0.practitionerID) ?? "")
    }
    return (actions + followUps).sorted { ($0.due, $0.id) < ($1.due, $1.id) }
  }

  func rowCount(_ tab: FamilyTab) -> Int {
    guard let d = detail else { return 0 }
    switch tab {
    case .overview: return 0
    case .chronology: return d.chronology.count
    case .referrals: return d.referrals.count
    case .development: return d.development.count
    case .actions: return workItems.count
    }
  }

  /// Takes a freshly loaded record, keeping selections in range; `select`
  /// picks the chronology entry of a record just saved.
  mutating func load(_ detail: FamilyDetail, selectRecord: String? = nil) {
    let first = self.detail == nil
    self.detail = detail
    reference = detail.family.reference
    name = detail.family.name
    for tab in FamilyTab.allCases where tab != .overview {
      var list = lists[tab] ?? ListState()
      // A list left on its last row follows new rows, so a new entry shows.
      let atEnd = !list.isEmpty && list.selected == list.count - 1
      list.setCount(rowCount(tab))
      if atEnd { list.bottom() }
      // The chronology opens at its most recent entry.
      if first && tab == .chronology { list.bottom() }
      lists[tab] = list
    }
    if let record = selectRecord, let i = detail.chronology.lastIndex(where: { $0.recordID == record }) {
      lists[.chronology]?.select(i)
      tab = .chronology
    }
  }
}

/// A row of the actions tab: an action, or a contact's follow-up.
public struct WorkItem: Hashable, Sendable {
  public enum Kind: String, Hashable, Sendable {
    case action
    case followUp = "follow-up"
  }
  /// The action's id, or the contact's.
  public var id: String
  public var kind: Kind
  public var due: LocalDate
  public var text: String
  public var owner: String
}

enum FamilyScreen {
  /// Rows of a tab's list body: the body less the title line, the tab bar and the table header.
  static func visibleRows(_ size: TerminalSize) -> Int { max(1, Chrome.body(size).rows - 3) }

  static func perform(_ action: Action, _ s: inout AppState) -> [Effect] {
    guard var f = s.family else { return [] }
    defer { s.family = f }
    let visible = visibleRows(s.size)
    switch action {
    case .nextPane: f.tab = FamilyTab(rawValue: (f.tab.rawValue + 1) % FamilyTab.allCases.count)!
    case .previousPane:
      f.tab = FamilyTab(rawValue: (f.tab.rawValue + FamilyTab.allCases.count - 1) % FamilyTab.allCases.count)!
    case .tabOverview: f.tab = .overview
    case .tabChronology: f.tab = .chronology
    case .tabReferrals: f.tab = .referrals
    case .tabDevelopment: f.tab = .development
    case .tabActions: f.tab = .actions
    case _ where ListMotion.isMotion(action):
      guard f.tab != .overview else { return [] }
      var list = f.list(f.tab)
      ListMotion.apply(action, to: &list, visibleRows: visible)
      f.lists[f.tab] = list
    case .open where f.tab == .chronology:
      guard let d = f.detail, !d.chronology.isEmpty else { return [] }
      s.overlay = .entry(EntryState(entry: d.chronology[f.list(.chronology).selected]))
    case .search where f.tab == .chronology:
      s.overlay = .prompt(
        PromptState(title: "Find in the chronology", label: "Text:", purpose: .find, required: true))
    case .nextMatch, .previousMatch:
      find(
        &f, forward: action == .nextMatch, from: f.list(.chronology).selected, message: &s.message,
        visible: visible)
    case .markDone where f.tab == .actions:
      let items = f.workItems
      guard let d = f.detail, items.indices.contains(f.list(.actions).selected) else { return [] }
      let item = items[f.list(.actions).selected]
      if let refused = SafeguardingForms.refusal(
        s.user, .editFamily, hub: d.family.hubID, roleRefusal: "Only casework staff mark work done.")
      {
        s.message = refused
        return []
      }
      s.overlay = .confirm(
        ConfirmState(
          question: "Mark done (final): \(item.text)?",
          purpose: .markDone(item, familyID: d.family.meta.id)))
    case .toggleHuddle:
      guard let d = f.detail else { return [] }
      guard let c = d.openCase, c.status == .open else {
        s.message = StatusMessage(
          "\(d.family.reference) has no open case to bring to a huddle.", isError: true)
        return []
      }
      return [.save(.huddleFlag(familyID: d.family.meta.id, flagged: !c.flaggedForHuddle))]
    case .recordConsent:
      guard let d = f.detail else { return [] }
      if let refused = SafeguardingForms.refusal(
        s.user, .editFamily, hub: d.family.hubID,
        roleRefusal: "Only casework staff record a family's consent.")
      {
        s.message = refused
        return []
      }
      s.form = SafeguardingForms.consent(detail: d, today: s.today)
      s.push(.form)
    case .overrideRisk:
      guard let d = f.detail else { return [] }
      if let refused = SafeguardingForms.refusal(
        s.user, .superviseCaseloads, hub: d.family.hubID,
        roleRefusal: "Only supervisors override a family's risk band.")
      {
        s.message = refused
        return []
      }
      s.form = SafeguardingForms.riskOverride(detail: d)
      s.push(.form)
    case .reopenEscalation:
      guard let d = f.detail else { return [] }
      if let refused = SafeguardingForms.refusal(
        s.user, .decideEscalation, hub: d.family.hubID, roleRefusal: "Only supervisors reopen an escalation.")
      {
        s.message = refused
        return []
      }
      guard !SafeguardingForms.reopenable(d.escalations).isEmpty else {
        s.message = StatusMessage(
          "\(d.family.reference) has no decided escalation to reopen (accepted, declined or stepped down).",
          isError: true)
        return []
      }
      // The escalation selected in the chronology, if that is where the user is.
      var selected: String?
      if f.tab == .chronology, d.chronology.indices.contains(f.list(.chronology).selected) {
        let entry = d.chronology[f.list(.chronology).selected]
        if entry.kind == .escalation {
          selected = d.escalations.first { $0.meta.id == entry.recordID }?.reference
        }
      }
      s.form = SafeguardingForms.reopen(
        d.escalations, selecting: selected, familyID: d.family.meta.id, familyName: d.family.name)
      s.push(.form)
    case .closeCase, .reopenCase, .changeLead, .setReview, .editFamily, .moveFamily, .editPerson,
      .recordBirth,
      .contactInError:
      guard let d = f.detail else { return [] }
      FamilyCasework.open(action, d, f, &s)
    case .recordDevelopment, .openJourney:
      guard let d = f.detail else { return [] }
      return FamilyDevelopment.perform(action, d, f, &s)
    case .logContact, .escalate, .newReferral, .addPerson, .advanceReferral:
      guard let d = f.detail else { return [] }
      switch action {
      case .logContact: s.form = CaseworkForms.contact(detail: d, config: s.config, now: s.now, zone: s.zone)
      case .escalate: s.form = CaseworkForms.escalation(detail: d)
      case .newReferral: s.form = CaseworkForms.newReferral(detail: d, config: s.config)
      case .addPerson:
        s.form = RecordForms.person(
          familyID: d.family.meta.id, familyReference: d.family.reference, familyName: d.family.name)
      default:
        guard !d.referrals.isEmpty else { return [] }
        let r = d.referrals[f.list(.referrals).selected]
        let person = d.members.first { $0.meta.id == r.personID }?.fullName ?? "unknown person"
        s.form = CaseworkForms.advanceReferral(
          r, familyID: d.family.meta.id, personName: person, config: s.config)
      }
      s.push(.form)
    default: break
    }
    return []
  }

  /// Moves the chronology selection to the next (or previous) entry containing `f.find`.
  static func find(
    _ f: inout FamilyState, forward: Bool, from start: Int, message: inout StatusMessage?, visible: Int
  ) {
    guard let d = f.detail, !f.find.isEmpty, !d.chronology.isEmpty else { return }
    let n = d.chronology.count
    let needle = f.find.lowercased()
    for step in 1...n {
      let i = ((forward ? start + step : start - step) % n + n) % n
      let e = d.chronology[i]
      if "\(e.title)\n\(e.detail)\n\(e.by ?? "")".lowercased().contains(needle) {
        var list = f.list(.chronology)
        list.select(i)
        list.scrollToSelection(visibleRows: visible)
        f.lists[.chronology] = list
        f.tab = .chronology
        message = nil
        return
      }
    }
    message = StatusMessage("No chronology entry contains \"\(f.find)\".", isError: true)
  }
}

extension FamilyScreen: Screen {
  static let route = Route.family
  static let bindings: [KeyBinding] =
    FamilyDevelopment.bindings + [
      KeyBinding([.enter], .chronology, .open, hint: "entry"),
      KeyBinding([.character("/")], .chronology, .search, hint: "find"),
      KeyBinding([.character("n")], .chronology, .nextMatch),
      KeyBinding([.character("N")], .chronology, .previousMatch),
      KeyBinding([.character("x")], .chronology, .contactInError),
      KeyBinding([.enter, .character("a")], .referrals, .advanceReferral, hint: "advance"),
      KeyBinding([.enter, .character("d")], .actions, .markDone, hint: "done"),
      KeyBinding([.character("c")], .family, .logContact, hint: "contact"),
      KeyBinding([.character("e")], .family, .escalate, hint: "escalate"),
      KeyBinding([.character("r")], .family, .newReferral, hint: "referral"),
      KeyBinding([.character("p")], .family, .addPerson),
      KeyBinding([.character("h")], .family, .toggleHuddle),
      KeyBinding([.character("C")], .family, .recordConsent),
      KeyBinding([.character("R")], .family, .overrideRisk),
      KeyBinding([.character("o")], .family, .reopenEscalation),
      KeyBinding([.character("f")], .family, .editFamily),
      KeyBinding([.character("P")], .family, .editPerson),
      KeyBinding([.character("b")], .family, .recordBirth),
      KeyBinding([.character("l")], .family, .changeLead),
      KeyBinding([.character("v")], .family, .setReview),
      KeyBinding([.character("m")], .family, .moveFamily),
      KeyBinding([.character("X")], .family, .closeCase),
      KeyBinding([.character("O")], .family, .reopenCase),
      KeyBinding([.tab], .family, .nextPane, hint: "tab"),
      KeyBinding([.backTab], .family, .previousPane),
      KeyBinding([.character("1")], .family, .tabOverview),
      KeyBinding([.character("2")], .family, .tabChronology),
      KeyBinding([.character("3")], .family, .tabReferrals),
      KeyBinding([.character("4")], .family, .tabDevelopment),
      KeyBinding([.character("5")], .family, .tabActions),
    ]

  static func keyContexts(_ s: AppState) -> [KeyContext] {
    switch s.family?.tab ?? .overview {
    case .chronology: [.chronology, .family, .list, .global]
    case .referrals: [.referrals, .family, .list, .global]
    case .actions: [.actions, .family, .list, .global]
    case .development: [.development, .family, .list, .global]
    case .overview: [.family, .global]
    }
  }

  static func render(_ s: AppState, into g: inout CellGrid, rect: Rect) {
    FamilyView.render(s, into: &g, rect: rect)
  }

  /// A decision in the queue, or a settled conflict, changes the family beneath.
  static func reload(_ s: inout AppState) -> [Effect] {
    guard let f = s.family, let d = f.detail else { return [] }
    return [.reloadFamily(id: f.id, access: d.access)]
  }

  static func afterSync(_ s: inout AppState) -> [Effect] {
    s.routes.contains(.family) ? reload(&s) : []
  }
}
