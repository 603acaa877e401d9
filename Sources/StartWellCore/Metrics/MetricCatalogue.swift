import Foundation

/// What one metric is: its stable id, the section it belongs to, its title
/// and the rule sentence that says what it counts. The catalogue is the one
/// place these are written; the engine, the renderers and `--explain` read
/// them from here.
public struct MetricDefinition: Hashable, Sendable, Codable {
  public var id: String
  public var section: ReportSectionID
  public var title: String
  public var rule: String

  public init(id: String, section: ReportSectionID, title: String, rule: String) {
    self.id = id
    self.section = section
    self.title = title
    self.rule = rule
  }
}

/// Every metric of the report, in report order. A family's records count
/// in the hub the family belongs to now; a notification counts in the hub
/// it was received for. Records marked deleted, and contacts entered in
/// error, are counted nowhere.
public enum MetricCatalogue {
  // MARK: Throughput

  public static let newCases = MetricDefinition(
    id: "throughput.new-cases", section: .throughput, title: "New cases",
    rule: "Cases opened on a day in the range, by the family's hub.")
  public static let contactsByType = MetricDefinition(
    id: "throughput.contacts-by-type", section: .throughput, title: "Contacts by type",
    rule: "Contacts made on a day in the range, not entered in error, by contact type.")
  public static let escalationsByLevel = MetricDefinition(
    id: "throughput.escalations-by-level", section: .throughput, title: "Escalations by level and urgency",
    rule: "Escalations raised on a day in the range, by the level asked for and the urgency.")
  public static let referralsByService = MetricDefinition(
    id: "throughput.referrals-by-service", section: .throughput, title: "Referrals by service",
    rule: "Referrals sent on a day in the range (drafts never sent are not counted), by service.")
  public static let notificationsByKind = MetricDefinition(
    id: "throughput.notifications-by-kind", section: .throughput, title: "Notifications by kind",
    rule: "Notifications received on a day in the range, by kind, in the hub they were received for.")
  public static let huddlesHeld = MetricDefinition(
    id: "throughput.huddles-held", section: .throughput, title: "Huddles held",
    rule: "Huddles dated in the range, by hub.")
  public static let huddleItemsDiscussed = MetricDefinition(
    id: "throughput.huddle-items-discussed", section: .throughput, title: "Huddle items discussed",
    rule: "Items discussed (not skipped or still pending) at huddles dated in the range, by hub.")

  // MARK: Quality

  public static let followUpsOnTime = MetricDefinition(
    id: "quality.follow-ups-on-time", section: .quality, title: "Follow-ups made on time",
    rule:
      "Of the follow-ups (a contact's follow-up date) due on a day in the range and no later than today, "
      + "of contacts not in error: those marked done on or before their due day. One marked done with no "
      + "record of when is left out.")
  public static let actionsOnTime = MetricDefinition(
    id: "quality.actions-on-time", section: .quality, title: "Actions done by their due date",
    rule:
      "Of the actions due on a day in the range and no later than today: those marked done on or before "
      + "their due day. One marked done with no record of when is left out.")
  public static let referralWaiting = MetricDefinition(
    id: "quality.referral-waiting", section: .quality, title: "Referral waiting times",
    rule:
      "Days from sending to the service's answer (accepted or declined) for referrals answered on a day "
      + "in the range: median and 90th percentile, by service.")
  public static let escalationsDecidedInTarget = MetricDefinition(
    id: "quality.escalations-in-target", section: .quality,
    title: "Escalations decided within target",
    rule:
      "Of the escalations raised on a day in the range that are decided or past their target: those "
      + "decided (accepted, declined or stepped down) within the hours their urgency allows "
      + "(decisionTargetHours in thresholds.json), by urgency.")
  public static let notificationsTriagedInTarget = MetricDefinition(
    id: "quality.notifications-triaged-in-target", section: .quality,
    title: "Notifications triaged within target",
    rule:
      "Of the notifications received on a day in the range that are triaged or past their due day: those "
      + "triaged on or before the working day their kind's triage target (intake.json) makes due, by kind.")
  public static let leadChanges = MetricDefinition(
    id: "quality.lead-changes", section: .quality, title: "Lead changes per case",
    rule:
      "For cases open on any day of the range: the hand-overs of the case lead over the case's life "
      + "(the first lead is not a change), median and 90th percentile; rows count cases by changes.")

  // MARK: Outcomes

