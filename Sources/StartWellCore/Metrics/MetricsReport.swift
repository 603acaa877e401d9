import Foundation

/// The common metrics report (SPEC workflow 8): one set of figures for a
/// date range and a scope, in sections, every figure with the rule that made
/// it. The text, CSV, JSON and HTML renderers all read this one value, so
/// the formats cannot disagree.
public struct MetricsReport: Hashable, Sendable, Codable {
  /// The first and last day counted, both included.
  public var from: LocalDate
  public var to: LocalDate
  public var scope: ReportScope
  /// The store's "today" when the report was made: snapshot figures (the
  /// net) are as of this day.
  public var asOf: LocalDate
  /// Figures from 1 up to one below this are suppressed in exports.
  public var smallNumber: Int
  public var sections: [ReportSection]

  public init(
    from: LocalDate, to: LocalDate, scope: ReportScope, asOf: LocalDate, smallNumber: Int,
    sections: [ReportSection]
  ) {
    self.from = from
    self.to = to
    self.scope = scope
    self.asOf = asOf
    self.smallNumber = smallNumber
    self.sections = sections
  }

  /// Every metric, in report order.
  public var metrics: [Metric] { sections.flatMap(\.metrics) }

  public func metric(_ id: String) -> Metric? { metrics.first { $0.id == id } }

  public func section(_ id: ReportSectionID) -> ReportSection? { sections.first { $0.id == id } }
}

/// The report's sections, in the order they are shown.
public enum ReportSectionID: String, Hashable, Sendable, Codable, CaseIterable {
  case throughput, quality, outcomes, impact, safeguarding

  public var title: String {
    switch self {
    case .throughput: "Throughput"
    case .quality: "Quality"
    case .outcomes: "Outcomes"
    case .impact: "Impact of approaches"
    case .safeguarding: "Early years safeguarding priorities"
    }
  }
}

public struct ReportSection: Hashable, Sendable, Codable {
  public var id: ReportSectionID
  public var title: String
  public var metrics: [Metric]
  /// A sentence shown in place of figures when the section has none to
  /// give (the impact comparison before its data exists).
  public var note: String?

  public init(id: ReportSectionID, metrics: [Metric], note: String? = nil) {
    self.id = id
    self.title = id.title
    self.metrics = metrics
    self.note = note
  }
}

/// Whose records a report counts: the whole partnership, one hub or one
/// SDF, always narrowed to the hubs the user may see.
public struct ReportScope: Hashable, Sendable, Codable {
  public enum Kind: String, Hashable, Sendable, Codable {
    /// Every hub (an admin's sight).
    case partnership
    /// All of the user's own hubs.
    case ownHubs = "own-hubs"
    case hub, sdf
  }

  public var kind: Kind
  /// The hub or SDF id asked for; nil for the partnership.
  public var id: String?
  /// The hubs counted (after narrowing to the user's sight), sorted.
  public var hubs: [String]
  /// For people: "the whole partnership", "hubs north, south", "hub north",
  /// "SDF north-moorside (hub north)".
  public var label: String

  public init(kind: Kind, id: String?, hubs: [String], label: String) {
    self.kind = kind
    self.id = id
    self.hubs = hubs
    self.label = label
  }
}
