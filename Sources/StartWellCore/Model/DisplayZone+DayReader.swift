import Foundation

extension DisplayZone {
  /// `day(_:)` for many instants in a row, as a report reads them. The
  /// zone's offset is looked up once for each UTC day the instants fall
  /// on and kept when it holds that whole day, as it does on every day but
  /// those the clocks change on; instants of those days are read one by
  /// one. Foundation's look-up of the offset was most of the cost of a day.
  public struct DayReader {
    public let zone: DisplayZone
    /// By UTC day number: the offset in seconds that holds all that day,
    /// or `changes` when the clocks change during it.
    private var offsets: [Int: Int] = [:]
    private static let changes = Int.min

    public init(_ zone: DisplayZone) { self.zone = zone }

    /// The calendar day at `date` here, as `DisplayZone.day` gives it.
    public mutating func day(_ date: Date) -> LocalDate {
      let seconds = date.timeIntervalSince1970
      let utcDay = Int((seconds / 86_400).rounded(.down))
      let offset = offsets[utcDay] ?? offsetHolding(utcDay)
      guard offset != Self.changes else { return zone.day(date) }
      return LocalDate(Date(timeIntervalSince1970: seconds + TimeInterval(offset)))
    }

    private mutating func offsetHolding(_ utcDay: Int) -> Int {
      let start = Date(timeIntervalSince1970: TimeInterval(utcDay) * 86_400)
      let first = zone.timeZone.secondsFromGMT(for: start)
      let last = zone.timeZone.secondsFromGMT(for: start.addingTimeInterval(86_399.999))
      let offset = first == last ? first : Self.changes
      offsets[utcDay] = offset
      return offset
    }
  }
}
