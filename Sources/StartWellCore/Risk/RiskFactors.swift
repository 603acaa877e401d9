import Foundation

/// Why one factor applies: who, which record, and when.
public struct RiskEvidence: Hashable, Sendable, Codable {
  /// The member it is about, when it is about one.
  public var member: String?
  public var personID: String?
  /// The kind of record it was read from: "person", "development", "contact",
  /// "notification", "two-year-offer", or "flag" for a flag set on a person by hand.
  public var recordKind: String
  public var recordID: String?
  /// The record's reference, where it has one: a person's P-…, a
  /// notification's N-…, the term of a two-year offer.
  public var recordReference: String?
  /// The record's date, when it has one: a notification's incident date or
  /// expected date of delivery, the day a child was listed for the two-year
  /// offer. A person's SEND status or a flag set by hand carries none of its own.
  public var date: LocalDate?
  public var detail: String
  public var setByHand: Bool

  public init(
    member: String? = nil, personID: String? = nil, recordKind: String, recordID: String? = nil,
    recordReference: String? = nil, date: LocalDate? = nil, detail: String, setByHand: Bool = false
  ) {
    self.recordReference = recordReference
    self.member = member
    self.personID = personID
    self.recordKind = recordKind
    self.recordID = recordID
    self.date = date
    self.detail = detail
    self.setByHand = setByHand
  }
}

/// One risk factor: how it is found in a family's records.
///
/// A factor is `stored` when only the family's records decide it; its weight
/// is part of the family's stored score (`family.flag_score`), refreshed
/// whenever a record changes. A factor is `dated` when the passing of time
/// alone can raise it (no contact in N days): it is added when the score is
/// read, so it is current without any edit. The families list adds dated
/// factors in SQL (`Store.datedRiskSQL`), which must name every one.
///
/// A finding reads the configuration for what counts (thresholds, the
/// antenatal criteria that are high risk, how long a notification counts).
public struct RiskFactor: Sendable {
  public enum Finding: Sendable {
    case stored(@Sendable (RiskFacts, Configuration) -> [RiskEvidence])
    case dated(@Sendable (RiskFacts, _ today: LocalDate, Configuration) -> [RiskEvidence])
  }

  /// The id of its entry in `Config/risk.json`, which gives its name and weight.
  public let id: String
  public let finding: Finding

  public init(_ id: String, _ finding: Finding) {
    self.id = id
    self.finding = finding
  }

  public var isDated: Bool {
    if case .dated = finding { return true }
    return false
  }

  public func evidence(_ facts: RiskFacts, today: LocalDate?, config: Configuration) -> [RiskEvidence] {
    switch finding {
    case .stored(let find): return find(facts, config)
    case .dated(let find): return today.map { find(facts, $0, config) } ?? []
    }
  }
}

/// Every risk factor StartWell computes. Reasons are listed in the order of
/// `Config/risk.json`; a factor without an entry there weighs nothing and is skipped.
public enum RiskFactors {
  public static let all: [RiskFactor] = [send, wellcommRed, noContact] + intake + [setByHand]

  public static let sendID = "send"
  public static let wellcommRedID = "wellcomm-red"
  public static let noContactID = "no-contact"
  public static let setByHandID = "set-by-hand"

  /// SEND or an EHCP on a member.
  static let send = RiskFactor(
    sendID,
    .stored { facts, _ in
      facts.members.compactMap { m in
        let what = [m.send ? "SEND" : nil, m.ehcp ? "EHCP" : nil].compactMap { $0 }
        guard !what.isEmpty else { return nil }
        return RiskEvidence(
          member: m.name, personID: m.id, recordKind: "person", recordID: m.id,
          recordReference: m.reference,
          detail: "\(m.name) (\(what.joined(separator: " and ")))")
      }
    })

  /// A child whose latest WellComm band is red; an earlier red band that has since improved does not count.
  static let wellcommRed = RiskFactor(
    wellcommRedID,
    .stored { facts, _ in
      facts.latestDevelopment.filter { $0.wellcomm == .red }.map { d in
        let name = facts.memberName(d.personID)
        return RiskEvidence(
          member: name, personID: d.personID, recordKind: "development", recordID: d.recordID,
          date: d.recordedOn,
          detail: "\(name ?? "a child") (\(d.term), recorded \(d.recordedOn))")
      }
    })

  /// No contact in more than `noContactDays` days, or none ever recorded.
  static let noContact = RiskFactor(
    noContactID,
    .dated { facts, today, config in
      guard let last = facts.lastContact else {
        return [RiskEvidence(recordKind: "contact", detail: "no contact recorded")]
      }
      let days = last.on.days(until: today)
      guard days > config.thresholds.noContactDays else { return [] }
      return [
        RiskEvidence(
          recordKind: "contact", recordID: last.recordID, date: last.on,
          detail: "last contact \(last.on), \(days) days ago")
      ]
    })

  /// Every flag a practitioner set by hand: a factor of its own, with its
  /// own weight, never taken for the computed factor it may be named after
  /// (a flag "domestic-abuse" is not a domestic abuse notification).
  static let setByHand = RiskFactor(
    setByHandID,
    .stored { facts, _ in
      facts.members.flatMap { m in
        m.flags.map { flag in
          RiskEvidence(
            member: m.name, personID: m.id, recordKind: "flag", recordID: m.id,
            recordReference: m.reference, detail: "\(m.name): \(flag) (set by hand)", setByHand: true)
        }
      }
    })
}
