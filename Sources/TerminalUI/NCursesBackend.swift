import CNCurses
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The real terminal, driven through ncursesw.
///
/// This is the only file that imports `CNCurses`. Frames are diffed against
/// the previous one and only changed cells are written with `mvwadd_wch`,
/// followed by one `wnoutrefresh` and one `doupdate`, which avoids flicker.
/// Keys are decoded by ncurses (`keypad`) and mapped to `Key` here.
public final class NCursesBackend: TerminalBackend {
  public enum Failure: Error, CustomStringConvertible {
    case cannotOpenStreams
    case cannotStartTerminal(String)
    /// A terminal that cannot move its cursor (`dumb`, or no TERM at all).
    case unsupportedTerminal(String)

    public var description: String {
      switch self {
      case .cannotOpenStreams: return "cannot open the terminal streams"
      case .cannotStartTerminal(let term):
        return "TERM=\(term) is not a terminal this machine knows; set TERM=xterm-256color (or your "
          + "terminal's name), or use the command line: startwell --help"
      case .unsupportedTerminal(let term):
        return "TERM=\(term.isEmpty ? "(unset)" : term) cannot draw StartWell's screens (it cannot move "
          + "the cursor); run it in a terminal such as xterm-256color, or use the command line: startwell --help"
      }
    }

    /// Terminal names that are known not to draw a full screen.
    static func isUnsupported(_ term: String) -> Bool { term.isEmpty || term == "dumb" || term == "unknown" }
  }

  // C pointers owned by this backend. The class is not Sendable and is only
  // used from the event-loop thread, so these need no further protection.
  private var screen: OpaquePointer?
  private let window: UnsafeMutablePointer<WINDOW>
  private let input: UnsafeMutablePointer<FILE>
  private let output: UnsafeMutablePointer<FILE>

  public private(set) var size: TerminalSize
  public let colorCount: Int
  private let defaultColorsAvailable: Bool
  private var lastFrame: CellGrid?
  private var colorPairs: [ColorKey: Int16] = [:]
  private var cursorVisible: Bool?
  private var isShutDown = false
  private var pasteMarking = false
  private var previousHandlers: [Int32: sighandler_t?] = [:]
  /// A resize that came in the middle of a paste, reported after it.
  private var resizeAfterPaste: InputEvent?
  /// Pauses since a paste began without its end marker. While it is set,
  /// what arrives is more of the paste, never keys: a slow link that pauses
  /// mid-paste must not turn the rest of the clipboard into commands.
  private var openPastePauses: Int?

  private struct ColorKey: Hashable {
    var foreground: TerminalColor
    var background: TerminalColor
  }

