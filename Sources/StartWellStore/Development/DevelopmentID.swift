import Crypto
import Foundation
import StartWellCore

/// The id of a child's development record for a term: the same on every
/// terminal, so a second record for the child and term (here, or on
/// another terminal while apart) is the same record, edited, and two
/// terminals' entries merge field by field when they sync.
public enum DevelopmentID {
  public static func of(child personID: String, term: String) -> String {
    let h = Hex.string(SHA256.hash(data: Data("development\u{1F}\(personID)\u{1F}\(term)".utf8)))
    let c = Array(h.prefix(32))
    return [c[0..<8], c[8..<12], c[12..<16], c[16..<20], c[20..<32]].map { String($0) }.joined(separator: "-")
  }
}
