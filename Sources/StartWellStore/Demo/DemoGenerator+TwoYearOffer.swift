import GRDB
import StartWellCore

extension DemoGenerator {
  /// Settings that offer funded two-year places.
  static let twoYearSettings = DemoVocabulary.earlyYearsSettings.filter { $0 != "Hub stay and play" }

  /// The two-year offer for each child aged two at the start of one of the
  /// demo's recent terms: listed as eligible for about half of them, taken
  /// up or not, with the id every terminal would give the record
  /// (`TwoYearOfferID`). A child of that age in the sample files' term goes
  /// into its eligibility list and, when the family takes the place, a
  /// setting's roll, for a person to import. Now and then a list's row was
  /// typed too far from the child to apply, and waits in the triage queue.
  mutating func twoYearOffers(_ home: DemoHome, _ out: inout DemoIntake) {
    for child in home.children {
      let born = LocalDate(dayNumber: child.dob)
      let terms = offerTerms.filter {
        born.years(until: $0.start) == 2 && $0.start.dayNumber - 21 >= home.opened
      }
      let inSample = samples.term.map { born.years(until: $0.start) == 2 } ?? false
      guard !terms.isEmpty || inSample, rng.chance(0.55) else { continue }
      let takes = !rng.chance(home.need.offerNotTaken)
      let setting = rng.pick(Self.twoYearSettings)
      let code = "TY\(digits(8))"
      for (i, term) in terms.enumerated() {
        let listed = term.start.dayNumber - rng.int(7...21)
        if i == terms.count - 1, rng.chance(0.06) {
          queueEligibility(child, home, term: term, code: code, listed: listed, &out)
          continue
        }
        let taken = takes && (i > 0 || !rng.chance(0.3))
        offer(child, home, term: term, code: code, listed: listed, taken: taken, setting: setting, &out)
      }
      if inSample { sampleTwos(child, home, code: code, takes: takes, setting: setting) }
    }
  }

  private mutating func offer(
    _ child: Member, _ home: DemoHome, term: SchoolTerm, code: String, listed: Int, taken: Bool,
    setting: String, _ out: inout DemoIntake
  ) {
    let id = TwoYearOfferID.of(child: child.id, term: term.name)
    let placed = taken ? min(term.start.dayNumber + rng.int(0...15), yesterday) : nil
    let created = workTime(listed)
    out.offers.append(
      [
        id.dv, child.id.dv, home.familyID.dv, term.name.dv, true.dv, code.dv, DemoText.day(listed).dv,
        taken.dv, (taken ? setting : "").dv, placed.map(DemoText.day).dv,
      ]
        + common(
          created: created, updated: placed.map { max(created, workTime($0)) } ?? created, author: home.lead))
    out.offerFacts.append(
      RiskFacts.TwoYearOffer(
        recordID: id, personID: child.id, term: term.name, eligible: true, code: code,
        listedOn: LocalDate(dayNumber: listed), takenUp: taken))
    offerCount += 1
  }

  /// A list's row the matcher could not settle, waiting for a person.
  private mutating func queueEligibility(
    _ child: Member, _ home: DemoHome, term: SchoolTerm, code: String, listed: Int, _ out: inout DemoIntake
  ) {
    var details: [String: CheckedNotification.DetailValue] = ["term": .text(term.name), "code": .text(code)]
    if let parent = home.parent { details["parent"] = .text(parent.name) }
    let n = DemoNotification(
      kind: .twoYearEligibility, person: asHeld(child).withTypo(&rng).0, nhs: nil, details: details,
      received: workTime(min(listed, yesterday)), receivedBy: home.lead, triage: nil)
    writeNotification(n, home, &out)
  }

  /// The child's row in the sample eligibility list, sometimes typed a
  /// little wrong, and in their setting's roll when the place is taken up.
  private mutating func sampleTwos(
    _ child: Member, _ home: DemoHome, code: String, takes: Bool, setting: String
  ) {
    guard let twos = samples.twosPath(hub: home.hub), samples.wants(twos) else { return }
    let person = rng.chance(0.15) ? asHeld(child).withTypo(&rng).0 : asHeld(child)
    samples.add(
      twos, header: DemoSamples.twosHeader, cap: 40,
      [
        person.given, person.surname, person.dob.map(DemoText.day) ?? "", home.parent?.name ?? "",
        home.postcode,
        code,
      ])
    guard takes else { return }
    let roll = DemoSamples.rollPath(hub: home.hub, setting: setting)
    samples.noteSetting(roll, setting)
    samples.add(
      roll, header: DemoSamples.rollHeader, cap: 25,
      [child.given, child.surname, DemoText.day(child.dob), home.postcode])
  }
}
