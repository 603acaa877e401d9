import Foundation
import StartWellCore
import StartWellStore
import TerminalUI
import Testing

@testable import StartWellApp

/// Hostile text, wide characters, colour themes, terminal sizes and the key table.
@Suite struct SafetyTests {
  /// The column where `text` starts on some row of `grid`, by walking cells so wide characters count as two.
  static func column(of text: String, in grid: CellGrid) -> Int? {
    for r in 0..<grid.rows {
      let cells = Array(grid.row(r))
      for start in cells.indices {
        var s = ""
        var c = start
        while c < cells.count && s.count < text.count {
          if !cells[c].isContinuation { s.append(cells[c].character) }
          c += 1
        }
        if s == text && !cells[start].isContinuation { return start }
      }
    }
    return nil
  }

  static func noControlCharacters(_ grid: CellGrid) -> Bool {
    for r in 0..<grid.rows {
      for cell in grid.row(r)
      where cell.character.unicodeScalars.contains(where: {
        $0.value < 0x20 || (0x7F...0x9F).contains($0.value)
      }) {
        return false
      }
    }
    return true
  }

  @Test func escapeSequencesInStoreTextAreShownVisibly() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.press(.character("F"))
    #expect(contains(h.screen, "Evil\\e[2J"))
    #expect(Self.noControlCharacters(h.grid))
    h.openFamily(searching: "evil")
    #expect(contains(h.screen, "F-0000002B  Evil\\e[2J"))
    // The escapes count in the column's width, so the name is cut with an
    // ellipsis rather than pushing the Role column to the right.
    #expect(contains(h.screen, "Mallory\\e]0;pwned\\x07 E… mother"))
    #expect(contains(h.screen, "1 \\e[31mRed\\e[0m Street"))
    #expect(Self.noControlCharacters(h.grid))
    h.press(.character("2"), .enter)
    #expect(contains(h.screen, "line one\\e[H\\u{9b}31m"))
    #expect(Self.noControlCharacters(h.grid))
    // Drawn through the test backend, the screen is exactly the grid: nothing leaked.
    let backend = TestBackend(rows: 24, cols: 80)
    backend.draw(h.grid)
    #expect(backend.lines() == h.grid.lines())
  }

  @Test(arguments: [80, 120])
  func wideCharactersKeepColumnsAligned(cols: Int) throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner, size: TerminalSize(rows: 40, cols: cols))
    h.press(.character("F"))
    let grid = h.grid
    let plain = try #require(Self.column(of: "LS6 1AA", in: grid))  // Jones
    #expect(Self.column(of: "LS8 4EF", in: grid) == plain)  // Nguyễn / 王
    #expect(Self.column(of: "LS9 5GH", in: grid) == plain)  // Okonkwo 🌟
    #expect(Self.column(of: "LS7 3CD", in: grid) == plain)  // Evil\e[2J
    // The columns after the name line up too.
    let level = try #require(Self.column(of: "Early help", in: grid))
    #expect(Self.column(of: "Targeted", in: grid) == level)
    #expect(level > plain)
  }

  @Test func cjkNamesInTheMembersTableLineUp() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Nguyen")
    let grid = h.grid
    let mother = try #require(Self.column(of: "mother", in: grid))
    #expect(Self.column(of: "child", in: grid) == mother)
  }

  @Test func noColorChoosesTheMonochromeTheme() throws {
    let fx = try Fixture()
    let env = AppEnvironment(store: fx.store, user: fx.practitioner, variables: ["NO_COLOR": "1"])
    let client = StartWellClient(backend: TestBackend(colorCount: 256), environment: env)
    #expect(client.state.theme.isMonochrome)
    let coloured = StartWellClient(
      backend: TestBackend(colorCount: 256),
      environment: AppEnvironment(store: fx.store, user: fx.practitioner, variables: [:]))
    #expect(!coloured.state.theme.isMonochrome)
    let eight = StartWellClient(
      backend: TestBackend(colorCount: 8),
      environment: AppEnvironment(store: fx.store, user: fx.practitioner, variables: [:]))
    #expect(!eight.state.theme.isMonochrome)
    // A monochrome screen uses no colour at all, and stays readable: the same text.
    let h = Harness(store: fx.store, user: fx.practitioner, theme: .monochrome)
    h.press(.character("F"))
    let grid = h.grid
    for r in 0..<grid.rows { for cell in grid.row(r) { #expect(!cell.style.hasColor) } }
    let colour = Harness(store: fx.store, user: fx.practitioner, theme: .colour)
    colour.press(.character("F"))
    #expect(colour.screen == h.screen)
  }

  @Test func tooSmallThenResizeBack() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.press(.character("F"))
    h.resize(cols: 79, rows: 24)
    #expect(contains(h.screen, "Terminal too small: need 80×24, have 79×24"))
    h.resize(cols: 120, rows: 40)
    #expect(contains(h.screen, "Search:"))
    #expect(h.grid.cols == 120)
  }

  @Test func aVeryLongPasteIsCappedAndDrawnInOneLine() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Jones")
    h.press(.character("c"), .tab, .tab, .tab)
    h.type(String(repeating: "abc ", count: 2_000))
    #expect(h.state.form?.text("summary").count == Limits.summary)
    let screen = h.screen
    #expect(screen.split(separator: "\n", omittingEmptySubsequences: false).count == 24)
    #expect(contains(screen, "abc abc"))
  }

  @Test func paletteMatchesFuzzily() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.openFamily(searching: "Jones")
    let items = Palette.items(h.state)
    #expect(Palette.matches("lgcn", in: items).first?.action == .logContact)
    #expect(Palette.matches("esc", in: items).first?.action == .escalate)
    #expect(Palette.matches("zzzz", in: items).isEmpty)
    // Running an action from the palette is the same as its key.
    h.press(.character(":"))
    h.type("log con")
    h.press(.enter)
    #expect(h.state.route == .form)
    #expect(h.state.form?.title.hasPrefix("Log a contact") == true)
  }

  @Test func helpAndHintsComeFromTheKeyTable() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner, size: TerminalSize(rows: 40, cols: 120))
    h.openFamily(searching: "Jones")
    h.press(.character("2"))
    for hint in KeyMap.standard.hints(in: h.state.keyContexts).prefix(3) {
      #expect(contains(h.screen, "\(hint.key) \(hint.label)"))
    }
    h.press(.character("?"))
    for binding in KeyMap.standard.bindings(in: h.state.keyContexts) {
      // What the role cannot use is left out.
      #expect(h.screen.contains(binding.action.summary) == h.state.offers(binding), "\(binding.action)")
    }
    // Rebinding in the table changes what the key does.
    var keys = KeyMap.standard
    keys.bindings.insert(KeyBinding([.character("z")], .family, .logContact), at: 0)
    h.press(.escape)
    h.state.keys = keys
    h.press(.character("z"))
    #expect(h.state.route == .form)
  }

  /// Actions are declared beside their screens; one name must mean one thing,
  /// and one route one screen.
  @Test func everyActionIsNamedOnceAndEveryScreenRegisteredOnce() {
    var summaries: [String: String] = [:]
    for b in KeyMap.standard.bindings {
      #expect(!b.action.summary.isEmpty, "\(b.action)")
      if let known = summaries[b.action.rawValue] { #expect(known == b.action.summary, "\(b.action)") }
      summaries[b.action.rawValue] = b.action.summary
    }
    #expect(Set(Screens.all.map { $0.route }).count == Screens.all.count)
    for screen in Screens.all { #expect(Screens.screen(for: screen.route) != nil) }
  }
}

/// The real loop against the test backend: effects run on the background queue.
@Suite struct LoopTests {
  func waitUntil(_ client: StartWellClient, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(10)
    while Date() < deadline {
      client.step(timeout: .milliseconds(5))
      if condition() && !client.isBusy {
        client.step(timeout: .zero)
        return true
      }
    }
    return false
  }

  @Test func loopDrawsResultsAndHandlesResize() throws {
    let fx = try Fixture()
    let backend = TestBackend(rows: 24, cols: 80)
    let client = StartWellClient(
      backend: backend,
      environment: AppEnvironment(store: fx.store, user: fx.practitioner, syncStatus: { .pending(3) }))
    #expect(waitUntil(client) { client.state.home.summary != nil })
    backend.queue(keys: [.character("F"), .character("/")])
    backend.queue(typing: "okon")
    #expect(waitUntil(client) { client.state.families.count == 1 })
    backend.draw(AppCore.view(client.state, size: client.state.size))
    #expect(contains(backend.lines().joined(separator: "\n"), "Okonkwo 🌟"))
    #expect(contains(backend.lines()[0], "sync: pending 3"))
    backend.resize(rows: 40, cols: 120)
    #expect(waitUntil(client) { client.state.size.cols == 120 })
    backend.draw(AppCore.view(client.state, size: client.state.size))
    #expect(backend.screen.cols == 120)
    backend.queue(keys: [.escape, .character("Q")])
    client.step(timeout: .zero)
    #expect(client.state.shouldQuit)
  }

  @Test("a bracketed paste from the terminal reaches the search whole, and none of it runs as keys")
  func aBracketedPasteReachesTheSearchWhole() throws {
    let fx = try Fixture()
    let backend = TestBackend(rows: 24, cols: 80)
    let client = StartWellClient(
      backend: backend, environment: AppEnvironment(store: fx.store, user: fx.practitioner))
    #expect(waitUntil(client) { client.state.home.summary != nil })
    backend.queue(keys: [.character("F"), .character("/")])
    backend.queue(typing: "\u{1B}[200~Okonkwo\rQ\u{1B}[201~")
    #expect(waitUntil(client) { client.state.families.search.text == "Okonkwo Q" })
    #expect(client.state.families.searching)
    #expect(!client.state.shouldQuit)
  }

  @Test("keys typed while the client starts act once its first screen is up")
  func keysTypedAtStartAreKept() throws {
    let fx = try Fixture()
    let backend = TestBackend(rows: 24, cols: 80)
    let client = StartWellClient(
      backend: backend, environment: AppEnvironment(store: fx.store, user: fx.practitioner))
    backend.queue(keys: [.character("?")])
    client.step(timeout: .zero)
    #expect(
      waitUntil(client) {
        if case .help? = client.state.overlay { return true }
        return false
      })
  }

  @Test("^L has the whole screen written again")
  func controlLRepaints() throws {
    let fx = try Fixture()
    let backend = TestBackend(rows: 24, cols: 80)
    let client = StartWellClient(
      backend: backend, environment: AppEnvironment(store: fx.store, user: fx.practitioner))
    #expect(waitUntil(client) { client.state.home.summary != nil })
    #expect(backend.invalidations == 0)
    backend.queue(keys: [.ctrl("l")])
    client.step(timeout: .zero)
    #expect(backend.invalidations == 1)
  }

  @Test("no key acts while 'terminal too small' stands in for the screen")
  func keysWaitWhileTheTerminalIsTooSmall() throws {
    let fx = try Fixture()
    let h = Harness(fx, as: fx.practitioner)
    h.press(.character("F"))
    #expect(h.state.route == .families)
    h.resize(cols: 79, rows: 24)
    h.press(.character("H"), .character("q"), .ctrl("o"))
    #expect(h.state.route == .families && !h.state.shouldQuit)
    h.resize(cols: 80, rows: 24)
    h.press(.character("H"))
    #expect(h.state.route == .home)
  }

  @Test("keys typed before the break-the-glass prompt was drawn are dropped, not taken as its reason")
  func typeAheadIsNotAReason() throws {
    let fx = try Fixture()
    let backend = TestBackend(rows: 24, cols: 80)
    let client = StartWellClient(
      backend: backend, environment: AppEnvironment(store: fx.store, user: fx.practitioner))
    #expect(waitUntil(client) { client.state.home.summary != nil })
    backend.queue(keys: [.character("F"), .character("/")])
    backend.queue(typing: "Brown")
    #expect(waitUntil(client) { (client.state.families.count ?? 0) >= 1 })
    // Enter to leave the search, Enter to open: the prompt opens mid-burst, and the rest was typed blind.
    backend.queue(keys: [.enter, .enter])
    backend.queue(typing: "covering the desk today")
    client.step(timeout: .zero)
    guard case .prompt(let p)? = client.state.overlay else {
      Issue.record("expected the reason prompt")
      return
    }
    #expect(p.field.text.isEmpty)
  }

  @Test("a database error reaches the status line as a sentence, with its raw text only in debug.log")
  func databaseErrorsAreWordedForPeople() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sw-app-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try Store.open(directory: folder, config: try Fixture.config(), now: { Fixture.now })
    let admin = try store.addUser(
      username: "admin", displayName: "Ada Admin", role: .admin, hubs: [], password: Fixture.password,
      as: Store.systemUser,
      checkPolicy: false)
    let user = try store.addUser(
      username: "practitioner1", displayName: "Priya Shah", role: .practitioner, hubs: ["north"],
      password: Fixture.password, as: admin, checkPolicy: false)
    try store.writer.write { try $0.execute(sql: "DROP TABLE referral") }
    let events = EffectRunner.perform(.loadHome, store: store, user: user, demoLoader: nil)
    guard case .failed(let why)? = events.first else {
      Issue.record("expected a failure, got \(events)")
      return
    }
    for raw in ["SQLite", "GRDB", "SELECT", "while executing", "no such table"] {
      #expect(!why.contains(raw), "\(why)")
    }
    #expect(why.hasPrefix("the store does not have the layout this version of StartWell expects"))
    let log = try String(contentsOf: folder.appendingPathComponent("debug.log"), encoding: .utf8)
    #expect(log.contains("[client] GRDB.DatabaseError") && log.contains("no such table: referral"))
    // On the status line as an error.
    var state = AppState(
      config: try Fixture.config(), size: TerminalSize(rows: 24, cols: 80), now: Fixture.now,
      theme: .monochrome,
      user: user, credentials: nil, canLoadDemo: false)
    _ = state.apply(.failed(why))
    #expect(state.message == StatusMessage(why, isError: true))
  }
}
