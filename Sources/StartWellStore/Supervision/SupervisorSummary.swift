import StartWellCore

/// The counts on a supervisor's home screen; each opens its list.
public struct SupervisorSummary: Hashable, Sendable, Codable {
  /// Escalations raised or acknowledged, not yet decided.
  public var escalationsUndecided: Int
  /// Of those, the ones older than their urgency's decision target.
  public var escalationsPastTarget: Int
  public var openCases: Int
  /// Open cases with no lead.
  public var unassignedCases: Int
  public var overdueFollowUps: Int
  public var overdueActions: Int
  /// Reviews due within the configured days, not yet overdue.
  public var reviewsDue: Int
  public var reviewsOverdue: Int
  /// Children of the user's hubs in the net, and the rows (a child under
  /// one rule) no supervisor has marked on today's facts.
  public var childrenInNet: Int
  public var unmarkedNetRows: Int
}

extension Store {
  public func supervisorSummary(for user: User, hub: String? = nil) throws -> SupervisorSummary {
    let scope = try SupervisionScope.of(user, hub: hub, config: config)
    let queue = try escalationQueue(for: user, hub: hub)
    let caseloads = try caseloads(for: user, hub: hub)
    let overdue = try overdueWork(for: user, hub: hub)
    let reviews = try reviewsDue(for: user, hub: hub)
    // The net lists every family the user may see; supervision counts the user's own hubs.
    let net = try net(for: user, hub: hub).filter { scope.hubs.contains($0.hub) }
    return SupervisorSummary(
      escalationsUndecided: queue.count, escalationsPastTarget: queue.filter(\.pastTarget).count,
      openCases: caseloads.map(\.count).reduce(0, +),
      unassignedCases: caseloads.filter { $0.lead == nil }.map(\.count).reduce(0, +),
      overdueFollowUps: overdue.map(\.followUps).reduce(0, +),
      overdueActions: overdue.map(\.actions).reduce(0, +),
      reviewsDue: reviews.filter { !$0.overdue }.count, reviewsOverdue: reviews.filter(\.overdue).count,
      childrenInNet: net.count,
      unmarkedNetRows: net.flatMap(\.reasons).filter { $0.mark == nil }.count)
  }
}
