import StartWellCore

/// The demo's staff: an admin, and in every hub supervisors, a huddle lead
/// for each SDF and enough practitioners for caseloads of about 150 families.
///
/// Numbering runs round the hubs in configuration order, so `practitioner1`,
/// `supervisor1` and `lead1` are in the first hub and `practitioner2` in the
/// second, whatever the hubs are called.
struct DemoStaff {
  struct Member {
    var id: String
    var username: String
    var displayName: String
    var role: Role
    var hubs: [String]
  }

  struct HubTeam {
    var hub: Hub
    var practitioners: [String] = []
    var supervisors: [String] = []
    /// The huddle lead of each SDF, by SDF id.
    var leads: [String: String] = [:]
  }

  var members: [Member] = []
  var teams: [HubTeam]

  init(config: Configuration, families: Int, rng: inout DemoRandom, ids: inout DemoIDs) {
    let hubs = config.hubs
    teams = hubs.map { HubTeam(hub: $0) }
    var usedNames: Set<String> = []

    func person(_ rng: inout DemoRandom) -> String {
      while true {
        let pool = DemoVocabulary.pools[rng.weighted(DemoVocabulary.pools.map(\.weight))]
        let given = rng.chance(0.8) ? rng.pick(pool.female) : rng.pick(pool.male)
        let name = "\(given) \(rng.pick(pool.surnames))"
        if usedNames.insert(name).inserted { return name }
      }
    }

    func add(_ username: String, _ role: Role, hubs: [String], _ rng: inout DemoRandom, _ ids: inout DemoIDs)
      -> String
    {
      let id = ids.make(&rng)
      members.append(Member(id: id, username: username, displayName: person(&rng), role: role, hubs: hubs))
      return id
    }

    _ = add("admin", .admin, hubs: [hubs[0].id], &rng, &ids)
    // Two supervisors per hub.
    for n in 1...(hubs.count * 2) {
      let t = (n - 1) % hubs.count
      teams[t].supervisors.append(add("supervisor\(n)", .supervisor, hubs: [hubs[t].id], &rng, &ids))
    }
    // One huddle lead per SDF, the first hub's first.
    var leadNumber = 0
    for (t, hub) in hubs.enumerated() {
      for sdf in hub.sdfs {
        leadNumber += 1
        teams[t].leads[sdf.id] = add("lead\(leadNumber)", .huddleLead, hubs: [hub.id], &rng, &ids)
      }
    }
    // Practitioners round the hubs: practitioner1 in the first hub, practitioner2 in the second.
    let perHub = min(200, max(4, families / max(1, hubs.count) / 150))
    for n in 1...(perHub * hubs.count) {
      let t = (n - 1) % hubs.count
      teams[t].practitioners.append(add("practitioner\(n)", .practitioner, hubs: [hubs[t].id], &rng, &ids))
    }
  }
}
