import Crypto
import Foundation
import StartWellCore

/// Ids made from what a record is, not when it was made.
///
/// One SDF meets once on a day, and a family is one item of one huddle, so
/// two leads who start the same huddle, or record the same family, on two
/// terminals while apart write to the same records: the sync merges them
/// field by field (a development record for a child and term does the
/// same), where random ids would leave two huddles side by side.
public enum HuddleID {
  /// The huddle of `sdf` (or of the whole hub when nil) on `date`.
  public static func huddle(hub: String, sdf: String?, date: LocalDate) -> String {
    derived("huddle|\(hub)|\(sdf ?? "")|\(date)")
  }

  /// The item for `familyID` at the huddle `huddleID`.
  public static func item(huddleID: String, familyID: String) -> String {
    derived("huddle-item|\(huddleID)|\(familyID)")
  }

  /// A UUID-shaped digest, so listings shorten it like any other id.
  private static func derived(_ key: String) -> String {
    let hex = Hex.string(SHA256.hash(data: Data(key.utf8)))
    let parts =
      [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4)]
      + [hex.dropFirst(16).prefix(4), hex.dropFirst(20).prefix(12)]
    return parts.map(String.init).joined(separator: "-")
  }
}
