/// What in a sync status needs a person although every change moved:
/// changes waiting for an upgrade, accounts sharing a username, and changes
/// the gate refused; in the words both the command line and the sync screen show.
public struct SyncAttention: Sendable, Hashable, Codable {
  public var parked = 0
  public var clashes: [String] = []
  public var refused = 0
  /// Families with two open cases, opened on two terminals at once.
  public var twoOpenCases: [String] = []
  /// This terminal's clock is behind the changes it holds.
  public var clock: String?
  /// Terminals whose changes are held back because of a clock, with the reason.
  public var heldForClock: [String] = []

  public init(
    parked: Int = 0, clashes: [String] = [], refused: Int = 0, twoOpenCases: [String] = [],
    clock: String? = nil, heldForClock: [String] = []
  ) {
    self.parked = parked
    self.clashes = clashes
    self.refused = refused
    self.twoOpenCases = twoOpenCases
    self.clock = clock
    self.heldForClock = heldForClock
  }

  public var lines: [String] {
    let status = self
    var lines: [String] = []
    if let clock { lines.append(clock.prefix(1).uppercased() + clock.dropFirst()) }
    for held in heldForClock { lines.append("Changes held back for a clock: \(held)") }
    if status.parked > 0 {
      lines.append(
        "\(status.parked) change\(status.parked == 1 ? "" : "s") from a newer version "
          + "\(status.parked == 1 ? "is" : "are") waiting: upgrade this terminal")
    }
    if status.refused > 0 {
      lines.append(
        "\(status.refused) change\(status.refused == 1 ? " was" : "s were") refused and changed nothing "
          + "(startwell sync refused lists them with the reasons)")
    }
    for name in status.clashes {
      lines.append(
        "Two or more accounts are named \(name): neither can log in until an admin renames one "
          + "(startwell user list; startwell user rename \(name) --id ID --to NEW)")
    }
    if !status.twoOpenCases.isEmpty {
      let shown = status.twoOpenCases.prefix(5).joined(separator: ", ")
      lines.append(
        "Two open cases, opened on two terminals at once: \(shown)"
          + (status.twoOpenCases.count > 5 ? " and \(status.twoOpenCases.count - 5) more" : "")
          + "; the older is each family's case until the other is closed")
    }
    return lines
  }

  public static func lines(_ status: SyncStatus) -> [String] { status.attention.lines }
}
