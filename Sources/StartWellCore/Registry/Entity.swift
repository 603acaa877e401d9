/// The kinds of synced record. Each one's fields, types, rules, merge policy
/// and write permission are in the `RecordRegistry`; this enum only names them.
public enum Entity: String, CaseIterable, Sendable {
  case user
  case device
  case auditEvent = "audit_event"
  case family
  case person
  case caseRecord = "case"
  case contact
  case escalation
  case referral
  case development
  case action
  case huddle
  case huddleItem = "huddle_item"
  case netMark = "net_mark"
  case riskOverride = "risk_override"
  case notification
  case twoYearOffer = "two_year_offer"

  public var table: String { RecordRegistry.current.spec(self).table }

  /// Columns that sync carries, beyond `id`, in the registry's order.
  public var fields: [String] { RecordRegistry.current.spec(self).fieldNames }

  /// The family a record belongs to, for search re-indexing and the audit.
  public var familyColumn: String? { RecordRegistry.current.spec(self).familyColumn }
}
