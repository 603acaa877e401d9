import Foundation

/// Turns the configuration files' bytes into a checked `Configuration`.
///
/// Reading the files is the caller's job; this only parses, so the rules can
/// be tested without a disk. Every failure names the file and the key path.
public enum ConfigurationParser {
  public static func parse(files: [String: Data]) throws(ConfigurationError) -> Configuration {
    let hubs = try object(files, "hubs.json")
    let casework = try object(files, "casework.json")
    let risk = try object(files, "risk.json")
    let thresholds = try object(files, "thresholds.json")
    let terms = try schoolTerms(try object(files, "terms.json"))
    let intake = try intake(try object(files, "intake.json"))
    let approachesFile = try object(files, "approaches.json")
    let metrics = try metrics(try object(files, "metrics.json"))

    let hubList = try list(hubs, "hubs", file: "hubs.json").enumerated().map {
      (i, raw) throws(ConfigurationError) -> Hub in
      let path = "hubs[\(i)]"
      let o = try dict(raw, path, file: "hubs.json")
      let sdfs = try list(o, "sdfs", file: "hubs.json", path: path).enumerated().map {
        (j, s) throws(ConfigurationError) -> SDF in
        let sp = "\(path).sdfs[\(j)]"
        let so = try dict(s, sp, file: "hubs.json")
        return SDF(
          id: try identifier(so, "id", file: "hubs.json", path: sp),
          name: try string(so, "name", file: "hubs.json", path: sp))
      }
      if sdfs.isEmpty {
        throw ConfigurationError(
          file: "hubs.json", key: "\(path).sdfs", problem: "a hub needs at least one SDF")
      }
      return Hub(
        id: try identifier(o, "id", file: "hubs.json", path: path),
        name: try string(o, "name", file: "hubs.json", path: path), sdfs: sdfs)
    }
    if hubList.isEmpty {
      throw ConfigurationError(file: "hubs.json", key: "hubs", problem: "at least one hub is required")
    }
    try unique(hubList.map(\.id), file: "hubs.json", key: "hubs[].id")
    try unique(hubList.flatMap { $0.sdfs.map(\.id) }, file: "hubs.json", key: "hubs[].sdfs[].id")

    let contactTypes = try choices(casework, "contactTypes", file: "casework.json")
    let services = try choices(casework, "services", file: "casework.json")
    let levels = try choices(casework, "caseLevels", file: "casework.json")
    let approachSettings = try approaches(approachesFile, contactTypes: contactTypes)
    let expected = CaseLevel.allCases.map(\.rawValue)
    if levels.map(\.id) != expected {
      throw ConfigurationError(
        file: "casework.json", key: "caseLevels",
        problem: "must list exactly \(expected.joined(separator: ", ")) in that order")
    }

    let factors = try list(risk, "factors", file: "risk.json").enumerated().map {
      (i, raw) throws(ConfigurationError) -> RiskFactorDefinition in
      let path = "factors[\(i)]"
      let o = try dict(raw, path, file: "risk.json")
      let weight = try int(o, "weight", file: "risk.json", path: path)
      if !(0...100).contains(weight) {
        throw ConfigurationError(
          file: "risk.json", key: "\(path).weight", problem: "\(weight) is outside 0...100")
      }
      return RiskFactorDefinition(
        id: try identifier(o, "id", file: "risk.json", path: path),
        name: try string(o, "name", file: "risk.json", path: path), weight: weight)
    }
    try unique(factors.map(\.id), file: "risk.json", key: "factors[].id")
    let bandsObject = try dict(risk["bands"] as Any, "bands", file: "risk.json")
    let bands = RiskBands(
      medium: try int(bandsObject, "medium", file: "risk.json", path: "bands"),
      high: try int(bandsObject, "high", file: "risk.json", path: "bands"))
    if !(bands.medium > 0 && bands.medium < bands.high) {
      throw ConfigurationError(
        file: "risk.json", key: "bands",
        problem: "need 0 < medium < high, got \(bands.medium) and \(bands.high)")
    }

    let t = Thresholds(
      noContactDays: try positive(thresholds, "noContactDays"),
      referralWaitingWeeks: try positive(thresholds, "referralWaitingWeeks"),
      reviewIntervalDays: try positive(thresholds, "reviewIntervalDays"),
      workOverdueDays: try positive(thresholds, "workOverdueDays"),
      decisionTargetHours: try decisionTargets(thresholds),
      reviewDueWithinDays: thresholds["reviewDueWithinDays"] == nil
        ? 14 : try positive(thresholds, "reviewDueWithinDays"))

    return Configuration(
      hubs: hubList, contactTypes: contactTypes, services: services, caseLevels: levels,
      riskFactors: factors, riskBands: bands, thresholds: t, terms: terms, intake: intake,
      approachSettings: approachSettings, metrics: metrics)
  }

  // MARK: - Pieces

  static func object(_ files: [String: Data], _ name: String) throws(ConfigurationError) -> [String:
    Any]
  {
    guard let data = files[name] else {
      throw ConfigurationError(file: name, key: "(file)", problem: "file is missing")
    }
    let parsed: Any
    do {
      parsed = try JSONSerialization.jsonObject(with: data)
    } catch {
      throw ConfigurationError(
        file: name, key: "(file)", problem: "not valid JSON (\(error.localizedDescription))")
    }
    guard let o = parsed as? [String: Any] else {
      throw ConfigurationError(file: name, key: "(root)", problem: "expected a JSON object")
    }
    return o
  }

