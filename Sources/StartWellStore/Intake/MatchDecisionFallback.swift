// A stand-in for the matcher's `PersonMatcher.decide` and `MatchDecision`,
// with the same names and rule, until the matcher is merged: then this file
// is deleted and the imports call the real one unchanged.

/// What a bulk import does with one received person.
enum MatchDecision: Hashable, Sendable {
  case matched(index: Int)
  case ambiguous
  case unmatched
}

enum PersonMatcher {
  /// Matched only when the best is strong and no other is likely or better;
  /// ambiguous when the best is likely or possible, or two are likely or
  /// better; unmatched when none is even possible.
  static func decide(_ scores: [MatchScore]) -> MatchDecision {
    guard let best = scores.indices.max(by: { scores[$0].score < scores[$1].score }),
      scores[best].strength >= .possible
    else { return .unmatched }
    if scores.filter({ $0.strength >= .likely }).count >= 2 { return .ambiguous }
    return scores[best].strength == .strong ? .matched(index: best) : .ambiguous
  }
}
