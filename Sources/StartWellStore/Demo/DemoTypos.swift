import Foundation
import StartWellCore

/// How a partner's system or a person typing gets a known person's details
/// a little wrong, so the demo's notifications and lists give the matcher
/// what it meets in practice.
enum DemoTypo: String, CaseIterable {
  /// A letter dropped, doubled or two letters swapped.
  case misspelt
  /// The day and month of the date of birth swapped.
  case dayMonthSwapped = "day-month-swapped"
  /// A double-barrelled surname given as one of its parts.
  case surnamePart = "surname-part"
  /// The accents left off.
  case accentsDropped = "accents-dropped"
  /// Given and family names the wrong way round.
  case namesSwapped = "names-swapped"
}

/// A person's details as received.
struct DemoReceived {
  var given: String
  var surname: String
  /// A day number.
  var dob: Int?

  /// The details with one typing error of a kind that applies to them,
  /// chosen with `rng`; misspelt when nothing else applies.
  func withTypo(_ rng: inout DemoRandom) -> (DemoReceived, DemoTypo) {
    let applicable = DemoTypo.allCases.filter { applies($0) }
    let typo = applicable.isEmpty ? .misspelt : rng.pick(applicable)
    return (applying(typo, &rng), typo)
  }

  func applies(_ typo: DemoTypo) -> Bool {
    switch typo {
    case .misspelt: return !Self.editable(Array(surname)).isEmpty
    case .dayMonthSwapped:
      guard let dob else { return false }
      let d = LocalDate(dayNumber: dob)
      return d.day <= 12 && d.day != d.month
    case .surnamePart: return surname.contains("-") || surname.contains(" ")
    case .accentsDropped: return Self.plain(given + surname) != given + surname
    case .namesSwapped: return true
    }
  }

  private func applying(_ typo: DemoTypo, _ rng: inout DemoRandom) -> DemoReceived {
    var r = self
    switch typo {
    case .misspelt:
      var letters = Array(surname)
      let places = Self.editable(letters)
      guard !places.isEmpty else { return r }
      let i = rng.pick(places)
      switch rng.int(0...2) {
      case 0: letters.remove(at: i)
      case 1: letters.insert(letters[i], at: i)
      default: letters.swapAt(i, i + 1)
      }
      r.surname = String(letters)
    case .dayMonthSwapped:
      if let dob, case let d = LocalDate(dayNumber: dob),
        let swapped = LocalDate(year: d.year, month: d.day, day: d.month)
      {
        r.dob = swapped.dayNumber
      }
    case .surnamePart:
      let parts = surname.split(whereSeparator: { $0 == "-" || $0 == " " }).map(String.init)
      r.surname = rng.chance(0.5) ? parts[0] : parts[parts.count - 1]
    case .accentsDropped:
      r.given = Self.plain(given)
      r.surname = Self.plain(surname)
    case .namesSwapped:
      r.given = surname
      r.surname = given
    }
    return r
  }

  /// Where a letter may be dropped, doubled or swapped with the next: not
  /// the first letter, and only between two letters, in a name of four or more.
  private static func editable(_ letters: [Character]) -> [Int] {
    guard letters.count >= 4 else { return [] }
    return (1..<(letters.count - 1)).filter { letters[$0].isLetter && letters[$0 + 1].isLetter }
  }

  /// The text without its accents, as a keyboard without them types it.
  static func plain(_ text: String) -> String {
    text.folding(options: .diacriticInsensitive, locale: Locale(identifier: "en_GB"))
  }
}
