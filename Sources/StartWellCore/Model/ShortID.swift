/// How listings show a record's id, and how much of it a command accepts:
/// the last eight characters. Ids are time-ordered (UUID version 7), so
/// records made together share their first characters; the last are random.
public enum ShortID {
  public static let length = 8

  public static func of(_ id: String) -> String { String(id.suffix(length)) }

  /// Whether `text` (already lower-cased) names `id`: the whole id, or at
  /// least `length` characters from its start or its end.
  public static func matches(_ text: String, _ id: String) -> Bool {
    text.count >= length && (id.hasPrefix(text) || id.hasSuffix(text))
  }
}
