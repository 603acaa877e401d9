import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

/// How development records, journeys and cohorts read as text.
enum DevelopmentText {
  static func summary(_ r: DevelopmentRecord) -> String { Sanitizer.visible(r.summary) }

  // MARK: - Journey

  static func printJourney(_ j: DevelopmentJourney, zone: DisplayZone) {
    let child = j.child
    let reception = SchoolTerms.yearName(SchoolTerms.receptionYear(dateOfBirth: child.dateOfBirth))
    Terminal.print(
      Sanitizer.visible(
        "\(child.reference) \(child.givenName) \(child.familyName), family \(j.familyReference); born \(child.dateOfBirth), reception \(reception)"
      ))
    guard !j.terms.isEmpty else { return Terminal.print("No development records.") }
    var table = Table("")
    table.headers = [""] + j.terms.map { $0.term.name + ($0.reception ? "*" : "") }
    func row(_ label: String, _ cell: (JourneyTerm) -> String) {
      table.rows.append([label] + j.terms.map { Sanitizer.visible(cell($0)) })
    }
    row("WELLCOMM") { $0.record?.wellComm.rawValue ?? "-" }
    for area in DevelopmentArea.allCases {
      row(area.shortName.uppercased()) { $0.record?.rating(area)?.rawValue ?? "-" }
    }
    row("SETTING") { $0.record.map { $0.setting.isEmpty ? "-" : $0.setting } ?? "-" }
    row("CONTACTS") { "\($0.contacts.count)" }
    row("REFERRALS") { "\($0.referrals.count)" }
    row("ESCALATIONS") { "\($0.escalations.count)" }
    table.maxWidth = 16
    table.print()
    if j.terms.contains(where: \.reception) { Terminal.print("* reception year") }
    if let gld = j.gld { Terminal.print(gld.sentence) }
    for column in j.terms {
      var lines: [String] = []
      for c in column.contacts {
        lines.append("contact \(zone.day(c.at)) \(c.type): \(c.summary)")
      }
      for r in column.referrals {
        lines.append(
          "referral \(r.reference) \(zone.day(r.meta.createdAt)) to \(r.service) (\(r.status.rawValue))")
      }
      for e in column.escalations {
        lines.append(
          "escalation \(e.reference) \(zone.day(e.raisedAt)) \(e.fromLevel.rawValue) → \(e.toLevel.rawValue) (\(e.status.rawValue))"
        )
      }
      if let notes = column.record?.notes, !notes.isEmpty { lines.insert("notes: \(notes)", at: 0) }
      guard !lines.isEmpty else { continue }
      Terminal.print()
      Terminal.print("\(column.term.name) (\(column.term.start) to \(column.term.end))")
      for line in lines {
        Terminal.print("  " + Sanitizer.visible(line.replacingOccurrences(of: "\n", with: " ")))
      }
    }
  }

  // MARK: - Cohort

  static func printCohort(_ c: DevelopmentCohort) {
    let scope = c.hub.map { "hub \($0)" } ?? "all visible hubs"
    Terminal.print("Cohort of \(scope), \(c.term.name): \(c.children) children recorded")
    guard c.children > 0 else { return }
    Terminal.print()
    Terminal.print("WellComm band")
    for band in WellCommBand.allCases { bar(band.rawValue, c.count(band), of: c.children) }
    for area in DevelopmentArea.allCases {
      let rated = c.rated(area)
      guard rated > 0 else { continue }
      Terminal.print()
      Terminal.print(
        "\(area.title)\(DevelopmentArea.specific.contains(area) ? " (\(rated) rated, reception)" : "")")
      for rating in EYFSRating.allCases { bar(rating.rawValue, c.count(area, rating), of: rated) }
    }
    Terminal.print()
    guard let previous = c.previousTerm else {
      return Terminal.print("No previous term is configured, so no movement is shown.")
    }
    Terminal.print("Movement since \(previous.name) (\(c.recordedInBoth) children recorded in both)")
    var table = Table("FROM \\ TO")
    table.headers += WellCommBand.allCases.map(\.rawValue)
    for from in WellCommBand.allCases {
      table.rows.append([from.rawValue] + WellCommBand.allCases.map { "\(c.moved(from: from, to: $0))" })
    }
    table.print(indent: "  ")
    Terminal.print("Improved \(c.improved), unchanged \(c.unchanged), fell \(c.fell)")
  }

