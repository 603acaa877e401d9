import Foundation
import StartWellCore
import StartWellStore

/// `startwell-bench store --data-dir DIR [--as USER] [--config DIR]`: measures
/// the store-side targets of SPEC section 7 on an existing (demo) store:
/// search as you type, opening a family with a 200-entry chronology, a
/// durable contact save, paging through the whole list, and peak memory.
enum StoreBenchmark {
  static func run(_ arguments: [String]) throws {
    var dataDir: String?
    var configDir = "Config"
    var username = "practitioner1"
    var i = 0
    while i < arguments.count {
      let next = i + 1 < arguments.count ? arguments[i + 1] : ""
      switch arguments[i] {
      case "--data-dir": dataDir = next
      case "--config": configDir = next
      case "--as": username = next
      default: throw BenchError("unknown option \(arguments[i])")
      }
      i += 2
    }
    guard let dataDir else { throw BenchError("--data-dir is required") }
    let config = try loadConfiguration(configDir)
    let store = try Store.open(directory: URL(fileURLWithPath: dataDir), config: config)
    guard let user = try store.user(named: username) else { throw BenchError("no user \(username)") }
    let total = try store.familyCount(FamilyQuery(), for: user)
    print("store: \(total) families visible to \(username) (\(user.hubs.joined(separator: ", ")))")

    // Search as you type: each keystroke runs the page query and the count, as the list does.
    let names = try store.families(FamilyQuery(limit: 400), for: user).map(\.name)
    var search = Samples(name: "search as you type (page + count)")
    for (n, name) in names.enumerated() where n % 4 == 0 {
      let surname = String(name.split(separator: " ").first ?? "")
      var typed = ""
      for ch in surname.prefix(7) {
        typed.append(ch)
        let q = FamilyQuery(text: typed, limit: 50)
        _ = try search.time {
          (try store.families(q, for: user), try store.familyCount(q, for: user))
        }
      }
    }
    print(search.report(target: 10))

    // Open a family whose chronology has at least 200 entries.
    guard let hub = user.hubs.first,
      let family = try store.families(FamilyQuery(hub: hub, limit: 1), for: user).first
    else { throw BenchError("\(username) has no family in their own hub") }
    let existing = try store.openFamily(id: family.id, as: user).chronology.count
    if existing < 200 {
      for k in 0..<(200 - existing) {
        _ = try store.logContact(
          familyID: family.id,
          ContactDraft(
            type: "phone", at: store.now().addingTimeInterval(Double(-k * 3600)),
            summary: "Benchmark call \(k)"),
          as: user)
      }
    }
    var open = Samples(name: "open family, \(max(existing, 200))-entry chronology")
    for _ in 0..<200 { _ = try open.time { try store.openFamily(id: family.id, as: user) } }
    print(open.report(target: 10))

    // A contact save is one durable transaction (WAL, synchronous = FULL).
    // People save at human pace; a short pause between saves lets the
    // background checkpoint run as it would in use.
    var save = Samples(name: "save a contact (durable)")
    for k in 0..<300 {
      usleep(20_000)
      _ = try save.time {
        try store.logContact(
          familyID: family.id, ContactDraft(type: "home-visit", at: store.now(), summary: "Visit \(k)"),
          as: user)
      }
    }
    print(save.report(target: 5))

    // Scrolling the whole list: fetch every 200-row page in name order.
    var scroll = Samples(name: "list page of 200 rows, whole list")
    var offset = 0
    while offset < total {
      _ = try scroll.time { try store.families(FamilyQuery(limit: 200, offset: offset), for: user) }
      offset += 200
    }
    print(scroll.report(target: 10))
    print(String(format: "peak RSS while browsing: %.1f MB (target < 150 MB)", peakRSSMegabytes()))
  }
}
