import Foundation

/// The factors the intake records decide: a triaged antenatal notification
/// with a high-risk criterion, a triaged domestic abuse notification, and a
/// two-year offer the child was eligible for and did not take up.
///
/// The two notification factors are dated: each counts up to a last day
/// (`IntakeRisk.countsUntil`) and then lapses with no edit, so the families
/// list adds them in SQL from the family's `antenatal_until` and
/// `domestic_abuse_until`, the latest of those days over its notifications.
extension RiskFactors {
  public static let antenatalID = "antenatal-high-risk"
  public static let domesticAbuseID = "domestic-abuse"
  public static let twoYearOfferID = "two-year-offer-not-taken"

  public static let intake: [RiskFactor] = [antenatal, domesticAbuse, twoYearOffer]

  /// A triaged antenatal notification on a member whose criteria include a
  /// high-risk one, until the expected date of delivery and the configured
  /// days after it.
  static let antenatal = RiskFactor(
    antenatalID,
    .dated { facts, today, config in
      facts.notices.filter { $0.kind == .antenatal }.compactMap { n in
        guard let until = IntakeRisk.countsUntil(n, config.intake), today <= until else { return nil }
        let criteria = IntakeRisk.highRiskCriteria(n, config.intake)
        return notificationEvidence(
          n, facts, config, date: n.day("edd"),
          what: "expected date of delivery \(n.day("edd")?.description ?? "not given"); "
            + "high-risk criteria: \(criteria.joined(separator: ", ")); counts until \(until)")
      }
    })

  /// A triaged domestic abuse notification on a member, for the configured
  /// days after the incident.
  static let domesticAbuse = RiskFactor(
    domesticAbuseID,
    .dated { facts, today, config in
      facts.notices.filter { $0.kind == .domesticAbuse }.compactMap { n in
        guard let until = IntakeRisk.countsUntil(n, config.intake), today <= until else { return nil }
        let incident = IntakeRisk.incidentDay(n)
        return notificationEvidence(
          n, facts, config, date: incident, what: "incident \(incident); counts until \(until)")
      }
    })

  /// A child whose offer for the latest term they were listed in shows them
  /// eligible and not taking a place up.
  static let twoYearOffer = RiskFactor(
    twoYearOfferID,
    .stored { facts, _ in
      IntakeRisk.latestListed(facts.twoYearOffers).filter { !$0.takenUp }.map { o in
        let name = facts.memberName(o.personID)
        let code = o.code.isEmpty ? "" : " (code \(o.code))"
        return RiskEvidence(
          member: name, personID: o.personID, recordKind: "two-year-offer", recordID: o.recordID,
          recordReference: o.term, date: o.listedOn,
          detail:
            "\(name ?? "a child"): eligible for a funded two-year place in \(o.term)\(code), not taken up")
      }
    })

  /// A notification's reason, naming the member, the notification by its
  /// reference and kind, and who sent it.
  private static func notificationEvidence(
    _ n: RiskFacts.Notice, _ facts: RiskFacts, _ config: Configuration, date: LocalDate?, what: String
  ) -> RiskEvidence {
    let name = facts.memberName(n.personID)
    let kind = config.intake.kind(n.kind)
    let sourceName = kind.flatMap { $0.field($0.sourceField)?.name } ?? "source"
    let from = n.source.map { " (\(sourceName): \($0))" } ?? ""
    return RiskEvidence(
      member: name, personID: n.personID, recordKind: "notification", recordID: n.recordID,
      recordReference: n.reference, date: date,
      detail:
        "\(name ?? "a member"): \((kind?.name ?? n.kind.rawValue).lowercased()) \(n.reference)\(from), \(what)"
    )
  }
}

/// When an intake record counts: one definition, read by the factors, the
/// family's derived columns and the demo data.
public enum IntakeRisk {
  /// The last day a notification raises its factor, or nil when it raises
  /// none: a domestic abuse notification counts to its incident date plus
  /// `domesticAbuseFactorDays`; an antenatal one with a high-risk criterion
  /// to its expected date of delivery plus `antenatalFactorDaysAfterDelivery`.
  public static func countsUntil(_ n: RiskFacts.Notice, _ intake: IntakeConfiguration) -> LocalDate? {
    guard n.kind != .antenatal || !highRiskCriteria(n, intake).isEmpty else { return nil }
    return liveUntil(n, intake)
  }

  /// The last day a notification is current, whatever its criteria: the
  /// net's rules on notifications with no contact since look at these.
  public static func liveUntil(_ n: RiskFacts.Notice, _ intake: IntakeConfiguration) -> LocalDate? {
    switch n.kind {
    case .domesticAbuse: return incidentDay(n).adding(days: intake.domesticAbuseFactorDays)
    case .antenatal: return n.day("edd")?.adding(days: intake.antenatalFactorDaysAfterDelivery)
    default: return nil
    }
  }

  /// The incident date, or the day it was received when none was given.
  static func incidentDay(_ n: RiskFacts.Notice) -> LocalDate { n.day("incident-date") ?? n.receivedOn }

  /// The family's last day for a dated intake factor: the latest over its
  /// notifications of that factor's kind, or nil when none counts.
  public static func until(_ factorID: String, _ facts: RiskFacts, _ intake: IntakeConfiguration)
    -> LocalDate?
  {
    guard let kind = kind(ofFactor: factorID) else { return nil }
    return facts.notices.filter { $0.kind == kind }.compactMap { countsUntil($0, intake) }.max()
  }

  /// The kind of notification a factor reads, for the factors that read one.
  public static func kind(ofFactor factorID: String) -> NotificationKind? {
    switch factorID {
    case RiskFactors.antenatalID: .antenatal
    case RiskFactors.domesticAbuseID: .domesticAbuse
    default: nil
    }
  }

  /// The names of a notification's criteria that are high risk, in the configured order.
  static func highRiskCriteria(_ n: RiskFacts.Notice, _ intake: IntakeConfiguration) -> [String] {
    let given = Set(n.details["criteria"]?.list ?? [])
    let choices = intake.kind(.antenatal)?.field("criteria")?.choices ?? []
    return choices.filter { given.contains($0.id) && intake.highRiskCriteria.contains($0.id) }.map(\.name)
  }

  /// Each child's offer for the latest term they were listed in (eligible),
  /// in the order the children first appear.
  public static func latestListed(_ offers: [RiskFacts.TwoYearOffer]) -> [RiskFacts.TwoYearOffer] {
    var latest: [String: RiskFacts.TwoYearOffer] = [:]
    var order: [String] = []
    for o in offers where o.eligible {
      let key = SchoolTerm.orderKey(named: o.term) ?? Int.min
      guard let held = latest[o.personID] else {
        latest[o.personID] = o
        order.append(o.personID)
        continue
      }
      if key > SchoolTerm.orderKey(named: held.term) ?? Int.min { latest[o.personID] = o }
    }
    return order.map { latest[$0]! }
  }
}
