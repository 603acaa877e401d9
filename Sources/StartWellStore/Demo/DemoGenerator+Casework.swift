import GRDB
import StartWellCore

/// Escalations and referrals whose statuses, dates and levels agree with each other and with the case.
extension DemoGenerator {
  // MARK: - Escalations

  /// An escalation whose status agrees with the case's level now: an accepted one
  /// raised it to `level`; a declined, stepped-down or still-open one left it there.
  mutating func escalation(
    familyID: String, caseID: String, level: CaseLevel, opened: Int, lead: String, team: DemoStaff.HubTeam
  ) -> [DatabaseValue] {
    var status = EscalationStatus.allCases[rng.weighted([14, 14, 36, 16, 20])]
    if status == .accepted && level == .universal {
      status = rng.pick([.raised, .acknowledged, .declined, .steppedDown])
    } else if status != .accepted && level == .specialist {
      status = .accepted
    }
    let from: CaseLevel
    let to: CaseLevel
    if status == .accepted {
      from = rng.pick(CaseLevel.allCases.filter { $0 < level })
      to = level
    } else {
      from = level
      to = rng.pick(CaseLevel.allCases.filter { $0 > level })
    }
    let yesterday = self.yesterday
    let earliest = max(opened + 3, today - 700)
    /// A day from `from` to `to`, but not before the case opened; the latest allowed when the case is too young.
    func day(_ from: Int, _ to: Int, _ rng: inout DemoRandom) -> Int {
      let lower = max(opened, from)
      return lower >= to ? min(lower, yesterday) : rng.int(lower...to)
    }
    let raisedDay: Int
    switch status {
    case .raised: raisedDay = day(yesterday - 14, yesterday, &rng)
    case .acknowledged: raisedDay = day(yesterday - 30, yesterday - 2, &rng)
    case .accepted, .declined: raisedDay = day(earliest, yesterday - 10, &rng)
    case .steppedDown: raisedDay = day(earliest, yesterday - 40, &rng)
    }
    let raisedAt = workTime(raisedDay, notBefore: opened)
    var ackAt: Int? = nil
    var decidedAt: Int? = nil
    let supervisor = rng.pick(team.supervisors)
    if status != .raised {
      var t = workTime(min(dayOf(raisedAt) + rng.int(0...2), yesterday), notBefore: dayOf(raisedAt))
      if t <= raisedAt { t = raisedAt + 1800 }
      ackAt = t
    }
    if [.accepted, .declined, .steppedDown].contains(status), let ack = ackAt {
      let gap = status == .steppedDown ? rng.int(30...240) : rng.int(0...7)
      var t = workTime(min(dayOf(ack) + gap, yesterday), notBefore: dayOf(ack))
      if t <= ack { t = ack + 1800 }
      decidedAt = t
    }
    let note: String? =
      switch status {
      case .accepted: rng.chance(0.7) ? rng.pick(DemoVocabulary.acceptNotes) : nil
      case .declined: rng.pick(DemoVocabulary.declineNotes)
      case .steppedDown: rng.pick(DemoVocabulary.stepDownNotes)
      default: nil
      }
    let urgency = Urgency.allCases[rng.weighted([60, 30, 10])]
    escalationCount += 1
    return [
      ids.make(&rng).dv, refs.make("E", &rng).dv, familyID.dv, caseID.dv, from.rawValue.dv, to.rawValue.dv,
      rng.pick(DemoVocabulary.escalationReasons).dv, urgency.rawValue.dv, lead.dv,
      DemoText.instant(raisedAt).dv,
      status.rawValue.dv, ackAt == nil ? .null : supervisor.dv, ackAt.map(DemoText.instant).dv,
      decidedAt == nil ? .null : supervisor.dv, decidedAt.map(DemoText.instant).dv, note.dv,
    ] + common(created: raisedAt, updated: decidedAt ?? ackAt ?? raisedAt, author: lead)
  }

  // MARK: - Referrals

  enum Path: CaseIterable {
    case draft, sent, accepted, declined, seen
    case closedSeen, closedDraft, closedSent, closedDeclined, closedAccepted

    var weight: Int {
      switch self {
      case .draft: 7
      case .sent: 13
      case .accepted: 13
      case .declined: 7
      case .seen: 14
      case .closedSeen: 25
      case .closedDraft: 5
      case .closedSent: 7
      case .closedDeclined: 5
      case .closedAccepted: 4
      }
    }

