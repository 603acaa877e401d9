import Foundation
import Testing

@testable import TerminalUI

@Suite struct TextFieldTests {
  @Test func readlineKeysDeleteAWordAndTheRestOfTheLine() {
    var field = TextField()
    for key in KeyDecoder.decode("Flat 2, 10 Queen St") { field.handle(key) }
    field.handle(.ctrl("w"))
    #expect(field.text == "Flat 2, 10 Queen ")
    field.handle(.ctrl("w"))
    #expect(field.text == "Flat 2, 10 ")
    field.handle(.home)
    field.handle(.ctrl("f"))
    field.handle(.ctrl("f"))
    field.handle(.ctrl("b"))
    field.handle(.ctrl("k"))
    #expect(field.text == "F" && field.cursor == 1)
  }

  @Test func typingAndCursorMovement() {
    var field = TextField()
    for key in KeyDecoder.decode("Zoe") { field.handle(key) }
    #expect(field.text == "Zoe")
    field.handle(.left)
    field.handle(.character("ë"))
    #expect(field.text == "Zoëe")
    field.handle(.delete)
    #expect(field.text == "Zoë")
    field.handle(.home)
    field.handle(.delete)
    #expect(field.text == "oë")
    field.handle(.end)
    field.handle(.backspace)
    #expect(field.text == "o")
    #expect(field.cursor == 1)
    field.handle(.backspace)
    field.handle(.backspace)
    #expect(field.text.isEmpty && field.cursor == 0)
  }

  @Test func graphemesAreSingleSteps() {
    var field = TextField(text: "a👩‍👧王")
    #expect(field.cursor == 3)
    field.backspace()
    field.backspace()
    #expect(field.text == "a")
  }

  /// The report: `Nguyễn` typed in NFD, ← three times, Backspace
  /// saved `Nguŷ̃n`, because each accent was a step of its own.
  @Test func decomposedAccentsTypedOneByOneEditAsOneGrapheme() {
    var field = TextField()
    for scalar in "Nguye\u{302}\u{303}n".unicodeScalars { field.handle(.character(Character(scalar))) }
    #expect(field.characters.count == 6)
    field.handle(.left)
    field.handle(.left)
    field.handle(.left)
    field.handle(.backspace)
    #expect(Array(field.text.unicodeScalars) == Array("Ngye\u{302}\u{303}n".unicodeScalars))
    field.handle(.right)
    field.handle(.delete)
    #expect(field.text == "Ngyn")
  }

  @Test func emojiSequencesTypedOneByOneAreOneStep() {
    var field = TextField()
    for scalar in "x👩\u{200D}👧\u{1F3FD}y".unicodeScalars { field.handle(.character(Character(scalar))) }
    #expect(field.characters.count == 3)
    field.handle(.left)
    field.handle(.backspace)
    #expect(field.text == "xy")
    field.insert("\u{301}")  // a pasted accent joins the letter before the cursor
    #expect(field.characters == ["x\u{301}", "y"])
    #expect(field.cursor == 1)
  }

  /// Sinhala `ශ්‍රී` is two graphemes to Swift, joined by a ZWJ the terminal
  /// glues: drawn apart, the joiner would be shown as an escape.
  @Test func graphemesGluedByAJoinerAreDrawnTogether() {
    let sri = "\u{DC1}\u{DCA}\u{200D}\u{DBB}\u{DD3}"
    let field = TextField(text: "\(sri) x")
    var grid = CellGrid(rows: 1, cols: 10)
    field.render(into: &grid, rect: Rect(row: 0, col: 0, rows: 1, cols: 10), focused: true)
    #expect(Array(grid.row(0)[0].character.unicodeScalars) == Array(sri.unicodeScalars))
    #expect(grid.text() == "\(sri) x")
    #expect(grid.cursor == GridPosition(row: 0, col: 3))
    var wrapped = TextField(text: "\(sri)\n\(sri)", isMultiline: true)
    wrapped.moveLeft()
    var box = CellGrid(rows: 2, cols: 10)
    wrapped.render(into: &box, rect: Rect(row: 0, col: 0, rows: 2, cols: 10), focused: true)
    #expect(box.lines().map { $0.trimmingCharacters(in: .whitespaces) } == [sri, sri])
    #expect(box.cursor == GridPosition(row: 1, col: 1))
  }

  @Test func maxLengthAndRefusedCharacters() {
    var field = TextField(maxLength: 3)
    field.insert("abcdef")
    #expect(field.text == "abc")
    let acceptedWhenFull = field.insert("d" as Character)
    #expect(!acceptedWhenFull)
    var other = TextField()
    let acceptedEscape = other.insert("\u{1B}" as Character)
    #expect(!acceptedEscape)
    other.insert("x\u{1B}[2Jy")
    #expect(other.text == "x[2Jy")
  }

