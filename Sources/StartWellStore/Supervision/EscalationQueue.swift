import Foundation
import GRDB
import StartWellCore

/// An escalation waiting for a decision, with how long it has waited
/// against the decision target for its urgency (`thresholds.json`).
public struct QueuedEscalation: Hashable, Sendable {
  public var row: EscalationRow
  /// Whole hours since it was raised.
  public var ageHours: Int
  public var targetHours: Int
  public var pastTarget: Bool { ageHours >= targetHours }
}

extension Store {
  /// The supervisors' queue for the user's hubs (or one of them): raised
  /// and acknowledged escalations, most urgent first, then oldest.
  public func escalationQueue(for user: User, hub: String? = nil) throws -> [QueuedEscalation] {
    let scope = try SupervisionScope.of(user, hub: hub, config: config)
    let now = self.now()
    return try escalations(status: [.raised, .acknowledged], for: user, limit: 100_000)
      .filter { scope.hubs.contains($0.hub) }
      .map { row in
        let age = max(0, Int(now.timeIntervalSince(row.escalation.raisedAt) / 3600))
        return QueuedEscalation(
          row: row, ageHours: age, targetHours: config.thresholds.decisionTarget(row.escalation.urgency))
      }
  }
}
