import Foundation
import GRDB
import StartWellCore

/// A hub's (or the whole partnership's) children recorded in one term:
/// how many stand at each WellComm band and each rating, and how the
/// bands moved since the previous term.
public struct DevelopmentCohort: Sendable, Hashable {
  /// The hub, or nil for every hub the user's lists show.
  public var hub: String?
  public var term: SchoolTerm
  public var previousTerm: SchoolTerm?
  /// Children with a record in the term.
  public var children: Int
  public var bands: [WellCommBand: Int]
  /// For each area, the count at each rating. Literacy and mathematics
  /// count only the children rated in them (those in reception).
  public var ratings: [DevelopmentArea: [EYFSRating: Int]]
  /// Children recorded in both terms, counted by their band in the
  /// previous term (`from`) and in this one (`to`).
  public var transitions: [WellCommBand: [WellCommBand: Int]]

  /// Children recorded in this term and the one before.
  public var recordedInBoth: Int { transitions.values.flatMap(\.values).reduce(0, +) }

  public func count(_ band: WellCommBand) -> Int { bands[band] ?? 0 }
  public func count(_ area: DevelopmentArea, _ rating: EYFSRating) -> Int { ratings[area]?[rating] ?? 0 }
  public func moved(from: WellCommBand, to: WellCommBand) -> Int { transitions[from]?[to] ?? 0 }
  /// Children rated in an area (all recorded children for a prime area).
  public func rated(_ area: DevelopmentArea) -> Int { ratings[area]?.values.reduce(0, +) ?? 0 }

  /// The share of the term's children at a band, 0...1.
  public func share(_ band: WellCommBand) -> Double {
    children == 0 ? 0 : Double(count(band)) / Double(children)
  }

  /// The share of the children rated in `area` at `rating`, 0...1.
  public func share(_ area: DevelopmentArea, _ rating: EYFSRating) -> Double {
    let n = rated(area)
    return n == 0 ? 0 : Double(count(area, rating)) / Double(n)
  }

  /// Children whose band improved (red to amber, amber to green, ...), stayed, or fell.
  public var improved: Int { sum { $0.rank > $1.rank } }
  public var unchanged: Int { sum { $0 == $1 } }
  public var fell: Int { sum { $0.rank < $1.rank } }

  private func sum(_ keep: (WellCommBand, WellCommBand) -> Bool) -> Int {
    var n = 0
    for (from, row) in transitions { for (to, count) in row where keep(from, to) { n += count } }
    return n
  }
}

extension Store {
  /// The cohort of a hub (or, with `hub` nil, of every family the user's
  /// lists show) in a term, by the term's name. A family is counted under
  /// the hub it belongs to now.
  public func cohort(hub: String?, term termName: String, as user: User) throws -> DevelopmentCohort {
    try Permissions.require(user, .viewFamilies)
    var v = Validator()
    let term = config.terms.term(named: termName)
    if term == nil {
      v.add("term", "known", "'\(termName.trimmed)' is not a term in terms.json")
    }
    if let hub, config.hub(hub) == nil {
      v.add("hub", "known", "'\(hub)' is not a hub; known: \(config.hubs.map(\.id).joined(separator: ", "))")
    }
    try v.check()
    guard let term else { throw DomainError.invalid(v.issues) }
    let previous = config.terms.previous(term)
    return try read { db in
      var scope = VisibilityScope.list(for: user).sql(family: "f")
      if let hub {
        scope.sql += " AND f.hub_id = ?"
        scope.arguments += [hub]
      }
      let records = try Row.fetchAll(
        db,
        sql: """
          SELECT d.person_id, d.term, d.wellcomm, d.communication, d.physical, d.personal_social_emotional,
            d.literacy, d.maths
          FROM development d JOIN person p ON p.id = d.person_id JOIN family f ON f.id = p.family_id
          WHERE d.deleted = 0 AND p.deleted = 0 AND f.deleted = 0 AND d.term IN (?, ?) AND \(scope.sql)
          """, arguments: [term.name, previous?.name ?? term.name] + scope.arguments)
      var bands: [WellCommBand: Int] = [:]
      var ratings: [DevelopmentArea: [EYFSRating: Int]] = [:]
      var now: [String: WellCommBand] = [:]
      var before: [String: WellCommBand] = [:]
      for row in records {
        let band: WellCommBand = row.value("wellcomm", default: .green)
        let child: String = row["person_id"]
        if row["term"] as String == term.name {
          now[child] = band
          bands[band, default: 0] += 1
          for area in DevelopmentArea.allCases {
            guard let rating = (row[area.rawValue] as String?).flatMap(EYFSRating.init) else { continue }
            ratings[area, default: [:]][rating, default: 0] += 1
          }
        } else {
          before[child] = band
        }
      }
      var transitions: [WellCommBand: [WellCommBand: Int]] = [:]
      for (child, to) in now {
        if let from = before[child] { transitions[from, default: [:]][to, default: 0] += 1 }
      }
      return DevelopmentCohort(
        hub: hub, term: term, previousTerm: previous, children: now.count, bands: bands, ratings: ratings,
        transitions: transitions)
    }
  }
}
