import Foundation

/// The time zone people read and type times in: the terminal's (`TZ`).
///
/// The store keeps every instant in UTC (`Timestamp`); only what is shown or
/// typed is local, so a contact at 09:00 in British Summer Time reads 09:00
/// on screen and 08:00Z in the store and the JSON. Calendar dates (`LocalDate`:
/// dates of birth, follow-ups, reviews) have no zone and never shift. This is
/// the one place that turns an instant into a wall-clock time and back; it is
/// passed to whatever shows or reads a time, so a test can pin the zone.
public struct DisplayZone: Sendable, Hashable {
  public let timeZone: TimeZone

  public init(_ timeZone: TimeZone) { self.timeZone = timeZone }

  /// The terminal's zone, from `TZ` (UTC when it names none).
  public static var current: DisplayZone { DisplayZone(.current) }
  public static let utc = DisplayZone(TimeZone(identifier: "UTC")!)

  /// `2025-03-14 10:30`, the wall-clock time at `date` in this zone.
  public func dateTime(_ date: Date) -> String {
    let stamp = Timestamp.format(wallClock(date))  // 2025-03-14T10:30:00.000Z, but local
    return String(stamp.prefix(10)) + " " + String(stamp.dropFirst(11).prefix(5))
  }

  /// `2025-03-14 10:30 BST`: a time with the zone it is in, where a reader
  /// might otherwise take it for UTC.
  public func labelled(_ date: Date) -> String { dateTime(date) + " " + abbreviation(at: date) }

  /// The calendar day at `date` here: "today", and whether a date is past.
  public func day(_ date: Date) -> LocalDate { LocalDate(wallClock(date)) }

  /// The instant `date` shifted by this zone's offset, to read its fields as UTC.
  private func wallClock(_ date: Date) -> Date {
    date.addingTimeInterval(TimeInterval(timeZone.secondsFromGMT(for: date)))
  }

  /// The zone's usual abbreviation at `date` ("BST", "GMT", "IST", "EDT",
  /// "UTC"), or its offset ("GMT+9:30") where it has none in English.
  ///
  /// The C library's `tm_zone` reads only the process's own zone, and
  /// Foundation's `abbreviation(for:)` gives offsets on Linux, so ICU is asked
  /// in the English locales of the places whose names people use.
  public func abbreviation(at date: Date) -> String {
    let id = timeZone.identifier
    if timeZone.secondsFromGMT(for: date) == 0, !id.contains("/") || id.hasPrefix("Etc/") { return "UTC" }
    var fallback: String?
    for locale in ["en_GB", "en_IN", "en_US", "en_AU"] {
      let formatter = DateFormatter()
      formatter.locale = Locale(identifier: locale)
      formatter.timeZone = timeZone
      formatter.dateFormat = "zzz"
      let name = formatter.string(from: date)
      if !name.hasPrefix("GMT+") && !name.hasPrefix("GMT-") { return name }
      fallback = fallback ?? name
    }
    return fallback ?? timeZone.identifier
  }

  /// The abbreviations in use across `dates`, by offset ("GMT/BST"), for a
  /// heading over times from both sides of a clock change; the one at
  /// `otherwise` when there are none.
  public func abbreviations(across dates: [Date], otherwise: Date) -> String {
    var firstAt: [Int: Date] = [:]
    for date in dates {
      firstAt[timeZone.secondsFromGMT(for: date)] = firstAt[timeZone.secondsFromGMT(for: date)] ?? date
    }
    guard !firstAt.isEmpty else { return abbreviation(at: otherwise) }
    return firstAt.keys.sorted().map { abbreviation(at: firstAt[$0]!) }.joined(separator: "/")
  }

  /// What a typed wall-clock time means in this zone.
  public enum Reading: Sendable, Hashable {
    case exact(Date)
    /// The clocks went back, so the time happened twice; `earlier` is the first.
    case ambiguous(earlier: Date, later: Date)
    /// The clocks went forward over it: no such time here that day.
    case skipped
  }

  /// Reads `YYYY-MM-DD HH:MM` (or `T` between, seconds optional) as a time in
  /// this zone; one ending in `Z` is UTC whatever the zone. Nil when the text
  /// is not a date and time at all.
  public func read(_ text: String) -> Reading? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if trimmed.hasSuffix("Z") { return Timestamp.parse(trimmed).map(Reading.exact) }
    guard let naive = Timestamp.parseGeneral(trimmed) else { return nil }
    return resolve(naive)
  }

  /// A typed time as an instant. A time the clocks passed twice is taken as
  /// the first, as the earlier is what was on the clock when the night's work
  /// was done, with a note saying so; a time they skipped is refused.
  public func instant(from text: String) -> Result<Entry, EntryError> {
    let shown = text.trimmingCharacters(in: .whitespaces)
    switch read(shown) {
    case nil: return .failure(.notATime(shown))
    case .exact(let date)?: return .success(Entry(at: date, note: nil))
    case .ambiguous(let earlier, let later)?:
      let note =
        "\(shown) happened twice here (the clocks went back, \(abbreviation(at: earlier)) to "
        + "\(abbreviation(at: later))); taken as the first, \(labelled(earlier))"
      return .success(Entry(at: earlier, note: note))
    case .skipped?:
      let naive = Timestamp.parseGeneral(shown) ?? Date()
      return .failure(
        .skipped(
          shown, before: abbreviation(at: naive.addingTimeInterval(-86_400)),
          after: abbreviation(at: naive.addingTimeInterval(86_400))))
    }
  }

  public struct Entry: Sendable, Hashable {
    public var at: Date
    /// Said to the person when the time needed choosing.
    public var note: String?
  }

  public enum EntryError: Error, Sendable, Hashable, CustomStringConvertible {
    case notATime(String)
    case skipped(String, before: String, after: String)

    public var description: String {
      switch self {
      case .notATime(let text): "'\(text)' is not a time like 2025-03-14 10:30 (YYYY-MM-DD HH:MM)"
      case .skipped(let text, let before, let after):
        "\(text) did not happen here: the clocks went forward over it (\(before) to \(after)); "
          + "use the time the clock showed"
      }
    }
  }

  /// The instants whose wall clock here reads `naive` (its fields taken as UTC).
  private func resolve(_ naive: Date) -> Reading {
    let day: TimeInterval = 86_400
    let offsets = Set([naive - day, naive, naive + day].map { timeZone.secondsFromGMT(for: $0) })
    let instants = offsets.map { naive - TimeInterval($0) }
      .filter { wallClock($0) == naive }
      .sorted()
    switch instants.count {
    case 0: return .skipped
    case 1: return .exact(instants[0])
    default: return .ambiguous(earlier: instants[0], later: instants[instants.count - 1])
    }
  }
}
