import Foundation
import GRDB
import StartWellCore
import Testing

@testable import StartWellStore
@testable import StartWellSync

/// Intake in the seeded simulation: partners' notifications taken in (the
/// same one often on several terminals), triaged on whichever terminal
/// picks them up (so two terminals triage one apart), rival triages
/// settled, and two-year offer records written.
extension SimulationTests {
  /// A few partners' notifications: a small pool, so the same one is taken
  /// in on two terminals and triaged on two.
  static let intakePool: [NotificationDraft] = [
    gpEarly(given: "Ayo", family: "Bello", dob: "2022-01-02"),
    gpEarly(given: "Mia", family: "Hart", dob: "2023-04-05", summary: "Sleep"),
    antenatal(given: "Jade", family: "Marsh"),
    NotificationDraft(
      kind: .domesticAbuse, hubID: "north", givenName: "Leo", familyName: "Kerr", dateOfBirth: "2021-06-07",
      postcode: "LS6 2AB",
      details: [
        "setting": "Moorside Nursery", "incident-date": "2025-06-01", "police-ref": "WY-77",
        "category": "child-present",
      ]),
    NotificationDraft(
      kind: .twoYearEligibility, hubID: "north", givenName: "Eli", familyName: "Moss",
      dateOfBirth: "2023-08-09",
      postcode: "LS6 2AB", details: ["term": "2025-autumn", "code": "E12"]),
  ]

  /// One intake step. Refusals a person would meet here (taken in or
  /// triaged already, a triage that can no longer be kept) change nothing.
  func intake(_ t: Terminal, others: [Terminal], rng: inout SplitMix64) throws {
    do {
      switch Int.random(in: 0..<10, using: &rng) {
      case 0..<2:
        let draft = Self.intakePool[Int.random(in: 0..<Self.intakePool.count, using: &rng)]
        try takeInAndTriage(t, draft, rng: &rng)
      case 2..<4 where !others.isEmpty:
        // The same notification reaches two terminals, and each triages it
        // before they sync: two rival triages.
        let draft = Self.intakePool[Int.random(in: 0..<Self.intakePool.count, using: &rng)]
        try takeInAndTriage(t, draft, rng: &rng)
        let other = others[Int.random(in: 0..<others.count, using: &rng)]
        do {
          try takeInAndTriage(other, draft, rng: &rng)
        } catch let error as DomainError
          where error.description.contains("revoked") || (try? other.store.clockWarning()) != nil
        {
          // That terminal makes no changes (revoked, or its clock went back).
        }
      case 4..<6: try triageOne(t, nil, rng: &rng)
      case 6:
        let draft = Self.intakePool[Int.random(in: 0..<Self.intakePool.count, using: &rng)]
        _ = try t.store.takeIn(draft, as: worker)
      case 7: try writeTwoYearOffer(t, rng: &rng)
      default: try settleOneTriage(t, rng: &rng)
      }
    } catch let error as DomainError where !error.issues.isEmpty {
      _ = error
    }
  }

  /// Takes a notification in (held already, it is the same record) and triages it if it waits.
  func takeInAndTriage(_ t: Terminal, _ draft: NotificationDraft, rng: inout SplitMix64) throws {
    let held = try t.store.takeIn(draft, as: worker).notification
    if held.triage == nil { try triageOne(t, held.reference, rng: &rng) }
  }

