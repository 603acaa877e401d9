import StartWellCore

/// A synced record type: its table and the fields that travel as operations.
///
/// This list is the whitelist for the generic writer and for operations that
/// arrive from other terminals: a field not named here is never written, so
/// a crafted operation cannot reach into other columns or tables.
public enum Entity: String, CaseIterable, Sendable {
  case user
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

  public var table: String {
    switch self {
    case .user: "users"
    case .caseRecord: "cases"
    default: rawValue
    }
  }

  /// Columns that sync carries, beyond `id`. Every entity also has the
  /// common `created_at`, `updated_at`, `author_id` and `deleted`.
  public var fields: [String] {
    let common = ["created_at", "updated_at", "author_id", "deleted"]
    let own: [String]
    switch self {
    case .user:
      own = ["username", "display_name", "role", "hubs", "active", "password_hash"]
    case .family:
      own = [
        "reference", "name", "address", "postcode", "hub_id", "sdf_id", "consent", "consent_date",
        "lead_user_id", "risk_override",
      ]
    case .person:
      own = [
        "reference", "family_id", "given_name", "family_name", "date_of_birth", "expected", "sex",
        "relationship", "nhs_number", "first_language", "interpreter_needed", "send_status", "ehcp", "flags",
      ]
    case .caseRecord:
      own = [
        "family_id", "status", "opened_on", "closed_on", "closure_reason", "level", "lead_user_id",
        "next_review", "flagged_for_huddle",
      ]
    case .contact:
      own = [
        "family_id", "practitioner_id", "at", "type", "summary", "notes", "significant", "follow_up",
        "follow_up_done", "present",
      ]
    case .escalation:
      own = [
        "reference", "family_id", "case_id", "from_level", "to_level", "reason", "urgency", "raised_by",
        "raised_at", "status", "acknowledged_by", "acknowledged_at", "acknowledged_note", "decided_by",
        "decided_at",
        "decision_note",
      ]
    case .referral:
      own = [
        "reference", "family_id", "person_id", "service", "reason", "consent_recorded", "status",
        "status_dates", "outcome", "unsuccessful_reason",
      ]
    case .development:
      own = [
        "person_id", "family_id", "term", "recorded_on", "wellcomm", "communication", "physical",
        "personal_social_emotional", "notes",
      ]
    case .action:
      own = [
        "family_id", "case_id", "huddle_item_id", "description", "owner_id", "due", "status", "done_at", "done_by",
      ]
    case .huddle:
      own = ["hub_id", "sdf_id", "date", "attendees"]
    case .huddleItem:
      own = ["huddle_id", "family_id", "case_id", "discussion", "decision"]
    }
    return own + common
  }

  /// The family a record belongs to, for search re-indexing and the audit.
  public var familyColumn: String? {
    switch self {
    case .family: "id"
    case .user, .huddle: nil
    default: "family_id"
    }
  }
}
