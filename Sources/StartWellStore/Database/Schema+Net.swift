import GRDB

extension Schema {
  /// The net reads every child of a hub's families and the store's overdue
  /// work on each call; these keep it inside a second at 100,000 families.
  ///
  /// - `person_child`: a family's children and their ages from the index
  ///   alone, so only the children a rule lists are read from the table.
  /// - `development_latest`: a child's latest development record and its
  ///   bands from the index alone.
  /// - `contact_open_follow_up`, `action_open_due`: open work by due date,
  ///   with the family, so "long overdue" is a range of a small index
  ///   rather than a pass over every contact.
  static func net(_ db: Database) throws {
    try db.execute(
      sql: """
        CREATE INDEX person_child ON person(family_id, relationship, deleted, expected, date_of_birth);
        CREATE INDEX development_latest ON development(
          person_id, recorded_on, deleted, wellcomm, communication, physical, personal_social_emotional);
        CREATE INDEX contact_open_follow_up ON contact(follow_up, family_id)
          WHERE follow_up IS NOT NULL AND follow_up_done = 0 AND in_error = 0 AND deleted = 0;
        CREATE INDEX action_open_due ON action(due, family_id) WHERE status = 'open' AND deleted = 0;
        """)
  }
}
