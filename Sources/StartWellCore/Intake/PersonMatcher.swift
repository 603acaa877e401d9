/// A piece of evidence that a received person is a person the store holds.
public enum MatchField: String, Sendable, Codable, CaseIterable {
  case nhsNumber = "nhs-number"
  case dateOfBirth = "date-of-birth"
  case dateOfBirthSwapped = "date-of-birth-swapped"
  case name
  case nameSimilar = "name-similar"
  case nameSwapped = "name-swapped"
  case surnamePart = "surname-part"
  case postcode
  case postcodeSector = "postcode-sector"
}

/// How sure a match is, weakest first.
public enum MatchStrength: String, Sendable, Codable, Comparable, CaseIterable {
  case weak, possible, likely, strong

  /// The least score of each band above weak: the one definition of the
  /// thresholds (see `PersonMatcher` for the weights they are set against).
  public var threshold: Int {
    switch self {
    case .weak: 0
    case .possible: 45
    case .likely: 65
    case .strong: 85
    }
  }

  /// The band a score falls in.
  public init(score: Int) {
    self = Self.allCases.last { score >= $0.threshold } ?? .weak
  }

  public static func < (a: MatchStrength, b: MatchStrength) -> Bool { a.threshold < b.threshold }
}

public struct MatchScore: Hashable, Sendable {
  /// 0...100.
  public var score: Int
  /// The fields that matched, for display and highlighting, in `MatchField` order.
  public var fields: [MatchField]
  public var strength: MatchStrength

  public init(score: Int, fields: [MatchField], strength: MatchStrength) {
    self.score = score
    self.fields = fields
    self.strength = strength
  }

  /// A score in the band its points fall in.
  public init(score: Int, fields: [MatchField]) {
    self.init(score: score, fields: fields, strength: MatchStrength(score: score))
  }
}

/// What a bulk import does with one received person.
public enum MatchDecision: Hashable, Sendable {
  /// The candidate at this index is the person.
  case matched(index: Int)
  /// Someone must choose: more than one candidate is close, or the best is not sure enough.
  case ambiguous
  /// No candidate is even possible: the person is new to the store.
  case unmatched
}

/// Scores a received person against a person the store holds.
///
/// The weights, in points out of 100 (a sum above 100 counts as 100):
///
/// | evidence | points |
/// | --- | --- |
/// | NHS number, the same (normalised) | 60, and the match is strong whatever else differs |
/// | date of birth, the same | 35 |
/// | date of birth with day and month swapped (2024-03-07 for 2024-07-03) | 30 |
/// | given and family names the same (folded for case and accents) | 35 |
/// | given name the same, one surname a part of the other's double one | 30 |
/// | given and family names swapped with each other | 30: what they would make unswapped, less 5 |
/// | names within typing errors of each other (or a given name one of several) | 28 |
/// | postcode, the same | 20 |
/// | postcode sector, the same ("LS6 2" of "LS6 2AB") | 8 |
///
/// Against the thresholds (`MatchStrength.threshold`: possible 45, likely
/// 65, strong 85):
/// - name and date of birth alone make 70, likely: two children with the
///   same name born the same day are not told apart by them, and a bulk
///   import must not merge them. Adding the same full postcode (90) makes
///   it strong; the same sector (78) does not.
/// - a misspelt name never makes a strong match without the NHS number
///   (28 + 35 + 20 = 83): a twin whose name is a letter away from their
///   sibling's (Amelia and Amelie) must not be taken for them.
/// - each kind of slip on its own (swapped day and month, names swapped, one
///   part of a double surname, a dropped accent) still leaves the name and
///   date of birth likely (65 or more); with the full postcode, strong.
///   A date with day and month swapped counts nearly as much as the date:
///   it is the commonest slip in a date, and two people of the same name
///   born on swapped days of one year still need the postcode to be strong.
/// - two NHS numbers, both valid and different, say these are two people:
///   the rest can make at most a possible match, for a person to look at.
/// - every candidate that can reach possible shares an NHS number, a date
///   of birth (or its swap) or a full postcode with the received person:
///   a name with a postcode sector makes 43. The store finds candidates by
///   those, and by name only for the weak ones it shows besides.
public enum PersonMatcher {
  /// The points each piece of evidence adds (the table above).
  public static func points(_ field: MatchField) -> Int {
    switch field {
    case .nhsNumber: 60
    case .dateOfBirth: 35
    case .dateOfBirthSwapped: 30
    case .name: 35
    case .surnamePart: 30
    case .nameSimilar: 28
    case .nameSwapped: 30
    case .postcode: 20
    case .postcodeSector: 8
    }
  }

  public static func score(_ received: ReceivedPerson, against known: ReceivedPerson) -> MatchScore {
    score(Subject(received), against: Subject(known))
  }

