import Foundation
import Testing

@testable import TerminalUI

/// Names in many scripts, measured once in tmux 3.3a and with Python's
/// wcwidth by scripts/measure-width-corpus.py. The client must line up with
/// what tmux drew, and must show every code point it was given.
struct WidthCorpus: Decodable {
  struct Name: Decodable, CustomTestStringConvertible {
    var key: String
    var name: String
    var shown: String
    var tmux: Int
    var tmuxThenBorder: Int
    var wcwidth: Int
    var testDescription: String { key }
  }

  var generatedBy: String
  var names: [Name]

  static let fixture: WidthCorpus = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/width-corpus.json")
    do {
      return try JSONDecoder().decode(WidthCorpus.self, from: Data(contentsOf: url))
    } catch {
      fatalError("cannot read \(url.path): \(error)")
    }
  }()
}

@Suite struct WidthCorpusTests {
  @Test func corpusCoversManyScripts() {
    #expect(WidthCorpus.fixture.names.count >= 60)
    // The measurement itself found no dangling joiner: a border written after
    // each shown name took its own cell.
    for entry in WidthCorpus.fixture.names { #expect(entry.tmuxThenBorder == entry.tmux + 1, "\(entry.key)") }
  }

  @Test(arguments: WidthCorpus.fixture.names)
  func shownTextAndWidthMatchTmux(_ entry: WidthCorpus.Name) {
    #expect(Sanitizer.visible(entry.name) == entry.shown)
    #expect(DisplayWidth.of(entry.name) == entry.tmux)
    #expect(DisplayWidth.of(entry.shown) == entry.tmux)
  }

  @Test(arguments: WidthCorpus.fixture.names)
  func gridCellsHoldEveryCodePoint(_ entry: WidthCorpus.Name) {
    var grid = CellGrid(rows: 1, cols: 200)
    let used = grid.put(text: entry.name, row: 0, col: 0)
    #expect(used == entry.tmux)
    let cells = grid.row(0).prefix(used)
    let drawn = cells.filter { !$0.isContinuation }.map(\.character).joined()
    #expect(Array(drawn.unicodeScalars) == Array(entry.shown.unicodeScalars))
    #expect(cells.reduce(0) { $0 + $1.width } == entry.tmux)
  }

  @Test(arguments: WidthCorpus.fixture.names)
  func cutsKeepWholeGraphemesAndNoLoneJoiner(_ entry: WidthCorpus.Name) {
    for width in 1...entry.tmux + 1 {
      let cut = DisplayWidth.truncate(entry.name, toWidth: width)
      #expect(DisplayWidth.of(cut) <= width)
      let kept = cut.hasSuffix("…") && cut != entry.shown ? String(cut.dropLast()) : cut
      #expect(entry.shown.unicodeScalars.starts(with: kept.unicodeScalars), "\(entry.key) at \(width)")
      #expect(kept.unicodeScalars.last?.value != 0x200D)
      #expect(DisplayWidth.of(DisplayWidth.fit(entry.name, toWidth: width)) == width)
    }
  }
}
