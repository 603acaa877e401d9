import Foundation
import Testing

@testable import TerminalUI

#if canImport(Glibc)
  import Glibc
#endif

/// One headless smoke test of the real ncurses backend: `newterm` on the slave
/// side of a pseudo-terminal, with the test reading what ncurses wrote from the
/// master side and typing keys into it.
@Suite struct NCursesBackendTests {
  @Test("a terminal that cannot move its cursor is refused with a message, not drawn blank")
  func dumbTerminalsAreRefusedPlainly() throws {
    let (master, slave) = try openPseudoTerminal(rows: 24, cols: 80)
    defer {
      close(slave)
      close(master)
    }
    for term in ["dumb", ""] {
      #expect {
        _ = try NCursesBackend(inputFD: slave, outputFD: slave, term: term, environment: ["TERM": term])
      } throws: { error in
        "\(error)".contains("cannot draw StartWell's screens")
      }
    }
    #expect {
      _ = try NCursesBackend(
        inputFD: slave, outputFD: slave, term: "no-such-terminal", environment: ["TERM": "no-such-terminal"])
    } throws: { error in
      "\(error)".contains("TERM=no-such-terminal is not a terminal this machine knows")
    }
  }

  @Test func drawsAndReadsKeysOnAPseudoTerminal() throws {
    let (master, slave) = try openPseudoTerminal(rows: 24, cols: 80)
    defer {
      close(slave)
      close(master)
    }
    let backend = try NCursesBackend(
      inputFD: slave, outputFD: slave, term: "xterm-256color", environment: ["TERM": "xterm-256color"])
    #expect(backend.size == TerminalSize(rows: 24, cols: 80))
    #expect(backend.colorCount >= 8)

    var grid = CellGrid(size: backend.size)
    grid.put(text: "Hello 王", row: 0, col: 0, style: Theme.colour[.header])
    grid.put(text: "\u{1B}[2J", row: 1, col: 0)
    backend.draw(grid)
    let output = readAvailable(master, until: "Hello")
    #expect(output.contains("Hello"))
    #expect(output.contains("王"))
    #expect(output.contains("\\e[2J"))  // shown escaped, never interpreted

    // A second identical frame writes nothing new.
    backend.draw(grid)
    #expect(!readAvailable(master, until: nil, wait: 0.2).contains("Hello"))

    // Keys typed into the terminal come back decoded by ncurses.
    // Both the CSI and the SS3 form of the arrows are understood.
    writeAll(master, "\u{1B}[A\u{1B}OB\u{1B}[5~q")
    #expect(backend.nextEvent(timeout: .seconds(2)) == .key(.up))
    #expect(backend.nextEvent(timeout: .seconds(2)) == .key(.down))
    #expect(backend.nextEvent(timeout: .seconds(2)) == .key(.pageUp))
    #expect(backend.nextEvent(timeout: .seconds(2)) == .key(.character("q")))
    #expect(backend.nextEvent(timeout: .milliseconds(50)) == nil)

    // A paste that pauses half-way (a slow link) stays a paste: the line
    // break and the letter after the pause are text, never Enter and q.
    writeAll(master, "\u{1B}[200~Smith")
    #expect(backend.nextEvent(timeout: .seconds(2)) == .paste("Smith"))
    writeAll(master, "\rq\u{1B}[201~")
    let rest = backend.nextEvent(timeout: .seconds(2))
    #expect(rest == .paste("\rq") || rest == .paste("\nq"), "\(String(describing: rest))")
    writeAll(master, "q")
    #expect(backend.nextEvent(timeout: .seconds(2)) == .key(.character("q")))

    // A grapheme is handed over one terminal cell at a time, as the C
    // library measures it (the locale is UTF-8 by now), with every code point.
    #expect(NCursesBackend.glyphs(for: Cell("王")) == [[0x738B]])
    #expect(NCursesBackend.glyphs(for: Cell("🇫🇷")) == [[0x1F1EB], [0x1F1F7]])
    #expect(NCursesBackend.glyphs(for: Cell("e\u{301}")) == [[0x65, 0x301]])
    #expect(NCursesBackend.glyphs(for: Cell("👋🏽")) == [[0x1F44B], [0x1F3FD]])
    #expect(
      NCursesBackend.glyphs(for: Cell("👨\u{200D}👩\u{200D}👧")) == [
        [0x1F468, 0x200D, 0x1F469, 0x200D, 0x1F467]
      ])
    #expect(NCursesBackend.glyphs(for: Cell("मा")) == [[0x92E], [0x93E]])
    for entry in WidthCorpus.fixture.names {
      var grid = CellGrid(rows: 1, cols: 200)
      grid.put(text: entry.name, row: 0, col: 0)
      for cell in grid.row(0) where !cell.isContinuation {
        let glyphs = NCursesBackend.glyphs(for: cell)
        #expect(
          glyphs.joined().map { UInt32($0) } == cell.character.unicodeScalars.map(\.value), "\(entry.key)")
        let columns = glyphs.reduce(0) { $0 + DisplayWidth.of(Unicode.Scalar(UInt32($1[0]))!) }
        #expect(columns == cell.width, "\(entry.key)")
      }
    }

    backend.shutdown()
    backend.shutdown()  // idempotent
  }

  private struct PTYError: Error {}

  private func openPseudoTerminal(rows: UInt16, cols: UInt16) throws -> (Int32, Int32) {
    // openpty lives in libc since glibc 2.34, so no extra library is linked.
    var master: Int32 = -1
    var slave: Int32 = -1
    var size = winsize(ws_row: rows, ws_col: cols, ws_xpixel: 0, ws_ypixel: 0)
    guard openpty(&master, &slave, nil, nil, &size) == 0 else { throw PTYError() }
    _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
    return (master, slave)
  }

  /// Reads from `fd` until `marker` appears or `wait` seconds pass.
  private func readAvailable(_ fd: Int32, until marker: String?, wait: Double = 3) -> String {
    var bytes: [UInt8] = []
    let deadline = Date().addingTimeInterval(wait)
    var buffer = [UInt8](repeating: 0, count: 4096)
    while Date() < deadline {
      let count = read(fd, &buffer, buffer.count)
      if count > 0 {
        bytes.append(contentsOf: buffer[0..<count])
        if let marker, String(decoding: bytes, as: UTF8.self).contains(marker) {
          // Keep reading briefly so the rest of the frame is included.
          usleep(50_000)
          continue
        }
      } else {
        if let marker, String(decoding: bytes, as: UTF8.self).contains(marker) { break }
        usleep(10_000)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  private func writeAll(_ fd: Int32, _ text: String) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count) }
  }
}
