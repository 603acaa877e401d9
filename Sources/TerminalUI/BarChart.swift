/// A horizontal bar drawn in block characters: whole cells of █ and, for
/// the remainder, one of the seven partial blocks (▏ to ▉), so a bar is
/// accurate to an eighth of a cell. The command line's and the client's
/// charts are both drawn with it, so they show the same lengths.
public enum BarChart {
  static let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

  /// The bar for `share` (0...1) of `width` cells; never wider than `width`.
  public static func bar(share: Double, width: Int) -> String {
    let clamped = min(1, max(0, share.isFinite ? share : 0))
    let eighths = Int((clamped * Double(max(0, width) * 8)).rounded())
    return String(repeating: "█", count: eighths / 8) + partials[eighths % 8]
  }

  /// A share as a whole percentage, "54%".
  public static func percent(_ share: Double) -> String {
    "\(Int((min(1, max(0, share.isFinite ? share : 0)) * 100).rounded()))%"
  }
}