  @Test func singleLineTurnsNewlinesIntoSpacesAndLeavesEnterToTheForm() {
    var field = TextField()
    field.insert("a\nb\tc")
    #expect(field.text == "a b c")
    for key in [Key.enter, .tab, .up, .escape] {
      let used = field.handle(key)
      #expect(!used)
    }
  }

  @Test func longPasteIsQuickAndScrollsToTheCursor() {
    var field = TextField()
    let paste = String(repeating: "abcdefghij", count: 20_000)
    field.insert(paste)
    #expect(field.characters.count == 200_000)
    field.insert("!")
    var grid = CellGrid(rows: 1, cols: 10)
    field.render(into: &grid, rect: grid.bounds, focused: true)
    #expect(grid.lines() == ["cdefghij! "])
    #expect(grid.cursor == GridPosition(row: 0, col: 9))
  }

  @Test func secureFieldRendersBullets() {
    let field = TextField(text: "s3cret", isSecure: true)
    var grid = CellGrid(rows: 1, cols: 8)
    field.render(into: &grid, rect: grid.bounds, focused: true)
    #expect(grid.lines() == ["••••••  "])
    #expect(grid.cursor == GridPosition(row: 0, col: 6))
    #expect(field.text == "s3cret")
  }

  @Test func multilineEditing() {
    var field = TextField(isMultiline: true)
    for key in KeyDecoder.decode("one\rtwo") { field.handle(key) }
    #expect(field.text == "one\ntwo")
    field.handle(.up)
    #expect(field.cursor == 3)
    field.handle(.home)
    field.handle(.character(">"))
    field.handle(.down)
    field.handle(.end)
    field.handle(.character("!"))
    #expect(field.text == ">one\ntwo!")
    field.insert("\r\nthree")
    #expect(field.text == ">one\ntwo!\nthree")
  }

  @Test func multilineRenderWrapsAndFollowsCursor() {
    let field = TextField(text: "abcdefgh\nij", isMultiline: true)
    var grid = CellGrid(rows: 2, cols: 5)
    field.render(into: &grid, rect: grid.bounds, focused: true)
    #expect(grid.lines() == ["fgh  ", "ij   "])
    #expect(grid.cursor == GridPosition(row: 1, col: 2))
  }

  @Test func wideTextRendersByDisplayWidth() {
    var field = TextField(text: "王小明")
    field.handle(.home)
    var grid = CellGrid(rows: 1, cols: 6)
    field.render(into: &grid, rect: grid.bounds, focused: true)
    #expect(grid.lines() == ["王小明"])
    #expect(grid.cursor == GridPosition(row: 0, col: 0))
    field.handle(.end)
    field.render(into: &grid, rect: grid.bounds, focused: true)
    #expect(grid.lines() == ["小明  "])
    #expect(grid.cursor == GridPosition(row: 0, col: 4))
  }
}

@Suite struct TextFieldPasteTests {
  @Test func aOneLineFieldJoinsPastedLinesAndDropsOuterBreaks() {
    var field = TextField(maxLength: 40)
    #expect(field.paste("\nSmith\r\nFlat 2\tA\n\n") == .pasted)
    #expect(field.text == "Smith Flat 2 A")
  }

  @Test("marks pasted after their letter join it, so editing never splits them (Nguyễn in NFD)")
  func pastedMarksJoinTheLetterBefore() {
    var field = TextField(text: "Nguye", maxLength: 40)
    field.paste("\u{302}\u{303}n")
    #expect(Array(field.text).count == 6)
    field.handle(.left)
    field.handle(.left)
    field.handle(.backspace)
    // The letter before the accented one went, whole; the accent stayed on its letter.
    #expect(field.text.precomposedStringWithCanonicalMapping == "Ngu\u{1EC5}n")
  }

  @Test func aMultilineFieldKeepsPastedBreaks() {
    var field = TextField(isMultiline: true)
    field.paste("one\r\ntwo\n")
    #expect(field.text == "one\ntwo\n")
  }

  @Test func aPasteThatDoesNotFitIsRefusedWhole() {
    var field = TextField(text: "abc", maxLength: 5)
    #expect(field.paste("def") == .tooLong(length: 3))
    #expect(field.text == "abc")
    #expect(field.overflowed)
    #expect(field.paste("de") == .pasted)
    #expect(field.text == "abcde")
    #expect(!field.overflowed)
  }
}
