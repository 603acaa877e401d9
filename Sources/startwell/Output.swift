import Foundation
import StartWellCore
import TerminalUI

/// A failure the command line itself detects (a bad date, a missing store),
/// phrased as the one line the person sees after `error: `.
struct CLIError: PersonFacingError {
  var description: String
  init(_ description: String) { self.description = description }
}

// The terminal's own start-up failures are worded for people already.
extension NCursesBackend.Failure: PersonFacingError {}

/// Writing to the terminal.
enum Terminal {
  static func print(_ line: String = "") {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
  }

  /// The single `error: ` line a failed command leaves on stderr.
  static func error(_ message: String) {
    // Keep it to one line whatever the message holds; untrusted text in it is
    // escaped by the same function the client's cell grid applies.
    let oneLine = Sanitizer.visible(message.replacingOccurrences(of: "\n", with: " "))
    FileHandle.standardError.write(Data("error: \(oneLine)\n".utf8))
  }

  static func note(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
  }
}

/// JSON output: sorted keys and pretty printing so scripts and diffs see a stable shape.
///
/// Values are the exact stored text. Controls are written as `\uXXXX`, which
/// the encoder does for C0 (a NUL is `\u0000`, RFC 8259) and `visibleEscapes`
/// does for everything else the client shows as an escape (DEL, C1 controls
/// such as CSI, bidi overrides, LRM, ZWSP, BOM): a JSON reader gets the same
/// value, and a terminal showing the output shows the escape instead of
/// acting on the character.
enum JSONOutput {
  static func print<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    let json = visibleEscapes(String(decoding: try encoder.encode(value), as: UTF8.self))
    FileHandle.standardOutput.write(Data((json + "\n").utf8))
  }

  /// `json` with every character `Sanitizer` escapes written as a JSON
  /// escape. Outside strings JSON is plain ASCII, so only string contents change.
  static func visibleEscapes(_ json: String) -> String {
    guard json.unicodeScalars.contains(where: Sanitizer.needsEscape) else { return json }
    var out = String.UnicodeScalarView()
    for scalar in json.unicodeScalars {
      guard Sanitizer.needsEscape(scalar), scalar.value > 0x20 else {
        out.append(scalar)
        continue
      }
      // Every such character is in the Basic Multilingual Plane: one escape.
      let hex = String(scalar.value, radix: 16)
      out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars)
    }
    return String(out)
  }

  static func stamp(_ date: Date?) -> String? { date.map(Timestamp.format) }
}

/// A plain text table laid out by display width, so accented, CJK and emoji names line up.
struct Table {
  var headers: [String]
  var rows: [[String]] = []
  /// Columns that may be cut short with an ellipsis when they are very long.
  var maxWidth = 40
  /// The last column printed whole: for text that is the point of the row,
  /// such as the net's reasons, which a cut would hide.
  var wholeLastColumn = false

  init(_ headers: String...) { self.headers = headers }

  mutating func add(_ cells: String?...) {
    rows.append(cells.map { Sanitizer.visible($0 ?? "") })
  }

  func print(indent: String = "") {
    var widths = headers.map { DisplayWidth.of($0) }
    for row in rows {
      for (i, cell) in row.enumerated() where i < widths.count {
        widths[i] = min(maxWidth, max(widths[i], DisplayWidth.of(cell)))
      }
    }
    func line(_ cells: [String]) -> String {
      var parts: [String] = []
      for (i, cell) in cells.enumerated() where i < widths.count {
        // The last column is never padded, so lines carry no trailing blanks.
        parts.append(
          i == widths.count - 1
            ? (wholeLastColumn ? cell : DisplayWidth.truncate(cell, toWidth: maxWidth))
            : DisplayWidth.fit(cell, toWidth: widths[i]))
      }
      return indent + parts.joined(separator: "  ")
    }
    Terminal.print(line(headers))
    for row in rows { Terminal.print(line(row)) }
  }
}

extension Date {
  /// `2025-03-04 10:15` in the terminal's zone.
  var shortLocal: String { CLIZone.zone.dateTime(self) }
}

/// The zone the command line's text shows and reads times in: the terminal's
/// (`TZ`). JSON keeps UTC timestamps, for the programs that read it.
enum CLIZone {
  static let zone = DisplayZone.current

  /// The zone's abbreviation now, for a column heading.
  static var abbreviation: String { zone.abbreviation(at: Date()) }
}
