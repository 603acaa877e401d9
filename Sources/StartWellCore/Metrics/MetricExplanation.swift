import Foundation

/// The records behind one metric (`--explain METRIC`): references and ids,
/// never names, so the list can leave the store as CSV or JSON.
public struct MetricExplanation: Hashable, Sendable, Codable {
  public var metricID: String
  public var title: String
  public var rule: String
  public var from: LocalDate
  public var to: LocalDate
  public var scope: ReportScope
  public var records: [ExplainedRecord]

  public init(
    definition: MetricDefinition, from: LocalDate, to: LocalDate, scope: ReportScope,
    records: [ExplainedRecord]
  ) {
    self.metricID = definition.id
    self.title = definition.title
    self.rule = definition.rule
    self.from = from
    self.to = to
    self.scope = scope
    self.records = records
  }
}

/// One record counted by a metric.
public struct ExplainedRecord: Hashable, Sendable, Codable {
  /// The kind of record: `family`, `person`, `contact`, `escalation`,
  /// `referral`, `notification`, `huddle`, `huddle-item`, `action`,
  /// `development`, `case`.
  public var entity: String
  public var id: String
  /// The record's own reference (E-…, R-…, N-…, P-…) when it has one.
  public var reference: String?
  /// The family's reference (F-…).
  public var family: String?
  public var hub: String?
  /// The breakdown row it counts in (`home-visit`, `targeted/urgent`).
  public var key: String?
  /// The day it counts on.
  public var date: String?
  /// What it contributes: `on-time`, `late`, `12` (days), `improved`.
  public var value: String?

  public init(
    entity: String, id: String, reference: String? = nil, family: String? = nil, hub: String? = nil,
    key: String? = nil, date: String? = nil, value: String? = nil
  ) {
    self.entity = entity
    self.id = id
    self.reference = reference
    self.family = family
    self.hub = hub
    self.key = key
    self.date = date
    self.value = value
  }
}

extension ExplainedRecord {
  private enum Keys: String, CodingKey { case entity, id, reference, family, hub, key, date, value }

  /// Every key present, an absent value as `null`, as the other commands' JSON.
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: Keys.self)
    try c.encode(entity, forKey: .entity)
    try c.encode(id, forKey: .id)
    try c.encode(reference, forKey: .reference)
    try c.encode(family, forKey: .family)
    try c.encode(hub, forKey: .hub)
    try c.encode(key, forKey: .key)
    try c.encode(date, forKey: .date)
    try c.encode(value, forKey: .value)
  }
}
