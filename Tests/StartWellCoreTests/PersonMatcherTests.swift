import StartWellCore
import Testing

@Suite("Person matcher")
struct PersonMatcherTests {
  static let nhs = "9434765919"
  static let otherNHS = "4010232137"

  static func day(_ text: String) -> LocalDate { LocalDate(text)! }

  /// Olivia Smith-Jones, born 2024-03-07, at LS6 2AB: the person the store holds.
  static let olivia = ReceivedPerson(
    givenName: "Olivia", familyName: "Smith-Jones", dateOfBirth: day("2024-03-07"), nhsNumber: nhs,
    postcode: "LS6 2AB", address: "12 Cardigan Road")

  func score(_ received: ReceivedPerson, _ known: ReceivedPerson = olivia) -> MatchScore {
    PersonMatcher.score(received, against: known)
  }

  @Test("the same NHS number is strong whatever the name says")
  func nhsNumberOutweighsName() {
    let misspelt = ReceivedPerson(givenName: "Olivai", familyName: "Smyth-Jones", nhsNumber: "943 476 5919")
    let renamed = ReceivedPerson(givenName: "Kirsty", familyName: "Ward", nhsNumber: Self.nhs)
    for received in [misspelt, renamed] {
      let result = score(received)
      #expect(result.strength == .strong, "\(received.givenName) \(received.familyName)")
      #expect(result.fields.first == .nhsNumber)
      #expect(result.score >= MatchStrength.strong.threshold)
    }
    #expect(score(misspelt).fields.contains(.nameSimilar))
  }

  @Test("two valid NHS numbers that differ leave at most a possible match")
  func conflictingNHSNumbers() {
    var received = Self.olivia
    received.nhsNumber = Self.otherNHS
    let result = score(received)
    #expect(result.strength == .possible)
    #expect(!result.fields.contains(.nhsNumber))
  }

  @Test("a date of birth with day and month swapped is likely; with the postcode, strong")
  func swappedDateOfBirth() {
    let received = ReceivedPerson(
      givenName: "Olivia", familyName: "Smith-Jones", dateOfBirth: Self.day("2024-07-03"))
    #expect(score(received).strength == .likely)
    #expect(score(received).fields == [.dateOfBirthSwapped, .name])
    var withPostcode = received
    withPostcode.postcode = "ls62ab"
    #expect(score(withPostcode).strength == .strong)
    // Another day altogether is no evidence.
    let otherDay = ReceivedPerson(
      givenName: "Olivia", familyName: "Smith-Jones", dateOfBirth: Self.day("2024-07-04"))
    #expect(score(otherDay).strength == .weak)
  }

  @Test("a double-barrelled surname given as one of its parts is likely", arguments: ["Smith", "Jones"])
  func oneSurnamePart(part: String) {
    let received = ReceivedPerson(givenName: "Olivia", familyName: part, dateOfBirth: Self.day("2024-03-07"))
    let result = score(received)
    #expect(result.strength >= .likely)
    #expect(result.fields.contains(.surnamePart))
    // Without the hyphen, or run together, it is the same surname.
    for written in ["Smith Jones", "SMITHJONES"] {
      var whole = received
      whole.familyName = written
      #expect(score(whole).fields.contains(.name), "\(written)")
    }
  }

  @Test("given and family names swapped are likely")
  func swappedNames() {
    let received = ReceivedPerson(
      givenName: "Smith-Jones", familyName: "Olivia", dateOfBirth: Self.day("2024-03-07"))
    let result = score(received)
    #expect(result.strength >= .likely)
    #expect(result.fields == [.dateOfBirth, .nameSwapped])
  }

  @Test(
    "a name with an accent typed without it is the same name",
    arguments: [("Zoë", "Mills"), ("Łukasz", "Nowak"), ("Siobhán", "Ní Bhriain"), ("Renée", "Straße")])
  func accentsDropped(given: String, family: String) {
    let known = ReceivedPerson(
      givenName: given, familyName: family, dateOfBirth: Self.day("2023-11-20"), postcode: "BD7 1AA")
    let typed = ReceivedPerson(
      givenName: plain(given), familyName: plain(family).uppercased(), dateOfBirth: Self.day("2023-11-20"))
    let result = score(typed, known)
    #expect(result.strength >= .likely)
    #expect(result.fields.contains(.name))
  }

  /// What a keyboard without accents makes of a name.
  func plain(_ name: String) -> String {
    let letters: [Character: String] = [
      "ë": "e", "é": "e", "á": "a", "Ł": "L", "ß": "ss", "í": "i",
    ]
    return name.map { letters[$0] ?? String($0) }.joined()
  }

  @Test("a misspelt name is similar, never strong without the NHS number")
  func misspeltName() {
    let received = ReceivedPerson(
      givenName: "Oliiva", familyName: "Smith-Jnoes", dateOfBirth: Self.day("2024-03-07"), postcode: "LS6 2AB"
    )
    let result = score(received)
    #expect(result.fields.contains(.nameSimilar))
    #expect(result.strength == .likely)
  }

