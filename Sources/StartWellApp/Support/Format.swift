import Foundation
import StartWellCore
import TerminalUI

/// Text formats used across screens. Times are shown in the terminal's zone
/// by `AppState.zone` (a `DisplayZone`), not here.
enum Format {
  /// 100000 → "100,000".
  static func count(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return (n < 0 ? "-" : "") + out
  }

  static func plural(_ n: Int, _ word: String) -> String { "\(count(n)) \(word)\(n == 1 ? "" : "s")" }

  /// Age in whole years, or months under two, as people say it.
  static func age(of person: Person, today: LocalDate) -> String {
    if person.expected { return "due \(person.dateOfBirth)" }
    let years = person.dateOfBirth.years(until: today)
    if years >= 2 { return "\(years)y" }
    let months = max(0, person.dateOfBirth.days(until: today) / 30)
    return "\(months)m"
  }

  static func band(_ band: RiskBand) -> String { band.rawValue.uppercased() }

  static func bandRole(_ band: RiskBand) -> ThemeRole {
    switch band {
    case .high: .bandRed
    case .medium: .bandAmber
    case .low: .bandGreen
    }
  }
}

/// Word wrapping by display width, for notes and chronology entries.
enum TextWrap {
  /// Lines of at most `width` cells. Store text is made visible first, so an
  /// escape sequence is measured as the `\e[...` it will be drawn as.
  static func wrap(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let visible = Sanitizer.visible(String(paragraph))
      var line = ""
      var lineWidth = 0
      for word in visible.split(separator: " ", omittingEmptySubsequences: false) {
        var w = String(word)
        var ww = DisplayWidth.of(w)
        if lineWidth > 0 && lineWidth + 1 + ww > width {
          lines.append(line)
          line = ""
          lineWidth = 0
        }
        // A word longer than the line is cut into line-sized pieces.
        while ww > width {
          let room = lineWidth == 0 ? width : width - lineWidth - 1
          let piece = DisplayWidth.pad(w, toWidth: room).trimmingCharacters(in: .whitespaces)
          let head = piece.isEmpty ? String(w.prefix(1)) : piece
          lines.append(lineWidth == 0 ? head : line + " " + head)
          line = ""
          lineWidth = 0
          w = String(w.dropFirst(head.count))
          ww = DisplayWidth.of(w)
        }
        if lineWidth > 0 {
          line += " "
          lineWidth += 1
        }
        line += w
        lineWidth += ww
      }
      lines.append(line)
    }
    return lines
  }
}
