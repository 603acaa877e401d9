/// The workflows as explicit state machines. Each table is the single source
/// of truth for what may follow what; the store and the screens both ask it.
public protocol StateMachine {
  associatedtype State: RawRepresentable & Hashable & CaseIterable where State.RawValue == String
  static var entity: String { get }
  static var transitions: [State: [State]] { get }
}

extension StateMachine {
  public static func allowed(from state: State) -> [State] { transitions[state] ?? [] }

  /// The table by raw values, as the record registry holds it.
  public static var moves: [String: [String]] {
    Dictionary(uniqueKeysWithValues: transitions.map { ($0.key.rawValue, $0.value.map(\.rawValue)) })
  }

  public static func check(from: State, to: State) throws(DomainError) {
    guard allowed(from: from).contains(to) else {
      throw .illegalTransition(
        entity: entity, from: from.rawValue, to: to.rawValue, allowed: allowed(from: from).map(\.rawValue))
    }
  }
}

/// raised → acknowledged → accepted | declined | stepped-down; an accepted
/// step-up may later be stepped down.
public enum EscalationWorkflow: StateMachine {
  public static let entity = "escalation"
  public static let transitions: [EscalationStatus: [EscalationStatus]] = [
    .raised: [.acknowledged],
    .acknowledged: [.accepted, .declined, .steppedDown],
    .accepted: [.steppedDown],
    .declined: [],
    .steppedDown: [],
  ]

  /// A decline or step-down must say why; the family may ask later.
  public static func noteRequired(for status: EscalationStatus) -> Bool {
    status == .declined || status == .steppedDown
  }

  /// A decided escalation a supervisor may reopen (back to acknowledged, to
  /// be decided again), so a wrong decision can always be undone.
  public static let reopenable: [EscalationStatus] = [.accepted, .declined, .steppedDown]

  public static func checkReopen(from status: EscalationStatus) throws(DomainError) {
    guard reopenable.contains(status) else {
      throw .illegalTransition(
        entity: entity, from: status.rawValue, to: EscalationStatus.acknowledged.rawValue,
        allowed: allowed(from: status).map(\.rawValue))
    }
  }

  /// Every move, the decisions and the reopening of a decided escalation.
  public static var moves: [String: [String]] {
    var table = Dictionary(
      uniqueKeysWithValues: transitions.map { ($0.key.rawValue, $0.value.map(\.rawValue)) })
    for status in reopenable {
      table[status.rawValue, default: []].append(EscalationStatus.acknowledged.rawValue)
    }
    return table
  }
}

/// draft → sent → accepted | declined → seen → closed; any open referral may be closed.
public enum ReferralWorkflow: StateMachine {
  public static let entity = "referral"
  public static let transitions: [ReferralStatus: [ReferralStatus]] = [
    .draft: [.sent, .closed],
    .sent: [.accepted, .declined, .closed],
    .accepted: [.seen, .closed],
    .declined: [.closed],
    .seen: [.closed],
    .closed: [],
  ]
}

public enum CaseStatusWorkflow: StateMachine {
  public static let entity = "case"
  public static let transitions: [CaseStatus: [CaseStatus]] = [
    .open: [.closed],
    .closed: [.open],
  ]
}

/// Case levels move up only through an accepted escalation, and down only by a step-down.
public enum CaseLevelWorkflow {
  public static func escalationTargets(from level: CaseLevel) -> [CaseLevel] {
    CaseLevel.allCases.filter { $0 > level }
  }

  public static func checkEscalation(from: CaseLevel, to: CaseLevel) throws(DomainError) {
    let targets = escalationTargets(from: from)
    guard targets.contains(to) else {
      throw .illegalTransition(
        entity: "case level", from: from.rawValue, to: to.rawValue, allowed: targets.map(\.rawValue))
    }
  }

  public static func checkStepDown(from: CaseLevel, to: CaseLevel) throws(DomainError) {
    let targets = CaseLevel.allCases.filter { $0 < from }
    guard targets.contains(to) else {
      throw .illegalTransition(
        entity: "case level", from: from.rawValue, to: to.rawValue, allowed: targets.map(\.rawValue))
    }
  }
}
