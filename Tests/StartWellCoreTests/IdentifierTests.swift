import StartWellCore
import Testing

@Suite("NHS number")
struct NHSNumberTests {
  @Test(
    "valid numbers normalise to ten digits",
    arguments: [
      ("9434765919", "9434765919"),
      ("943 476 5919", "9434765919"),
      ("943-476-5919", "9434765919"),
      ("4010232137", "4010232137"),
      ("2000000010", "2000000010"),  // remainder 0 gives check digit 0
    ])
  func valid(input: String, expected: String) {
    #expect(NHSNumber.normalise(input) == expected)
  }

  @Test(
    "invalid numbers are refused",
    arguments: [
      "9434765918",  // wrong check digit
      "9434765910",
      "4010232138",
      "2000000011",
      "943476591",  // nine digits
      "94347659190",  // eleven digits
      "94347659l9",  // a letter
      "943476591X",
      "",
      "          ",
      "943.476.5919",
      "٩٤٣٤٧٦٥٩١٩",  // non-ASCII digits
    ])
  func invalid(input: String) {
    #expect(NHSNumber.normalise(input) == nil)
  }

  @Test("no ten-digit number is valid when the check digit would be 10", arguments: 0...9)
  func checkDigitTen(last: Int) {
    // 1×10 + 1×2 = 12, remainder 1, so the check digit would be 10.
    #expect(NHSNumber.normalise("100000001\(last)") == nil)
  }

  @Test("withCheckDigit appends the mod-11 digit")
  func withCheckDigit() {
    #expect(NHSNumber.withCheckDigit("943476591") == "9434765919")
    #expect(NHSNumber.withCheckDigit("401023213") == "4010232137")
    #expect(NHSNumber.withCheckDigit("200000001") == "2000000010")
    #expect(NHSNumber.withCheckDigit("100000001") == nil)
    #expect(NHSNumber.withCheckDigit("12345678") == nil)
    #expect(NHSNumber.withCheckDigit("1234567890") == nil)
    #expect(NHSNumber.withCheckDigit("") == nil)
  }

  @Test("every number made by withCheckDigit validates, and changing its last digit breaks it")
  func withCheckDigitAgreesWithNormalise() {
    var rng = SplitMix64(seed: 7)
    var made = 0
    for _ in 0..<300 {
      let nine = String((0..<9).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })
      guard let full = NHSNumber.withCheckDigit(nine) else { continue }
      made += 1
      #expect(full.count == 10)
      #expect(NHSNumber.normalise(full) == full)
      let last = full.last!.wholeNumberValue!
      let altered = nine + String((last + 1) % 10)
      #expect(NHSNumber.normalise(altered) == nil, "\(altered)")
    }
    #expect(made > 200)
  }

  @Test("withCheckDigit refuses input that is not nine plain digits")
  func withCheckDigitRejectsNonDigits() {
    #expect(NHSNumber.withCheckDigit("94347659x1") == nil)
    #expect(NHSNumber.withCheckDigit("943 476 591") == nil)
  }
}

@Suite("Postcode")
struct PostcodeTests {
  @Test(
    "valid UK postcode shapes normalise",
    arguments: [
      ("LS6 2AB", "LS6 2AB"),
      ("ls62ab", "LS6 2AB"),
      ("  ls6   2ab ", "LS6 2AB"),
      ("SW1A 1AA", "SW1A 1AA"),
      ("sw1a1aa", "SW1A 1AA"),
      ("M1 1AE", "M1 1AE"),
      ("B33 8TH", "B33 8TH"),
      ("CR2 6XH", "CR2 6XH"),
      ("DN55 1PT", "DN55 1PT"),
      ("EC1A 1BB", "EC1A 1BB"),
      ("W1A 0AX", "W1A 0AX"),
    ])
  func valid(input: String, expected: String) {
    #expect(Postcode.normalise(input) == expected)
  }

  @Test(
    "non-postcodes are refused",
    arguments: [
      "12345", "LS6", "LS6 2A", "ABCDEFG", "", "   ", "LS6 2ABC", "LS66A 2AB", "6LS 2AB", "LS6 AAB",
      "LS6 22B", "LS6-2AB", "LS6\t2AB", "ＬＳ6 2AB", "SW1A1AAA",
    ])
  func invalid(input: String) {
    #expect(Postcode.normalise(input) == nil)
  }
}

@Suite("ReferenceCode")
struct ReferenceCodeTests {
  @Test("make gives prefix, dash and eight Crockford characters")
  func make() {
    var rng = SplitMix64(seed: 1)
    var seen = Set<String>()
    for _ in 0..<200 {
      let code = ReferenceCode.make(prefix: "F", using: &rng)
      #expect(code.hasPrefix("F-"))
      #expect(code.count == 10)
      let body = code.dropFirst(2)
      #expect(body.allSatisfy { ReferenceCode.alphabet.contains($0) }, "\(code)")
      #expect(!body.contains { "ILOU".contains($0) }, "\(code)")
      #expect(ReferenceCode.normalise(code) == code)
      seen.insert(code)
    }
    #expect(seen.count == 200)
  }

  @Test("the alphabet is Crockford base-32")
  func alphabet() {
    #expect(ReferenceCode.alphabet.count == 32)
    #expect(Set(ReferenceCode.alphabet).count == 32)
    #expect(String(ReferenceCode.alphabet) == "0123456789ABCDEFGHJKMNPQRSTVWXYZ")
  }

  @Test(
    "normalise upper-cases and maps look-alikes in the body",
    arguments: [
      ("f-7k3q9xa2", "F-7K3Q9XA2"),
      ("F-7K3Q9XA2", "F-7K3Q9XA2"),
      ("f-o1il0000", "F-0111" + "0000"),
      ("F-OOOO", "F-0000"),
      ("  f-abc  ", "F-ABC"),
      ("f-LiL", "F-111"),
    ])
  func normalise(input: String, expected: String) {
    #expect(ReferenceCode.normalise(input) == expected)
  }

  @Test("the prefix is left alone, only the body is mapped")
  func prefixUntouched() {
    #expect(ReferenceCode.normalise("lo-oil") == "LO-011")
  }
}

@Suite("Text rules")
struct TextRulesTests {
  @Test(
    "control and bidi characters are found and shown visibly",
    arguments: [
      ("a\u{1B}[31m", "\\u{1B}"),
      ("bell\u{07}", "\\u{7}"),
      ("del\u{7F}", "\\u{7F}"),
      ("c1\u{85}", "\\u{85}"),
      ("rtl\u{202E}gnp.exe", "\\u{202E}"),
      ("iso\u{2066}x", "\\u{2066}"),
      ("nul\u{0}", "\\u{0}"),
    ])
  func found(text: String, shown: String) {
    #expect(TextRules.firstControlCharacter(in: text, allowNewlines: true) == shown)
    #expect(TextRules.firstControlCharacter(in: text, allowNewlines: false) == shown)
  }

  @Test("newlines and tabs are allowed only in multi-line text")
  func newlines() {
    #expect(TextRules.firstControlCharacter(in: "one\ntwo\tthree", allowNewlines: true) == nil)
    #expect(TextRules.firstControlCharacter(in: "one\ntwo", allowNewlines: false) == "\\u{A}")
    #expect(TextRules.firstControlCharacter(in: "one\ttwo", allowNewlines: false) == "\\u{9}")
    #expect(TextRules.firstControlCharacter(in: "cr\r", allowNewlines: true) == "\\u{D}")
    #expect(TextRules.firstControlCharacter(in: "Zoë Ní Bhriain — 😀", allowNewlines: false) == nil)
  }
}
