/// One broken rule on one field, phrased for the person who typed it.
public struct FieldIssue: Hashable, Sendable, Codable, CustomStringConvertible {
  public var field: String
  public var rule: String
  public var message: String

  public init(field: String, rule: String, message: String) {
    self.field = field
    self.rule = rule
    self.message = message
  }

  public var description: String { "\(field): \(message)" }
}

/// Every error the domain raises. Each carries a message a person can act on.
public enum DomainError: Error, Equatable, Sendable, CustomStringConvertible {
  case invalid([FieldIssue])
  case forbidden(String)
  case illegalTransition(entity: String, from: String, to: String, allowed: [String])
  case notFound(String)
  case conflict(String)

  public var description: String {
    switch self {
    case .invalid(let issues):
      return issues.map(\.description).joined(separator: "; ")
    case .forbidden(let why):
      return "not permitted: \(why)"
    case .illegalTransition(let entity, let from, let to, let allowed):
      let final = entity == "case level" ? "none" : "none (\(from) is final)"
      let options = allowed.isEmpty ? final : allowed.joined(separator: ", ")
      return "cannot move \(entity) from \(from) to \(to); allowed from \(from): \(options)"
    case .notFound(let what):
      return "not found: \(what)"
    case .conflict(let what):
      return what
    }
  }

  public var issues: [FieldIssue] {
    if case .invalid(let issues) = self { return issues }
    return []
  }
}

/// Collects field issues so a form can show all of them at once.
public struct Validator {
  public private(set) var issues: [FieldIssue] = []

  public init() {}

  public mutating func add(_ field: String, _ rule: String, _ message: String) {
    issues.append(FieldIssue(field: field, rule: rule, message: message))
  }

  /// Throws `DomainError.invalid` when any rule failed.
  public func check() throws(DomainError) {
    if !issues.isEmpty { throw .invalid(issues) }
  }

  /// A required single-line field: trimmed non-empty, within `max`, no control characters.
  public mutating func line(_ field: String, _ value: String, max: Int, required: Bool = true) {
    let trimmed = value.trimmingCharacters(in: .whitespaces)
    if trimmed.isEmpty {
      if required { add(field, "required", "is required") }
      return
    }
    text(field, value, max: max, multiline: false)
  }

  /// Free text: length limit, and control characters refused (newlines allowed if `multiline`).
  public mutating func text(_ field: String, _ value: String, max: Int, multiline: Bool) {
    if value.count > max {
      add(field, "max-length", "is \(value.count) characters; the limit is \(max)")
    }
    if let bad = TextRules.firstControlCharacter(in: value, allowNewlines: multiline) {
      add(field, "control-character", "contains a control character (\(bad)); remove it")
    }
  }
}

public enum TextRules {
  /// The first disallowed control or format character, described visibly (e.g. `\u{1B}`).
  public static func firstControlCharacter(in value: String, allowNewlines: Bool) -> String? {
    for scalar in value.unicodeScalars {
      if allowNewlines && (scalar == "\n" || scalar == "\t") { continue }
      let v = scalar.value
      let isControl = v < 0x20 || (0x7F...0x9F).contains(v)
      let isBidi = (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
      if isControl || isBidi {
        return "\\u{" + String(v, radix: 16, uppercase: true) + "}"
      }
    }
    return nil
  }
}

extension String {
  /// Trimmed and with runs of inner whitespace intact; used before saving single-line fields.
  public var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