  /// Triages `reference`, or a notification this terminal holds
  /// untriaged, one of the five ways.
  func triageOne(_ t: Terminal, _ reference: String?, rng: inout SplitMix64) throws {
    let waiting = try t.store.notifications(.untriaged, as: worker).map(\.notification)
    guard !waiting.isEmpty else { return }
    let n =
      try reference.map { try t.store.notification($0, as: worker) }
      ?? waiting[Int.random(in: 0..<waiting.count, using: &rng)]
    let people = try t.store.read { db in
      try String.fetchAll(
        db,
        sql: """
          SELECT p.reference FROM person p JOIN family f ON f.id = p.family_id
          WHERE p.deleted = 0 AND f.deleted = 0 AND f.hub_id = 'north' ORDER BY p.reference
          """)
    }
    let families = try t.store.read { db in
      try String.fetchAll(
        db,
        sql: """
          SELECT f.reference FROM family f
          WHERE f.deleted = 0 AND f.hub_id = 'north' AND EXISTS (SELECT 1 FROM cases c WHERE c.family_id = f.id)
          ORDER BY f.reference
          """)
    }
    let others = try t.store.notifications(.all, as: worker).map(\.notification.reference).filter {
      $0 != n.reference
    }
    // A new family, the costliest outcome to get wrong, is the likeliest.
    var requests: [TriageRequest] = [
      .newFamily(sdfID: nil), .newFamily(sdfID: nil), .notOurs(reason: "out-of-area"),
    ]
    if let person = people.randomElement(using: &rng) { requests.append(.attach(personReference: person)) }
    if let family = families.randomElement(using: &rng) {
      requests.append(.newMember(familyReference: family))
    }
    if let other = others.randomElement(using: &rng) { requests.append(.duplicate(of: other)) }
    let request = requests[Int.random(in: 0..<requests.count, using: &rng)]
    try t.store.triage(n.reference, request, note: "Seen on \(t.name)", confirmNewFamily: true, as: worker)
  }

  /// Settles a triage conflict this terminal shows: one of the triages, or
  /// none (back to the queue) when the one chosen can no longer be kept.
  func settleOneTriage(_ t: Terminal, rng: inout SplitMix64) throws {
    let open = try t.store.conflicts().filter(\.isTriage)
    guard !open.isEmpty else { return }
    let conflict = open[Int.random(in: 0..<open.count, using: &rng)]
    let head = conflict.heads[Int.random(in: 0..<conflict.heads.count, using: &rng)]
    do {
      try t.store.resolveConflict(conflict.id, value: head.value, as: worker)
    } catch let error as DomainError where error.issues.map(\.field) == ["keep"] {
      try t.store.resolveConflict(conflict.id, value: .null, as: worker)
    }
  }

