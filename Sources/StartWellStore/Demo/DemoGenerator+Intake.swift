import GRDB
import StartWellCore

/// What the intake made for one household: the rows to write, and what the
/// risk factors read of them (`RiskFacts`), so its bands count them as the
/// store would.
struct DemoIntake {
  var notifications: [[DatabaseValue]] = []
  var offers: [[DatabaseValue]] = []
  var notices: [RiskFacts.Notice] = []
  var offerFacts: [RiskFacts.TwoYearOffer] = []
}

/// The household the intake is about.
struct DemoHome {
  var familyID: String
  var hub: String
  var sdf: String
  var team: DemoStaff.HubTeam
  var lead: String
  /// The day the family became known (a day number).
  var opened: Int
  var need: DemoNeed
  var postcode: String
  var address: String
  var members: [DemoGenerator.Member]

  var mother: DemoGenerator.Member? { members.first { $0.relationship == .mother } }
  var children: [DemoGenerator.Member] { members.filter { $0.relationship == .child && !$0.expected } }
  var parent: DemoGenerator.Member? { members.first { $0.relationship.isAdult } }
}

/// One notification about to be written.
struct DemoNotification {
  var kind: NotificationKind
  var person: DemoReceived
  var nhs: String?
  var details: [String: CheckedNotification.DetailValue]
  /// Seconds since 1970.
  var received: Int
  var receivedBy: String
  var triage: Triage?

  struct Triage {
    var decision: TriageDecision
    var by: String
    var at: Int
    var note: String
  }
}

extension DemoGenerator {
  /// Every intake record of a household: the two-year offer over recent
  /// terms, partners' notifications triaged onto it, and some waiting in
  /// the queue (typed a little wrong, or twice), with rows for the sample files.
  mutating func intake(_ home: DemoHome) -> DemoIntake {
    var out = DemoIntake()
    twoYearOffers(home, &out)
    domesticAbuse(home, &out)
    antenatal(home, &out)
    gpEarly(home, &out)
    queued(home, &out)
    sampleNotifications(home)
    return out
  }

  // MARK: - Notifications

  /// A domestic abuse notification about the oldest child; most incidents
  /// recent enough to count, some older, whose factor has lapsed.
  private mutating func domesticAbuse(_ home: DemoHome, _ out: inout DemoIntake) {
    guard rng.chance(home.need.domesticAbuse), let child = home.children.first else { return }
    let incident = max(home.opened, today - (rng.chance(0.7) ? rng.int(1...85) : rng.int(95...400)))
    let n = DemoNotification(
      kind: .domesticAbuse, person: asHeld(child), nhs: child.nhs,
      details: domesticAbuseDetails(incident: incident),
      received: workTime(min(incident + rng.int(0...2), yesterday), notBefore: incident),
      receivedBy: triager(home, kind: .domesticAbuse), triage: nil)
    land(n, on: child, home, within: 1, &out)
  }

  /// An antenatal notification for an expecting mother, about the baby due;
  /// and for a baby born in the last months, the one that came before.
  private mutating func antenatal(_ home: DemoHome, _ out: inout DemoIntake) {
    guard let mother = home.mother else { return }
    if let baby = home.members.first(where: \.expected) {
      let receivedDay = max(home.opened, min(baby.dob - rng.int(120...230), yesterday - rng.int(0...20)))
      let n = DemoNotification(
        kind: .antenatal, person: asHeld(mother), nhs: mother.nhs,
        details: antenatalDetails(edd: baby.dob, highRisk: rng.chance(home.need.antenatal)),
        received: workTime(receivedDay), receivedBy: triager(home, kind: .antenatal), triage: nil)
      land(n, on: mother, home, within: 3, &out)
    }
    for child in home.children where today - child.dob < 200 && rng.chance(0.35) {
      let edd = child.dob + rng.int(-14...10)
      let receivedDay = max(home.opened, min(edd - rng.int(120...220), yesterday))
      let n = DemoNotification(
        kind: .antenatal, person: asHeld(mother), nhs: mother.nhs,
        details: antenatalDetails(edd: edd, highRisk: rng.chance(home.need.antenatal * 0.6)),
        received: workTime(receivedDay), receivedBy: triager(home, kind: .antenatal), triage: nil)
      land(n, on: mother, home, within: 3, &out)
    }
  }

  /// A GP's early notification about a child, now and then.
  private mutating func gpEarly(_ home: DemoHome, _ out: inout DemoIntake) {
    guard rng.chance(0.05), let child = home.children.first else { return }
    let n = DemoNotification(
      kind: .gpEarly, person: asHeld(child), nhs: child.nhs, details: gpDetails(),
      received: workTime(max(home.opened, today - rng.int(1...300))),
      receivedBy: triager(home, kind: .gpEarly), triage: nil)
    land(n, on: child, home, within: 5, &out)
  }

