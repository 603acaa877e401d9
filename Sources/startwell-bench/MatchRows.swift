import Foundation
import StartWellCore
import StartWellStore

extension StoreRows {
  /// One person from a partner's notification matched against the store:
  /// candidates found through indexes and scored, as intake runs it for
  /// each notification and each line of the two-year-old offer list.
  static let matchNotification = BenchRow(
    name: "match-notification", what: "match one notified person against every person held", target: 100
  ) { run in
    let store = try run.working().store
    let notifications = try Notification.sample(try run.working().floor, count: 1_000)
    var found = [[MatchCandidate]](repeating: [], count: notifications.count)
    let work = notifications.indices.map { i in
      { () throws -> Void in found[i] = try store.matchCandidates(for: notifications[i].received) }
    }
    let (product, floor) = try run.compare(work)
    return Figure(samples: product, floor: floor, note: Notification.summary(notifications, found))
  }
}

/// A received person made from a person of the dataset with the slips
/// partners' data has, or made up, and whom it should find.
struct Notification {
  enum Slip: CaseIterable {
    case misspeltGivenName, swappedDateOfBirth, swappedNames, oneSurnamePart, accentsDropped
    case exactWithNHSNumber, newPerson, misspeltSurnameNoPostcode
  }

  var received: ReceivedPerson
  /// The person it was made from; nil for a made-up person.
  var personID: String?
  var slip: Slip

  /// The dataset's people, as the sample reads them.
  struct Held {
    var id: String
    var person: ReceivedPerson
  }

  /// `count` notifications, the same for the same dataset: each slip in
  /// turn, applied to people picked at a fixed stride from those it fits.
  static func sample(_ db: RawDatabase, count: Int) throws -> [Notification] {
    var people: [Held] = []
    try db.rows(
      """
      SELECT p.id, p.given_name, p.family_name, p.date_of_birth, p.nhs_number, f.postcode, f.address
      FROM person p JOIN family f ON f.id = p.family_id
      WHERE p.deleted = 0 AND f.deleted = 0 AND p.expected = 0 ORDER BY p.rowid
      """
    ) { row in
      people.append(
        Held(
          id: row[0] ?? "",
          person: ReceivedPerson(
            givenName: row[1] ?? "", familyName: row[2] ?? "", dateOfBirth: (row[3]).flatMap(LocalDate.init),
            nhsNumber: row[4], postcode: row[5], address: row[6])))
    }
    guard !people.isEmpty else { throw BenchError("the dataset has no people") }
    let pools: [Slip: [Held]] = [
      .swappedDateOfBirth: people.filter {
        $0.person.dateOfBirth.map { $0.day <= 12 && $0.day != $0.month } ?? false
      },
      .oneSurnamePart: people.filter { $0.person.familyName.contains { $0 == "-" || $0 == " " } },
      .accentsDropped: people.filter {
        plain($0.person.givenName) != $0.person.givenName
          || plain($0.person.familyName) != $0.person.familyName
      },
    ]
    return (0..<count).map { n in
      let slip = Slip.allCases[n % Slip.allCases.count]
      if slip == .newPerson { return madeUp(n, people) }
      let pool = pools[slip].flatMap { $0.isEmpty ? nil : $0 } ?? people
      // A large prime stride spreads the picks over the whole pool.
      let held = pool[(n * 7_919) % pool.count]
      return Notification(received: apply(slip, to: held.person, n), personID: held.id, slip: slip)
    }
  }