  public static let wellCommMovement = MetricDefinition(
    id: "outcomes.wellcomm-movement", section: .outcomes, title: "WellComm movement between terms",
    rule:
      "Children with a development record in a term starting in the range and in the term before it: "
      + "their WellComm band improved (towards green), stayed the same or got worse.")
  public static let eyfsMovement = MetricDefinition(
    id: "outcomes.eyfs-movement", section: .outcomes, title: "EYFS movement between terms",
    rule:
      "For each prime area, children with a development record in a term starting in the range and in "
      + "the term before it: rating improved (towards on track), stayed the same or got worse.")
  public static let steppedDown = MetricDefinition(
    id: "outcomes.stepped-down", section: .outcomes, title: "Cases stepped down",
    rule:
      "Of the cases open on any day of the range: those with an escalation stepped down on a day in the "
      + "range.")
  public static let gld = MetricDefinition(
    id: "outcomes.gld", section: .outcomes, title: "Good Level of Development",
    rule:
      "Children with a development record for the summer term of their reception year, that term ending "
      + "in the range: achieved when every prime area, literacy and mathematics are on track; unknown "
      + "(not counted in the share) when literacy or mathematics was not rated.")
  public static let schoolReadiness = MetricDefinition(
    id: "outcomes.school-readiness", section: .outcomes, title: "Ready for school (rounded measure)",
    rule:
      "Children with a development record for the last term before they start reception (the summer "
      + "term before it), that term ending in the range: on track in communication and language, "
      + "personal-social-emotional and physical development together.")
  public static let fatherContacts = MetricDefinition(
    id: "outcomes.father-contacts", section: .outcomes, title: "Contacts with a father present",
    rule:
      "Of the contacts made on a day in the range, not in error: those with a father, or a male carer, "
      + "of the family recorded as present, by hub.")
  public static let fatherFamilies = MetricDefinition(
    id: "outcomes.father-families", section: .outcomes, title: "Families with an engaged father",
    rule:
      "Of the families with a contact in the range: those with at least one contact in the range with a "
      + "father or male carer present, each family counted once, by hub.")

  // MARK: Safeguarding

  public static let domesticAbuseNotifications = MetricDefinition(
    id: "safeguarding.domestic-abuse-notifications", section: .safeguarding,
    title: "Domestic abuse notifications",
    rule: "Domestic abuse notifications received on a day in the range, by hub.")
  public static let domesticAbuseSeen = MetricDefinition(
    id: "safeguarding.domestic-abuse-seen", section: .safeguarding,
    title: "How fast domestic abuse notifications were seen",
    rule:
      "Hours from receipt to triage for domestic abuse notifications received on a day in the range and "
      + "triaged: median and 90th percentile; the share triaged within target beside it.")
  public static let escalationsToSocialCare = MetricDefinition(
    id: "safeguarding.escalations-to-social-care", section: .safeguarding,
    title: "Escalations to children's social care",
    rule:
      "Escalations to the specialist level (children's social care) raised on a day in the range, by urgency."
  )
  public static let netByRule = MetricDefinition(
    id: "safeguarding.net-by-rule", section: .safeguarding, title: "Children in the net, by rule",
    rule:
      "Children in the net today (the net's own rules and thresholds), by rule; a child under two rules "
      + "counts in both rows and once in the total. Every family in the report's scope counts, so the "
      + "total can be above a person's net list, which leaves out another hub's families whose consent "
      + "to share is refused or not recorded.")

  /// Every metric in report order.
  public static let all: [MetricDefinition] = [
    newCases, contactsByType, escalationsByLevel, referralsByService, notificationsByKind, huddlesHeld,
    huddleItemsDiscussed,
    followUpsOnTime, actionsOnTime, referralWaiting, escalationsDecidedInTarget,
    notificationsTriagedInTarget, leadChanges,
    wellCommMovement, eyfsMovement, steppedDown, gld, schoolReadiness, fatherContacts, fatherFamilies,
    domesticAbuseNotifications, domesticAbuseSeen, escalationsToSocialCare, netByRule,
  ]

  public static func definition(_ id: String) -> MetricDefinition? { all.first { $0.id == id } }

  /// The metrics of one section, in report order.
  public static func section(_ section: ReportSectionID) -> [MetricDefinition] {
    all.filter { $0.section == section }
  }

  // MARK: Impact of approaches

  /// The prefix of the impact metrics' ids: one metric per configured
  /// approach, `impact.<approach id>`, in the order `approaches.json` lists them.
  public static let impactPrefix = "impact."

  /// The metric of one approach's impact. Written here beside the others;
  /// its id and title come from the approach, its rule names the small
  /// number a group needs on each side.
  public static func impact(_ approach: Approach, minimumGroup: Int) -> MetricDefinition {
    MetricDefinition(
      id: impactPrefix + approach.id, section: .impact, title: approach.name,
      rule:
        "Children who took part in \(approach.name) in a term (named present at a group session or "
        + "intervention of it, up to the next term), against similar children who did not (the same WellComm "
        + "band at the start of the term, the same age band and the same hub): the share whose band improved "
        + "by the next term's check. The figure is the takers' share over the groups large enough to compare; "
        + "a group with fewer than \(max(1, minimumGroup)) children on either side gives no rate.")
  }

  /// Every metric of a report made with `approaches`, in report order.
  public static func all(approaches: [Approach], minimumGroup: Int) -> [MetricDefinition] {
    all + approaches.map { impact($0, minimumGroup: minimumGroup) }
  }

  /// A metric of the catalogue, or the impact metric of one of `approaches`.
  public static func definition(_ id: String, approaches: [Approach], minimumGroup: Int)
    -> MetricDefinition?
  {
    definition(id) ?? all(approaches: approaches, minimumGroup: minimumGroup).first { $0.id == id }
  }

  /// What the impact section says when no approach is configured.
  public static let noApproaches =
    "No approaches are configured (approaches.json); there is nothing to compare."
}