  /// Notifications waiting for triage: about a member, typed a little
  /// wrong, some past their target; now and then about someone the store
  /// does not hold.
  private mutating func queued(_ home: DemoHome, _ out: inout DemoIntake) {
    if rng.chance(0.03), let (n, _) = variant(home, receivedDaysAgo: rng.int(1...12)) {
      writeNotification(n, home, &out)
    }
    if rng.chance(0.01) {
      let pool = DemoVocabulary.pools[rng.weighted(DemoVocabulary.pools.map(\.weight))]
      let stranger = DemoReceived(
        given: rng.pick(rng.chance(0.5) ? pool.female : pool.male), surname: rng.pick(pool.surnames),
        dob: today - rng.int(200...1600))
      let day = today - rng.int(1...10)
      let n = DemoNotification(
        kind: rng.chance(0.5) ? .domesticAbuse : .gpEarly, person: stranger, nhs: nil, details: [:],
        received: workTime(day), receivedBy: triager(home, kind: .domesticAbuse), triage: nil)
      writeNotification(filled(n, incident: dayOf(n.received) - 1), home, &out)
    }
  }

  /// A notification about one of the household's members, of a kind that
  /// fits them, with a typing error half the time.
  mutating func variant(_ home: DemoHome, receivedDaysAgo: Int) -> (DemoNotification, DemoTypo?)? {
    let kinds: [NotificationKind] =
      (home.children.isEmpty ? [] : [.domesticAbuse, .gpEarly]) + (home.mother == nil ? [] : [.antenatal])
    guard !kinds.isEmpty else { return nil }
    let kind = rng.pick(kinds)
    let about = kind == .antenatal ? home.mother! : rng.pick(home.children)
    var person = asHeld(about)
    var typo: DemoTypo?
    if rng.chance(0.5) {
      let (typed, kind) = person.withTypo(&rng)
      person = typed
      typo = kind
    }
    let day = today - receivedDaysAgo
    let n = DemoNotification(
      kind: kind, person: person, nhs: rng.chance(0.5) ? about.nhs : nil, details: [:],
      received: workTime(day), receivedBy: triager(home, kind: kind), triage: nil)
    // From the working day it arrived, so an incident never follows it.
    return (filled(n, incident: dayOf(n.received) - rng.int(0...2)), typo)
  }

  /// The kind's own fields, made up for a notification that has none yet.
  mutating func filled(_ n: DemoNotification, incident: Int) -> DemoNotification {
    var n = n
    switch n.kind {
    case .domesticAbuse: n.details = domesticAbuseDetails(incident: incident)
    case .antenatal:
      n.details = antenatalDetails(edd: today + rng.int(60...200), highRisk: rng.chance(0.4))
    default: n.details = gpDetails()
    }
    return n
  }

  /// Triages a notification onto `member`, or, when it came in the last
  /// few days, leaves it waiting, sometimes with a second copy typed a
  /// little differently (a near-duplicate for the person triaging to spot).
  private mutating func land(
    _ n: DemoNotification, on member: Member, _ home: DemoHome, within days: Int, _ out: inout DemoIntake
  ) {
    var n = n
    if dayOf(n.received) >= today - 5 && rng.chance(0.4) {
      writeNotification(n, home, &out)
      if rng.chance(0.5) {
        var again = n
        again.person = n.person.withTypo(&rng).0
        again.received = n.received + rng.int(1_800...86_400)
        if dayOf(again.received) < today { writeNotification(again, home, &out) }
      }
      return
    }
    let day = min(dayOf(n.received) + rng.int(0...days), yesterday)
    var at = workTime(day, notBefore: dayOf(n.received))
    if at <= n.received { at = n.received + rng.int(600...7_200) }
    // Now and then the sender typed the name differently; the person
    // triaging matched it all the same.
    if rng.chance(0.2) { n.person = n.person.withTypo(&rng).0 }
    n.triage = DemoNotification.Triage(
      decision: TriageDecision(.attached, target: member.id), by: triager(home, kind: n.kind), at: at,
      note: rng.pick(DemoVocabulary.triageNotes))
    writeNotification(n, home, &out)
  }

