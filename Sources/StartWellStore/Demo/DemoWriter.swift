import GRDB
import StartWellCore

/// Prepared insert statements, made once and reused for every row.
///
/// Demo rows are written straight into the tables. They do not pass through
/// `ChangeRecorder`, so they make no outbox operations and no field clocks:
/// demo data is local seed data for trying the program out, not changes
/// anyone made, and it must never be pushed to the shared folder where real
/// terminals would take it in.
struct DemoWriter {
  static let common = ["created_at", "updated_at", "author_id", "deleted"]

  // Column orders; `DemoGenerator` builds each row in exactly this order.
  static let userColumns = [
    "id", "username", "display_name", "role", "hubs", "active", "public_key", "wrapped_key",
  ]
  static let familyColumns = [
    "id", "reference", "name", "address", "postcode", "hub_id", "sdf_id", "consent", "consent_date",
    "lead_user_id",
    "flag_score", "last_contact_day", "antenatal_until", "domestic_abuse_until", "notice_day",
    "two_year_waiting",
    "case_level", "case_lead_id", "case_id", "case_next_review", "case_opened_on",
  ]
  static let personColumns = [
    "id", "reference", "family_id", "given_name", "family_name", "date_of_birth", "expected", "sex",
    "relationship",
    "nhs_number", "first_language", "interpreter_needed", "send_status", "ehcp", "flags",
  ]
  static let caseColumns = [
    "id", "family_id", "status", "opened_on", "closed_on", "closure_reason", "level", "lead_user_id",
    "next_review",
    "flagged_for_huddle",
  ]
  static let contactColumns = [
    "id", "family_id", "practitioner_id", "at", "type", "summary", "notes", "significant", "follow_up",
    "follow_up_done", "present",
  ]
  static let approachContactColumns = contactColumns + ["approach"]
  /// A contact logged by hand carries when its follow-up was done, and by whom.
  static let loggedContactColumns = contactColumns + ["follow_up_done_at", "follow_up_done_by"]
  static let escalationColumns = [
    "id", "reference", "family_id", "case_id", "from_level", "to_level", "reason", "urgency", "raised_by",
    "raised_at", "status", "acknowledged_by", "acknowledged_at", "decided_by", "decided_at", "decision_note",
  ]
  static let referralColumns = [
    "id", "reference", "family_id", "person_id", "service", "reason", "consent_recorded", "status",
    "status_dates",
    "outcome", "unsuccessful_reason",
  ]
  static let developmentColumns = [
    "id", "person_id", "family_id", "term", "recorded_on", "wellcomm", "communication", "physical",
    "personal_social_emotional", "literacy", "maths", "setting", "notes",
  ]
  static let huddleColumns = [
    "id", "hub_id", "sdf_id", "date", "attendees", "lead_id", "closed", "closed_at", "closed_by",
  ]
  static let huddleItemColumns = [
    "id", "huddle_id", "family_id", "case_id", "discussion", "decision", "position", "state", "origin",
  ]
  static let actionColumns = [
    "id", "family_id", "case_id", "huddle_item_id", "description", "owner_id", "due", "status", "done_at",
    "done_by",
  ]
  /// `person_id` is not written: the store's trigger reads it from `triage`.
  static let notificationColumns = [
    "id", "reference", "kind", "hub_id", "received_at", "received_by", "given_name", "family_name",
    "date_of_birth", "nhs_number", "postcode", "address", "details", "triage", "triage_note", "triaged_by",
    "triaged_at",
  ]
  static let twoYearOfferColumns = [
    "id", "person_id", "family_id", "term", "eligible", "code", "listed_on", "taken_up", "setting",
    "place_on",
  ]

  private struct Insert {
    var statement: Statement
    var width: Int

    init(_ db: Database, _ table: String, _ columns: [String]) throws {
      let all = columns + DemoWriter.common
      statement = try db.makeStatement(
        sql:
          "INSERT INTO \(table) (\(all.joined(separator: ", "))) VALUES (\(all.map { _ in "?" }.joined(separator: ", ")))"
      )
      width = all.count
    }

    func run(_ row: [DatabaseValue]) throws {
      assert(row.count == width, "demo row has \(row.count) values for \(width) columns")
      statement.setUncheckedArguments(StatementArguments(row))
      try statement.execute()
    }
  }

  private let db: Database
  private let user, family, person, cases, contact, approachContact, escalation, referral, development,
    huddle,
    huddleItem, action, notification, twoYearOffer: Insert
  private let search: Statement

  init(_ db: Database) throws {
    self.db = db
    user = try Insert(db, "users", Self.userColumns)
    family = try Insert(db, "family", Self.familyColumns)
    person = try Insert(db, "person", Self.personColumns)
    cases = try Insert(db, "cases", Self.caseColumns)
    contact = try Insert(db, "contact", Self.loggedContactColumns)
    approachContact = try Insert(db, "contact", Self.approachContactColumns)
    escalation = try Insert(db, "escalation", Self.escalationColumns)
    referral = try Insert(db, "referral", Self.referralColumns)
    development = try Insert(db, "development", Self.developmentColumns)
    huddle = try Insert(db, "huddle", Self.huddleColumns)
    huddleItem = try Insert(db, "huddle_item", Self.huddleItemColumns)
    action = try Insert(db, "action", Self.actionColumns)
    notification = try Insert(db, "notification", Self.notificationColumns)
    twoYearOffer = try Insert(db, "two_year_offer", Self.twoYearOfferColumns)
    search = try db.makeStatement(
      sql:
        "INSERT INTO family_search(rowid, family_id, reference, names, postcode, nhs, dob) VALUES (?, ?, ?, ?, ?, ?, ?)"
    )
  }

  func writeUser(_ row: [DatabaseValue]) throws { try user.run(row) }

  func writeHuddle(_ row: [DatabaseValue]) throws { try huddle.run(row) }

  /// Writes a household: the family first (its rowid keys the search row), then what refers to it.
  func write(_ h: DemoHousehold) throws {
    try family.run(h.family)
    let s = h.search
    search.setUncheckedArguments(
      StatementArguments([
        db.lastInsertedRowID.databaseValue, s.familyID.databaseValue, s.reference.databaseValue,
        s.names.databaseValue, s.postcode.databaseValue, s.nhs.databaseValue, s.dob.databaseValue,
      ]))
    try search.execute()
    for row in h.people { try person.run(row) }
    try cases.run(h.caseRow)
    for row in h.contacts { try contact.run(row) }
    for row in h.approachContacts { try approachContact.run(row) }
    for row in h.escalations { try escalation.run(row) }
    for row in h.referrals { try referral.run(row) }
    for row in h.development { try development.run(row) }
    for row in h.huddleItems { try huddleItem.run(row) }
    for row in h.actions { try action.run(row) }
    for row in h.notifications { try notification.run(row) }
    for row in h.offers { try twoYearOffer.run(row) }
  }
}
