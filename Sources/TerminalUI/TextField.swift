/// Editing state for a one-line input, a password box or a multi-line note.
///
/// Text is kept as an array of graphemes so cursor moves, inserts and deletes
/// work on whole characters (an emoji or an accented letter is one step), and a
/// long paste is a single array insert rather than one edit per character.
public struct TextField: Sendable, Hashable {
  public private(set) var characters: [Character]
  /// Cursor position as an index into `characters` (0...count).
  public private(set) var cursor: Int
  /// Maximum number of characters; nil for no limit.
  public var maxLength: Int?
  /// Something typed or pasted did not fit in `maxLength` and was not added:
  /// the form says so rather than cutting text in silence. The next edit clears it.
  public var overflowed = false
  /// Renders every character as a bullet.
  public var isSecure: Bool
  /// Enter inserts a newline and Up/Down move between lines.
  public var isMultiline: Bool

  public init(text: String = "", maxLength: Int? = nil, isSecure: Bool = false, isMultiline: Bool = false) {
    self.characters = []
    self.cursor = 0
    self.maxLength = maxLength
    self.isSecure = isSecure
    self.isMultiline = isMultiline
    insert(text)
  }

  public var text: String { String(characters) }
  public var isEmpty: Bool { characters.isEmpty }

  /// Replaces the whole text and puts the cursor at the end.
  public mutating func setText(_ text: String) {
    characters.removeAll(keepingCapacity: true)
    cursor = 0
    insert(text)
  }

  /// Inserts one typed character; returns false if it was refused (a control
  /// character, a newline in a one-line field, or the field is full).
  @discardableResult
  public mutating func insert(_ character: Character) -> Bool {
    guard let accepted = accept(character) else { return false }
    let joinsPrevious = cursor > 0 && (String(characters[cursor - 1]) + String(accepted)).count == 1
    guard joinsPrevious || hasRoom(for: 1) else {
      overflowed = true
      return false
    }
    characters.insert(accepted, at: cursor)
    cursor += 1
    rejoin(at: cursor)
    rejoin(at: cursor - 1)
    return true
  }

  /// Makes one grapheme of the two either side of `index` when together they
  /// are one, as when an accent typed in decomposed form (NFD) follows its
  /// letter; otherwise the cursor could stop between them and an edit would
  /// move the accent onto another letter.
  private mutating func rejoin(at index: Int) {
    guard index > 0, index < characters.count else { return }
    let joined = String(characters[index - 1]) + String(characters[index])
    guard joined.count == 1, let grapheme = joined.first else { return }
    characters[index - 1] = grapheme
    characters.remove(at: index)
    if cursor > index { cursor -= 1 }
  }

  /// Inserts text such as a paste, dropping control characters, turning line
  /// breaks into spaces in a one-line field and stopping at `maxLength`.
  public mutating func insert(_ text: String) {
    var accepted = text.compactMap(accept)
    if let maxLength, accepted.count > maxLength - characters.count {
      overflowed = true
      accepted = Array(accepted.prefix(max(0, maxLength - characters.count)))
    }
    let start = cursor
    characters.insert(contentsOf: accepted, at: cursor)
    cursor += accepted.count
    rejoin(at: cursor)
    rejoin(at: start)
  }

  public enum PasteOutcome: Sendable, Hashable {
    case pasted
    /// Refused whole: `length` characters would not fit in the room left.
    case tooLong(length: Int)
  }

  /// Puts pasted text in at the cursor, whole or not at all. Text that does not
  /// fit is refused (and `overflowed` set) rather than cut, because a cut
  /// address or note looks complete when it is not. A one-line field drops the
  /// line breaks around the text and joins its lines with spaces, as the text
  /// copied from a letter or an email is one address or name.
  @discardableResult
  public mutating func paste(_ text: String) -> PasteOutcome {
    let accepted = (isMultiline ? Substring(text) : Self.withoutOuterLineBreaks(text)).compactMap(accept)
    guard hasRoom(for: accepted.count) else {
      overflowed = true
      return .tooLong(length: accepted.count)
    }
    overflowed = false
    let start = cursor
    characters.insert(contentsOf: accepted, at: cursor)
    cursor += accepted.count
    // A paste that starts with a combining mark belongs to the letter before
    // it, as a typed one does; otherwise editing would split the two.
    rejoin(at: cursor)
    rejoin(at: start)
    return .pasted
  }