  /// One bar: label, blocks scaled to the share (eighths for the last
  /// cell), the count and the percentage.
  static func bar(_ label: String, _ count: Int, of total: Int, width: Int = 30) {
    let share = total == 0 ? 0 : Double(count) / Double(total)
    let blocks = BarChart.bar(share: share, width: width)
    let pad = String(repeating: " ", count: max(0, width - DisplayWidth.of(blocks)))
    let name = label.padding(toLength: 9, withPad: " ", startingAt: 0)
    Terminal.print("  \(name) \(blocks)\(pad) \(count) (\(BarChart.percent(share)))")
  }
}

struct DevelopmentJSON: Encodable {
  var id: String
  var personId: String
  var familyId: String
  var term: String
  var recordedOn: String
  var wellcomm: String
  var communication: String
  var physical: String
  var psed: String
  @Null var literacy: String?
  @Null var maths: String?
  var setting: String
  var notes: String
  var authorId: String

  init(_ r: DevelopmentRecord) {
    id = r.meta.id
    personId = r.personID
    familyId = r.familyID
    term = r.term
    recordedOn = r.recordedOn.description
    wellcomm = r.wellComm.rawValue
    communication = r.communication.rawValue
    physical = r.physical.rawValue
    psed = r.personalSocialEmotional.rawValue
    literacy = r.literacy?.rawValue
    maths = r.maths?.rawValue
    setting = r.setting
    notes = r.notes
    authorId = r.meta.authorID
  }
}

struct JourneyJSON: Encodable {
  struct Item: Encodable {
    var kind: String
    var reference: String?
    var day: String
    var text: String
  }
  struct Term: Encodable {
    var term: String
    var start: String
    var end: String
    var reception: Bool
    @Null var record: DevelopmentJSON?
    var contacts: Int
    var referrals: Int
    var escalations: Int
    var items: [Item]
  }
  struct GLD: Encodable {
    var outcome: String
    var below: [String]
    var missing: [String]
  }

  var child: String
  var childName: String
  var family: String
  var dateOfBirth: String
  var receptionYear: String
  var terms: [Term]
  @Null var gld: GLD?

  init(_ j: DevelopmentJourney, zone: DisplayZone) {
    child = j.child.reference
    childName = "\(j.child.givenName) \(j.child.familyName)"
    family = j.familyReference
    dateOfBirth = j.child.dateOfBirth.description
    receptionYear = SchoolTerms.yearName(SchoolTerms.receptionYear(dateOfBirth: j.child.dateOfBirth))
    terms = j.terms.map { t in
      let items =
        t.contacts.map {
          Item(kind: "contact", reference: nil, day: zone.day($0.at).description, text: $0.summary)
        }
        + t.referrals.map {
          Item(
            kind: "referral", reference: $0.reference, day: zone.day($0.meta.createdAt).description,
            text: "\($0.service) (\($0.status.rawValue))")
        }
        + t.escalations.map {
          Item(
            kind: "escalation", reference: $0.reference, day: zone.day($0.raisedAt).description,
            text: "\($0.fromLevel.rawValue) to \($0.toLevel.rawValue) (\($0.status.rawValue))")
        }
      return Term(
        term: t.term.name, start: t.term.start.description, end: t.term.end.description,
        reception: t.reception,
        record: t.record.map(DevelopmentJSON.init), contacts: t.contacts.count, referrals: t.referrals.count,
        escalations: t.escalations.count, items: items)
    }
    gld = j.gld.map {
      GLD(
        outcome: $0.outcome.rawValue, below: $0.short.map(\.shortName), missing: $0.missing.map(\.shortName))
    }
  }
}

struct CohortJSON: Encodable {
  struct Count: Encodable {
    var value: String
    var count: Int
    var share: Double
  }
  struct Move: Encodable {
    var from: String
    var to: String
    var count: Int
  }

  @Null var hub: String?
  var term: String
  @Null var previousTerm: String?
  var children: Int
  var wellcomm: [Count]
  var areas: [String: [Count]]
  var recordedInBoth: Int
  var transitions: [Move]

  init(_ c: DevelopmentCohort) {
    hub = c.hub
    term = c.term.name
    previousTerm = c.previousTerm?.name
    children = c.children
    wellcomm = WellCommBand.allCases.map { Count(value: $0.rawValue, count: c.count($0), share: c.share($0)) }
    var areas: [String: [Count]] = [:]
    for area in DevelopmentArea.allCases {
      areas[area.shortName] = EYFSRating.allCases.map {
        Count(value: $0.rawValue, count: c.count(area, $0), share: c.share(area, $0))
      }
    }
    self.areas = areas
    recordedInBoth = c.recordedInBoth
    transitions = WellCommBand.allCases.flatMap { from in
      WellCommBand.allCases.map {
        Move(from: from.rawValue, to: $0.rawValue, count: c.moved(from: from, to: $0))
      }
    }
  }
}
