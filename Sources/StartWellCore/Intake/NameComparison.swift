/// How two names compare, part by part, once folded (`NameFold`).
///
/// A name is compared as its key (its words run together, so a dropped
/// hyphen or space changes nothing) and as its words (so "Smith" is found in
/// "Smith-Jones").
struct FoldedName: Hashable, Sendable {
  var key: [UInt32]
  var words: [[UInt32]]

  init(_ text: String) {
    let words = NameFold.wordScalars(text)
    self.words = words
    key = words.flatMap { $0 }
  }

  var isEmpty: Bool { key.isEmpty }
}

/// What one part of a name (given or family) shares with the other's.
enum PartAgreement: Int, Comparable {
  case none, similar, part, exact

  static func < (a: PartAgreement, b: PartAgreement) -> Bool { a.rawValue < b.rawValue }

  /// Exact when the keys are equal; part when one is a single word of the
  /// other's several ("Jones" in "Smith-Jones"); similar when the keys are a
  /// typing error or two apart (`NameComparison.withinTypingErrors`).
  init(_ a: FoldedName, _ b: FoldedName) {
    if a.isEmpty || b.isEmpty {
      self = .none
    } else if a.key == b.key {
      self = .exact
    } else if Self.isWord(a, of: b) || Self.isWord(b, of: a) {
      self = .part
    } else if NameComparison.withinTypingErrors(a.key, b.key) {
      self = .similar
    } else {
      self = .none
    }
  }

  /// Whether `a` is one word of `b`, which has more than one. A word of one
  /// letter ("O" of "O'Brien") is not a name on its own.
  private static func isWord(_ a: FoldedName, of b: FoldedName) -> Bool {
    b.words.count > 1 && a.key.count > 1 && b.words.contains(a.key)
  }
}

enum NameComparison {
  /// How many typing errors a name of this many letters may hold and still
  /// be taken for the same name: none up to 3 letters (Amy and Ami, Tom and
  /// Tim are different names), one up to 7, two beyond.
  static func tolerance(_ letters: Int) -> Int { letters <= 3 ? 0 : letters <= 7 ? 1 : 2 }

  /// Whether `a` and `b` are within the typing errors the shorter allows.
  static func withinTypingErrors(_ a: [UInt32], _ b: [UInt32]) -> Bool {
    let allowed = tolerance(min(a.count, b.count))
    guard allowed > 0, abs(a.count - b.count) <= allowed else { return false }
    return typingDistance(a, b) <= allowed
  }

  /// The optimal string alignment distance (Damerau–Levenshtein without
  /// editing a substring twice): the fewest letters inserted, deleted,
  /// replaced, or swapped with their neighbour, that turn `a` into `b`.
  /// Those four are the errors people make typing a name.
  static func typingDistance(_ a: [UInt32], _ b: [UInt32]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    let width = b.count + 1
    // Three rows: the one before last is needed for a swap.
    var before = [Int](repeating: 0, count: width)
    var last = Array(0...b.count)
    var row = [Int](repeating: 0, count: width)
    for i in 1...a.count {
      row[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var best = Swift.min(last[j] + 1, row[j - 1] + 1, last[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          best = Swift.min(best, before[j - 2] + 1)
        }
        row[j] = best
      }
      swap(&before, &last)
      swap(&last, &row)
    }
    return last[b.count]
  }
}
