import ArgumentParser
import Foundation
import StartWellCore
import StartWellStore

/// `startwell demo`: fills a new (or demo) store with realistic, deterministic demo data.
struct Demo: StoreCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Load deterministic demo data: hubs, staff in every role, families and their casework.",
    discussion: """
      Creates the store if needed. Refuses to mix demo data into a store that holds real records. \
      Every demo user has the password 'demo', which exists only in demo stores.
      """)

  @OptionGroup var global: GlobalOptions
  @Option(help: "How many families to make.") var families: Int
  @Option(help: "The random seed; the same seed makes the same data.") var seed: UInt64 = 1
  @Flag(help: "Do not print progress.") var quiet = false

  func validate() throws {
    guard families > 0 else { throw ValidationError("--families must be a positive whole number") }
  }

  func run() throws {
    let context = try context()
    let store = try context.openStore(create: true)
    let quiet = self.quiet
    let summary = try DemoData.load(
      into: store, families: families, seed: seed,
      samples: context.dataDirectory.appendingPathComponent(DemoData.samplesFolder),
      progress: { message in if !quiet { Terminal.note(message) } })
    Terminal.print(
      "Loaded \(summary.families) families, \(summary.people) people and \(summary.contacts) contacts "
        + "into \(context.dataDirectory.path) in \(String(format: "%.1f", summary.elapsed)) s")
    Terminal.print()
    Terminal.print("Demo users (password: demo)")
    var table = Table("USERNAME", "ROLE", "HUBS")
    for u in summary.users { table.add(u.username, u.role.rawValue, u.hubs.joined(separator: ",")) }
    table.print(indent: "  ")
    Terminal.print()
    Terminal.print("Try: startwell family search --as practitioner1 (STARTWELL_PASSWORD=demo)")
    if let samples = summary.samples {
      Terminal.print(
        "\(summary.notifications) notifications (some waiting for triage) and \(summary.twoYearOffers) "
          + "two-year offer records; files to try importing are in \(samples.path) (see README.txt there)")
    }
  }
}
