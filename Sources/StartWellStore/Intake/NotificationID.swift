import Crypto
import Foundation
import StartWellCore

/// The id of a notification, made from what was received: its kind, the
/// person as received and the kind's fields. The same notification taken
/// in twice (typed again, or a file imported twice, here or on another
/// terminal) is the same record, so it is held once.
public enum NotificationID {
  public static func of(_ n: CheckedNotification) -> String {
    let p = n.person
    let parts = [
      "notification", n.kind.rawValue, p.givenName.lowercased(), p.familyName.lowercased(),
      p.dateOfBirth?.description ?? "", p.nhsNumber ?? "", p.postcode ?? "", n.detailsJSON,
    ]
    let h = Hex.string(SHA256.hash(data: Data(parts.joined(separator: "\u{1F}").utf8)))
    let c = Array(h.prefix(32))
    return [c[0..<8], c[8..<12], c[12..<16], c[16..<20], c[20..<32]].map { String($0) }.joined(separator: "-")
  }
}

/// The id of a child's two-year offer record for a term (`RecordRegistry.twoYearOffer`).
public enum TwoYearOfferID {
  public static func of(child personID: String, term: String) -> String {
    let h = Hex.string(SHA256.hash(data: Data("two-year-offer\u{1F}\(personID)\u{1F}\(term)".utf8)))
    let c = Array(h.prefix(32))
    return [c[0..<8], c[8..<12], c[12..<16], c[16..<20], c[20..<32]].map { String($0) }.joined(separator: "-")
  }
}
