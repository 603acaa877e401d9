import Foundation

/// The kinds of notification StartWell takes in. The three partners' kinds
/// arrive one at a time or in a file; the two-year offer's kinds are the rows
/// of the eligibility list and of a setting's roll that could not be matched
/// to one child for certain, waiting in the same triage queue.
public enum NotificationKind: String, CaseIterable, Sendable, Codable {
  case antenatal
  case gpEarly = "gp-early"
  case domesticAbuse = "domestic-abuse"
  case twoYearEligibility = "two-year-eligibility"
  case twoYearPlace = "two-year-place"

  /// The kinds a partner sends, which `notify add` and `notify import` take.
  public static let partners: [NotificationKind] = [.antenatal, .gpEarly, .domesticAbuse]
}

/// One field a kind of notification carries beyond the person's details
/// (`Config/intake.json`).
public struct IntakeField: Hashable, Sendable {
  public enum Kind: Hashable, Sendable {
    case text(max: Int)
    case day
    /// One of the choices.
    case choice([Choice])
    /// Any number of the choices (risk criteria).
    case list([Choice])
  }

  public var id: String
  public var name: String
  public var kind: Kind
  public var required: Bool

  public init(id: String, name: String, kind: Kind, required: Bool) {
    self.id = id
    self.name = name
    self.kind = kind
    self.required = required
  }

  public var choices: [Choice] {
    switch kind {
    case .choice(let c), .list(let c): c
    case .text, .day: []
    }
  }
}

/// How one kind of notification is taken in and triaged.
public struct IntakeKind: Hashable, Sendable {
  public var kind: NotificationKind
  public var name: String
  /// Whom the person details describe ("mother", "child", "child or parent").
  public var subject: String
  /// The field that names who sent it (the midwife, the practice, the police reference).
  public var sourceField: String
  /// Working days (Monday to Friday) within which it should be triaged.
  public var triageWorkingDays: Int
  /// Roles that see notifications of this kind (within their hubs).
  public var visibleTo: Set<Role>
  public var fields: [IntakeField]

  public init(
    kind: NotificationKind, name: String, subject: String, sourceField: String, triageWorkingDays: Int,
    visibleTo: Set<Role>, fields: [IntakeField]
  ) {
    self.kind = kind
    self.name = name
    self.subject = subject
    self.sourceField = sourceField
    self.triageWorkingDays = triageWorkingDays
    self.visibleTo = visibleTo
    self.fields = fields
  }

  public func field(_ id: String) -> IntakeField? { fields.first { $0.id == id } }
}

/// `Config/intake.json`: the kinds of notification with their fields, which
/// antenatal criteria count as high risk, and how long an intake factor counts.
public struct IntakeConfiguration: Hashable, Sendable {
  public var kinds: [IntakeKind]
  /// Antenatal risk criteria (ids) that raise the antenatal high-risk factor.
  public var highRiskCriteria: Set<String>
  /// Days after the incident a domestic abuse notification counts in the risk score.
  public var domesticAbuseFactorDays: Int
  /// Days after the expected date of delivery an antenatal notification still counts.
  public var antenatalFactorDaysAfterDelivery: Int
  /// Reasons offered for "not for us" (a person may type another).
  public var notOursReasons: [Choice]

  public init(
    kinds: [IntakeKind], highRiskCriteria: Set<String>, domesticAbuseFactorDays: Int,
    antenatalFactorDaysAfterDelivery: Int, notOursReasons: [Choice]
  ) {
    self.kinds = kinds
    self.highRiskCriteria = highRiskCriteria
    self.domesticAbuseFactorDays = domesticAbuseFactorDays
    self.antenatalFactorDaysAfterDelivery = antenatalFactorDaysAfterDelivery
    self.notOursReasons = notOursReasons
  }

  /// No intake configured (a configuration built in code for a test).
  public static let none = IntakeConfiguration(
    kinds: [], highRiskCriteria: [], domesticAbuseFactorDays: 0, antenatalFactorDaysAfterDelivery: 0,
    notOursReasons: [])

  public func kind(_ kind: NotificationKind) -> IntakeKind? { kinds.first { $0.kind == kind } }

  /// Whether `role` sees notifications of `kind` at all.
  public func visible(_ kind: NotificationKind, to role: Role) -> Bool {
    self.kind(kind)?.visibleTo.contains(role) ?? false
  }

  /// The kinds `role` sees.
  public func kinds(visibleTo role: Role) -> [NotificationKind] {
    kinds.filter { $0.visibleTo.contains(role) }.map(\.kind)
  }
}
