/// Fixed vocabularies of the domain. Their raw values are the words used on
/// the command line, in JSON and in storage, so they never change.

public enum Role: String, Codable, Sendable, CaseIterable {
  case practitioner
  case huddleLead = "huddle-lead"
  case supervisor
  case admin

  public var title: String {
    switch self {
    case .practitioner: "Practitioner"
    case .huddleLead: "Huddle lead"
    case .supervisor: "Supervisor"
    case .admin: "Admin"
    }
  }
}

/// Case levels in ascending order of need; the order is what escalation means.
public enum CaseLevel: String, Codable, Sendable, CaseIterable, Comparable {
  case universal
  case earlyHelp = "early-help"
  case targeted
  case specialist

  public var rank: Int { CaseLevel.allCases.firstIndex(of: self)! }
  public static func < (a: CaseLevel, b: CaseLevel) -> Bool { a.rank < b.rank }

  public var title: String {
    switch self {
    case .universal: "Universal"
    case .earlyHelp: "Early help"
    case .targeted: "Targeted"
    case .specialist: "Specialist"
    }
  }
}

public enum Consent: String, Codable, Sendable, CaseIterable {
  case given
  case refused
}

public enum Relationship: String, Codable, Sendable, CaseIterable {
  case child, mother, father, carer, other

  public var isAdult: Bool { self != .child }
}

public enum Sex: String, Codable, Sendable, CaseIterable {
  case female, male, unknown
}

public enum CaseStatus: String, Codable, Sendable, CaseIterable {
  case open, closed
}

public enum Urgency: String, Codable, Sendable, CaseIterable {
  case routine, urgent, immediate
}

public enum EscalationStatus: String, Codable, Sendable, CaseIterable {
  case raised, acknowledged, accepted, declined
  case steppedDown = "stepped-down"
}

public enum ReferralStatus: String, Codable, Sendable, CaseIterable {
  case draft, sent, accepted, declined, seen, closed
}

public enum UnsuccessfulReason: String, Codable, Sendable, CaseIterable {
  case familyDeclined = "family-declined"
  case couldNotContact = "could-not-contact"
  case notEligible = "not-eligible"
  case serviceCapacity = "service-capacity"
}

public enum WellCommBand: String, Codable, Sendable, CaseIterable {
  case green, amber, red

  /// Green 0, amber 1, red 2: higher is further behind. A switch, not a
  /// search of `allCases`, which builds an array on every call: a report
  /// ranks each band of hundreds of thousands of movements.
  public var rank: Int {
    switch self {
    case .green: 0
    case .amber: 1
    case .red: 2
    }
  }
}

public enum EYFSRating: String, Codable, Sendable, CaseIterable {
  case onTrack = "on-track"
  case emerging
  case below
}

public enum ActionStatus: String, Codable, Sendable, CaseIterable {
  case open, done
}

/// Where a family stands in a huddle's running order.
public enum HuddleItemState: String, Codable, Sendable, CaseIterable {
  /// On the agenda, not yet reached.
  case pending
  /// Discussed, with a decision recorded.
  case discussed
  /// Passed over by the lead.
  case skipped
}

/// A huddle runs until its lead closes it; closing is final.
public enum HuddleStatus: String, Codable, Sendable, CaseIterable {
  case open, closed
}

/// What a supervisor's mark on a net row says: looked at, or handed to someone.
public enum NetMarkStatus: String, Codable, Sendable, CaseIterable {
  case seen, assigned
}

public enum RiskBand: String, Codable, Sendable, CaseIterable, Comparable {
  case low, medium, high

  public static func < (a: RiskBand, b: RiskBand) -> Bool {
    allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
  }
}
