import Foundation
import GRDB
import StartWellCore

/// The records one triage made for a new family or a new member: the
/// family and its case (for a new family), the person the decision names,
/// the mother an antenatal triage added with the unborn child, and a
/// two-year offer record filled for the child.
///
/// A transaction is not kept as such once it has travelled, so they are
/// found from the records' makings: one terminal's clock is strictly
/// increasing and a transaction is written without interruption, so what
/// that terminal and user made between the family's making (or the
/// person's) and the triage itself is the triage's own work.
struct TriageMaking {
  var family: String?
  var persons: [String] = []
  var cases: [String] = []
  var offers: [String] = []
  /// The terminal and user whose triage made them.
  var device: String
  var user: String

  var records: [(entity: Entity, id: String)] {
    offers.map { (.twoYearOffer, $0) } + persons.map { (.person, $0) } + cases.map { (.caseRecord, $0) }
      + (family.map { [(.family, $0)] } ?? [])
  }

  var ids: Set<String> { Set(records.map(\.id)) }
}

/// Reads what triages made, and what has been recorded on it since, from
/// the records and the operation log a terminal holds.
struct TriageHistory {
  let db: Database
  let registry: RecordRegistry

  /// What the triage that wrote `decision` on notification `n` made; nil
  /// when its person was not made by that triage (a decision written by
  /// hand, or history this terminal does not hold).
  func making(of decision: TriageDecision, on n: Notification) throws -> TriageMaking? {
    guard let personID = decision.target,
      let person = try Row.fetchOne(
        db, sql: "SELECT family_id FROM person WHERE id = ?", arguments: [personID]),
      let made = try makingClock(.person, personID),
      let triage = try firstTriage(decision, on: n.id),
      triage.device == made.clock.device, triage.user == made.author, triage.clock > made.clock
    else { return nil }
    let familyID: String = person["family_id"]
    var m = TriageMaking(device: triage.device, user: triage.user)
    var start = made.clock
    if decision.outcome == .newFamily {
      guard let family = try makingClock(.family, familyID), family.author == m.user,
        family.clock.device == m.device, family.clock < made.clock
      else { return nil }
      m.family = familyID
      start = family.clock
      m.cases = try madeIn(.caseRecord, family: familyID, by: m, from: start, to: triage.clock)
      m.persons = try madeIn(.person, family: familyID, by: m, from: start, to: triage.clock)
    } else {
      m.persons = [personID]
      if n.kind == .antenatal, let mother = try motherMadeBefore(made.clock, family: familyID, by: m) {
        m.persons.insert(mother, at: 0)
      }
    }
    if n.kind == .twoYearEligibility || n.kind == .twoYearPlace {
      m.offers = try offers(of: m.persons, by: m, after: triage.clock)
    }
    return m
  }

  /// A record's making: the clock of its `created_at`, and its author.
  func makingClock(_ entity: Entity, _ id: String) throws -> (clock: HLC, author: String)? {
    guard
      let row = try Row.fetchOne(
        db,
        sql: """
          SELECT c.clock, t.author_id FROM field_clock c JOIN \(entity.table) t ON t.id = c.record_id
          WHERE c.entity = ? AND c.record_id = ? AND c.field = 'created_at'
          """, arguments: [entity.rawValue, id]),
      let clock = HLC(row["clock"] as String)
    else { return nil }
    return (clock, row["author_id"])
  }

  /// The first accepted write of `decision` on the notification: the triage that made its person.
  private func firstTriage(_ decision: TriageDecision, on notificationID: String) throws
    -> (clock: HLC, device: String, user: String)?
  {
    guard
      let row = try Row.fetchOne(
        db,
        sql: """
          SELECT clock, device, user_id FROM op_log INDEXED BY op_log_field
          WHERE entity = 'notification' AND record_id = ? AND field = 'triage' AND value = ?
            AND status = 'accepted'
          ORDER BY clock LIMIT 1
          """, arguments: [notificationID, FieldValue.text(decision.text).json]),
      let clock = HLC(row["clock"] as String)
    else { return nil }
    return (clock, row["device"], row["user_id"])
  }

  /// Records of a family made by the triage's terminal and user between `start` and the triage.
  private func madeIn(_ entity: Entity, family: String, by m: TriageMaking, from start: HLC, to end: HLC)
    throws -> [String]
  {
    let ids = try String.fetchAll(
      db, sql: "SELECT id FROM \(entity.table) WHERE family_id = ? AND author_id = ? ORDER BY id",
      arguments: [family, m.user])
    return try ids.filter { id in
      guard let made = try makingClock(entity, id) else { return false }
      return made.clock.device == m.device && made.clock >= start && made.clock < end
    }
  }

