import StartWellCore

/// Names for people of a breakdown's keys, from the configuration.
enum ReportLabels {
  static func label(_ dimension: BreakdownDimension?, _ key: String, _ config: StartWellCore.Configuration)
    -> String
  {
    switch dimension {
    case .type?: return config.contactTypeName(key)
    case .service?: return config.serviceName(key)
    case .hub?: return config.hub(key)?.name ?? key
    case .kind?: return NotificationKind(rawValue: key).flatMap { config.intake.kind($0)?.name } ?? key
    case .level?: return CaseLevel(rawValue: key)?.title ?? key
    case .levelAndUrgency?:
      let parts = key.split(separator: "/").map(String.init)
      guard parts.count == 2 else { return key }
      return "\(CaseLevel(rawValue: parts[0])?.title ?? parts[0]), \(parts[1])"
    case .rule?: return NetRule.named(key)?.title ?? key
    case .areaAndMovement?:
      let parts = key.split(separator: "/").map(String.init)
      guard parts.count == 2 else { return key }
      let area =
        ["communication": "Communication", "physical": "Physical", "psed": "PSED"][parts[0]] ?? parts[0]
      return "\(area): \(parts[1])"
    case .group?: return key
    case .outcome?, .movement?, .urgency?, .times?, nil:
      return key.prefix(1).uppercased() + key.dropFirst().replacingOccurrences(of: "-", with: " ")
    }
  }
}
