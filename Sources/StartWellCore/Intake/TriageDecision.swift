/// What a person decided a notification is, held in one field
/// (`notification.triage`) so that two rival decisions on two terminals are
/// one conflict for a person to resolve, never two half-decisions.
///
/// Every outcome that lands a notification on a family names the person it
/// is about; the family is that person's. Two terminals that each made a
/// new family (or member) offline hold two rival decisions naming two
/// people: the person who settles the conflict keeps one, and what the
/// other made is withdrawn with the resolution (`settleTriage`).
public enum TriageOutcome: String, CaseIterable, Sendable, Codable {
  case attached
  case newMember = "new-member"
  case newFamily = "new-family"
  case notOurs = "not-ours"
  case duplicate

  public var title: String {
    switch self {
    case .attached: "attached to a member"
    case .newMember: "added as a new member"
    case .newFamily: "started a new family"
    case .notOurs: "not for us"
    case .duplicate: "a duplicate"
    }
  }

  /// Outcomes that put the notification on a family.
  public var landsOnFamily: Bool { self == .attached || self == .newMember || self == .newFamily }
}

public struct TriageDecision: Hashable, Sendable {
  public var outcome: TriageOutcome
  /// The person it is about (attached, new member, new family), or the
  /// earlier notification it repeats (duplicate); nil for "not for us".
  public var target: String?

  public init(_ outcome: TriageOutcome, target: String?) {
    self.outcome = outcome
    self.target = target
  }

  /// "attached:<person id>", "duplicate:<notification id>", "not-ours".
  public var text: String { target.map { "\(outcome.rawValue):\($0)" } ?? outcome.rawValue }

  public init?(text: String) {
    let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
    guard let outcome = TriageOutcome(rawValue: parts[0]) else { return nil }
    let target = parts.count == 2 ? parts[1] : nil
    guard (outcome == .notOurs) == (target == nil), target.map({ !$0.isEmpty && $0.count <= 64 }) ?? true
    else { return nil }
    self.init(outcome, target: target)
  }

  /// The person the notification is about, when it lands on a family.
  public var personID: String? { outcome.landsOnFamily ? target : nil }

  /// SQL for the person id of a triage value held in `column` (NULL unless
  /// it lands on a family): the same reading as `personID`, for queries
  /// that join notifications to people.
  public static func personSQL(_ column: String) -> String {
    """
    (CASE WHEN \(column) LIKE 'attached:%' OR \(column) LIKE 'new-member:%' OR \(column) LIKE 'new-family:%' \
    THEN substr(\(column), instr(\(column), ':') + 1) END)
    """
  }
}
