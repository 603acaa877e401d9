import Foundation

/// How names are folded so that the forms people type meet the forms stored:
/// one definition for search (the store's full-text index) and for matching
/// people who arrive from partners.
public enum NameFold {
  /// The fold for searched text, applied both to what is indexed and to
  /// what is typed, so the two always meet.
  ///
  /// NFKC first: a name stored decomposed (Korean as conjoining jamo, `e` +
  /// U+0301), in halfwidth katakana or with a ligature such as `ﬁ` must be
  /// found by its usual typed form, and FTS5's tokenizer compares code points.
  /// Then letters that are not a base letter plus an accent, so the
  /// tokenizer's diacritic removal leaves them alone, are spelt out: "ode"
  /// finds "Ødegaard". Case and accents are folded by the tokenizer
  /// (`unicode61 remove_diacritics 2`), or by `key` outside the index.
  public static func fold(_ text: String) -> String {
    // ASCII is already in NFKC, holds none of the letters spelt out, and is nearly every name.
    if isASCII(text) { return text }
    // Composed again afterwards: Foundation on Linux leaves a halfwidth
    // dakuten as a combining mark after compatibility mapping (ﾀﾞ → タ + U+3099),
    // and does not compose conjoining Hangul jamo into syllables at all.
    let text = composingHangul(
      text.precomposedStringWithCompatibilityMapping.precomposedStringWithCanonicalMapping)
    // Each of these letters is one scalar with no canonical decomposition, so
    // a text holds one as a Character only if it holds its scalar; most
    // names hold none, and scalars are far cheaper to look at than Characters.
    guard text.unicodeScalars.contains(where: { foldedScalars.contains($0.value) }) else { return text }
    return text.map { foldedLetters[$0] ?? String($0) }.joined()
  }

  /// The words of a name as the index's tokenizer sees them after `fold`:
  /// lower case, accents removed, split at anything that is not a letter or
  /// a digit ("O'Brien" is "o" and "brien", "Zoë" is "zoe", "Łukasz" is "lukasz").
  public static func words(_ text: String) -> [String] {
    wordScalars(text).map { word in
      var scalars = String.UnicodeScalarView()
      scalars.append(contentsOf: word.compactMap(Unicode.Scalar.init))
      return String(scalars)
    }
  }

  /// `words`, each as its Unicode scalar values, which is how matching compares them.
  static func wordScalars(_ text: String) -> [[UInt32]] {
    var words: [[UInt32]] = []
    var word: [UInt32] = []
    func endWord() {
      if !word.isEmpty { words.append(word) }
      word = []
    }
    if isASCII(text) {
      for byte in text.utf8 {
        if isASCIIAlphanumeric(byte) { word.append(UInt32(lowercased(byte))) } else { endWord() }
      }
      endWord()
      return words
    }
    // `fold` and then decomposed, in one step: its compatibility mapping
    // decomposed (so an accent is a mark of its own, dropped here), lower
    // case, and its letters spelt out, which have no decomposition. Left
    // decomposed: a word is only compared with another made the same way.
    for scalar in text.decomposedStringWithCompatibilityMapping.lowercased().unicodeScalars
    where !isAccent(scalar) {
      if let spelt = spelledOut[scalar.value] {
        word += spelt
      } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
        word.append(scalar.value)
      } else {
        endWord()
      }
    }
    endWord()
    return words
  }

  /// The name as one comparable key: its words run together, so "Smith-Jones",
  /// "Smith Jones" and "SMITHJONES" are the same key.
  public static func key(_ text: String) -> String { words(text).joined() }

  static func isASCII(_ text: String) -> Bool { text.utf8.allSatisfy { $0 < 0x80 } }

  private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
    (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
  }

  private static func lowercased(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte + 0x20 : byte }

  /// The combining accents of Latin, Greek and Cyrillic letters (é, ñ, ą, ż,
  /// й). Marks of other scripts are part of the letter: a Japanese voicing
  /// mark makes another syllable, not an accented one.
  private static func isAccent(_ scalar: Unicode.Scalar) -> Bool { (0x300...0x36F).contains(scalar.value) }

  /// Leading consonant, vowel and optional trailing consonant jamo made into
  /// one syllable, as Unicode's canonical composition of Hangul defines it.
  static func composingHangul(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { (0x1100...0x1112).contains($0.value) }) else { return text }
    var out: [Unicode.Scalar] = []
    for scalar in text.unicodeScalars {
      let v = scalar.value
      if let last = out.last?.value, (0x1100...0x1112).contains(last), (0x1161...0x1175).contains(v) {
        out[out.count - 1] = Unicode.Scalar(0xAC00 + (last - 0x1100) * 588 + (v - 0x1161) * 28)!
      } else if let last = out.last?.value, (0xAC00...0xD7A3).contains(last), (last - 0xAC00) % 28 == 0,
        (0x11A8...0x11C2).contains(v)
      {
        out[out.count - 1] = Unicode.Scalar(last + v - 0x11A7)!
      } else {
        out.append(scalar)
      }
    }
    var result = String.UnicodeScalarView()
    result.append(contentsOf: out)
    return String(result)
  }

  private static let foldedScalars = Set(foldedLetters.keys.flatMap { $0.unicodeScalars.map(\.value) })

  /// The letters `fold` spells out, lower case, by scalar: "ø" is "o", "ß" is "ss".
  private static let spelledOut: [UInt32: [UInt32]] = Dictionary(
    uniqueKeysWithValues: foldedLetters.compactMap { letter, spelt in
      guard let scalar = letter.unicodeScalars.first, letter.lowercased() == String(letter) else {
        return nil
      }
      return (scalar.value, spelt.lowercased().unicodeScalars.map(\.value))
    })

  private static let foldedLetters: [Character: String] = [
    "Ø": "O", "ø": "o", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "ß": "ss", "Ł": "L", "ł": "l",
    "Đ": "D", "đ": "d", "Þ": "Th", "þ": "th", "ı": "i",
  ]
}
