import StartWellCore
import StartWellStore

/// What the report screen asks for: the days counted, both included, and
/// the hub (nil for every hub the user may see: the whole partnership for
/// an admin, their own hubs for everyone else).
struct ReportChoice: Hashable, Sendable {
  var from: LocalDate
  var to: LocalDate
  var hub: String?
  /// Whether the net by rule is counted (`ReportRequest.countsNet`).
  var countsNet = true
}

/// Makes the report the screen shows.
typealias ReportMaker = @Sendable (ReportChoice, ScreenLoadContext) throws -> MetricsReport

/// Where the report screen gets its figures. The screen reads them through
/// `maker`, so a test can give it a report made by hand; the client itself
/// uses `fromStore`.
enum ReportSource {
  @TaskLocal static var maker: ReportMaker = fromStore

  /// The store's report for the choice, scoped to what the user may see.
  /// The screen shows it whole: small numbers are suppressed only in
  /// exports, and a user who may open the records may see them here.
  static func fromStore(_ r: ReportChoice, _ c: ScreenLoadContext) throws -> MetricsReport {
    try c.store.report(ReportRequest(from: r.from, to: r.to, hub: r.hub, countsNet: r.countsNet), for: c.user)
  }
}