  /// The mother an antenatal triage added with the unborn child, to a
  /// family that had nobody in it: the person its terminal and user wrote
  /// immediately before the child.
  private func motherMadeBefore(_ child: HLC, family: String, by m: TriageMaking) throws -> String? {
    guard
      let previous = try Row.fetchOne(
        db,
        sql: """
          SELECT entity, record_id FROM op_log INDEXED BY op_log_author
          WHERE user_id = ? AND clock < ? AND device = ? ORDER BY clock DESC LIMIT 1
          """, arguments: [m.user, child.description, m.device]),
      (previous["entity"] as String) == Entity.person.rawValue
    else { return nil }
    let id: String = previous["record_id"]
    let mother = try Bool.fetchOne(
      db, sql: "SELECT EXISTS(SELECT 1 FROM person WHERE id = ? AND family_id = ? AND relationship = ?)",
      arguments: [id, family, Relationship.mother.rawValue])
    guard mother == true, let made = try makingClock(.person, id), made.author == m.user,
      made.clock.device == m.device
    else { return nil }
    return id
  }

  /// The two-year offer records the triage filled for its child: made by it, after the decision.
  private func offers(of persons: [String], by m: TriageMaking, after clock: HLC) throws -> [String] {
    guard !persons.isEmpty else { return [] }
    let marks = persons.map { _ in "?" }.joined(separator: ", ")
    let ids = try String.fetchAll(
      db, sql: "SELECT id FROM two_year_offer WHERE person_id IN (\(marks)) AND author_id = ? ORDER BY id",
      arguments: StatementArguments(persons + [m.user]))
    return try ids.filter { id in
      guard let made = try makingClock(.twoYearOffer, id) else { return false }
      return made.clock.device == m.device && made.clock > clock
    }
  }

  /// What has been recorded on the records a triage made since it made
  /// them, by anyone: any edit of them, any other record of the family it
  /// made, anything naming its people, another notification landed on
  /// them. Each is named as a person would say it ("a contact").
  func recordedSince(_ m: TriageMaking, notification: String) throws -> [String] {
    var found: [String] = []
    for (entity, id) in m.records {
      let edited = try Bool.fetchOne(
        db,
        sql: """
          SELECT EXISTS(SELECT 1 FROM op_log INDEXED BY op_log_field
            WHERE entity = ? AND record_id = ? AND status = 'accepted'
              AND NOT (device = ? AND user_id = ? AND replaces IS NULL))
          """, arguments: [entity.rawValue, id, m.device, m.user])
      if edited == true { found.append("a change to \(Self.name(entity))") }
    }
    let made = m.ids
    for spec in registry.entities {
      guard let entity = Entity(rawValue: spec.entity) else { continue }
      var ids: [String] = []
      if let family = m.family, spec.familyColumn == "family_id" {
        ids += try String.fetchAll(
          db, sql: "SELECT id FROM \(spec.table) WHERE family_id = ?", arguments: [family])
      }
      for field in spec.fields
      where field.kind == .reference(.person) || field.kind == .optionalReference(.person) {
        guard !m.persons.isEmpty else { continue }
        let marks = m.persons.map { _ in "?" }.joined(separator: ", ")
        ids += try String.fetchAll(
          db, sql: "SELECT id FROM \(spec.table) WHERE \(field.name) IN (\(marks))",
          arguments: StatementArguments(m.persons))
      }
      if !Set(ids).subtracting(made).isEmpty { found.append(Self.name(entity)) }
    }
    if !m.persons.isEmpty {
      let marks = m.persons.map { _ in "?" }.joined(separator: ", ")
      let others = try String.fetchAll(
        db,
        sql:
          "SELECT reference FROM notification WHERE person_id IN (\(marks)) AND id <> ? ORDER BY reference",
        arguments: StatementArguments(m.persons + [notification]))
      found += others.map { "notification \($0)" }
    }
    var seen: Set<String> = []
    return found.filter { seen.insert($0).inserted }
  }

  private static func name(_ entity: Entity) -> String {
    switch entity {
    case .person: "a person"
    case .caseRecord: "a case"
    case .family: "the family"
    case .contact: "a contact"
    case .escalation: "an escalation"
    case .referral: "a referral"
    case .development: "a development record"
    case .action: "an action"
    case .huddleItem: "a huddle discussion"
    case .netMark: "a mark on the net"
    case .riskOverride: "a risk override"
    case .twoYearOffer: "a two-year offer record"
    default: "a \(entity.rawValue.replacingOccurrences(of: "_", with: " "))"
    }
  }
}
