import StartWellCore
import StartWellStore
import TerminalUI

/// The triage screen's right pane: the people a notification may be about,
/// best first, then the selected one's details with what matched marked.
/// A candidate in a family the user's lists do not admit (another hub's,
/// without consent to share) shows its reference, hub and score only.
enum CandidatesView {
  /// The most candidates the list shows before the selected one's details.
  static let listRows = 5

  static func render(_ t: TriageState, _ load: TriageLoad, _ s: AppState, into g: inout CellGrid, rect: Rect)
  {
    let theme = s.theme
    let inner = Frame(
      title: "Candidates (\(load.candidates.count)), best first", style: theme[.border],
      titleStyle: theme[.title]
    ).render(into: &g, rect: rect)
    guard !load.candidates.isEmpty else {
      let text =
        load.notification.isTriaged
        ? "No one held matches these details."
        : "No one held matches these details. n starts a new family; x if it is not ours; u if it repeats another notification."
      for (i, line) in TextWrap.wrap(text, width: inner.cols - 1).prefix(inner.rows).enumerated() {
        g.put(text: line, row: inner.row + i, col: inner.col + 1, style: theme[.dim])
      }
      return
    }
    let (listRect, rest) = inner.splitTop(1 + min(listRows, load.candidates.count))
    list(t, load, s, into: &g, rect: listRect)
    let (detailRect, legendRect) = Rect(
      row: rest.row + 1, col: rest.col, rows: rest.rows - 1, cols: rest.cols
    ).splitBottom(1)
    if let c = t.selected {
      detail(c, listed: t.isListed(c), s, into: &g, rect: detailRect)
    }
    g.put(
      text: "\(TriageView.marker) marks what matched the selected person", row: legendRect.row,
      col: legendRect.col + 1, style: theme[.dim], maxWidth: legendRect.cols - 1)
  }

  static func list(_ t: TriageState, _ load: TriageLoad, _ s: AppState, into g: inout CellGrid, rect: Rect) {
    let wide = rect.cols >= 60
    var columns = [
      Column("Ref", width: .fixed(10)), Column("Name", width: .flexible(min: 11)),
      Column("Match", width: .fixed(11)),
    ]
    if wide {
      columns.insert(
        contentsOf: [
          Column("Born", width: .fixed(10)), Column("Postcode", width: .fixed(8)),
          Column("Family", width: .fixed(10)),
        ], at: 2)
    }
    var state = t.list
    let candidates = load.candidates
    let hubs = s.config
    ListView(columns: columns, theme: s.theme).render(
      into: &g, rect: rect, state: &state,
      row: { i in
        let c = candidates[i]
        let match = "\(c.score.score) \(c.score.strength.rawValue)"
        guard t.isListed(c) else {
          return [c.personReference, "(\(hubName(c.hubID, hubs)) hub)"] + (wide ? ["", "", ""] : []) + [match]
        }
        var cells = [c.personReference, "\(c.known.givenName) \(c.known.familyName)", match]
        if wide {
          cells.insert(
            contentsOf: [
              c.known.dateOfBirth?.description ?? "", c.known.postcode ?? "", c.familyReference,
            ], at: 2)
        }
        return cells
      })
  }

  static func detail(_ c: MatchCandidate, listed: Bool, _ s: AppState, into g: inout CellGrid, rect: Rect) {
    let theme = s.theme
    let hub = hubName(c.hubID, s.config)
    let score = "score \(c.score.score), \(c.score.strength.rawValue)"
    guard listed else {
      var lines = ["\(c.personReference) · \(hub) hub · \(score)"]
      lines += TextWrap.wrap(
        "In another hub's family without consent to share: only its reference, hub and score are shown.",
        width: rect.cols - 1)
      for (i, line) in lines.prefix(rect.rows).enumerated() {
        g.put(
          text: line, row: rect.row + i, col: rect.col + 1, style: theme[i == 0 ? .title : .dim],
          maxWidth: rect.cols - 1)
      }
      return
    }
    g.put(
      text: "\(c.personReference) · \(c.familyReference) · \(hub) hub", row: rect.row,
      col: rect.col + 1, style: theme[.title], maxWidth: rect.cols - 1)
    let matched = TriageView.fields(c.score.fields)
    var lines = TriageView.person(c.known, matched: matched, address: false)
    lines.append(
      TriageView.Line(
        label: "Match", value: "\(score): " + c.score.fields.map(words).joined(separator: ", ")))
    TriageView.draw(
      lines, theme: theme, into: &g,
      rect: Rect(row: rect.row + 1, col: rect.col, rows: rect.rows - 1, cols: rect.cols))
  }

  /// A match field as people say it.
  static func words(_ field: MatchField) -> String {
    switch field {
    case .nhsNumber: "NHS number"
    case .dateOfBirth: "date of birth"
    case .dateOfBirthSwapped: "date of birth, day and month swapped"
    case .name: "name"
    case .nameSimilar: "name, nearly"
    case .nameSwapped: "names swapped"
    case .surnamePart: "part of the surname"
    case .postcode: "postcode"
    case .postcodeSector: "postcode sector"
    }
  }

  /// "North" for the north hub, as the header names hubs.
  static func hubName(_ id: String, _ config: Configuration) -> String {
    config.hub(id).map { CohortView.shortName($0.name) } ?? id
  }
}