  /// `text` without the line breaks before and after it.
  private static func withoutOuterLineBreaks(_ text: String) -> Substring {
    guard let first = text.firstIndex(where: { !$0.isNewline }),
      let last = text.lastIndex(where: { !$0.isNewline })
    else { return "" }
    return text[first...last]
  }

  public mutating func backspace() {
    guard cursor > 0 else { return }
    cursor -= 1
    characters.remove(at: cursor)
  }

  public mutating func deleteForward() {
    guard cursor < characters.count else { return }
    characters.remove(at: cursor)
  }

  /// Removes everything before the cursor on its line (Ctrl-U).
  public mutating func deleteToLineStart() {
    let start = lineStart(cursor)
    characters.removeSubrange(start..<cursor)
    cursor = start
  }

  /// ^K: from the cursor to the end of the line.
  public mutating func deleteToLineEnd() {
    let end = lineEnd(cursor)
    characters.removeSubrange(cursor..<end)
  }

  /// ^W: the word before the cursor, and the spaces after it.
  public mutating func deleteWordBackward() {
    var start = cursor
    while start > lineStart(cursor), characters[start - 1].isWhitespace { start -= 1 }
    while start > lineStart(cursor), !characters[start - 1].isWhitespace { start -= 1 }
    characters.removeSubrange(start..<cursor)
    cursor = start
  }

  public mutating func moveLeft() { cursor = max(0, cursor - 1) }
  public mutating func moveRight() { cursor = min(characters.count, cursor + 1) }
  /// To the start of the line (of the text, for a one-line field).
  public mutating func moveHome() { cursor = lineStart(cursor) }
  public mutating func moveEnd() { cursor = lineEnd(cursor) }

  /// Moves to the same column on the previous line, if any.
  public mutating func moveUp() {
    let start = lineStart(cursor)
    guard start > 0 else { return }
    let column = cursor - start
    let previousStart = lineStart(start - 1)
    cursor = min(previousStart + column, start - 1)
  }

  /// Moves to the same column on the next line, if any.
  public mutating func moveDown() {
    let end = lineEnd(cursor)
    guard end < characters.count else { return }
    let column = cursor - lineStart(cursor)
    let nextStart = end + 1
    cursor = min(nextStart + column, lineEnd(nextStart))
  }

  /// Applies an editing key; returns false for keys a form should handle
  /// (Tab, Esc, Enter in a one-line field, Up/Down in a one-line field).
  @discardableResult
  public mutating func handle(_ key: Key) -> Bool {
    overflowed = false
    switch key {
    case .character(let c): insert(c)
    case .backspace: backspace()
    case .delete: deleteForward()
    case .left: moveLeft()
    case .right: moveRight()
    case .home, .ctrl("a"): moveHome()
    case .end, .ctrl("e"): moveEnd()
    case .ctrl("u"): deleteToLineStart()
    case .ctrl("k"): deleteToLineEnd()
    case .ctrl("w"): deleteWordBackward()
    case .ctrl("b"): moveLeft()
    case .ctrl("f"): moveRight()
    case .enter where isMultiline: insert("\n" as Character)
    case .up where isMultiline: moveUp()
    case .down where isMultiline: moveDown()
    default: return false
    }
    return true
  }

  private func accept(_ character: Character) -> Character? {
    if character == "\n" || character == "\r\n" || character == "\r" {
      return isMultiline ? "\n" : " "
    }
    if character == "\t" { return " " }
    if character.unicodeScalars.contains(where: Sanitizer.needsEscape) { return nil }
    return character
  }

  private func hasRoom(for count: Int) -> Bool {
    guard let maxLength else { return true }
    return characters.count + count <= maxLength
  }

  private func lineStart(_ index: Int) -> Int {
    guard isMultiline else { return 0 }
    var i = index
    while i > 0, characters[i - 1] != "\n" { i -= 1 }
    return i
  }

  private func lineEnd(_ index: Int) -> Int {
    guard isMultiline else { return characters.count }
    var i = index
    while i < characters.count, characters[i] != "\n" { i += 1 }
    return i
  }
}
