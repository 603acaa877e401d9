import Foundation
import StartWellCore

/// What a report is asked for: a range of days and, optionally, one hub or
/// one SDF. The store checks it against the user before counting anything.
public struct ReportRequest: Hashable, Sendable {
  public var from: LocalDate
  public var to: LocalDate
  public var hub: String?
  public var sdf: String?
  /// Whether the net by rule is counted. It is counted as of today,
  /// whatever the range, so a report made for one point of a trend over
  /// terms leaves it out rather than count it again.
  public var countsNet: Bool

  public init(from: LocalDate, to: LocalDate, hub: String? = nil, sdf: String? = nil, countsNet: Bool = true)
  {
    self.from = from
    self.to = to
    self.hub = hub
    self.sdf = sdf
    self.countsNet = countsNet
  }
}

/// Which hubs a user's figures may cover: a practitioner's and a huddle
/// lead's own hub(s), a supervisor's hubs, an admin's whole partnership.
public enum ReportSight {
  public static func hubs(of user: User, config: StartWellCore.Configuration) -> [String] {
    guard user.active else { return [] }
    let all = config.hubs.map(\.id)
    return user.role == .admin ? all : all.filter(user.hubs.contains)
  }

  /// The scope of `request` for `user`, or the reasons it is refused, each
  /// naming its field: a range whose start is after its end, an unknown
  /// hub or SDF, both given at once, or a hub outside the user's sight.
  public static func scope(
    _ request: ReportRequest, for user: User, config: StartWellCore.Configuration
  ) throws(DomainError) -> ReportScope {
    var v = Validator()
    if request.from > request.to {
      v.add("from", "order", "\(request.from) is after the end of the range, \(request.to)")
    }
    if request.hub != nil, request.sdf != nil {
      v.add("hub", "one-scope", "give a hub or an SDF, not both")
    }
    let sight = hubs(of: user, config: config)
    var scope = ReportScope(
      kind: user.role == .admin ? .partnership : .ownHubs, id: nil, hubs: sight,
      label: user.role == .admin
        ? "the whole partnership" : "\(sight.count == 1 ? "hub" : "hubs") \(sight.joined(separator: ", "))")
    if let hub = request.hub {
      if config.hub(hub) == nil {
        v.add(
          "hub", "known", "'\(hub)' is not a hub; known: \(config.hubs.map(\.id).joined(separator: ", "))")
      } else if !sight.contains(hub) {
        v.add("hub", "in-sight", outOfSight("'\(hub)' is a hub", user: user, sight: sight))
      }
      scope = ReportScope(kind: .hub, id: hub, hubs: [hub], label: "hub \(hub)")
    }
    if let sdf = request.sdf {
      if let owner = config.hubs.first(where: { $0.sdfs.contains { $0.id == sdf } }) {
        if !sight.contains(owner.id) {
          v.add(
            "sdf", "in-sight", outOfSight("'\(sdf)' is an SDF of hub \(owner.id),", user: user, sight: sight))
        }
        scope = ReportScope(kind: .sdf, id: sdf, hubs: [owner.id], label: "SDF \(sdf) (hub \(owner.id))")
      } else {
        let known = config.hubs.flatMap { $0.sdfs.map(\.id) }
        v.add("sdf", "known", "'\(sdf)' is not an SDF; known: \(known.joined(separator: ", "))")
      }
    }
    if sight.isEmpty {
      v.add("user", "sight", "\(user.username) has no hub whose figures they may see")
    }
    try v.check()
    return scope
  }

  private static func outOfSight(_ what: String, user: User, sight: [String]) -> String {
    "\(what) outside \(user.username)'s hubs (\(sight.joined(separator: ", "))); "
      + "a \(user.role.rawValue) sees the figures of their own hubs only"
  }
}
