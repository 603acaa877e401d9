import Foundation
import GRDB
import StartWellCore

/// One term of a child's journey: the development record made for it (if
/// any) and the family's casework dated in it.
public struct JourneyTerm: Sendable, Hashable {
  public var term: SchoolTerm
  public var record: DevelopmentRecord?
  /// Whether the child is in their reception year in this term.
  public var reception: Bool
  /// Contacts with the family, escalations of its case and referrals for
  /// any member, dated from the term's first day up to the next term's
  /// first day: the holiday after a term counts with it, so nothing done
  /// in a holiday falls out of the journey. Each in date order.
  public var contacts: [Contact]
  public var referrals: [Referral]
  public var escalations: [Escalation]
}

/// A child's story term by term: a new practitioner reads it without
/// asking the family to retell it.
public struct DevelopmentJourney: Sendable, Hashable {
  public var child: Person
  public var familyReference: String
  /// From the term of the child's first record to the current term (or the
  /// last recorded term, if later), every term in order, recorded or not.
  public var terms: [JourneyTerm]
  /// The Good Level of Development, once the summer term of the child's
  /// reception year is recorded.
  public var gld: GoodLevelOfDevelopment?
}

extension Store {
  /// A child's development records, earliest term first.
  public func developmentList(personReference: String, as user: User) throws -> [DevelopmentRecord] {
    try read { db in
      let (person, _) = try visibleChild(db, personReference, as: user)
      return try records(db, personID: person.meta.id)
    }
  }

  /// Every term of a child's development side by side, with the family's
  /// contacts, referrals and escalations of each term.
  public func journey(personReference: String, as user: User) throws -> DevelopmentJourney {
    try read { db in
      let (person, family) = try visibleChild(db, personReference, as: user)
      let records = try records(db, personID: person.meta.id)
      let byTerm = Dictionary(records.map { ($0.term, $0) }, uniquingKeysWith: { a, _ in a })
      let terms = journeyTerms(records)
      guard let first = terms.first else {
        return DevelopmentJourney(child: person, familyReference: family.reference, terms: [], gld: nil)
      }
      // One read of each kind for the whole span, then dealt into terms.
      let from = first.start.startOfDay
      let contacts = try Row.fetchAll(
        db, sql: "SELECT * FROM contact WHERE family_id = ? AND deleted = 0 AND at >= ? ORDER BY at",
        arguments: [family.meta.id, Timestamp.format(from)]
      ).map(Contact.init(row:))
      let referrals = try Row.fetchAll(
        db, sql: "SELECT * FROM referral WHERE family_id = ? AND deleted = 0 ORDER BY created_at",
        arguments: [family.meta.id]
      ).map(Referral.init(row:))
      let escalations = try Row.fetchAll(
        db, sql: "SELECT * FROM escalation WHERE family_id = ? AND deleted = 0 ORDER BY raised_at",
        arguments: [family.meta.id]
      ).map(Escalation.init(row:))
      var columns: [JourneyTerm] = []
      for (i, term) in terms.enumerated() {
        let end = i + 1 < terms.count ? terms[i + 1].start : config.terms.next(term)?.start
        func inTerm(_ date: Date) -> Bool {
          let day = zone.day(date)
          return day >= term.start && end.map { day < $0 } ?? true
        }
        columns.append(
          JourneyTerm(
            term: term, record: byTerm[term.name],
            reception: SchoolTerms.isReception(dateOfBirth: person.dateOfBirth, in: term),
            contacts: contacts.filter { inTerm($0.at) },
            referrals: referrals.filter { inTerm($0.meta.createdAt) },
            escalations: escalations.filter { inTerm($0.raisedAt) }))
      }
      let gld = records.lazy.compactMap {
        GoodLevelOfDevelopment.of($0, dateOfBirth: person.dateOfBirth, terms: self.config.terms)
      }.first
      return DevelopmentJourney(child: person, familyReference: family.reference, terms: columns, gld: gld)
    }
  }

  /// The journey's terms: the first recorded term to the later of today's
  /// term and the last recorded one. Records whose term is no longer
  /// configured are left out of the columns (they stay in the list).
  private func journeyTerms(_ records: [DevelopmentRecord]) -> [SchoolTerm] {
    let recorded = records.compactMap { config.terms.term(named: $0.term) }
    guard let first = recorded.min() else { return [] }
    var last = recorded.max()!
    if let current = config.terms.latestTerm(onOrBefore: today), current > last { last = current }
    return config.terms.all.filter { $0 >= first && $0 <= last }
  }

  func records(_ db: Database, personID: String) throws -> [DevelopmentRecord] {
    let rows = try Row.fetchAll(
      db, sql: "SELECT * FROM development WHERE person_id = ? AND deleted = 0", arguments: [personID])
    let order = Dictionary(
      config.terms.all.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
    return rows.map(DevelopmentRecord.init(row:)).sorted {
      (order[$0.term] ?? Int.max, $0.recordedOn, $0.term) < (
        order[$1.term] ?? Int.max, $1.recordedOn, $1.term
      )
    }
  }

  /// The child with this reference, when the user's lists show their family.
  func visibleChild(_ db: Database, _ reference: String, as user: User) throws -> (Person, Family) {
    try Permissions.require(user, .viewFamilies)
    guard
      let row = try Row.fetchOne(
        db, sql: "SELECT * FROM person WHERE reference = ? AND deleted = 0",
        arguments: [ReferenceCode.normalise(reference)])
    else { throw DomainError.notFound("no person with reference \(reference.trimmed)") }
    let person = Person(row: row)
    guard
      let familyRow = try Row.fetchOne(
        db, sql: "SELECT * FROM family WHERE id = ?", arguments: [person.familyID])
    else { throw DomainError.notFound("family of \(person.reference)") }
    let family = Family(row: familyRow)
    guard Permissions.canList(user, familyHub: family.hubID, consent: family.consent) else {
      throw DomainError.forbidden(
        "\(person.reference) is in a family of hub \(family.hubID), which \(user.username)'s lists do not show"
      )
    }
    return (person, family)
  }
}
