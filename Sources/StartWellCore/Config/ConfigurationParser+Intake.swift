import Foundation

extension ConfigurationParser {
  /// `intake.json`: every kind of notification (`NotificationKind`) with
  /// the fields it carries beyond the person, whom it is about, who sees it
  /// and its triage target; which antenatal criteria are high risk; and how
  /// long the intake factors of the risk score count.
  static func intake(_ root: [String: Any]) throws(ConfigurationError) -> IntakeConfiguration {
    let file = "intake.json"
    var kinds: [IntakeKind] = []
    var highRisk: Set<String> = []
    for (i, raw) in try list(root, "kinds", file: file).enumerated() {
      let path = "kinds[\(i)]"
      let o = try dict(raw, path, file: file)
      let id = try identifier(o, "id", file: file, path: path)
      guard let kind = NotificationKind(rawValue: id) else {
        throw ConfigurationError(
          file: file, key: "\(path).id",
          problem: "'\(id)' is not a kind of notification; known: \(known(NotificationKind.allCases))")
      }
      let fields = try intakeFields(o, path: path, highRisk: &highRisk)
      let sourceField = try identifier(o, "sourceField", file: file, path: path)
      if !fields.contains(where: { $0.id == sourceField }) {
        throw ConfigurationError(
          file: file, key: "\(path).sourceField", problem: "'\(sourceField)' is not one of its fields")
      }
      let days = try int(o, "triageWorkingDays", file: file, path: path)
      if days <= 0 {
        throw ConfigurationError(
          file: file, key: "\(path).triageWorkingDays", problem: "must be positive, got \(days)")
      }
      kinds.append(
        IntakeKind(
          kind: kind, name: try string(o, "name", file: file, path: path),
          subject: try string(o, "subject", file: file, path: path), sourceField: sourceField,
          triageWorkingDays: days, visibleTo: try roles(o, path: path), fields: fields))
    }
    try unique(kinds.map(\.kind.rawValue), file: file, key: "kinds[].id")
    let missing = NotificationKind.allCases.filter { k in !kinds.contains { $0.kind == k } }
    if !missing.isEmpty {
      throw ConfigurationError(file: file, key: "kinds", problem: "must describe \(known(missing))")
    }
    return IntakeConfiguration(
      kinds: kinds, highRiskCriteria: highRisk,
      domesticAbuseFactorDays: try positiveInt(root, "domesticAbuseFactorDays", file: file),
      antenatalFactorDaysAfterDelivery: try positiveInt(root, "antenatalFactorDaysAfterDelivery", file: file),
      notOursReasons: try intakeChoices(root, "notOursReasons", path: nil).choices)
  }

  private static func known(_ kinds: [NotificationKind]) -> String {
    kinds.map(\.rawValue).joined(separator: ", ")
  }

  private static func positiveInt(_ o: [String: Any], _ k: String, file: String) throws(ConfigurationError)
    -> Int
  {
    let n = try int(o, k, file: file, path: nil)
    if n <= 0 { throw ConfigurationError(file: file, key: k, problem: "must be positive, got \(n)") }
    return n
  }

  private static func roles(_ o: [String: Any], path: String) throws(ConfigurationError) -> Set<Role> {
    let file = "intake.json"
    var roles: Set<Role> = []
    for (j, raw) in try list(o, "visibleTo", file: file, path: path).enumerated() {
      guard let name = raw as? String, let role = Role(rawValue: name) else {
        throw ConfigurationError(
          file: file, key: "\(path).visibleTo[\(j)]",
          problem: "expected a role: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
      }
      roles.insert(role)
    }
    return roles
  }

  private static func intakeFields(_ o: [String: Any], path: String, highRisk: inout Set<String>)
    throws(ConfigurationError) -> [IntakeField]
  {
    let file = "intake.json"
    var fields: [IntakeField] = []
    for (j, raw) in try list(o, "fields", file: file, path: path).enumerated() {
      let fp = "\(path).fields[\(j)]"
      let f = try dict(raw, fp, file: file)
      let type = try string(f, "type", file: file, path: fp)
      let kind: IntakeField.Kind
      switch type {
      case "text": kind = .text(max: try int(f, "max", file: file, path: fp))
      case "day": kind = .day
      case "choice": kind = .choice(try intakeChoices(f, "choices", path: fp).choices)
      case "list":
        let listed = try intakeChoices(f, "choices", path: fp)
        highRisk.formUnion(listed.highRisk)
        kind = .list(listed.choices)
      default:
        throw ConfigurationError(
          file: file, key: "\(fp).type", problem: "'\(type)' is not one of text, day, choice, list")
      }
      guard let required = (f["required"] ?? false) as? Bool else {
        throw ConfigurationError(file: file, key: "\(fp).required", problem: "expected true or false")
      }
      fields.append(
        IntakeField(
          id: try identifier(f, "id", file: file, path: fp),
          name: try string(f, "name", file: file, path: fp),
          kind: kind, required: required))
    }
    try unique(fields.map(\.id), file: file, key: "\(path).fields[].id")
    return fields
  }

  /// Choices, and those of them marked `highRisk`.
  private static func intakeChoices(_ o: [String: Any], _ k: String, path: String?)
    throws(ConfigurationError) -> (choices: [Choice], highRisk: Set<String>)
  {
    let file = "intake.json"
    let at = path.map { "\($0).\(k)" } ?? k
    var items: [Choice] = []
    var highRisk: Set<String> = []
    for (i, raw) in try list(o, k, file: file, path: path).enumerated() {
      let cp = "\(at)[\(i)]"
      let c = try dict(raw, cp, file: file)
      let choice = Choice(
        id: try identifier(c, "id", file: file, path: cp), name: try string(c, "name", file: file, path: cp))
      if let mark = c["highRisk"] {
        guard let high = mark as? Bool else {
          throw ConfigurationError(file: file, key: "\(cp).highRisk", problem: "expected true or false")
        }
        if high { highRisk.insert(choice.id) }
      }
      items.append(choice)
    }
    if items.isEmpty { throw ConfigurationError(file: file, key: at, problem: "must not be empty") }
    try unique(items.map(\.id), file: file, key: "\(at)[].id")
    return (items, highRisk)
  }
}
