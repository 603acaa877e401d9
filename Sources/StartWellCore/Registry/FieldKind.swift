import Foundation

/// The stored type of a field, as the gate checks it on every operation.
///
/// Values travel as `FieldValue`s; each kind says which shapes it accepts,
/// so a text where a flag belongs, or a null date of birth, is refused
/// before it reaches a table.
public enum FieldKind: Sendable, Equatable {
  /// Text that is never null, up to `max` characters.
  case text(max: Int)
  case optionalText(max: Int)
  /// 0 or 1.
  case flag
  case integer
  /// A `Timestamp` (ISO 8601, UTC).
  case timestamp
  case optionalTimestamp
  /// A `LocalDate` (YYYY-MM-DD).
  case day
  case optionalDay
  /// One of a fixed vocabulary.
  case choice([String])
  case optionalChoice([String])
  /// A JSON array of strings.
  case list
  /// A JSON object whose values are strings or lists of strings.
  case object
  /// The id of another record (text, never null; empty when not yet set).
  case reference(Entity)
  case optionalReference(Entity)

  public var nullable: Bool {
    switch self {
    case .optionalText, .optionalTimestamp, .optionalDay, .optionalChoice, .optionalReference: true
    default: false
    }
  }

  /// Why `value` is not of this kind, or nil when it is.
  public func problem(with value: FieldValue) -> String? {
    if case .null = value { return nullable ? nil : "must not be empty (null)" }
    switch self {
    case .text(let max), .optionalText(let max):
      guard case .text(let s) = value else { return "must be text" }
      // The store's SQLite layer (GRDB) writes and reads text only up to a
      // NUL, so such a value would be cut without a word; refuse it instead,
      // as every form and command does.
      if s.unicodeScalars.contains("\u{0}") { return "contains a NUL character (\\x00)" }
      return s.count > max ? "is longer than \(max) characters" : nil
    case .flag:
      guard case .integer(let i) = value, i == 0 || i == 1 else { return "must be 0 or 1" }
      return nil
    case .integer:
      guard case .integer = value else { return "must be a whole number" }
      return nil
    case .timestamp, .optionalTimestamp:
      guard case .text(let s) = value, Timestamp.parse(s) != nil else { return "must be a time" }
      return nil
    case .day, .optionalDay:
      guard case .text(let s) = value, LocalDate(s) != nil else { return "must be a date (YYYY-MM-DD)" }
      return nil
    case .choice(let values), .optionalChoice(let values):
      guard case .text(let s) = value, values.contains(s) else {
        return "must be one of \(values.joined(separator: ", "))"
      }
      return nil
    case .list:
      guard case .text(let s) = value, (try? JSONDecoder().decode([String].self, from: Data(s.utf8))) != nil
      else { return "must be a list" }
      return nil
    case .object:
      guard case .text(let s) = value,
        (try? JSONDecoder().decode([String: NamedValue].self, from: Data(s.utf8))) != nil
      else { return "must be a set of named values" }
      return nil
    case .reference, .optionalReference:
      guard case .text(let s) = value, s.count <= 64 else { return "must be a record id" }
      return nil
    }
  }
}

extension FieldKind {
  public static func choice<E: RawRepresentable & CaseIterable>(_: E.Type) -> FieldKind
  where E.RawValue == String { .choice(E.allCases.map(\.rawValue)) }

  public static func optionalChoice<E: RawRepresentable & CaseIterable>(_: E.Type) -> FieldKind
  where E.RawValue == String { .optionalChoice(E.allCases.map(\.rawValue)) }
}

/// One value of an `.object` field: a text, or a list of texts (a
/// notification's risk criteria).
private enum NamedValue: Decodable {
  case text(String)
  case list([String])

  init(from decoder: Decoder) throws {
    let c = try decoder.singleValueContainer()
    if let text = try? c.decode(String.self) {
      self = .text(text)
    } else {
      self = .list(try c.decode([String].self))
    }
  }
}