    /// The statuses passed through, each with the range of days after the one before.
    var steps: [(ReferralStatus, ClosedRange<Int>)] {
      let draft = (ReferralStatus.draft, 0...0)
      let sent = (ReferralStatus.sent, 0...3)
      let accepted = (ReferralStatus.accepted, 3...21)
      let declined = (ReferralStatus.declined, 3...21)
      let seen = (ReferralStatus.seen, 7...63)
      switch self {
      case .draft: return [draft]
      case .sent: return [draft, sent]
      case .accepted: return [draft, sent, accepted]
      case .declined: return [draft, sent, declined]
      case .seen: return [draft, sent, accepted, seen]
      case .closedSeen: return [draft, sent, accepted, seen, (.closed, 7...90)]
      case .closedDraft: return [draft, (.closed, 7...30)]
      case .closedSent: return [draft, sent, (.closed, 14...60)]
      case .closedDeclined: return [draft, sent, declined, (.closed, 0...7)]
      case .closedAccepted: return [draft, sent, accepted, (.closed, 14...60)]
      }
    }
  }

  mutating func referral(familyID: String, members: [Member], opened: Int, lead: String)
    -> [DatabaseValue]?
  {
    let service = rng.weighted(services)
    let children = members.filter { $0.relationship == .child }
    let adults = members.filter { $0.relationship.isAdult }
    let person: Member
    switch service {
    case "perinatal-mh", "domestic-abuse":
      guard let adult = adults.first(where: { $0.relationship == .mother }) ?? adults.first else {
        return nil
      }
      person = adult
    case "two-year-offer":
      let twos = children.filter {
        LocalDate(dayNumber: $0.dob).years(until: LocalDate(dayNumber: today)) == 2
      }
      guard let child = twos.first ?? children.first else { return nil }
      person = child
    default:
      guard !children.isEmpty else { return nil }
      person = rng.pick(children)
    }
    let path = Path.allCases[rng.weighted(Path.allCases.map(\.weight))]
    let gaps = path.steps.map { rng.int($0.1) }
    let total = gaps.reduce(0, +)
    let startDay: Int
    switch path {
    case .draft: startDay = yesterday - rng.int(0...20)
    case .sent, .accepted: startDay = yesterday - total - rng.int(0...100)
    default:
      let lower = max(opened, today - 700)
      startDay = lower >= yesterday - total ? lower : rng.int(lower...(yesterday - total))
    }
    var dates: [(String, String)] = []
    var t = workTime(max(startDay, opened), notBefore: opened)
    let first = t
    for (i, step) in path.steps.enumerated() {
      if i > 0 {
        var next = workTime(min(dayOf(t) + gaps[i], yesterday), notBefore: dayOf(t))
        if next <= t { next = t + 1800 }
        t = next
      }
      dates.append((step.0.rawValue, DemoText.instant(t)))
    }
    let status = path.steps.last!.0
    var outcome: String? = nil
    var unsuccessful: UnsuccessfulReason? = nil
    switch path {
    case .closedSeen: outcome = rng.pick(DemoVocabulary.referralOutcomes)
    case .closedDraft: (outcome, unsuccessful) = ("Not sent", .familyDeclined)
    case .closedSent: (outcome, unsuccessful) = ("Closed; no response from family", .couldNotContact)
    case .declined, .closedDeclined:
      unsuccessful = rng.pick([.notEligible, .serviceCapacity])
      if path == .closedDeclined { outcome = "Declined by the service" }
    case .closedAccepted:
      unsuccessful = rng.pick([.couldNotContact, .familyDeclined])
      outcome = "Closed before being seen"
    default: break
    }
    let consent =
      path == .draft || path == .closedDraft ? rng.chance(0.5) : service == "csc" ? rng.chance(0.7) : true
    referralCount += 1
    return [
      ids.make(&rng).dv, refs.make("R", &rng).dv, familyID.dv, person.id.dv, service.dv,
      rng.pick(DemoVocabulary.referralReasons[service] ?? ["Support needed"]).dv, consent.dv,
      status.rawValue.dv,
      DemoText.jsonObject(dates).dv, outcome.dv, unsuccessful?.rawValue.dv ?? .null,
    ] + common(created: first, updated: t, author: lead)
  }
}
