import Foundation
import GRDB
import StartWellCore

extension DemoGenerator {
  /// A child's development records over the demo's six terms, one for each
  /// term in which the child is aged 2 to 4 on the day of the check, with
  /// the id every terminal would give it (`DevelopmentID`).
  ///
  /// The band starts from the child's profile and then moves as children's
  /// bands do: most stay, some move a step (up more often than down), a
  /// few jump two. The EYFS areas follow the band, and a child in their
  /// reception year is rated in literacy and mathematics too. Returns the
  /// rows and whether the latest record's band is red (what risk reads).
  ///
  /// In a term with a record the child may take part in one of the hub's
  /// approaches (`approachSessions`); a child who did is a little more
  /// likely to move up a band by the next check.
  mutating func developmentRecords(
    child: Member, familyID: String, opened: Int, lead: String, team: DemoStaff.HubTeam,
    window: DemoSessionWindow
  ) -> (rows: [[DatabaseValue]], latestRed: Bool, sessions: [[DatabaseValue]], lastSession: Int?) {
    var rows: [[DatabaseValue]] = []
    var sessions: [[DatabaseValue]] = []
    var lastSession: Int?
    var tookPart: String?
    var band: Int? = nil
    var latestRed = false
    let nursery = rng.pick(DemoVocabulary.earlyYearsSettings)
    let school = rng.pick(DemoVocabulary.schools)
    let born = LocalDate(dayNumber: child.dob)
    for term in terms {
      let last = min(term.end.dayNumber, yesterday)
      let recorded = min(term.start.dayNumber + rng.int(10...45), last)
      guard recorded >= term.start.dayNumber else { continue }
      guard (2...4).contains(born.years(until: LocalDate(dayNumber: recorded))) else { continue }
      var next = nextBand(from: band, profile: child.profile)
      if let approach = tookPart, band != nil, next > 0, approachRng.chance(Self.uplift(approach)) {
        next -= 1
      }
      band = next
      let wellComm = WellCommBand.allCases[next]
      let reception = SchoolTerms.isReception(dateOfBirth: born, in: term)
      let weights = [[82, 15, 3], [35, 48, 17], [8, 37, 55]][next]
      func rating() -> DatabaseValue { EYFSRating.allCases[rng.weighted(weights)].rawValue.dv }
      let author = rng.chance(0.6) ? lead : rng.pick(team.practitioners)
      // Checks before the family was known are entered when it was opened.
      let at = workTime(max(recorded, opened))
      rows.append(
        [
          DevelopmentID.of(child: child.id, term: term.name).dv, child.id.dv, familyID.dv, term.name.dv,
          DemoText.day(recorded).dv, wellComm.rawValue.dv, rating(), rating(), rating(),
          reception ? rating() : DatabaseValue.null, reception ? rating() : DatabaseValue.null,
          (reception ? school : nursery).dv, rng.pick(DemoVocabulary.developmentNotes).dv,
        ] + common(created: at, author: author))
      latestRed = wellComm == .red
      tookPart = nil
      if let taken = approachSessions(
        child: child.id, familyID: familyID, band: wellComm, term: term, window: window, lead: lead,
        team: team)
      {
        tookPart = taken.approach
        sessions += taken.rows
        lastSession = max(lastSession ?? .min, taken.lastAt)
      }
    }
    return (rows, latestRed, sessions, lastSession)
  }

  /// The band index (0 green, 1 amber, 2 red) for the next term. A first
  /// check finds more children behind than later ones: most catch up with
  /// support, so amber and red children improve more often than green
  /// ones fall, and those with marked delay improve more slowly.
  private mutating func nextBand(from band: Int?, profile: Int) -> Int {
    guard let band else {
      return rng.weighted([[70, 24, 6], [20, 50, 30], [5, 30, 65]][profile])
    }
    switch band {
    case 0: return [0, 1, 2][rng.weighted([94, 5, 1])]
    case 1: return [1, 0, 2][rng.weighted(profile == 2 ? [62, 28, 10] : [55, 38, 7])]
    default: return [2, 1, 0][rng.weighted(profile == 2 ? [72, 26, 2] : [62, 36, 2])]
    }
  }
}