  /// As `score(_:against:)`, for one received person scored against many:
  /// each is folded and normalised once.
  public static func score(_ received: Subject, against known: Subject) -> MatchScore {
    var points = 0
    var fields: [MatchField] = []
    let nhsAgree = received.nhsNumber.flatMap { a in known.nhsNumber.map { a == $0 } }
    if nhsAgree == true { fields.append(.nhsNumber) }
    if let field = dateEvidence(received.dateOfBirth, known.dateOfBirth) { fields.append(field) }
    let name = nameEvidence(received, known)
    points += name.points
    if let field = postcodeEvidence(received.postcode, known.postcode) { fields.append(field) }
    points += fields.reduce(0) { $0 + Self.points($1) }
    fields += name.fields
    var score = min(100, points)
    if nhsAgree == true { score = max(score, MatchStrength.strong.threshold) }
    if nhsAgree == false { score = min(score, MatchStrength.likely.threshold - 1) }
    return MatchScore(score: score, fields: MatchField.allCases.filter(fields.contains))
  }

  /// For bulk imports: matched only when the best candidate is strong and
  /// no other is likely or better; ambiguous when two or more are likely or
  /// better, or the best is only likely or possible; unmatched when none is
  /// possible or better.
  public static func decide(_ scores: [MatchScore]) -> MatchDecision {
    guard let best = scores.indices.max(by: { scores[$0].score < scores[$1].score }),
      scores[best].strength >= .possible
    else { return .unmatched }
    let close = scores.filter { $0.strength >= .likely }.count
    if close >= 2 { return .ambiguous }
    return scores[best].strength == .strong ? .matched(index: best) : .ambiguous
  }

  private static func dateEvidence(_ a: LocalDate?, _ b: LocalDate?) -> MatchField? {
    guard let a, let b else { return nil }
    if a == b { return .dateOfBirth }
    // 2024-03-07 typed for 2024-07-03: the day and month swapped (none when they are equal).
    guard a.year == b.year, a.day == b.month, a.month == b.day else { return nil }
    return .dateOfBirthSwapped
  }

  private static func postcodeEvidence(_ a: Subject.NormalisedPostcode?, _ b: Subject.NormalisedPostcode?)
    -> MatchField?
  {
    guard let a, let b else { return nil }
    if a.full == b.full { return .postcode }
    return a.sector == b.sector ? .postcodeSector : nil
  }

  /// The better of the names as given and the names swapped.
  private static func nameEvidence(_ a: Subject, _ b: Subject) -> (points: Int, fields: [MatchField]) {
    let straight = nameEvidence(
      given: PartAgreement(a.givenName, b.givenName), family: PartAgreement(a.familyName, b.familyName))
    guard straight.points < points(.name) else { return straight }
    var swapped = nameEvidence(
      given: PartAgreement(a.givenName, b.familyName), family: PartAgreement(a.familyName, b.givenName))
    guard swapped.points > 0 else { return straight }
    swapped.points -= points(.name) - points(.nameSwapped)
    // Swapped stands for "the same names, swapped"; a slip besides is still shown.
    swapped.fields = swapped.fields.filter { $0 != .name } + [.nameSwapped]
    return swapped.points > straight.points ? swapped : straight
  }

  private static func nameEvidence(given: PartAgreement, family: PartAgreement)
    -> (points: Int, fields: [MatchField])
  {
    guard given >= .similar, family >= .similar else { return (0, []) }
    if given == .exact && family == .exact { return (points(.name), [.name]) }
    if given == .exact && family == .part { return (points(.surnamePart), [.surnamePart]) }
    // A typing error on either side, or a given name that is one of several.
    return (points(.nameSimilar), family == .part ? [.nameSimilar, .surnamePart] : [.nameSimilar])
  }
}

extension PersonMatcher {
  /// A person made ready for comparison: names folded, NHS number and postcode normalised.
  public struct Subject: Hashable, Sendable {
    struct NormalisedPostcode: Hashable, Sendable {
      var full: String
      /// The outward code and the inward code's first digit: "LS6 2" of "LS6 2AB".
      var sector: Substring { full.dropLast(2) }
    }

    var givenName: FoldedName
    var familyName: FoldedName
    var dateOfBirth: LocalDate?
    var nhsNumber: String?
    var postcode: NormalisedPostcode?

    public init(_ person: ReceivedPerson) {
      givenName = FoldedName(person.givenName)
      familyName = FoldedName(person.familyName)
      dateOfBirth = person.dateOfBirth
      nhsNumber = person.nhsNumber.flatMap(NHSNumber.normalise)
      postcode = person.postcode.flatMap(Postcode.normalise).map(NormalisedPostcode.init(full:))
    }
  }
}

extension MatchScore {
  /// Whether a candidate this close makes starting a new family a choice a
  /// person confirms: anything possible or better. A misspelt name with the
  /// right date of birth is only possible (63), yet far too close to start
  /// a second record of the same child without a word.
  public var holdsBackNewFamily: Bool { strength >= .possible }
}