  static func dict(_ raw: Any, _ path: String, file: String) throws(ConfigurationError) -> [String:
    Any]
  {
    guard let o = raw as? [String: Any] else {
      throw ConfigurationError(file: file, key: path, problem: "expected an object")
    }
    return o
  }

  static func key(_ path: String?, _ k: String) -> String { path.map { "\($0).\(k)" } ?? k }

  static func list(_ o: [String: Any], _ k: String, file: String, path: String? = nil)
    throws(ConfigurationError) -> [Any]
  {
    guard let v = o[k] else { throw ConfigurationError(file: file, key: key(path, k), problem: "is missing") }
    guard let a = v as? [Any] else {
      throw ConfigurationError(file: file, key: key(path, k), problem: "expected a list")
    }
    return a
  }

  static func string(_ o: [String: Any], _ k: String, file: String, path: String?)
    throws(ConfigurationError) -> String
  {
    guard let v = o[k] else { throw ConfigurationError(file: file, key: key(path, k), problem: "is missing") }
    guard let s = v as? String, !s.trimmed.isEmpty else {
      throw ConfigurationError(file: file, key: key(path, k), problem: "expected a non-empty string")
    }
    if TextRules.firstControlCharacter(in: s, allowNewlines: false) != nil {
      throw ConfigurationError(file: file, key: key(path, k), problem: "contains a control character")
    }
    return s
  }

  static func identifier(_ o: [String: Any], _ k: String, file: String, path: String?)
    throws(ConfigurationError) -> String
  {
    let s = try string(o, k, file: file, path: path)
    guard isIdentifier(s) else {
      throw ConfigurationError(
        file: file, key: key(path, k), problem: "'\(s)' must use only a-z, 0-9 and '-'")
    }
    return s
  }

  /// The shape of every id the configuration defines (hubs, contact types,
  /// approaches): lower-case letters, digits and '-'. Records that name a
  /// configured id are checked against this shape wherever they arrive.
  public static func isIdentifier(_ s: String) -> Bool {
    !s.isEmpty && s.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
  }

  static func int(_ o: [String: Any], _ k: String, file: String, path: String?)
    throws(ConfigurationError) -> Int
  {
    guard let v = o[k] else { throw ConfigurationError(file: file, key: key(path, k), problem: "is missing") }
    guard !(v is Bool) || (v as? NSNumber).map({ String(cString: $0.objCType) != "c" }) == true,
      let n = v as? NSNumber, n.doubleValue == n.doubleValue.rounded()
    else {
      throw ConfigurationError(file: file, key: key(path, k), problem: "expected a whole number, got \(v)")
    }
    return n.intValue
  }

  /// `decisionTargetHours`: hours per urgency. Optional, for folders made
  /// before it; an urgency left out keeps its default.
  private static func decisionTargets(_ o: [String: Any]) throws(ConfigurationError) -> [Urgency: Int] {
    var targets = Thresholds.defaultDecisionTargetHours
    guard let raw = o["decisionTargetHours"] else { return targets }
    let d = try dict(raw, "decisionTargetHours", file: "thresholds.json")
    for (key, _) in d where Urgency(rawValue: key) == nil {
      throw ConfigurationError(
        file: "thresholds.json", key: "decisionTargetHours.\(key)",
        problem: "is not an urgency; known: \(Urgency.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    for urgency in Urgency.allCases where d[urgency.rawValue] != nil {
      let n = try int(d, urgency.rawValue, file: "thresholds.json", path: "decisionTargetHours")
      if n <= 0 {
        throw ConfigurationError(
          file: "thresholds.json", key: "decisionTargetHours.\(urgency.rawValue)",
          problem: "must be positive, got \(n)")
      }
      targets[urgency] = n
    }
    return targets
  }

  private static func positive(_ o: [String: Any], _ k: String) throws(ConfigurationError) -> Int {
    let n = try int(o, k, file: "thresholds.json", path: nil)
    if n <= 0 {
      throw ConfigurationError(file: "thresholds.json", key: k, problem: "must be positive, got \(n)")
    }
    return n
  }

  private static func choices(_ o: [String: Any], _ k: String, file: String) throws(ConfigurationError)
    -> [Choice]
  {
    let items = try list(o, k, file: file).enumerated().map { (i, raw) throws(ConfigurationError) -> Choice in
      let path = "\(k)[\(i)]"
      let c = try dict(raw, path, file: file)
      return Choice(
        id: try identifier(c, "id", file: file, path: path),
        name: try string(c, "name", file: file, path: path))
    }
    if items.isEmpty { throw ConfigurationError(file: file, key: k, problem: "must not be empty") }
    try unique(items.map(\.id), file: file, key: "\(k)[].id")
    return items
  }

  static func unique(_ ids: [String], file: String, key: String) throws(ConfigurationError) {
    var seen = Set<String>()
    for id in ids where !seen.insert(id).inserted {
      throw ConfigurationError(file: file, key: key, problem: "'\(id)' appears more than once")
    }
  }
}
