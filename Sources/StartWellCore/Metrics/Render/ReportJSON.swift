import Foundation

/// The report and the explanations as JSON: camelCase keys, absent values
/// as `null`, each figure with its percentage as every format prints it.
public enum ReportJSON {
  public static func encode<T: Encodable>(_ value: T) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(value)
  }
}

extension Figure {
  private enum Keys: String, CodingKey {
    case shape, count, numerator, denominator, percent, median, p90, unit, children, families, suppressed
    case note
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: Keys.self)
    try c.encode(shape, forKey: .shape)
    try c.encode(count, forKey: .count)
    try c.encode(numerator, forKey: .numerator)
    try c.encode(denominator, forKey: .denominator)
    try c.encode(percent, forKey: .percent)
    try c.encode(median, forKey: .median)
    try c.encode(p90, forKey: .p90)
    try c.encode(unit, forKey: .unit)
    try c.encode(children, forKey: .children)
    try c.encode(families, forKey: .families)
    try c.encode(suppressed, forKey: .suppressed)
    try c.encode(note, forKey: .note)
  }
}

// Absent values as `null`, every key present, as the other commands' JSON.

extension Metric {
  private enum Keys: String, CodingKey { case id, title, rule, figure, dimension, breakdown }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: Keys.self)
    try c.encode(id, forKey: .id)
    try c.encode(title, forKey: .title)
    try c.encode(rule, forKey: .rule)
    try c.encode(figure, forKey: .figure)
    try c.encode(dimension, forKey: .dimension)
    try c.encode(breakdown, forKey: .breakdown)
  }
}

extension ReportSection {
  private enum Keys: String, CodingKey { case id, title, metrics, note }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: Keys.self)
    try c.encode(id, forKey: .id)
    try c.encode(title, forKey: .title)
    try c.encode(metrics, forKey: .metrics)
    try c.encode(note, forKey: .note)
  }
}

extension ReportScope {
  private enum Keys: String, CodingKey { case kind, id, hubs, label }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: Keys.self)
    try c.encode(kind, forKey: .kind)
    try c.encode(id, forKey: .id)
    try c.encode(hubs, forKey: .hubs)
    try c.encode(label, forKey: .label)
  }
}
