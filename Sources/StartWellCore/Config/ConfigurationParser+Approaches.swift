import Foundation

extension ConfigurationParser {
  /// `approaches.json`: `{"approaches": [{"id": "elklan", "name": "ELKLAN"}],
  /// "contactTypes": ["group-session", "intervention"]}`.
  ///
  /// Each approach has a unique id and a name; `contactTypes` are the
  /// contact types (from `casework.json`) that may name an approach, and
  /// must include at least one when there are approaches to name.
  static func approaches(_ root: [String: Any], contactTypes: [Choice]) throws(ConfigurationError)
    -> ApproachConfiguration
  {
    let file = "approaches.json"
    let approaches = try list(root, "approaches", file: file).enumerated().map {
      (i, raw) throws(ConfigurationError) -> Approach in
      let path = "approaches[\(i)]"
      let o = try dict(raw, path, file: file)
      return Approach(
        id: try identifier(o, "id", file: file, path: path),
        name: try string(o, "name", file: file, path: path))
    }
    try unique(approaches.map(\.id), file: file, key: "approaches[].id")
    let types = try list(root, "contactTypes", file: file).enumerated().map {
      (i, raw) throws(ConfigurationError) -> String in
      let key = "contactTypes[\(i)]"
      guard let type = raw as? String else {
        throw ConfigurationError(file: file, key: key, problem: "expected a contact type id")
      }
      guard contactTypes.contains(where: { $0.id == type }) else {
        throw ConfigurationError(
          file: file, key: key,
          problem:
            "'\(type)' is not a contact type in casework.json; known: \(contactTypes.map(\.id).joined(separator: ", "))"
        )
      }
      return type
    }
    try unique(types, file: file, key: "contactTypes")
    if !approaches.isEmpty, types.isEmpty {
      throw ConfigurationError(
        file: file, key: "contactTypes", problem: "name at least one contact type that carries an approach")
    }
    return ApproachConfiguration(approaches: approaches, contactTypes: types)
  }
}
