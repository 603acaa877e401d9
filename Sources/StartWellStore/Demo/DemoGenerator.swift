import GRDB
import StartWellCore

/// Makes households, one after another, from the seeded generator.
///
/// Every date is counted back from `today`, the anchor day taken from the
/// store's clock, and every random choice comes from `rng` in a fixed order,
/// so the same seed on the same day makes the same store.
struct DemoGenerator {
  let config: Configuration
  /// The anchor: today's day number. Nothing generated falls on or after it except due dates.
  let today: Int
  var rng: DemoRandom
  /// Draws for the children's sessions of local approaches, apart from
  /// `rng` so that adding them left every other record of a seed as it was.
  var approachRng: DemoRandom
  var ids: DemoIDs
  var refs: DemoReferences
  let staff: DemoStaff
  private var nhsUsed: Set<String> = []
  private let places: [(team: Int, sdf: SDF, district: String)]
  private var huddlesBySDF: [String: [(id: String, day: Int)]] = [:]
  private(set) var huddleRows: [[DatabaseValue]] = []
  /// Items placed so far at each huddle: the next item's position.
  private var huddleItemCounts: [String: Int] = [:]
  private let huddleItemChance: Double
  private let contactTypes: [(String, Int)]
  let services: [(String, Int)]
  /// The six school terms up to today's, whose development records the demo makes.
  let terms: [SchoolTerm]
  /// The terms the demo's two-year offer records are for: those of `terms`
  /// before the sample files' term, which is left for a person to import.
  let offerTerms: [SchoolTerm]
  /// Files a person can import to try the intake.
  var samples: DemoSamples
  /// Ids of the notifications made so far: one made twice is held once.
  var notificationIDs: Set<String> = []
  var notificationCount = 0
  var offerCount = 0

  private(set) var people = 0
  private(set) var contacts = 0
  /// Households made so far.
  private(set) var made = 0
  /// One household in this many (the first among them) has been known to
  /// its hub for years, with a chronology of over 200 entries: the families
  /// that take longest to open.
  static let longKnownEvery = 500
  var escalationCount = 0
  var referralCount = 0
  private(set) var developmentCount = 0

  init(config: Configuration, today: LocalDate, seed: UInt64, families: Int) {
    self.config = config
    self.today = today.dayNumber
    var rng = DemoRandom(seed: seed)
    approachRng = DemoRandom(seed: seed ^ 0x4150_5052_4F41_4348)
    var ids = DemoIDs(anchor: today)
    staff = DemoStaff(config: config, families: families, rng: &rng, ids: &ids)
    refs = DemoReferences(reserving: families * 5)
    nhsUsed.reserveCapacity(families * 4)

    var places: [(team: Int, sdf: SDF, district: String)] = []
    for (t, hub) in config.hubs.enumerated() {
      for sdf in hub.sdfs { places.append((t, sdf, "ST\(places.count + 1)")) }
    }
    self.places = places
    let eligiblePerSDF = Double(families) * 0.4 / Double(max(1, places.count))
    huddleItemChance = min(0.6, 30 / max(1, eligiblePerSDF))

    let typeWeights = [
      "home-visit": 25, "hub-visit": 18, "phone": 25, "setting-visit": 9, "group-session": 14,
      "huddle-discussion": 5, "other": 4, "intervention": 0,
    ]
    contactTypes = config.contactTypes.map { ($0.id, typeWeights[$0.id] ?? 5) }
    let serviceWeights = [
      "slt": 25, "health-visiting": 15, "send-portage": 8, "perinatal-mh": 10, "domestic-abuse": 6, "csc": 4,
      "two-year-offer": 12,
    ]
    services = config.services.map { ($0.id, serviceWeights[$0.id] ?? 5) }

    let todayNumber = self.today
    let started = config.terms.all.filter { $0.start.dayNumber < todayNumber }
    self.terms = Array(started.suffix(6))
    // The term `twos import` takes by default today: the one containing
    // today, else the next.
    let anchor = LocalDate(dayNumber: todayNumber)
    let sampleTerm = config.terms.term(containing: anchor) ?? config.terms.all.first { $0.start > anchor }
    samples = DemoSamples(term: sampleTerm)
    offerTerms = terms.filter { $0 != sampleTerm }
    self.rng = rng
    self.ids = ids
    makeHuddles()
  }

  // MARK: - Time

  var yesterday: Int { today - 1 }

