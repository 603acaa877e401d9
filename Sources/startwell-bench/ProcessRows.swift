import Foundation
import StartWellCore
import StartWellStore

/// Rows measured as whole processes: start-up, and memory while browsing.
/// They run on a copy of their own, since signing in and opening families
/// write audit entries.
enum ProcessRows {
  static let all: [BenchRow] = [start, startLogin, rss]

  static let runs = 20

  /// `startwell --headless-frame`: process start, store open, sign-in and
  /// every query of the home screen, drawn once. Its floor is a Swift
  /// program that does nothing but check the same password against the same
  /// stored hash: the password's slow hash is part of signing in by design
  /// (it is what makes a stolen store's hashes expensive to guess), so it is
  /// work no layer could remove.
  static let start = BenchRow(
    name: "start", what: "process start to first drawn screen (signed in, home screen)", target: 200
  ) { run in
    let data = try processCopy(run)
    let user = run.username
    var stored: String?
    try run.working().floor.rows("SELECT wrapped_key FROM users WHERE username = '\(user)'") {
      stored = $0[0]
    }
    guard let hash = stored, !hash.isEmpty else { throw BenchError("\(user) has no password") }
    let (product, floor) = try timeStarts(
      run, data, ["--as", user], expecting: "My caseload",
      floor: ["check-password", ProcessRows.password, hash])
    return Figure(
      samples: product, floor: floor,
      note:
        "\(runs) starts as \(user); floor: a Swift program that unwraps the same key with the same password, and nothing else"
    )
  }

  /// `startwell --headless-frame` with nobody signed in: what a person sees
  /// first on launching the client, the sign-in screen over an open store.
  static let startLogin = BenchRow(
    name: "start-login", what: "process start to first drawn screen (the sign-in screen)", target: 200
  ) { run in
    let data = try processCopy(run)
    let (product, floor) = try timeStarts(run, data, [], expecting: "Password", floor: ["noop"])
    return Figure(
      samples: product, floor: floor, note: "\(runs) starts; floor: a Swift program that does nothing")
  }

  static let password = "demo"

  /// Starts the client `runs` times with `arguments`, each beside the floor program.
  private static func timeStarts(
    _ run: BenchRun, _ data: URL, _ arguments: [String], expecting marker: String,
    floor floorArguments: [String]
  ) throws -> (Samples, Samples) {
    let client = run.binaries.appendingPathComponent("startwell")
    guard FileManager.default.isExecutableFile(atPath: client.path) else {
      throw BenchError("no client at \(client.path); build it with `swift build -c release`")
    }
    var product = Samples()
    var floor = Samples()
    for _ in 0..<runs {
      let output = try product.time {
        try spawn(
          client, ["--data-dir", data.path] + arguments + ["--headless-frame"],
          environment: ["STARTWELL_PASSWORD": password, "STARTWELL_CONFIG_DIR": run.configDir])
      }
      guard output.contains(marker) else {
        throw BenchError("the client did not draw the screen expected (\(marker)):\n\(output)")
      }
      _ = try floor.time { try spawn(run.binaries.appendingPathComponent("startwell-bench"), floorArguments) }
    }
    return (product, floor)
  }

  /// A browsing session in a process of its own: every list page, a
  /// surname typed, fifty families opened. Peak RSS from the kernel.
  static let rss = BenchRow(
    name: "rss", what: "peak memory while browsing (RSS)", target: 150, unit: .mb
  ) { run in
    let data = try processCopy(run)
    var samples = Samples()
    for _ in 0..<3 {
      let output = try spawn(
        run.binaries.appendingPathComponent("startwell-bench"),
        ["browse", data.path, run.username, run.configDir])
      guard let mb = Double(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
        throw BenchError("the browsing process said: \(output)")
      }
      samples.values.append(mb)
    }
    return Figure(
      samples: samples, floor: nil,
      noFloor: "memory has no floor to compare: SQLite's own page cache is part of the figure",
      note: "3 sessions as \(run.username)")
  }

  private static func processCopy(_ run: BenchRun) throws -> URL {
    let folder = run.scratch.appendingPathComponent("process")
    if FileManager.default.fileExists(atPath: folder.appendingPathComponent(Store.fileName).path) {
      return folder
    }
    let copy = try run.dataset.copy(to: folder)
    // Opened once here, so a migration of the cached dataset is never timed as a start.
    _ = try Store.open(directory: copy, config: run.config)
    return copy
  }

  /// Runs a program to its end; its standard output, or an error naming how it failed.
  @discardableResult
  static func spawn(_ program: URL, _ arguments: [String], environment: [String: String] = [:]) throws
    -> String
  {
    let process = Process()
    process.executableURL = program
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let output = out.fileHandleForReading.readDataToEndOfFile()
    let errors = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw BenchError(
        "\(program.lastPathComponent) \(arguments.joined(separator: " ")) failed: \(String(decoding: errors, as: UTF8.self))"
      )
    }
    return String(decoding: output, as: UTF8.self)
  }

  /// `startwell-bench browse DATA USER CONFIG`: the browsing session, in the child.
  static func browse(_ arguments: [String]) throws {
    guard arguments.count == 3 else { throw BenchError("browse DATA USER CONFIG") }
    let config = try loadConfiguration(arguments[2])
    let store = try Store.open(directory: URL(fileURLWithPath: arguments[0]), config: config)
    guard try store.user(named: arguments[1]) != nil else { throw BenchError("no user \(arguments[1])") }
    // Signed in, as the client signs in: opening a family writes a signed access event.
    let user = try store.authenticate(username: arguments[1], password: password)
    let total = try store.familyCount(FamilyQuery(), for: user)
    for offset in stride(from: 0, to: total, by: 200) {
      _ = try store.families(FamilyQuery(limit: 200, offset: offset), for: user)
    }
    let ids = try store.families(FamilyQuery(hub: user.hubs.first, limit: 50), for: user).map(\.id)
    var typed = ""
    for ch in "Robinson" {
      typed.append(ch)
      _ = try store.families(FamilyQuery(text: typed, limit: 200), for: user)
      _ = try store.familyCount(FamilyQuery(text: typed, limit: 200), for: user)
    }
    for id in ids { _ = try store.openFamily(id: id, as: user) }
    print(String(format: "%.1f", peakRSSMegabytes()))
  }
}
