import GRDB
import StartWellCore

/// Where a child's sessions of an approach may fall: the family's contact
/// window, so the family's last contact stays what its other contacts say
/// of engagement, and who brings the child.
struct DemoSessionWindow {
  var days: ClosedRange<Int>
  var carer: String?
  var hubIndex: Int
}

extension DemoGenerator {
  /// The approaches a hub runs: three of the configured ones, different
  /// hubs running different mixes, as the partnership's hubs do.
  func hubApproaches(_ hubIndex: Int) -> [String] {
    let all = config.approaches.map(\.id)
    guard !all.isEmpty else { return [] }
    return [0, 1, 3].map { all[(hubIndex + $0) % all.count] }.reduce(into: []) {
      if !$0.contains($1) { $0.append($1) }
    }
  }

  /// How much more often a child who took part moves up a band by the
  /// next check, by approach: enough for the report to show a difference
  /// on the larger demo stores, and not the same for every approach.
  static func uplift(_ approach: String) -> Double {
    ["keys-to-communication": 0.14, "elklan": 0.18, "toddle-talk": 0.08, "every-childs-a-talker": 0.12][
      approach] ?? 0.05
  }

  /// Whether `child` takes part in one of its hub's approaches in `term`
  /// (children behind are offered one more often), and if so the sessions:
  /// one to four, group sessions mostly, an intervention now and then, with
  /// the child and their carer present. Drawn from `approachRng`, so the
  /// rest of the demo is as it was for its seed.
  mutating func approachSessions(
    child: String, familyID: String, band: WellCommBand, term: SchoolTerm, window: DemoSessionWindow,
    lead: String, team: DemoStaff.HubTeam
  ) -> (approach: String, rows: [[DatabaseValue]], lastAt: Int)? {
    let offered = hubApproaches(window.hubIndex)
    let first = max(term.start.dayNumber, window.days.lowerBound)
    let last = min(term.end.dayNumber, window.days.upperBound, yesterday)
    guard !offered.isEmpty, first <= last,
      approachRng.chance([0.08, 0.32, 0.42][WellCommBand.allCases.firstIndex(of: band)!])
    else { return nil }
    let approach = approachRng.pick(offered)
    let carries = config.approachSettings.contactTypes
    var rows: [[DatabaseValue]] = []
    var lastAt = Int.min
    for _ in 0..<approachRng.int(1...4) {
      let day = approachRng.int(first...last)
      let at = day * 86_400 + (570 + approachRng.int(0...360)) * 60
      lastAt = max(lastAt, at)
      let type = carries.count > 1 && approachRng.chance(0.2) ? carries[1] : carries[0]
      let practitioner = approachRng.chance(0.5) ? lead : approachRng.pick(team.practitioners)
      let name = config.approachSettings.name(approach)
      rows.append(
        [
          ids.make(&approachRng).dv, familyID.dv, practitioner.dv, DemoText.instant(at).dv, type.dv,
          (type == "intervention" ? "\(name) one-to-one session" : "\(name) group").dv,
          approachRng.pick(DemoVocabulary.approachNotes).dv, false.dv, DatabaseValue.null, false.dv,
          DemoText.jsonArray([window.carer, child].compactMap { $0 }).dv, approach.dv,
        ] + common(created: at, author: practitioner))
    }
    return (approach, rows, lastAt)
  }
}
