import Foundation
import GRDB
import StartWellCore

extension FieldValue {
  public init(_ dbValue: DatabaseValue) {
    switch dbValue.storage {
    case .null: self = .null
    case .int64(let i): self = .integer(i)
    case .double(let d): self = .real(d)
    case .string(let s): self = .text(s)
    case .blob(let b): self = .text(b.base64EncodedString())
    }
  }

  public var databaseValue: DatabaseValue {
    switch self {
    case .null: .null
    case .text(let s): s.databaseValue
    case .integer(let i): i.databaseValue
    case .real(let d): d.databaseValue
    }
  }

  /// The JSON text stored in the outbox for this value.
  var json: String {
    let data = try! JSONEncoder().encode(self)
    return String(decoding: data, as: UTF8.self)
  }

  init(json: String) throws {
    self = try JSONDecoder().decode(FieldValue.self, from: Data(json.utf8))
  }
}

/// Shorthands for building a record's fields.
extension FieldValue {
  public static func of(_ s: String?) -> FieldValue { s.map(FieldValue.text) ?? .null }
  public static func of(_ b: Bool) -> FieldValue { .integer(b ? 1 : 0) }
  public static func of(_ d: LocalDate?) -> FieldValue { d.map { .text($0.description) } ?? .null }
  public static func of(_ d: Date?) -> FieldValue { d.map { .text(Timestamp.format($0)) } ?? .null }
  public static func of<R: RawRepresentable>(_ r: R?) -> FieldValue where R.RawValue == String {
    r.map { .text($0.rawValue) } ?? .null
  }
  public static func json<T: Encodable>(_ value: T) -> FieldValue {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    encoder.dateEncodingStrategy = .custom { date, enc in
      var c = enc.singleValueContainer()
      try c.encode(Timestamp.format(date))
    }
    return .text(String(decoding: try! encoder.encode(value), as: UTF8.self))
  }
}
