import StartWellCore
import TerminalUI

/// How a WellComm band or an EYFS rating is drawn in a cell: a symbol and
/// its word, on the band's colour. The symbol and the word carry the
/// meaning, so a monochrome terminal (or a reader who does not see the
/// colours) reads the same as a colour one.
enum DevelopmentMarks {
  static func symbol(_ band: WellCommBand) -> String {
    switch band {
    case .green: "●"
    case .amber: "◐"
    case .red: "○"
    }
  }

  /// Ratings share the bands' symbols and colours: on track is green,
  /// emerging amber, below red.
  static func band(of rating: EYFSRating) -> WellCommBand {
    switch rating {
    case .onTrack: .green
    case .emerging: .amber
    case .below: .red
    }
  }

  static func word(_ rating: EYFSRating) -> String {
    switch rating {
    case .onTrack: "on track"
    case .emerging: "emerging"
    case .below: "below"
    }
  }

  static func role(_ band: WellCommBand) -> ThemeRole {
    switch band {
    case .green: .bandGreen
    case .amber: .bandAmber
    case .red: .bandRed
    }
  }

  static func cell(_ band: WellCommBand) -> String { "\(symbol(band)) \(band.rawValue)" }
  static func cell(_ rating: EYFSRating) -> String { "\(symbol(band(of: rating))) \(word(rating))" }

  /// The key to the symbols, for under a table of cells.
  static let legend = "● green / on track   ◐ amber / emerging   ○ red / below   · not recorded"
}
