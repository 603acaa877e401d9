import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore

extension RegistrySchemaTests {
  /// A store the intake's first version left: notifications and two-year
  /// offers held, but no family columns for what they decide.
  private func storeBeforeIntakeRisk() throws -> DatabaseQueue {
    let queue = try DatabaseQueue()
    try Schema.migrator.migrate(queue, upTo: "v17-intake")
    try queue.write { db in
      try db.execute(
        sql: """
          INSERT INTO users(id, username, role, hubs, active)
            VALUES ('u1', 'sam', 'supervisor', '["north"]', 1);
          INSERT INTO family(id, reference, name, hub_id, sdf_id, consent, case_level)
            VALUES ('f1', 'F-OLDSTORE', 'Older', 'north', 'north-moorside', 'given', 'universal');
          INSERT INTO cases(id, family_id, status, opened_on, level) VALUES ('c1', 'f1', 'open', '2025-06-01', 'universal');
          INSERT INTO person(id, reference, family_id, given_name, family_name, date_of_birth, relationship)
            VALUES ('p1', 'P-OLDCHILD', 'f1', 'Kit', 'Older', '2024-01-10', 'child');
          INSERT INTO contact(id, family_id, practitioner_id, at, type)
            VALUES ('k1', 'f1', 'u1', '2026-02-20T10:00:00.000Z', 'phone');
          INSERT INTO notification(id, reference, kind, hub_id, received_at, given_name, family_name, details,
              triage, triaged_by, triaged_at)
            VALUES ('n1', 'N-OLDABUSE', 'domestic-abuse', 'north', '2026-02-27T09:00:00.000Z', 'Kit', 'Older',
              '{"setting":"Moorside Nursery","incident-date":"2026-02-26","police-ref":"WY-9","category":"child-present"}',
              'attached:p1', 'u1', '2026-02-27T10:00:00.000Z');
          INSERT INTO two_year_offer(id, person_id, family_id, term, eligible, code, listed_on, taken_up)
            VALUES ('o1', 'p1', 'f1', '2025-autumn', 1, 'TY9', '2025-08-20', 0);
          """)
      // Scored with today's configuration, so only the migration can make
      // the store fill the new columns.
      try StoreMeta.set(db, .riskFingerprint, StoreFixture.config.riskFingerprint)
    }
    return queue
  }

  @Test(
    "a store made before the intake's risk migrates: its families' intake columns are filled and the net reads them"
  )
  func migratesIntakeRisk() throws {
    let queue = try storeBeforeIntakeRisk()
    let store = try Store(queue, config: StoreFixture.config, now: { StoreFixture.fixedNow })
    let family = try store.read { db in
      try Row.fetchOne(
        db,
        sql: """
          SELECT antenatal_until, domestic_abuse_until, notice_day, two_year_waiting, last_contact_day
          FROM family WHERE id = 'f1'
          """)
    }
    let day = { (text: String) in LocalDate(text)!.dayNumber }
    #expect(family?["antenatal_until"] as Int? == nil)
    #expect(family?["domestic_abuse_until"] as Int? == day("2026-02-26") + 90)
    #expect(family?["notice_day"] as Int? == day("2026-02-27"))
    #expect(family?["two_year_waiting"] as Int? == 1)
    #expect(family?["last_contact_day"] as Int? == day("2026-02-20"))

    let sam = try #require(try store.user(named: "sam"))
    let rows = try store.net(for: sam, rules: ["domestic-abuse-no-contact", "two-year-offer-not-taken"])
    #expect(rows.map(\.childID) == ["p1"])
    #expect(
      rows.first?.reasons.map(\.rule).sorted() == ["domestic-abuse-no-contact", "two-year-offer-not-taken"])
  }
}