  /// A moment in working hours on `day`, moved off a weekend to the Friday before (unless that is before `start`).
  mutating func workTime(_ day: Int, notBefore start: Int = .min) -> Int {
    var d = day
    let weekday = ((d + 4) % 7 + 7) % 7  // 0 is Sunday
    if weekday == 6 { d -= 1 } else if weekday == 0 { d -= 2 }
    if d < start { d = day }
    return d * 86_400 + (510 + rng.int(0...540)) * 60
  }

  /// When work due on `due` was marked done, and by whom: mostly a day or
  /// two before or on the day, one in five late. Made from the due day
  /// alone, without a draw, so the rest of the demo stays as it was.
  func doneStamp(_ due: Int?, by user: String) -> [DatabaseValue] {
    guard let due else { return [.null, .null] }
    let late = due % 5 == 0
    let day = min(late ? due + 1 + due % 3 : due - due % 3, max(due, yesterday))
    return [DemoText.instant(day * 86_400 + (600 + due % 7 * 37) * 60).dv, user.dv]
  }

  func dayOf(_ seconds: Int) -> Int { Int((Double(seconds) / 86_400).rounded(.down)) }

  // MARK: - Huddles

  private mutating func makeHuddles() {
    for (index, place) in places.enumerated() {
      let team = staff.teams[place.team]
      let lead = team.leads[place.sdf.id] ?? team.supervisors[0]
      var list: [(id: String, day: Int)] = []
      for k in 0..<6 {
        let at = workTime(today - 3 - 14 * k - index % 4)
        // The id is the one a terminal starting this huddle would make; the
        // draw is kept so the rest of the demo is as it was for its seed.
        _ = ids.make(&rng)
        let id = HuddleID.huddle(
          hub: team.hub.id, sdf: place.sdf.id, date: LocalDate(dayNumber: dayOf(at)))
        var attendees = [lead, team.supervisors[k % team.supervisors.count]]
        for _ in 0..<3 {
          let p = rng.pick(team.practitioners)
          if !attendees.contains(p) { attendees.append(p) }
        }
        list.append((id, dayOf(at)))
        huddleRows.append(
          [
            id.dv, team.hub.id.dv, place.sdf.id.dv, DemoText.day(dayOf(at)).dv,
            DemoText.jsonArray(attendees).dv, lead.dv, 1.dv, DemoText.instant(at + 3_600).dv, lead.dv,
          ] + common(created: at, updated: at + 3_600, author: lead))
      }
      huddlesBySDF[place.sdf.id] = list
    }
  }

  // MARK: - People

  struct Member {
    var id: String
    var given: String
    var surname: String
    var relationship: Relationship
    var sex: Sex
    var dob: Int
    var expected = false
    var flags: [String] = []
    var send = false
    /// An education, health and care plan; only a child with SEND has one.
    var ehcp = false
    var nhs: String?
    /// 0 developing as expected, 1 some delay, 2 marked delay.
    var profile = 0
    var name: String { "\(given) \(surname)" }
  }

  private mutating func nhsNumber() -> String {
    while true {
      var nine = String(rng.pick(["4", "6", "7"]))
      for _ in 0..<8 { nine.append(Character(Unicode.Scalar(UInt8(48 + rng.int(0...9))))) }
      if let full = NHSNumber.withCheckDigit(nine), nhsUsed.insert(full).inserted { return full }
    }
  }

  /// Polish surnames take their feminine form for women; a few surnames are only ever women's.
  private static func surname(_ base: String, female: Bool) -> String {
    if female {
      if base.hasSuffix("ski") || base.hasSuffix("cki") { return String(base.dropLast()) + "a" }
      return base
    }
    switch base {
    case "Kaur": return "Singh"
    case "Begum": return "Miah"
    case "Bibi": return "Ali"
    default: return base
    }
  }

  private mutating func pool() -> DemoVocabulary.NamePool {
    DemoVocabulary.pools[rng.weighted(DemoVocabulary.pools.map(\.weight))]
  }

  // MARK: - A household

