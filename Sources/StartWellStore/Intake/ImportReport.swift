import StartWellCore

/// The three kinds of file StartWell imports.
public enum ImportKind: String, Sendable, CaseIterable {
  /// Partners' notifications (`notify import`).
  case notifications
  /// The national list of children eligible for a funded two-year-old place (`twos import`).
  case eligibility = "two-year-eligibility"
  /// A setting's roll of children taking a funded place (`roll import`).
  case roll = "two-year-roll"
}

/// What became of one row of an imported file.
public struct ImportRowReport: Hashable, Sendable {
  public enum Outcome: Hashable, Sendable {
    /// Taken in as a new notification (its reference; nil in a dry run).
    case accepted(reference: String?)
    /// The same notification is already held, under this reference.
    case alreadyHeld(reference: String)
    /// The same as an earlier row of this file.
    case repeated(line: Int)
    /// Matched to one child for certain, whose two-year offer it fills;
    /// `alreadyRecorded` when the offer already said so and nothing changed.
    case matched(personReference: String, alreadyRecorded: Bool)
    /// Not sure which child: queued for triage (its reference; nil in a dry
    /// run), or already queued from an earlier import.
    case ambiguous(reference: String?, alreadyHeld: Bool)
    /// No child held is even a possible match.
    case unmatched
    /// A rule refused it; nothing of it is applied.
    case refused([FieldIssue])

    /// The outcome's name in reports and JSON.
    public var name: String {
      switch self {
      case .accepted: "accepted"
      case .alreadyHeld: "already-held"
      case .repeated: "repeated"
      case .matched: "matched"
      case .ambiguous: "ambiguous"
      case .unmatched: "unmatched"
      case .refused: "refused"
      }
    }
  }

  /// The row's line in the file (the header is line 1).
  public var line: Int
  public var outcome: Outcome

  public init(line: Int, outcome: Outcome) {
    self.line = line
    self.outcome = outcome
  }
}

/// The per-row report of one import.
public struct ImportReport: Hashable, Sendable {
  public var kind: ImportKind
  /// Nothing was applied: the report says what an import would do.
  public var dryRun: Bool
  /// The term of a two-year offer import.
  public var term: String?
  public var rows: [ImportRowReport]

  public init(kind: ImportKind, dryRun: Bool, term: String? = nil, rows: [ImportRowReport] = []) {
    self.kind = kind
    self.dryRun = dryRun
    self.term = term
    self.rows = rows
  }

  /// How many rows had each outcome, by the outcome's name; every outcome
  /// this kind of import has is present, zero or not.
  public var counts: [String: Int] {
    var counts = Dictionary(uniqueKeysWithValues: Self.outcomes(kind).map { ($0, 0) })
    for row in rows { counts[row.outcome.name, default: 0] += 1 }
    return counts
  }

  public var refused: Int { counts["refused"] ?? 0 }

  /// The outcomes this kind of import reports, in the order they are told.
  public static func outcomes(_ kind: ImportKind) -> [String] {
    switch kind {
    case .notifications: ["accepted", "already-held", "repeated", "refused"]
    case .eligibility, .roll: ["matched", "ambiguous", "unmatched", "repeated", "refused"]
    }
  }

  /// "2 accepted, 1 already held, 0 repeated, 1 refused": the counts in words,
  /// for the audit and the end of the report.
  public var summary: String {
    let counts = self.counts
    return Self.outcomes(kind).map { "\(counts[$0] ?? 0) \($0.replacingOccurrences(of: "-", with: " "))" }
      .joined(separator: ", ")
  }
}
