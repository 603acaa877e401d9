/// A local approach a hub runs to help children's communication (Keys to
/// Communication, ELKLAN, Toddle Talk…), from `Config/approaches.json`.
///
/// Group sessions and interventions name the approach they belong to, so
/// the report can compare the children who took part with similar children
/// who did not (`ImpactComparison`).
public struct Approach: Hashable, Sendable, Codable {
  public var id: String
  public var name: String

  public init(id: String, name: String) {
    self.id = id
    self.name = name
  }
}

/// The approaches and which contacts may carry one.
///
/// An intervention is recorded as a contact of its own type
/// (`intervention` in `casework.json`): a session a practitioner runs with
/// a child or a parent and child, at home or in a setting, dated and with
/// the people present, like any other contact. A referral is kept for
/// services outside the hub, which have their own waiting list and
/// outcome; an approach is work the hub's own staff deliver, so it is
/// logged where their other work is, and the children present are the
/// ones who took part.
public struct ApproachConfiguration: Hashable, Sendable {
  public var approaches: [Approach]
  /// The contact types that may name an approach (a group session, an intervention).
  public var contactTypes: [String]

  public init(approaches: [Approach], contactTypes: [String]) {
    self.approaches = approaches
    self.contactTypes = contactTypes
  }

  public static let none = ApproachConfiguration(approaches: [], contactTypes: [])

  public func approach(_ id: String) -> Approach? { approaches.first { $0.id == id } }

  /// The approach's name, or its id when this configuration does not know it
  /// (a record synced from a terminal with a newer configuration).
  public func name(_ id: String) -> String { approach(id)?.name ?? id }

  public func allowed(onContactType type: String) -> Bool { contactTypes.contains(type) }
}
