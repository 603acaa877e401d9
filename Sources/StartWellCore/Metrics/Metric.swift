import Foundation

/// One figure of the report: a stable id (`throughput.contacts-by-type`),
/// its title and rule sentence from the catalogue, the headline figure and
/// its breakdown rows.
public struct Metric: Hashable, Sendable, Codable {
  public var id: String
  public var title: String
  /// What is counted, in one sentence (`MetricCatalogue`).
  public var rule: String
  public var figure: Figure
  /// What the breakdown rows are split by; nil when there are none.
  public var dimension: BreakdownDimension?
  public var breakdown: [BreakdownRow]

  public init(
    definition: MetricDefinition, figure: Figure, dimension: BreakdownDimension? = nil,
    breakdown: [BreakdownRow] = []
  ) {
    self.id = definition.id
    self.title = definition.title
    self.rule = definition.rule
    self.figure = figure
    self.dimension = dimension
    self.breakdown = breakdown
  }

  public var section: ReportSectionID? {
    id.hasPrefix(MetricCatalogue.impactPrefix) ? .impact : MetricCatalogue.definition(id)?.section
  }
}

/// The numbers of one figure. A count fills `count`; a share fills
/// `numerator` and `denominator`; a waiting time fills `median` and `p90`
/// (with `count`, the records measured). `children` and `families` say
/// how many of each stand behind the figure, where that is known.
public struct Figure: Hashable, Sendable, Codable {
  public var shape: FigureShape
  public var count: Int?
  public var numerator: Int?
  public var denominator: Int?
  public var median: Double?
  public var p90: Double?
  public var unit: MetricUnit
  public var children: Int?
  public var families: Int?
  /// True when the small-number rule blanked some of the figure's cells.
  public var suppressed: Bool
  /// A short sentence said with the figure, or in place of its numbers:
  /// "too small to compare" where no rate is given.
  public var note: String?

  public init(
    shape: FigureShape = .count, count: Int? = nil, numerator: Int? = nil, denominator: Int? = nil,
    median: Double? = nil,
    p90: Double? = nil, unit: MetricUnit = .records, children: Int? = nil, families: Int? = nil,
    suppressed: Bool = false, note: String? = nil
  ) {
    self.shape = shape
    self.count = count
    self.numerator = numerator
    self.denominator = denominator
    self.median = median
    self.p90 = p90
    self.unit = unit
    self.children = children
    self.families = families
    self.suppressed = suppressed
    self.note = note
  }

  /// A figure that gives no numbers, only a sentence saying why.
  public static func noted(_ note: String, unit: MetricUnit = .children, children: Int? = nil) -> Figure {
    Figure(unit: unit, children: children, note: note)
  }

  /// Whether any of the figure's number cells holds a value (or was blanked).
  public var hasNumbers: Bool {
    suppressed || count != nil || numerator != nil || denominator != nil || median != nil || p90 != nil
  }

  public static func count(_ n: Int, children: Int? = nil, families: Int? = nil) -> Figure {
    Figure(count: n, children: children, families: families)
  }

  public static func share(_ part: Int, of whole: Int, children: Int? = nil, families: Int? = nil) -> Figure {
    Figure(shape: .share, numerator: part, denominator: whole, children: children, families: families)
  }

  /// The share as a fraction, nil when there is nothing to divide by or a
  /// part was suppressed.
  public var share: Double? {
    guard let numerator, let denominator, denominator > 0 else { return nil }
    return Double(numerator) / Double(denominator)
  }

  /// The share as a whole percentage, rounded half up: every format prints
  /// this same number.
  public var percent: Int? {
    guard let numerator, let denominator, denominator > 0 else { return nil }
    return (numerator * 200 + denominator) / (denominator * 2)
  }
}

/// Which cells a figure has: a count; a share (numerator of
/// denominator); durations (count measured, median, 90th percentile); or
/// durations with a share beside them.
public enum FigureShape: String, Hashable, Sendable, Codable {
  case count, share, duration
  case durationAndShare = "duration-and-share"

  public var hasShare: Bool { self == .share || self == .durationAndShare }
  public var hasDurations: Bool { self == .duration || self == .durationAndShare }
}

/// What the numbers of a figure measure.
public enum MetricUnit: String, Hashable, Sendable, Codable {
  case records, children, families, days, hours, changes
}

/// One row of a metric's breakdown: a contact type, a level, a hub…
public struct BreakdownRow: Hashable, Sendable, Codable {
  /// The stable key (`home-visit`, `north`, `no-contact`); for two
  /// dimensions at once, joined by `/` (`targeted/urgent`).
  public var key: String
  /// The key's name for people, from the configuration.
  public var label: String
  public var figure: Figure

  public init(key: String, label: String, figure: Figure) {
    self.key = key
    self.label = label
    self.figure = figure
  }
}

/// What a metric's breakdown is split by.
public enum BreakdownDimension: String, Hashable, Sendable, Codable {
  case type, level, urgency, levelAndUrgency = "level-urgency", service, kind, hub, rule
  /// Improved, unchanged or worse; with the area first for EYFS (`communication/improved`).
  case movement, areaAndMovement = "area-movement"
  /// A judgement: achieved, not achieved, unknown.
  case outcome
  /// How many times something happened (`0`, `1`, `2`, `3+`).
  case times
  /// A comparable group of the impact of approaches, and which side of it
  /// (`north/amber/age 3/took-part`).
  case group
}
