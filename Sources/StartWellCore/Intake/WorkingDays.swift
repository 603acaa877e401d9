/// Monday to Friday: a notification that arrives on Friday evening and
/// should be seen the next working day is due on Monday.
public enum WorkingDays {
  /// 1970-01-01 (day number 0) was a Thursday: 0 is Monday here.
  static func weekday(_ day: LocalDate) -> Int { ((day.dayNumber % 7) + 7 + 3) % 7 }

  public static func isWorkingDay(_ day: LocalDate) -> Bool { weekday(day) < 5 }

  public static func adding(_ count: Int, to day: LocalDate) -> LocalDate {
    var d = day
    var left = count
    while left > 0 {
      d = d.adding(days: 1)
      if isWorkingDay(d) { left -= 1 }
    }
    return d
  }

  /// Working days from `start` to `end`: 0 on the same day, 1 from Friday to Monday.
  public static func between(_ start: LocalDate, _ end: LocalDate) -> Int {
    guard end > start else { return 0 }
    var n = 0
    var d = start
    while d < end {
      d = d.adding(days: 1)
      if isWorkingDay(d) { n += 1 }
    }
    return n
  }
}
