import Foundation

/// A named choice from the configuration: a contact type, a service, a case level.
public struct Choice: Hashable, Sendable, Codable {
  public var id: String
  public var name: String
  public init(id: String, name: String) {
    self.id = id
    self.name = name
  }
}

public struct RiskFactorDefinition: Hashable, Sendable, Codable {
  public var id: String
  public var name: String
  public var weight: Int
  public init(id: String, name: String, weight: Int) {
    self.id = id
    self.name = name
    self.weight = weight
  }
}

public struct RiskBands: Hashable, Sendable, Codable {
  /// The lowest score that is medium, and the lowest that is high.
  public var medium: Int
  public var high: Int
  public init(medium: Int, high: Int) {
    self.medium = medium
    self.high = high
  }

  public func band(for score: Int) -> RiskBand {
    score >= high ? .high : score >= medium ? .medium : .low
  }
}

public struct Thresholds: Hashable, Sendable, Codable {
  public var noContactDays: Int
  public var referralWaitingWeeks: Int
  public var reviewIntervalDays: Int
  /// How many days past its due date an open follow-up or action must be
  /// before the net lists the family's children: a day or two late is
  /// ordinary, weeks late is work that has been lost.
  public var workOverdueDays: Int
  /// How long a supervisor has to decide an escalation of each urgency,
  /// from when it was raised; the queue shows which are past it.
  public var decisionTargetHours: [Urgency: Int]
  /// A case's review counts as due this many days before its date.
  public var reviewDueWithinDays: Int

  public static let defaultDecisionTargetHours: [Urgency: Int] = [.immediate: 4, .urgent: 24, .routine: 120]

  public init(
    noContactDays: Int, referralWaitingWeeks: Int, reviewIntervalDays: Int, workOverdueDays: Int = 14,
    decisionTargetHours: [Urgency: Int] = Thresholds.defaultDecisionTargetHours, reviewDueWithinDays: Int = 14
  ) {
    self.noContactDays = noContactDays
    self.referralWaitingWeeks = referralWaitingWeeks
    self.reviewIntervalDays = reviewIntervalDays
    self.workOverdueDays = workOverdueDays
    self.decisionTargetHours = decisionTargetHours
    self.reviewDueWithinDays = reviewDueWithinDays
  }

  /// The decision target for an urgency, in hours.
  public func decisionTarget(_ urgency: Urgency) -> Int {
    decisionTargetHours[urgency] ?? Thresholds.defaultDecisionTargetHours[urgency] ?? 120
  }
}

/// Everything the service configures rather than codes: hubs, vocabularies, risk and thresholds.
public struct Configuration: Hashable, Sendable {
  public var hubs: [Hub]
  public var contactTypes: [Choice]
  public var services: [Choice]
  public var caseLevels: [Choice]
  public var riskFactors: [RiskFactorDefinition]
  public var riskBands: RiskBands
  public var thresholds: Thresholds
  /// The school terms development records are kept by (`terms.json`).
  public var terms: SchoolTerms
  /// The kinds of notification and how they count (`intake.json`).
  public var intake: IntakeConfiguration
  /// The local approaches and the contact types that carry one (`approaches.json`).
  public var approachSettings: ApproachConfiguration

  /// The local approaches, in the order the report lists them.
  public var approaches: [Approach] { approachSettings.approaches }
  /// The metrics report's settings (`metrics.json`).
  public var metrics: MetricsSettings

  public init(
    hubs: [Hub], contactTypes: [Choice], services: [Choice], caseLevels: [Choice],
    riskFactors: [RiskFactorDefinition], riskBands: RiskBands, thresholds: Thresholds,
    terms: SchoolTerms = .none, intake: IntakeConfiguration = .none,
    approachSettings: ApproachConfiguration = .none, metrics: MetricsSettings = .standard
  ) {
    self.approachSettings = approachSettings
    self.hubs = hubs
    self.contactTypes = contactTypes
    self.services = services
    self.caseLevels = caseLevels
    self.riskFactors = riskFactors
    self.riskBands = riskBands
    self.thresholds = thresholds
    self.terms = terms
    self.intake = intake
    self.metrics = metrics
  }

  public func hub(_ id: String) -> Hub? { hubs.first { $0.id == id } }

  public func sdfName(_ id: String?) -> String? {
    guard let id else { return nil }
    for hub in hubs { if let s = hub.sdfs.first(where: { $0.id == id }) { return s.name } }
    return nil
  }

  public func contactTypeName(_ id: String) -> String {
    contactTypes.first { $0.id == id }?.name ?? id
  }

  public func serviceName(_ id: String) -> String { services.first { $0.id == id }?.name ?? id }

  public func riskFactor(_ id: String) -> RiskFactorDefinition? { riskFactors.first { $0.id == id } }

  /// The files that make up a configuration folder, in load order.
  public static let fileNames = [
    "hubs.json", "casework.json", "risk.json", "thresholds.json", "terms.json", "intake.json",
    "approaches.json", "metrics.json",
  ]
}

/// A configuration problem, naming the file, the key and what is wrong with it.
public struct ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
  public var file: String
  public var key: String
  public var problem: String

  public init(file: String, key: String, problem: String) {
    self.file = file
    self.key = key
    self.problem = problem
  }

  public var description: String { "configuration error in \(file) at \(key): \(problem)" }
}
