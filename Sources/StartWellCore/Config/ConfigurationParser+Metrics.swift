import Foundation

extension ConfigurationParser {
  /// `metrics.json`: `{"smallNumber": 5}`. The small number is at least 2
  /// (1 would suppress nothing) and no more than 100.
  static func metrics(_ root: [String: Any]) throws(ConfigurationError) -> MetricsSettings {
    let file = "metrics.json"
    let n = try int(root, "smallNumber", file: file, path: nil)
    if !(2...100).contains(n) {
      throw ConfigurationError(file: file, key: "smallNumber", problem: "\(n) is outside 2...100")
    }
    return MetricsSettings(smallNumber: n)
  }
}