  /// Takes over the process's own terminal (standard input and output).
  public convenience init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
    try self.init(inputFD: STDIN_FILENO, outputFD: STDOUT_FILENO, term: nil, environment: environment)
  }

  /// Runs on the terminal behind the given descriptors (which are duplicated,
  /// not taken over), e.g. the slave side of a pseudo-terminal in a test.
  /// `term` overrides `TERM` for this screen only.
  public init(
    inputFD: Int32, outputFD: Int32, term: String? = nil,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws {
    Self.selectUTF8Locale()
    guard let input = Self.stream(duplicating: inputFD, mode: "r") else { throw Failure.cannotOpenStreams }
    guard let output = Self.stream(duplicating: outputFD, mode: "w") else {
      fclose(input)
      throw Failure.cannotOpenStreams
    }
    self.input = input
    self.output = output
    let name = term ?? environment["TERM"] ?? ""
    if Failure.isUnsupported(name) {
      fclose(input)
      fclose(output)
      throw Failure.unsupportedTerminal(name)
    }

    // ncurses only installs its own SIGINT/SIGTERM handlers when they are at
    // their defaults, so ours must be in place before `newterm`.
    SignalRestore.capture(inputFD: inputFD, outputFD: outputFD)
    previousHandlers = Self.installSignalHandlers()

    let screen: OpaquePointer? =
      if let term { term.withCString { newterm($0, output, input) } } else { newterm(nil, output, input) }
    guard let screen else {
      Self.restoreSignalHandlers(previousHandlers)
      fclose(input)
      fclose(output)
      throw Failure.cannotStartTerminal(term ?? environment["TERM"] ?? "")
    }
    self.screen = screen
    set_term(screen)
    window = sw_stdscr()

    // Raw, not cbreak: ^C arrives as a key, so the client can ask before it
    // throws away an unsaved form instead of being killed mid-sentence.
    raw()
    noecho()
    nonl()
    keypad(window, true)
    intrflush(window, false)
    // The default one-second wait after Esc makes Esc feel broken; keep the
    // user's own ESCDELAY if they set one.
    if environment["ESCDELAY"] == nil { set_escdelay(25) }
    Self.defineAlternateKeySequences()
    Self.definePasteMarkers()

    var colors = 0
    var defaults = false
    if has_colors() && start_color() == sw_ok() {
      colors = Int(sw_colors())
      defaults = use_default_colors() == sw_ok()
    }
    colorCount = colors
    defaultColorsAvailable = defaults
    size = TerminalSize(rows: Int(sw_max_y(window)), cols: Int(sw_max_x(window)))
  }

  deinit { shutdown() }

  // MARK: Drawing

  public func draw(_ grid: CellGrid) {
    guard !isShutDown else { return }
    for run in GridDiff.runs(from: lastFrame, to: grid) {
      var col = run.col
      for cell in run.cells {
        defer { col += 1 }
        if cell.isContinuation { continue }  // the wide grapheme already covers it
        write(cell, row: run.row, col: col)
      }
    }
    lastFrame = grid
    placeCursor(grid.cursor)
    wnoutrefresh(window)
    doupdate()
    if !pasteMarking {
      pasteMarking = true
      send(Self.bracketedPasteOn)
    }
  }

  /// Bracketed paste: the terminal marks pasted text, so a pasted line break
  /// is not Enter. It is turned on once ncurses has set the screen up and
  /// written it out (`doupdate` empties ncurses' buffer), and off before
  /// `endwin`, so it never lands in the middle of ncurses' own output.
  static let bracketedPasteOn = "\u{1B}[?2004h"
  static let bracketedPasteOff = "\u{1B}[?2004l"

  private func send(_ sequence: String) {
    fputs(sequence, output)
    fflush(output)
  }

  private func write(_ cell: Cell, row: Int, col: Int) {
    let attributes = attributes(for: cell.style)
    let pair = colorPair(for: cell.style)
    var x = col
    for glyph in Self.glyphs(for: cell) {
      var cchar = cchar_t()
      let base: [wchar_t] = [glyph[0], 0]
      let result = base.withUnsafeBufferPointer { setcchar(&cchar, $0.baseAddress, attributes, pair, nil) }
      if result == sw_ok() {
        Self.store(glyph, in: &cchar)
      } else {
        var fallback: [wchar_t] = [0xFFFD, 0]
        _ = setcchar(&cchar, &fallback, attributes, pair, nil)
      }
      // The bottom-right cell returns ERR because the cursor cannot advance,
      // but it is drawn; nothing to handle.
      _ = mvwadd_wch(window, Int32(row), Int32(x), &cchar)
      x += max(1, Int(sw_wcwidth(glyph[0])))
    }
  }

  /// Puts every code point of `glyph` in the cell. `setcchar` keeps only the
  /// first spacing character, but the terminal must also get what a joiner
  /// glues on (`👩` in `👨‍👩`), which it draws in the same cell; ncurses
  /// writes out whatever the cell holds and measures it by the first.
  private static func store(_ glyph: [wchar_t], in cchar: inout cchar_t) {
    withUnsafeMutableBytes(of: &cchar.chars) { bytes in
      let slots = bytes.bindMemory(to: wchar_t.self)
      for i in slots.indices { slots[i] = i < glyph.count ? glyph[i] : 0 }
    }
  }

  /// What to hand ncurses for a cell: one glyph per terminal cell, each a
  /// spacing character with the zero-width ones that follow it (see
  /// `TerminalGraphemes.cells`), without the terminating NUL.
  ///
  /// `DisplayWidth` measures as the C library's `wcwidth` does, which is what
  /// ncurses uses to place characters. A code point the C library does not
  /// know (newer than its Unicode tables) is drawn as U+FFFD and spaces
  /// instead, so ncurses' idea of the cursor never drifts from ours.
  static func glyphs(for cell: Cell) -> [[wchar_t]] {
    var glyphs: [[wchar_t]] = []
    for scalars in TerminalGraphemes.cells(of: cell.character) {
      let width = DisplayWidth.of(scalars[0])
      guard Int(sw_wcwidth(wchar_t(scalars[0].value))) == width else {
        glyphs.append([0xFFFD])
        glyphs += Array(repeating: [0x20], count: max(0, width - 1))
        continue
      }
      glyphs.append(scalars.prefix(TerminalGraphemes.codePointsPerCell).map { wchar_t($0.value) })
    }
    return glyphs
  }

  private func placeCursor(_ position: GridPosition?) {
    let visible = position != nil
    if cursorVisible != visible {
      curs_set(visible ? 1 : 0)
      cursorVisible = visible
    }
    if let position { wmove(window, Int32(position.row), Int32(position.col)) }
    // ncurses leaves the terminal cursor where stdscr's cursor is after doupdate.
    leaveok(window, !visible)
  }

  private func attributes(for style: Style) -> attr_t {
    var attributes = sw_a_normal()
    if style.bold { attributes |= sw_a_bold() }
    if style.reverse { attributes |= sw_a_reverse() }
    if style.underline { attributes |= sw_a_underline() }
    if style.dim { attributes |= sw_a_dim() }
    return attributes
  }

  /// Colour pairs are created on first use; pair 0 is the terminal default.
  private func colorPair(for style: Style) -> Int16 {
    guard colorCount >= 8, style.hasColor else { return 0 }
    let key = ColorKey(foreground: style.foreground, background: style.background)
    if let pair = colorPairs[key] { return pair }
    let next = colorPairs.count + 1
    guard next < Int(sw_color_pairs()), next <= Int(Int16.max) else { return 0 }
    let fg = curses(style.foreground, isForeground: true)
    let bg = curses(style.background, isForeground: false)
    guard init_pair(Int16(next), fg, bg) == sw_ok() else { return 0 }
    colorPairs[key] = Int16(next)
    return Int16(next)
  }

  private func curses(_ color: TerminalColor, isForeground: Bool) -> Int16 {
    if color != .default { return Int16(color.rawValue) }
    if defaultColorsAvailable { return -1 }
    return isForeground ? Int16(COLOR_WHITE) : Int16(COLOR_BLACK)
  }

  // MARK: Input

  public func nextEvent(timeout: Duration) -> InputEvent? {
    guard !isShutDown else { return nil }
    if let resize = resizeAfterPaste {
      resizeAfterPaste = nil
      return resize
    }
    if openPastePauses != nil { return readPaste() }
    let (seconds, attoseconds) = timeout.components
    let milliseconds = max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    wtimeout(window, Int32(clamping: milliseconds))
    var value: wint_t = 0
    let result = wget_wch(window, &value)
    if result == sw_key_code_yes() {
      if Int32(value) == sw_key_resize() { return handleResize() }
      if Int32(value) == Self.keyPasteStart {
        openPastePauses = 0
        return readPaste()
      }
      return Self.key(fromCursesKeyCode: Int32(value)).map(InputEvent.key)
    }
    if result == sw_ok() {
      return Self.key(fromCharacter: UInt32(value)).map(InputEvent.key)
    }
    return nil
  }

  /// Reads up to the paste end marker. Every character is text, control
  /// characters included (the text box decides what to keep); a sequence
  /// ncurses decoded as a key inside the paste is dropped, never acted on.
  /// A terminal that stops sending for `pasteGap` hands over what came so
  /// far; the paste stays open, and what follows is more of it, until the
  /// end marker, or until `pasteGiveUp` pauses in a row say it never comes.
  private func readPaste() -> InputEvent? {
    var text = String.UnicodeScalarView()
    wtimeout(window, Self.pasteGap)
    while true {
      var value: wint_t = 0
      let result = wget_wch(window, &value)
      if result == sw_ok() {
        if let scalar = Unicode.Scalar(UInt32(value)) { text.append(scalar) }
      } else if result == sw_key_code_yes() {
        let code = Int32(value)
        if code == Self.keyPasteEnd {
          openPastePauses = nil
          break
        }
        if code == KEY_ENTER { text.append("\n") }
        if code == sw_key_resize() { resizeAfterPaste = handleResize() }
      } else {
        let pauses = (openPastePauses ?? 0) + (text.isEmpty ? 1 : 0)
        openPastePauses = pauses >= Self.pasteGiveUp ? nil : (text.isEmpty ? pauses : 0)
        break
      }
    }
    return text.isEmpty ? nil : .paste(String(text))
  }

  /// Milliseconds of silence after which a paste hands over what came so far.
  private static let pasteGap: Int32 = 500
  /// Silent `pasteGap`s in a row after which a paste's end marker is taken
  /// never to come, and keys are keys again.
  private static let pasteGiveUp = 10

  /// Key codes for the paste markers, beyond ncurses' own and the extended
  /// keys it numbers from `KEY_MAX` up.
  private static let keyPasteStart: Int32 = 0x7F00
  private static let keyPasteEnd: Int32 = 0x7F01

  private static func definePasteMarkers() {
    _ = define_key("\u{1B}[200~", keyPasteStart)
    _ = define_key("\u{1B}[201~", keyPasteEnd)
  }

  public func invalidate() {
    lastFrame = nil
    clearok(sw_curscr(), true)
  }

  private func handleResize() -> InputEvent {
    size = TerminalSize(rows: Int(sw_max_y(window)), cols: Int(sw_max_x(window)))
    lastFrame = nil
    clearok(sw_curscr(), true)
    return .resize(rows: size.rows, cols: size.cols)
  }

  /// Maps a `wget_wch` function-key code (result `KEY_CODE_YES`) to a `Key`.
  /// `KEY_RESIZE` is handled separately because it is not a key.
  public static func key(fromCursesKeyCode code: Int32) -> Key? {
    switch code {
    case KEY_UP: return .up
    case KEY_DOWN: return .down
    case KEY_LEFT: return .left
    case KEY_RIGHT: return .right
    case KEY_HOME, KEY_A1: return .home
    case KEY_END, KEY_C1: return .end
    case KEY_PPAGE, KEY_A3: return .pageUp
    case KEY_NPAGE, KEY_C3: return .pageDown
    case KEY_DC: return .delete
    case KEY_BACKSPACE: return .backspace
    case KEY_ENTER: return .enter
    case KEY_BTAB: return .backTab
    case let f where f > sw_key_f0() && f <= sw_key_f0() + 63: return .function(Int(f - sw_key_f0()))
    default: return nil
    }
  }

  /// Maps a character returned by `wget_wch` (result `OK`) to a `Key`.
  public static func key(fromCharacter value: UInt32) -> Key? {
    if value < 0x20 || value == 0x7F { return KeyDecoder.controlKey(UInt8(value)) }
    guard let scalar = Unicode.Scalar(value), !Sanitizer.needsEscape(scalar) else { return nil }
    return .character(Character(scalar))
  }

  /// Terminfo lists one sequence per key (xterm's arrows are `ESC O A` once
  /// keypad mode is on), but terminals, multiplexers and remote sessions often
  /// send the other common form. Teaching ncurses both keeps arrows, Home/End
  /// and paging working everywhere instead of arriving as Esc plus letters.
  private static func defineAlternateKeySequences() {
    let alternates: [(String, Int32)] = [
      ("\u{1B}[A", KEY_UP), ("\u{1B}[B", KEY_DOWN), ("\u{1B}[C", KEY_RIGHT), ("\u{1B}[D", KEY_LEFT),
      ("\u{1B}OA", KEY_UP), ("\u{1B}OB", KEY_DOWN), ("\u{1B}OC", KEY_RIGHT), ("\u{1B}OD", KEY_LEFT),
      ("\u{1B}[H", KEY_HOME), ("\u{1B}OH", KEY_HOME), ("\u{1B}[1~", KEY_HOME), ("\u{1B}[7~", KEY_HOME),
      ("\u{1B}[F", KEY_END), ("\u{1B}OF", KEY_END), ("\u{1B}[4~", KEY_END), ("\u{1B}[8~", KEY_END),
      ("\u{1B}[5~", KEY_PPAGE), ("\u{1B}[6~", KEY_NPAGE), ("\u{1B}[3~", KEY_DC), ("\u{1B}[Z", KEY_BTAB),
    ]
    for (sequence, code) in alternates where key_defined(sequence) == 0 {
      _ = define_key(sequence, code)
    }
  }

  // MARK: Lifecycle

  public func shutdown() {
    guard !isShutDown else { return }
    isShutDown = true
    if pasteMarking { send(Self.bracketedPasteOff) }
    curs_set(1)
    endwin()
    if let screen { delscreen(screen) }
    screen = nil
    fclose(input)
    fclose(output)
    Self.restoreSignalHandlers(previousHandlers)
  }

  /// A stdio stream on a copy of `fd`, so closing it never closes the caller's
  /// descriptor.
  private static func stream(duplicating fd: Int32, mode: String) -> UnsafeMutablePointer<FILE>? {
    let copy = dup(fd)
    guard copy >= 0 else { return nil }
    guard let stream = fdopen(copy, mode) else {
      close(copy)
      return nil
    }
    return stream
  }

  /// ncurses needs a UTF-8 locale to draw wide characters. Use the user's
  /// locale, falling back to C.UTF-8 when the environment names none (as in
  /// CI or a bare container).
  private static func selectUTF8Locale() {
    setlocale(LC_ALL, "")
    if let codeset = nl_langinfo(nl_item(CODESET)), String(cString: codeset) != "UTF-8" {
      setlocale(LC_CTYPE, "C.UTF-8")
    }
  }

  private static func installSignalHandlers() -> [Int32: sighandler_t?] {
    var previous: [Int32: sighandler_t?] = [:]
    for signalNumber in [SIGINT, SIGTERM] {
      previous[signalNumber] = signal(signalNumber, restoreTerminalAndReraise)
    }
    return previous
  }

  private static func restoreSignalHandlers(_ handlers: [Int32: sighandler_t?]) {
    for (signalNumber, handler) in handlers { signal(signalNumber, handler) }
  }
}

