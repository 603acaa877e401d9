import Foundation

/// An area of learning a development record rates: the three EYFS prime
/// areas, and literacy and mathematics for a child in reception. The raw
/// value is the record's field.
public enum DevelopmentArea: String, Codable, Sendable, CaseIterable {
  case communication
  case physical
  case personalSocialEmotional = "personal_social_emotional"
  case literacy
  case maths

  public static let prime: [DevelopmentArea] = [.communication, .physical, .personalSocialEmotional]
  /// Assessed only in the reception year.
  public static let specific: [DevelopmentArea] = [.literacy, .maths]

  public var title: String {
    switch self {
    case .communication: "Communication and language"
    case .physical: "Physical"
    case .personalSocialEmotional: "Personal, social and emotional"
    case .literacy: "Literacy"
    case .maths: "Mathematics"
    }
  }

  /// The short name the command line and narrow tables use.
  public var shortName: String {
    switch self {
    case .communication: "communication"
    case .physical: "physical"
    case .personalSocialEmotional: "psed"
    case .literacy: "literacy"
    case .maths: "maths"
    }
  }
}

/// The Good Level of Development, judged at the end of reception.
///
/// A child has it when the record for the summer term of their reception
/// year has the expected level ("on-track") in every prime area and in
/// literacy and mathematics. Any of those five below the expected level
/// (emerging or below) means not achieved, whatever else is missing.
/// A record whose prime areas are all expected but that lacks literacy or
/// mathematics is `unknown`, not "not achieved": nobody assessed the
/// area, and counting it as a failure would report a child as behind on a
/// check that was never made. It shows which areas are missing so the
/// record can be completed.
public struct GoodLevelOfDevelopment: Hashable, Sendable, Codable {
  public enum Outcome: String, Hashable, Sendable, Codable {
    case achieved
    case notAchieved = "not-achieved"
    case unknown
  }

  public var outcome: Outcome
  /// The areas rated below the expected level.
  public var short: [DevelopmentArea]
  /// Literacy or mathematics not rated.
  public var missing: [DevelopmentArea]

  public init(outcome: Outcome, short: [DevelopmentArea], missing: [DevelopmentArea]) {
    self.outcome = outcome
    self.short = short
    self.missing = missing
  }

  /// The judgement on `record`, or nil when the record is not the summer
  /// term of the child's reception year (GLD is judged only then).
  public static func of(_ record: DevelopmentRecord, dateOfBirth: LocalDate, terms: SchoolTerms) -> Self? {
    guard let term = terms.term(named: record.term), term.season == .summer,
      SchoolTerms.isReception(dateOfBirth: dateOfBirth, in: term)
    else { return nil }
    return judge(record)
  }

  /// The judgement on a record's ratings alone, whatever its term.
  public static func judge(_ record: DevelopmentRecord) -> Self {
    let areas = DevelopmentArea.prime + DevelopmentArea.specific
    let short = areas.filter { record.rating($0).map { $0 != .onTrack } ?? false }
    let missing = areas.filter { record.rating($0) == nil }
    let outcome: Outcome = !short.isEmpty ? .notAchieved : missing.isEmpty ? .achieved : .unknown
    return Self(outcome: outcome, short: short, missing: missing)
  }
}

extension GoodLevelOfDevelopment {
  /// `judge` as an SQL expression over a development record's columns
  /// (`alias.communication`, …), giving the outcome's raw value: the
  /// metrics report counts GLD in SQL. The tests hold the two to the same
  /// answers for every combination of ratings.
  public static func outcomeSQL(_ alias: String) -> String {
    let columns = ["communication", "physical", "personal_social_emotional", "literacy", "maths"]
      .map { "NULLIF(\(alias).\($0), '')" }
    let onTrack = EYFSRating.onTrack.rawValue
    let short = columns.map { "(\($0) IS NOT NULL AND \($0) <> '\(onTrack)')" }.joined(separator: " OR ")
    let missing = columns.map { "\($0) IS NULL" }.joined(separator: " OR ")
    return "(CASE WHEN \(short) THEN '\(Outcome.notAchieved.rawValue)' WHEN \(missing) THEN "
      + "'\(Outcome.unknown.rawValue)' ELSE '\(Outcome.achieved.rawValue)' END)"
  }

  /// The judgement as one sentence, naming the areas behind it.
  public var sentence: String {
    switch outcome {
    case .achieved: "Good Level of Development: achieved"
    case .notAchieved:
      "Good Level of Development: not achieved (below expected: \(short.map(\.shortName).joined(separator: ", ")))"
    case .unknown:
      "Good Level of Development: unknown (not rated: \(missing.map(\.shortName).joined(separator: ", ")))"
    }
  }
}

extension DevelopmentRecord {
  /// The record's ratings in words, "WellComm amber, communication
  /// emerging, ...", with literacy, maths and the setting when recorded.
  public var summary: String {
    var parts = [
      "WellComm \(wellComm.rawValue)", "communication \(communication.rawValue)",
      "physical \(physical.rawValue)", "psed \(personalSocialEmotional.rawValue)",
    ]
    if let l = literacy { parts.append("literacy \(l.rawValue)") }
    if let m = maths { parts.append("maths \(m.rawValue)") }
    if !setting.isEmpty { parts.append("at \(setting)") }
    return parts.joined(separator: ", ")
  }
}