  /// Writes the row, and what the risk factors read of it when it landed.
  /// The same notification made twice is held once, as on a terminal.
  mutating func writeNotification(_ n: DemoNotification, _ home: DemoHome, _ out: inout DemoIntake) {
    let checked = checkedNotification(n, home)
    let id = NotificationID.of(checked)
    guard notificationIDs.insert(id).inserted else { return }
    let reference = refs.make("N", &rng)
    notificationCount += 1
    let t = n.triage
    out.notifications.append(
      [
        id.dv, reference.dv, n.kind.rawValue.dv, home.hub.dv, DemoText.instant(n.received).dv,
        n.receivedBy.dv,
        n.person.given.dv, n.person.surname.dv, n.person.dob.map(DemoText.day).dv, n.nhs.dv, home.postcode.dv,
        home.address.dv, checked.detailsJSON.dv, t.map(\.decision.text).dv, (t?.note ?? "").dv,
        t.map(\.by).dv,
        t.map { DemoText.instant($0.at) }.dv,
      ] + common(created: n.received, updated: t?.at ?? n.received, author: n.receivedBy))
    if let person = t?.decision.personID {
      out.notices.append(
        RiskFacts.Notice(
          recordID: id, reference: reference, kind: n.kind, personID: person,
          source: Notification.source(kind: n.kind, details: n.details, config: config),
          receivedOn: LocalDate(dayNumber: dayOf(n.received)), details: n.details,
          triagedOn: t.map { LocalDate(dayNumber: dayOf($0.at)) }))
    }
    if t != nil { repeatSample(n, home) }
  }

  func checkedNotification(_ n: DemoNotification, _ home: DemoHome) -> CheckedNotification {
    CheckedNotification(
      kind: n.kind, hubID: home.hub,
      person: ReceivedPerson(
        givenName: n.person.given, familyName: n.person.surname,
        dateOfBirth: n.person.dob.map(LocalDate.init(dayNumber:)), nhsNumber: n.nhs, postcode: home.postcode,
        address: home.address),
      details: n.details)
  }

  /// A member's details exactly as the store holds them.
  func asHeld(_ m: Member) -> DemoReceived { DemoReceived(given: m.given, surname: m.surname, dob: m.dob) }

  /// Who takes in and triages a notification of `kind` in the household's
  /// hub: one who sees the kind (`intake.json`).
  private mutating func triager(_ home: DemoHome, kind: NotificationKind) -> String {
    let lead = home.team.leads[home.sdf] ?? home.team.supervisors[0]
    if kind == .domesticAbuse { return rng.chance(0.6) ? lead : rng.pick(home.team.supervisors) }
    return rng.chance(0.5) ? home.lead : lead
  }

  // MARK: - The kinds' fields

  private mutating func domesticAbuseDetails(incident: Int) -> [String: CheckedNotification.DetailValue] {
    let year = LocalDate(dayNumber: incident).year % 100
    return [
      "setting": .text(rng.pick(DemoVocabulary.earlyYearsSettings)),
      "incident-date": .text(DemoText.day(incident)),
      "police-ref": .text("\(DemoVocabulary.policeForce)-\(year)-\(digits(6))"),
      "category": .text(rng.pick(choices(.domesticAbuse, "category"))),
    ]
  }

  /// Criteria sorted, as a checked notification holds them. A high-risk
  /// notification has one or two high-risk criteria; another has none.
  private mutating func antenatalDetails(edd: Int, highRisk: Bool) -> [String: CheckedNotification
    .DetailValue]
  {
    let all = choices(.antenatal, "criteria")
    let high = all.filter { config.intake.highRiskCriteria.contains($0) }
    let other = all.filter { !config.intake.highRiskCriteria.contains($0) }
    var criteria: Set<String> = []
    if highRisk, !high.isEmpty {
      for _ in 0..<rng.int(1...2) { criteria.insert(rng.pick(high)) }
    }
    if !other.isEmpty, rng.chance(0.5) { criteria.insert(rng.pick(other)) }
    var details: [String: CheckedNotification.DetailValue] = [
      "edd": .text(DemoText.day(edd)), "midwife": .text(rng.pick(DemoVocabulary.midwives)),
    ]
    if !criteria.isEmpty { details["criteria"] = .list(criteria.sorted()) }
    return details
  }

  private mutating func gpDetails() -> [String: CheckedNotification.DetailValue] {
    let concern = rng.pick(choices(.gpEarly, "concern"))
    return [
      "concern": .text(concern),
      "summary": .text(rng.pick(DemoVocabulary.gpSummaries[concern] ?? DemoVocabulary.gpSummaries["other"]!)),
      "practice": .text(rng.pick(DemoVocabulary.practices)),
    ]
  }

  private func choices(_ kind: NotificationKind, _ field: String) -> [String] {
    config.intake.kind(kind)?.field(field)?.choices.map(\.id) ?? []
  }

  mutating func digits(_ count: Int) -> String {
    String((0..<count).map { _ in Character(Unicode.Scalar(UInt8(48 + rng.int(0...9)))) })
  }
}