  mutating func household() -> DemoHousehold {
    let place = places[rng.int(0...(places.count - 1))]
    let team = staff.teams[place.team]
    let hubID = team.hub.id
    let lead = rng.pick(team.practitioners)
    let familyID = ids.make(&rng)
    let reference = refs.make("F", &rng)
    made += 1
    let longKnown = made % Self.longKnownEvery == 1
    let opened = longKnown ? today - 800 - rng.int(0...90) : today - rng.int(14...900)
    let familyCreated = workTime(opened)
    let levels = CaseLevel.allCases
    let level = levels[rng.weighted([55, 28, 12, 5])]
    let need = DemoNeed.of(level)
    var closed: Int? = nil
    // Closed cases closed within the last two years, so each has contacts in that window.
    if !longKnown && opened < yesterday - 60 && rng.chance(0.12) {
      closed = rng.int(max(opened + 60, today - 700)...yesterday)
    }
    let isOpen = closed == nil

    // Members: adults first, then children oldest first, then an expected baby.
    let familyPool = pool()
    let hasMother = rng.chance(0.93)
    let hasFather = hasMother ? rng.chance(0.55) : rng.chance(0.6)
    let hasCarer = (!hasMother && !hasFather) || rng.chance(0.04)
    let hasOther = rng.chance(0.07)
    let fatherPool = rng.chance(0.85) ? familyPool : pool()
    let motherBase = rng.pick(familyPool.surnames)
    let fatherBase =
      fatherPool.surnames == familyPool.surnames && rng.chance(0.6)
      ? motherBase : rng.pick(fatherPool.surnames)

    var childAges: [Int] = []
    let wanted = 1 + rng.weighted([50, 35, 15])
    var age = rng.int(1...2100)
    while childAges.count < wanted && age <= 2150 {
      childAges.append(age)
      age += rng.int(330...1000)
    }
    let oldest = childAges.max()!

    var members: [Member] = []
    func language(_ pool: DemoVocabulary.NamePool, _ rng: inout DemoRandom) -> String? {
      rng.chance(0.08) ? nil : rng.weighted(pool.languages)
    }
    var languages: [String: String?] = [:]
    if hasMother {
      let dob = today - oldest - rng.int(17...38) * 365 - rng.int(0...364)
      let m = Member(
        id: ids.make(&rng), given: rng.pick(familyPool.female),
        surname: Self.surname(motherBase, female: true),
        relationship: .mother, sex: .female, dob: dob)
      languages[m.id] = language(familyPool, &rng)
      members.append(m)
    }
    if hasFather {
      let dob = today - oldest - rng.int(18...45) * 365 - rng.int(0...364)
      let f = Member(
        id: ids.make(&rng), given: rng.pick(fatherPool.male),
        surname: Self.surname(fatherBase, female: false),
        relationship: .father, sex: .male, dob: dob)
      languages[f.id] = language(fatherPool, &rng)
      members.append(f)
    }
    if hasCarer {
      let female = rng.chance(0.8)
      let c = Member(
        id: ids.make(&rng), given: rng.pick(female ? familyPool.female : familyPool.male),
        surname: Self.surname(rng.pick(familyPool.surnames), female: female), relationship: .carer,
        sex: female ? .female : .male, dob: today - rng.int(45...70) * 365 - rng.int(0...364))
      languages[c.id] = language(familyPool, &rng)
      members.append(c)
    }
    if hasOther {
      let female = rng.chance(0.6)
      let o = Member(
        id: ids.make(&rng), given: rng.pick(female ? familyPool.female : familyPool.male),
        surname: Self.surname(rng.chance(0.5) ? motherBase : rng.pick(familyPool.surnames), female: female),
        relationship: .other, sex: female ? .female : .male,
        dob: today - rng.int(16...70) * 365 - rng.int(0...364))
      languages[o.id] = language(familyPool, &rng)
      members.append(o)
    }
    let adultCount = members.count
    let familyLanguage = languages[members[0].id] ?? nil
    let childBase =
      hasFather && (!hasMother || rng.chance(0.6)) ? fatherBase : hasMother ? motherBase : members[0].surname
    // A child never shares a given name with anyone else in the household.
    var givenNames = Set(members.map(\.given))
    for ageDays in childAges.sorted(by: >) {
      let female = rng.chance(0.5)
      let namePool = fatherPool.surnames != familyPool.surnames && rng.chance(0.5) ? fatherPool : familyPool
      var given = rng.pick(female ? namePool.female : namePool.male)
      for _ in 0..<8 where givenNames.contains(given) {
        given = rng.pick(female ? namePool.female : namePool.male)
      }
      givenNames.insert(given)
      var child = Member(
        id: ids.make(&rng), given: given, surname: Self.surname(childBase, female: female),
        relationship: .child,
        sex: female ? .female : .male, dob: today - ageDays)
      child.profile = rng.weighted([72, 20, 8])
      let years = LocalDate(dayNumber: child.dob).years(until: LocalDate(dayNumber: today))
      if years >= 1 {
        child.send = rng.chance([0.01, 0.08, 0.5][child.profile] + need.send)
        child.ehcp = child.send && rng.chance(0.3)
      }
      languages[child.id] = familyLanguage == "English" || rng.chance(0.5) ? "English" : familyLanguage
      members.append(child)
    }
    if rng.chance(need.concernByHand) {
      members[0].flags.append(rng.pick(["parental-mental-health", "housing-insecure", "young-parent"]))
    }
    let expecting = hasMother && rng.chance(0.08)
    if expecting {
      members.append(
        Member(
          id: ids.make(&rng), given: "Baby", surname: members[0].surname, relationship: .child, sex: .unknown,
          dob: today + rng.int(1...240), expected: true))
    }
    for i in members.indices where !members[i].expected {
      if rng.chance(members[i].relationship == .child ? 0.95 : 0.85) { members[i].nhs = nhsNumber() }
    }
    let postcode =
      "\(place.district) \(rng.int(1...9))\(rng.pick(DemoVocabulary.inwardLetters))\(rng.pick(DemoVocabulary.inwardLetters))"
    let address = "\(rng.int(1...180)) \(rng.pick(DemoVocabulary.streets))"
    // Notifications and the two-year offer, and what risk reads of them.
    let records = intake(
      DemoHome(
        familyID: familyID, hub: hubID, sdf: place.sdf.id, team: team, lead: lead, opened: opened, need: need,
        postcode: postcode, address: address, members: members))

    var h = DemoHousehold(
      search: DemoSearchRow(
        familyID: familyID, reference: reference, names: "", postcode: "", nhs: "", dob: ""))

    for m in members {
      people += 1
      let created =
        m.expected
        ? workTime(max(opened, today - 120))
        : m.dob > opened ? workTime(min(m.dob + rng.int(1...14), yesterday)) : familyCreated
      let lang = languages[m.id] ?? nil
      let interpreter = m.relationship.isAdult && lang != nil && lang != "English" && rng.chance(0.35)
      h.people.append(
        [
          m.id.dv, refs.make("P", &rng).dv, familyID.dv, m.given.dv, m.surname.dv, DemoText.day(m.dob).dv,
          m.expected.dv, m.sex.rawValue.dv, m.relationship.rawValue.dv, m.nhs.dv, lang.dv, interpreter.dv,
          m.send.dv, m.ehcp.dv, DemoText.jsonArray(m.flags).dv,
        ] + common(created: created, author: lead))
    }

    // The case.
    let caseID = ids.make(&rng)
    let flagged = isOpen && level > .universal && rng.chance(0.05)
    let closureReason = closed.map { _ in rng.pick(DemoVocabulary.closureReasons) }
    let nextReview = isOpen ? DemoText.day(today + rng.int(-30...90)) : nil
    h.caseRow =
      [
        caseID.dv, familyID.dv, (isOpen ? "open" : "closed").dv, DemoText.day(opened).dv,
        closed.map(DemoText.day).dv, closureReason.dv, level.rawValue.dv, lead.dv, nextReview.dv, flagged.dv,
      ] + common(created: familyCreated, updated: closed.map { workTime($0) } ?? familyCreated, author: lead)

    // Contacts over the case's life within the last two years.
    let start = max(opened, today - 730)
    // A family that has stopped engaging: its contacts stopped three to eight months ago.
    let disengaged = isOpen && opened < today - 120 && rng.chance(need.disengaged)
    let end = closed ?? (disengaged ? max(start, today - rng.int(91...240)) : yesterday)
    let baseCount = [rng.int(5...12), rng.int(7...14), rng.int(9...18), rng.int(11...22)][level.rank]
    let count = longKnown ? 200 + rng.int(0...40) : min(baseCount, max(1, (end - start + 1) / 4))
    var days = (0..<count).map { _ in rng.int(start...end) }
    days.sort()
    var lastContact = Int.min
    let present = members.filter { !$0.expected }
    let mother = present.first { $0.relationship == .mother }
    let father = present.first { $0.relationship == .father }
    let carers = present.filter { $0.relationship == .carer }
    let children = present.filter { $0.relationship == .child }
    for day in days {
      let at = workTime(day, notBefore: start)
      lastContact = max(lastContact, at)
      let type = rng.weighted(contactTypes)
      let significant = rng.chance(0.05)
      var who: [String] = []
      switch type {
      case "home-visit", "hub-visit", "group-session":
        if let mother, rng.chance(0.95) { who.append(mother.id) }
        if let father, rng.chance(type == "home-visit" ? 0.3 : 0.15) { who.append(father.id) }
        for c in carers where rng.chance(0.8) { who.append(c.id) }
        for c in children where rng.chance(0.7) { who.append(c.id) }
      case "phone":
        if let father, mother == nil || rng.chance(0.15) {
          who.append(father.id)
        } else if let adult = mother ?? carers.first {
          who.append(adult.id)
        }
      case "setting-visit":
        for c in children where rng.chance(0.8) { who.append(c.id) }
      case "huddle-discussion":
        break
      default:
        if let adult = mother ?? father ?? carers.first, rng.chance(0.7) { who.append(adult.id) }
      }
      let withMother = mother.map { who.contains($0.id) } ?? false
      let withFather = father.map { who.contains($0.id) } ?? false
      let summary =
        significant
        ? rng.pick(DemoVocabulary.significantSummaries)
        : withFather && rng.chance(0.3)
          ? rng.pick(DemoVocabulary.fatherSummaries)
          : rng.pick(DemoVocabulary.contactSummaries[type] ?? DemoVocabulary.contactSummaries["other"]!)
      var notes = DemoVocabulary.contactNotes
      if withMother { notes += DemoVocabulary.motherNotes }
      if withFather { notes += DemoVocabulary.fatherNotes }
      var followUp: Int? = nil
      var done = false
      if rng.chance(0.25) {
        let due = dayOf(at) + rng.int(7...28)
        followUp = due
        done = due < today - 14 ? rng.chance(0.92) : due < today ? rng.chance(0.4) : false
      }
      let practitioner = rng.chance(0.7) ? lead : rng.pick(team.practitioners)
      h.contacts.append(
        [
          ids.make(&rng).dv, familyID.dv, practitioner.dv, DemoText.instant(at).dv, type.dv, summary.dv,
          rng.pick(notes).dv, significant.dv, followUp.map(DemoText.day).dv, done.dv,
          DemoText.jsonArray(who).dv,
        ] + doneStamp(done ? followUp : nil, by: practitioner) + common(created: at, author: practitioner))
    }

    if isOpen, rng.chance([0.04, 0.10, 0.14, 0.12][level.rank]) {
      h.escalations.append(
        escalation(familyID: familyID, caseID: caseID, level: level, opened: opened, lead: lead, team: team))
    }

    let referralCount = rng.weighted([62, 30, 8])
    for _ in 0..<referralCount {
      if let r = referral(familyID: familyID, members: present, opened: opened, lead: lead) {
        h.referrals.append(r)
      }
    }

    // Development records each term for children aged 2 to 4; the latest WellComm band is what risk reads.
    var redChildren = false
    let window = DemoSessionWindow(
      days: start...max(start, end), carer: (mother ?? carers.first)?.id, hubIndex: place.team)
    for child in children {
      let made = developmentRecords(
        child: child, familyID: familyID, opened: opened, lead: lead, team: team, window: window)
      h.development += made.rows
      h.approachContacts += made.sessions
      // Sessions fall within the contact window; the last contact counts them.
      lastContact = max(lastContact, made.lastSession ?? .min)
      if made.latestRed { redChildren = true }
    }
    developmentCount += h.development.count
    contacts += h.contacts.count + h.approachContacts.count

    // Huddle items (with actions) for cases worth discussing, and a few other actions.
    if isOpen, level > .universal || flagged, rng.chance(huddleItemChance) {
      let choices = (huddlesBySDF[place.sdf.id] ?? []).filter { $0.day >= opened }
      if !choices.isEmpty {
        let huddle = rng.pick(choices)
        _ = ids.make(&rng)
        let itemID = HuddleID.item(huddleID: huddle.id, familyID: familyID)
        let position = (huddleItemCounts[huddle.id] ?? 0) + 1
        huddleItemCounts[huddle.id] = position
        let author = team.leads[place.sdf.id] ?? lead
        let at = workTime(huddle.day)
        h.huddleItems.append(
          [
            itemID.dv, huddle.id.dv, familyID.dv, caseID.dv, rng.pick(DemoVocabulary.huddleDiscussions).dv,
            rng.pick(DemoVocabulary.huddleDecisions).dv, position.dv, HuddleItemState.discussed.rawValue.dv,
            DemoText.jsonArray([flagged ? "flagged" : "review"]).dv,
          ] + common(created: at, author: author))
        if rng.chance(0.6) {
          let due = huddle.day + 14
          let done = due < today - 3 && rng.chance(0.75)
          h.actions.append(
            [
              ids.make(&rng).dv, familyID.dv, caseID.dv, itemID.dv,
              rng.pick(DemoVocabulary.actionDescriptions).dv,
              lead.dv, DemoText.day(due).dv, (done ? "done" : "open").dv,
            ] + doneStamp(done ? due : nil, by: lead) + common(created: at, author: author))
        }
      }
    }
    if isOpen, level >= .targeted, rng.chance(0.1) {
      let created = workTime(max(opened, today - rng.int(1...30)))
      let due = today + rng.int(-20...30)
      let done = due < today && rng.chance(0.5)
      let owner = rng.chance(0.8) ? lead : rng.pick(team.supervisors)
      h.actions.append(
        [
          ids.make(&rng).dv, familyID.dv, caseID.dv, DatabaseValue.null,
          rng.pick(DemoVocabulary.actionDescriptions).dv,
          owner.dv, DemoText.day(due).dv, (done ? "done" : "open").dv,
        ] + doneStamp(done ? due : nil, by: owner) + common(created: created, author: team.supervisors[0]))
    }

    // The family row, with the derived columns FamilyIndex would compute.
    let adults = members.prefix(adultCount)
    var surnames: [String] = []
    for m in adults
    where m.relationship == .mother || m.relationship == .father
      || (!hasMother && !hasFather && m.relationship == .carer)
    {
      if !surnames.contains(m.surname) { surnames.append(m.surname) }
    }
    // Scored by the same factors as FamilyIndex. The stored score reads of
    // development only whether some child's latest band is red, which is
    // all the generator keeps of it here.
    var facts = RiskFacts(
      members: members.map {
        RiskFacts.Member(id: $0.id, name: $0.name, send: $0.send, ehcp: $0.ehcp, flags: $0.flags)
      }, notices: records.notices, twoYearOffers: records.offerFacts)
    if redChildren {
      facts.latestDevelopment = [
        RiskFacts.Development(
          recordID: "", personID: "", term: "", recordedOn: LocalDate(dayNumber: today), wellcomm: .red)
      ]
    }
    let flagScore = RiskScorer.storedScore(facts, config: config)
    let consent: Consent? = [Consent.given, .refused, nil][rng.weighted([85, 5, 10])]
    let intakeColumns = FamilyIndex.intakeValues(facts, config: config)
    let name = surnames.joined(separator: " / ")
    h.family =
      [
        familyID.dv, reference.dv, name.dv, address.dv, postcode.dv, hubID.dv, place.sdf.id.dv,
        consent?.rawValue.dv ?? .null, consent == nil ? .null : DemoText.day(opened).dv, lead.dv,
        flagScore.dv,
        lastContact == Int.min ? .null : dayOf(lastContact).dv,
      ] + intakeColumns + [
        isOpen ? level.rawValue.dv : .null,
        isOpen ? lead.dv : .null, isOpen ? caseID.dv : .null, nextReview.dv,
        isOpen ? DemoText.day(opened).dv : .null,
      ] + common(created: familyCreated, author: lead)
    h.search = DemoSearchRow(
      familyID: familyID, reference: SearchText.referenceTokens(reference),
      names: SearchText.fold((members.flatMap { [$0.given, $0.surname] } + [name]).joined(separator: " ")),
      postcode: SearchText.postcodeTokens(postcode),
      nhs: members.compactMap(\.nhs).joined(separator: " "),
      dob: members.map { SearchText.compactDate(DemoText.day($0.dob)) }.joined(separator: " ")
    )
    h.notifications = records.notifications
    h.offers = records.offers
    return h
  }

  // MARK: - Rows

  func common(created: Int, updated: Int? = nil, author: String) -> [DatabaseValue] {
    [DemoText.instant(created).dv, DemoText.instant(updated ?? created).dv, author.dv, 0.dv]
  }
}
