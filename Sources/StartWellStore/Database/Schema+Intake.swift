import GRDB
import StartWellCore

extension Schema {
  /// Notifications and the two-year offer (`RecordRegistry.notification`,
  /// `.twoYearOffer`).
  ///
  /// `notification.person_id` is local: the person a triage decision lands
  /// on, read from `triage` by the triggers below with the one reading
  /// `TriageDecision.personSQL` defines, on every path a row is written
  /// (a change made here, one pulled, a resolution, a snapshot).
  static func intake(_ db: Database) throws {
    let person = TriageDecision.personSQL("NEW.triage")
    try db.execute(
      sql: """
        CREATE TABLE notification (
          id TEXT PRIMARY KEY NOT NULL,
          reference TEXT NOT NULL DEFAULT '',
          kind TEXT NOT NULL DEFAULT 'gp-early',
          hub_id TEXT NOT NULL DEFAULT '',
          received_at TEXT NOT NULL DEFAULT '',
          received_by TEXT NOT NULL DEFAULT '',
          given_name TEXT NOT NULL DEFAULT '',
          family_name TEXT NOT NULL DEFAULT '',
          date_of_birth TEXT,
          nhs_number TEXT,
          postcode TEXT NOT NULL DEFAULT '',
          address TEXT NOT NULL DEFAULT '',
          details TEXT NOT NULL DEFAULT '{}',
          triage TEXT,
          triage_note TEXT NOT NULL DEFAULT '',
          triaged_by TEXT,
          triaged_at TEXT,
          person_id TEXT,
          \(common));
        CREATE INDEX notification_queue ON notification(hub_id, received_at) WHERE triage IS NULL AND deleted = 0;
        CREATE INDEX notification_person ON notification(person_id, kind) WHERE person_id IS NOT NULL;
        CREATE INDEX notification_reference ON notification(reference);
        CREATE INDEX notification_received ON notification(received_at);
        CREATE TRIGGER notification_person_insert AFTER INSERT ON notification BEGIN
          UPDATE notification SET person_id = \(person) WHERE id = NEW.id;
        END;
        CREATE TRIGGER notification_person_update AFTER UPDATE OF triage ON notification BEGIN
          UPDATE notification SET person_id = \(person) WHERE id = NEW.id;
        END;

        CREATE TABLE two_year_offer (
          id TEXT PRIMARY KEY NOT NULL,
          person_id TEXT NOT NULL DEFAULT '' REFERENCES person(id),
          family_id TEXT NOT NULL DEFAULT '' REFERENCES family(id),
          term TEXT NOT NULL DEFAULT '',
          eligible INTEGER NOT NULL DEFAULT 0,
          code TEXT NOT NULL DEFAULT '',
          listed_on TEXT,
          taken_up INTEGER NOT NULL DEFAULT 0,
          setting TEXT NOT NULL DEFAULT '',
          place_on TEXT,
          \(common));
        CREATE INDEX two_year_offer_person ON two_year_offer(person_id, term);
        CREATE INDEX two_year_offer_family ON two_year_offer(family_id);
        CREATE INDEX two_year_offer_term ON two_year_offer(term, eligible, taken_up);
        """)
  }
}