  private static func apply(_ slip: Slip, to person: ReceivedPerson, _ n: Int) -> ReceivedPerson {
    var p = person
    p.nhsNumber = nil
    switch slip {
    case .misspeltGivenName:
      p.givenName = transposed(p.givenName)
    case .swappedDateOfBirth:
      p.dateOfBirth = p.dateOfBirth.flatMap { LocalDate(year: $0.year, month: $0.day, day: $0.month) }
    case .swappedNames:
      (p.givenName, p.familyName) = (p.familyName, p.givenName)
      p.postcode = nil
    case .oneSurnamePart:
      let parts = p.familyName.split(whereSeparator: { $0 == "-" || $0 == " " })
      p.familyName = String(parts[n / Slip.allCases.count % parts.count])
    case .accentsDropped:
      p.givenName = plain(p.givenName)
      p.familyName = plain(p.familyName)
    case .exactWithNHSNumber:
      p.nhsNumber = person.nhsNumber
    case .misspeltSurnameNoPostcode:
      if p.familyName.count >= 5 {
        p.familyName.remove(at: p.familyName.index(p.familyName.startIndex, offsetBy: 2))
      }
      p.postcode = nil
    case .newPerson:
      break
    }
    return p
  }

  /// Someone the store does not hold: a given name, a surname, a birthday
  /// and a postcode each from a different person (the birthday moved on).
  private static func madeUp(_ n: Int, _ people: [Held]) -> Notification {
    func pick(_ k: Int) -> ReceivedPerson { people[(n * 7_919 + k * 104_729) % people.count].person }
    let received = ReceivedPerson(
      givenName: pick(1).givenName, familyName: pick(2).familyName,
      dateOfBirth: pick(3).dateOfBirth?.adding(days: 17), postcode: pick(4).postcode)
    return Notification(received: received, personID: nil, slip: .newPerson)
  }

  /// Two neighbouring letters swapped, the commonest slip at a keyboard.
  private static func transposed(_ name: String) -> String {
    var letters = Array(name)
    guard let at = (1..<max(1, letters.count - 1)).first(where: { letters[$0] != letters[$0 + 1] }) else {
      return name
    }
    letters.swapAt(at, at + 1)
    return String(letters)
  }

  /// The name as typed on a keyboard without accents: Zoë → Zoe, Łukasz → Lukasz.
  static func plain(_ name: String) -> String {
    let spelt: [Character: String] = ["Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "ß": "ss"]
    let scalars = name.map { spelt[$0] ?? String($0) }.joined().decomposedStringWithCanonicalMapping
      .unicodeScalars.filter { !(0x300...0x36F).contains($0.value) }
    var out = String.UnicodeScalarView()
    out.append(contentsOf: scalars)
    return String(out).precomposedStringWithCanonicalMapping
  }

  /// How well the matches found their people, for the row's note.
  static func summary(_ notifications: [Notification], _ found: [[MatchCandidate]]) -> String {
    var first = 0
    var listed = 0
    var known = 0
    var newOffered = 0
    var missed: [Slip: Int] = [:]
    for (notification, candidates) in zip(notifications, found) {
      guard let id = notification.personID else {
        if candidates.contains(where: { $0.score.strength >= .likely }) { newOffered += 1 }
        continue
      }
      known += 1
      if candidates.first?.personID == id { first += 1 } else { missed[notification.slip, default: 0] += 1 }
      if candidates.contains(where: { $0.personID == id }) { listed += 1 }
    }
    let made = notifications.count - known
    let average = Double(found.map(\.count).reduce(0, +)) / Double(max(1, found.count))
    return "\(grouped(notifications.count)) received, \(grouped(known)) of held people with slips: "
      + "\(grouped(first)) found first\(misses(missed)), \(grouped(listed)) among the candidates; "
      + "\(grouped(made)) made up, \(newOffered) of them offered a likely match; "
      + String(format: "%.1f candidates each", average)
  }

  /// "(not first: 3 swappedNames)", or nothing when every one was first.
  private static func misses(_ missed: [Slip: Int]) -> String {
    guard !missed.isEmpty else { return "" }
    let slips = Slip.allCases.compactMap { slip in missed[slip].map { "\($0) \(slip)" } }
    return " (not first: " + slips.joined(separator: ", ") + ")"
  }
}
