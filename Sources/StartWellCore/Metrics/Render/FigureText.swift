import Foundation

/// How every format writes a figure's cells, so text, CSV, JSON and HTML
/// print the same numbers: counts as whole numbers, percentages rounded
/// half up (`Figure.percent`), durations whole or to one decimal place.
public enum FigureText {
  /// What a blanked small number shows as (as official statistics mark a
  /// confidential cell).
  public static let suppressed = "[c]"

  public static func number(_ value: Double?) -> String? {
    guard let value else { return nil }
    return value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
  }

  /// A cell: its value, or the suppression mark when it was blanked.
  static func cell(_ value: String?, _ figure: Figure) -> String {
    value ?? (figure.suppressed ? suppressed : "–")
  }

  /// One line for people: "412", "83% (120 of 145)",
  /// "median 12, 90th percentile 40 days (96 measured)", with the children
  /// and families behind it.
  public static func summary(_ f: Figure) -> String {
    // A figure with no numbers (a group too small to compare) says only why.
    if let note = f.note, !f.hasNumbers { return ([note] + behind(f)).joined(separator: " ") }
    var parts: [String] = []
    if f.shape.hasDurations {
      parts.append(
        "median \(cell(number(f.median), f)), 90th percentile \(cell(number(f.p90), f)) \(f.unit.rawValue) "
          + "(\(cell(f.count.map(String.init), f)) measured)")
    }
    if f.shape.hasShare {
      let percent = f.percent.map { "\($0)%" } ?? cell(nil, f)
      parts.append(
        "\(percent) (\(cell(f.numerator.map(String.init), f)) of \(cell(f.denominator.map(String.init), f)))")
    }
    if f.shape == .count { parts.append(cell(f.count.map(String.init), f)) }
    let figure = parts.joined(separator: "; ")
    let withBehind = ([figure] + behind(f)).joined(separator: " ")
    return f.note.map { "\(withBehind); \($0)" } ?? withBehind
  }

  /// "(12 children, 9 families)", "(1 family)", or nothing when no one
  /// stands behind the figure (a huddle has no family).
  static func behind(_ f: Figure) -> [String] {
    var behind: [String] = []
    if let c = f.children, c > 0 { behind.append(c == 1 ? "1 child" : "\(c) children") }
    if let n = f.families, n > 0 { behind.append(n == 1 ? "1 family" : "\(n) families") }
    return behind.isEmpty ? [] : ["(\(behind.joined(separator: ", ")))"]
  }
}