  /// A child's two-year offer for a term, recorded straight from a list or
  /// a roll on several terminals at once: one record, merged field by field.
  func writeTwoYearOffer(_ t: Terminal, rng: inout SplitMix64) throws {
    let children = try t.store.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT p.id, p.family_id FROM person p JOIN family f ON f.id = p.family_id
          WHERE p.deleted = 0 AND f.deleted = 0 AND p.relationship = 'child' ORDER BY p.id
          """)
    }
    guard !children.isEmpty else { return }
    let child = children[Int.random(in: 0..<children.count, using: &rng)]
    let term = ["2025-autumn", "2026-spring"][Int.random(in: 0..<2, using: &rng)]
    let fields: [String: FieldValue] =
      Bool.random(using: &rng)
      ? ["eligible": .integer(1), "code": .text("E\(Int.random(in: 1...3, using: &rng))")]
      : [
        "taken_up": .integer(1),
        "setting": .text(["Little Acorns", "Hub stay and play"].randomElement(using: &rng)!),
      ]
    try t.store.write(as: worker) { tx in
      try tx.recordTwoYearOffer(personID: child["id"], familyID: child["family_id"], term: term, fields)
    }
  }

  /// After the run: every triage conflict left is settled on a terminal
  /// that may still make changes, and everything exchanged. Then no
  /// notification has a triage conflict, every terminal holds the same
  /// triage of each, no notification rests on a withdrawn person, and a
  /// new family made by a triage not kept lives on only where someone
  /// recorded work on it since (it waits to be merged by hand).
  func checkIntake(_ terminals: [Terminal], seed: UInt64) throws {
    let open = try terminals[0].store.conflicts().filter(\.isTriage)
    var notes: [String] = []
    for conflict in open {
      var settled = false
      for t in terminals where !settled {
        // Which triage is tried first varies with the seed; none when neither can be kept.
        let heads = conflict.heads.map(\.value)
        let first = Int(seed % UInt64(heads.count))
        for value in Array(heads[first...] + heads[..<first]) + [.null] where !settled {
          if let done = try? t.store.resolveConflict(conflict.id, value: value, as: worker) {
            notes += done.notes
            settled = true
          }
        }
      }
      #expect(settled, "seed \(seed): no terminal could settle \(conflict.id)")
    }
    for _ in 0..<2 {
      for t in terminals { _ = try t.engine.push() }
      for t in terminals { _ = try t.engine.pull() }
    }
    let hashes = try terminals.map { try $0.store.canonicalStateHash() }
    #expect(Set(hashes).count == 1, "seed \(seed): terminals differ after triage conflicts were settled")
    let triages = try terminals.map { t in
      try t.store.read { db in
        try Dictionary(
          Row.fetchAll(db, sql: "SELECT id, triage FROM notification").map {
            ($0["id"] as String, $0["triage"] as String?)
          },
          uniquingKeysWith: { a, _ in a })
      }
    }
    for (t, held) in zip(terminals, triages) {
      #expect(
        try t.store.conflicts().filter(\.isTriage).isEmpty, "seed \(seed): \(t.name) holds a triage conflict")
      #expect(held == triages[0], "seed \(seed): \(t.name) holds other triages than \(terminals[0].name)")
    }
    try checkOneFamilyPerNotification(terminals[0], seed: seed)
    if ProcessInfo.processInfo.environment["STARTWELL_SIM_STATS"] != nil {
      let t = terminals[0]
      let resolved = try t.count("SELECT COUNT(*) FROM audit WHERE action = 'conflict-resolve'")
      print(
        "SIMINTAKE seed \(seed) notifications=\(try t.count("SELECT COUNT(*) FROM notification")) "
          + "triaged=\(try t.count("SELECT COUNT(*) FROM notification WHERE triage IS NOT NULL")) "
          + "open-at-end=\(open.count) resolved-here=\(resolved) "
          + "withdrawn-families=\(try t.count("SELECT COUNT(*) FROM family WHERE deleted = 1")) "
          + "withdrawn-people=\(try t.count("SELECT COUNT(*) FROM person WHERE deleted = 1")) "
          + "offers=\(try t.count("SELECT COUNT(*) FROM two_year_offer")) "
          + "new-families=\(try t.count("SELECT COUNT(DISTINCT value) FROM op_log WHERE field = 'triage' AND value LIKE '\"new-family:%'")) "
          + notes.joined(separator: " | "))
    }
  }

  private func checkOneFamilyPerNotification(_ t: Terminal, seed: UInt64) throws {
    let notifications = try t.store.notifications(.all, as: worker, limit: 10_000).map(\.notification)
    try t.store.read { db in
      let history = TriageHistory(db: db, registry: t.store.registry)
      for n in notifications {
        if let person = n.personID {
          let live = try Bool.fetchOne(
            db, sql: "SELECT deleted = 0 FROM person WHERE id = ?", arguments: [person])
          #expect(live == true, "seed \(seed): \(n.reference) rests on a withdrawn person")
        }
        let made = try String.fetchAll(
          db,
          sql: """
            SELECT DISTINCT value FROM op_log
            WHERE entity = 'notification' AND record_id = ? AND field = 'triage' AND status = 'accepted'
              AND value LIKE '"new-family:%'
            """, arguments: [n.id]
        ).compactMap { try FieldValue(json: $0).textValue.flatMap(TriageDecision.init(text:)) }
        for decision in made where decision.target != n.personID {
          let family = try String.fetchOne(
            db,
            sql:
              "SELECT f.id FROM person p JOIN family f ON f.id = p.family_id WHERE p.id = ? AND f.deleted = 0",
            arguments: [decision.target])
          guard family != nil else { continue }
          let making = try history.making(of: decision, on: n)
          let since = try making.map { try history.recordedSince($0, notification: n.id) } ?? []
          #expect(
            !since.isEmpty,
            "seed \(seed): \(n.reference) left a second live family with nothing recorded on it")
        }
      }
    }
  }
}