  @Test("short names a letter apart are different names")
  func shortNames() {
    let tom = ReceivedPerson(givenName: "Tom", familyName: "Hall", dateOfBirth: Self.day("2022-05-01"))
    var tim = tom
    tim.givenName = "Tim"
    #expect(!score(tom, tim).fields.contains(.nameSimilar))
    #expect(score(tom, tim).strength < .possible)
  }

  @Test("two children with the same name and birthday at different postcodes are not strong")
  func sameNameSameBirthday() {
    let first = ReceivedPerson(
      givenName: "Jack", familyName: "Smith", dateOfBirth: Self.day("2023-02-14"), postcode: "LS6 2AB")
    for postcode in ["BD7 1AA", "LS6 2XY", nil] {
      var second = first
      second.postcode = postcode
      let result = score(second, first)
      #expect(result.strength == .likely, "\(postcode ?? "no postcode")")
    }
    #expect(score(first, first).strength == .strong)
  }

  @Test("twins whose names are a letter apart are never told apart by name alone")
  func twinsOneLetterApart() {
    let amelia = ReceivedPerson(
      givenName: "Amelia", familyName: "Smith", dateOfBirth: Self.day("2023-02-14"), postcode: "LS6 2AB")
    var amelie = amelia
    amelie.givenName = "Amelie"
    let scores = [score(amelia, amelia), score(amelia, amelie)]
    #expect(scores.map(\.strength) == [.strong, .likely])
    #expect(PersonMatcher.decide(scores) == .ambiguous)
  }

  @Test("a different person is weak")
  func differentPerson() {
    let received = ReceivedPerson(
      givenName: "Piotr", familyName: "Kowalski", dateOfBirth: Self.day("1990-01-02"),
      nhsNumber: Self.otherNHS,
      postcode: "HD1 3QQ")
    let result = score(received)
    #expect(result.strength == .weak)
    #expect(result.fields.isEmpty)
    #expect(result.score == 0)
  }

  static func at(_ strength: MatchStrength) -> MatchScore {
    MatchScore(score: strength.threshold + 1, fields: [])
  }

  @Test(
    "decide: matched only when the best is strong and no other likely",
    arguments: [
      ([], MatchDecision.unmatched),
      ([at(.weak)], .unmatched),
      ([at(.weak), at(.weak)], .unmatched),
      ([at(.possible)], .ambiguous),
      ([at(.likely)], .ambiguous),
      ([at(.weak), at(.likely)], .ambiguous),
      ([at(.likely), at(.likely)], .ambiguous),
      ([at(.strong)], .matched(index: 0)),
      ([at(.weak), at(.strong), at(.possible)], .matched(index: 1)),
      ([at(.strong), at(.likely)], .ambiguous),
      ([at(.strong), at(.strong)], .ambiguous),
    ] as [([MatchScore], MatchDecision)])
  func decide(scores: [MatchScore], expected: MatchDecision) {
    #expect(PersonMatcher.decide(scores) == expected)
  }

  @Test("strength bands follow the one set of thresholds")
  func bands() {
    #expect(MatchStrength(score: 0) == .weak)
    #expect(MatchStrength(score: MatchStrength.possible.threshold - 1) == .weak)
    #expect(MatchStrength(score: MatchStrength.possible.threshold) == .possible)
    #expect(MatchStrength(score: MatchStrength.strong.threshold) == .strong)
    #expect(MatchStrength(score: 100) == .strong)
    #expect(MatchStrength.weak < .possible && .possible < .likely && .likely < .strong)
  }

  @Test("names fold for case, accents and the letters search spells out")
  func folding() {
    #expect(NameFold.key("Zoë") == NameFold.key("ZOE"))
    #expect(NameFold.key("Łukasz") == "lukasz")
    #expect(NameFold.key("Straße") == "strasse")
    #expect(NameFold.key("Ødegaard") == "odegaard")
    #expect(NameFold.words("O'Brien-Ní Bhriain") == ["o", "brien", "ni", "bhriain"])
    #expect(NameFold.key("Smith-Jones") == NameFold.key("smith jones"))
  }

  @Test(
    "a name's words are the same before and after the search's fold",
    arguments: [
      "Zoë", "Zoe\u{308}", "ŁUKASZ", "Straße", "Ødegaard", "Æthelred", "Þóra", "ﬁona", "ﾀﾞｲｷ", "ダイキ",
      "\u{1112}\u{1161}\u{11AB}", "한", "Коваленко", "Παπαδόπουλος", "خليل", "王", "O'Brien-Ní Bhriain",
      "Dąbrowski",
    ])
  func foldAgrees(name: String) {
    #expect(NameFold.words(name) == NameFold.words(NameFold.fold(name)))
    #expect(!NameFold.key(name).isEmpty)
  }

  @Test("compatibility forms and decomposed letters make the same key")
  func compatibilityForms() {
    #expect(NameFold.key("ﬁona") == "fiona")
    #expect(NameFold.key("ﾀﾞｲｷ") == NameFold.key("ダイキ"))
    #expect(NameFold.key("\u{1112}\u{1161}\u{11AB}") == NameFold.key("한"))
    #expect(NameFold.key("Dąbrowski") == "dabrowski")
    #expect(NameFold.key("ı") == "i")
  }
}