/// On SIGINT/SIGTERM, give the user their terminal back before dying, then
/// die of the same signal so the exit status is what the shell expects.
///
/// Only async-signal-safe calls are allowed here, so it does not call
/// `endwin()` (which can spin when the terminal is gone): it restores the
/// saved terminal modes with `tcsetattr` and writes a fixed reset sequence.
private func restoreTerminalAndReraise(_ signalNumber: Int32) {
  SignalRestore.restore()
  signal(signalNumber, SIG_DFL)
  raise(signalNumber)
}

/// The terminal state to put back from a signal handler, captured before ncurses changes it.
private enum SignalRestore {
  nonisolated(unsafe) static var saved = termios()
  nonisolated(unsafe) static var inputFD: Int32 = -1
  nonisolated(unsafe) static var outputFD: Int32 = -1
  nonisolated(unsafe) static var haveSaved = false

  static func capture(inputFD: Int32, outputFD: Int32) {
    Self.inputFD = inputFD
    Self.outputFD = outputFD
    haveSaved = tcgetattr(inputFD, &saved) == 0
  }

  static func restore() {
    if haveSaved { _ = tcsetattr(inputFD, TCSANOW, &saved) }
    // Stop marking pastes, leave the alternate screen, show the cursor, reset attributes, new line.
    let reset: [UInt8] = Array("\u{1B}[?2004l\u{1B}[?1049l\u{1B}[?25h\u{1B}[0m\r\n".utf8)
    _ = reset.withUnsafeBytes { write(outputFD, $0.baseAddress, $0.count) }
  }
}
